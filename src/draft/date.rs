//! The article's date: a date a publication word stands before (`Pubblicato … il
//! 11/04/2023`, `date 2024-07`), else the latest full date it gives, else the latest
//! month and year (its 15th), else the last month the exchange rates hold. Years alone
//! (`nel 2015`) never date an article.

use chrono::NaiveDate;

use super::article::{Article, Word, one_line};
use crate::money::Language;

/// The date chosen, and why, for its `# draft:` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateGuess {
    /// The date.
    pub date: NaiveDate,
    /// Why it was taken.
    pub why: String,
}

/// Words a publication date follows.
const MARKERS: &[&str] = &[
    "date",
    "dated",
    "data",
    "published",
    "pubblicato",
    "pubblicata",
    "posted",
    "updated",
    "aggiornato",
];

/// How near before a date a publication word stands, in words.
const MARKER_REACH: usize = 6;

const MONTHS_IT: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];
const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTHS_SHORT: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date written in the text.
#[derive(Clone, Debug)]
struct Written {
    date: NaiveDate,
    /// The day is given, not only the month.
    full: bool,
    /// The first and past-the-last word.
    words: std::ops::Range<usize>,
}

/// The article's date (see the module documentation); `latest_rates` is the last month
/// the exchange rates hold, for an article that gives none.
pub fn find(
    article: &Article<'_>,
    language: Option<Language>,
    latest_rates: NaiveDate,
) -> DateGuess {
    let words = &article.words;
    let found: Vec<Written> = (0..words.len())
        .filter_map(|i| written_at(words, i, language))
        .collect();
    let quoted = |w: &Written| {
        let span = words[w.words.start].span.start..words[w.words.end - 1].span.end;
        format!(
            "«{}» (line {})",
            one_line(&article.text[span.clone()]),
            article.line(span.start)
        )
    };
    let marked = found.iter().find(|w| {
        let from = w.words.start.saturating_sub(MARKER_REACH);
        words[from..w.words.start]
            .iter()
            .any(|m| MARKERS.contains(&m.text.as_str()))
    });
    if let Some(w) = marked {
        let why = match w.full {
            true => format!("the article's date, {}", quoted(w)),
            false => format!("the article's month, {}: its 15th", quoted(w)),
        };
        return DateGuess { date: w.date, why };
    }
    if let Some(w) = found.iter().filter(|w| w.full).max_by_key(|w| w.date) {
        return DateGuess {
            date: w.date,
            why: format!("the latest date the article gives, {}", quoted(w)),
        };
    }
    if let Some(w) = found.iter().max_by_key(|w| w.date) {
        return DateGuess {
            date: w.date,
            why: format!(
                "the latest month the article gives, {}: its 15th",
                quoted(w)
            ),
        };
    }
    DateGuess {
        date: latest_rates,
        why: "the article gives no date; this is the last month of the exchange rates: set it"
            .into(),
    }
}

fn year(w: &Word) -> Option<i32> {
    let y: i32 = w.text.parse().ok()?;
    (w.text.len() == 4 && (1990..=2100).contains(&y)).then_some(y)
}

fn small(w: &Word, most: u32) -> Option<u32> {
    let n: u32 = w.text.parse().ok()?;
    (w.text.len() <= 2 && (1..=most).contains(&n)).then_some(n)
}

fn month_name(w: &Word) -> Option<u32> {
    let full = MONTHS_IT
        .iter()
        .chain(&MONTHS_EN)
        .position(|m| *m == w.text)
        .map(|i| i as u32 % 12 + 1);
    full.or_else(|| {
        MONTHS_SHORT
            .iter()
            .position(|m| *m == w.text)
            .map(|i| i as u32 + 1)
    })
}

fn mid_month(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 15)
}

/// A date written from word `i` on: `2023-04-11`, `2023-04`, `11/04/2023`, `11 aprile
/// 2023`, `April 11, 2023`, `aprile 2023`.
fn written_at(words: &[Word], i: usize, language: Option<Language>) -> Option<Written> {
    let w = |k: usize| words.get(i + k);
    let text = |k: usize| w(k).map(|w| w.text.as_str());
    let day = |k: usize| w(k).and_then(|w| small(w, 31));
    let month = |k: usize| w(k).and_then(|w| small(w, 12));
    let full = |date: Option<NaiveDate>, len: usize| {
        date.map(|date| Written {
            date,
            full: true,
            words: i..i + len,
        })
    };
    // 2023-04-11 and 2023-04.
    if let Some(y) = w(0).and_then(year)
        && text(1) == Some("-")
        && let Some(m) = month(2)
    {
        if text(3) == Some("-")
            && let Some(d) = day(4)
        {
            return full(NaiveDate::from_ymd_opt(y, m, d), 5);
        }
        return mid_month(y, m).map(|date| Written {
            date,
            full: false,
            words: i..i + 3,
        });
    }
    // 11/04/2023: day first in Italian; in English whichever the numbers allow.
    if let (Some(a), Some("/"), Some(b), Some("/"), Some(y)) =
        (day(0), text(1), day(2), text(3), w(4).and_then(year))
    {
        let (d, m) = match language {
            Some(Language::English) if a <= 12 && b <= 12 => return None,
            Some(Language::English) if a <= 12 => (b, a),
            _ => (a, b),
        };
        return full(NaiveDate::from_ymd_opt(y, m, d), 5);
    }
    // 11 aprile 2023.
    if let (Some(d), Some(m), Some(y)) = (day(0), w(1).and_then(month_name), w(2).and_then(year)) {
        return full(NaiveDate::from_ymd_opt(y, m, d), 3);
    }
    let m = w(0).and_then(month_name)?;
    // April 11, 2023.
    if let Some(d) = day(1) {
        let comma = usize::from(text(2) == Some(","));
        if let Some(y) = w(2 + comma).and_then(year) {
            return full(NaiveDate::from_ymd_opt(y, m, d), 3 + comma);
        }
    }
    // aprile 2023 (a short name only before a year: `mar` is also the sea).
    let y = w(1).and_then(year)?;
    Some(Written {
        date: mid_month(y, m)?,
        full: false,
        words: i..i + 2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str, language: Option<Language>) -> (String, String) {
        let latest = NaiveDate::from_ymd_opt(2026, 10, 15).unwrap_or_default();
        let g = find(&Article::new(text), language, latest);
        (g.date.to_string(), g.why)
    }

    #[test]
    fn a_publication_word_names_the_date() {
        let text = "Nel 2015 fondò OpenAI. Pubblicato da Mario il 11/04/2023 - 21:32. Il 14 maggio 2023 disse";
        let (d, why) = date(text, Some(Language::Italian));
        assert_eq!(d, "2023-04-11");
        assert!(why.contains("«11/04/2023» (line 1)"), "{why}");
        assert_eq!(date(" date 2024-07 Nel", None).0, "2024-07-15");
    }

    #[test]
    fn else_the_latest_full_date_then_the_latest_month() {
        let text = "On March 3, 2024 it said; on 12 April 2024 it did. In May 2025 more.";
        assert_eq!(date(text, Some(Language::English)).0, "2024-04-12");
        let text = "Nell'aprile 2022 registra tre società. A inizio aprile 2023 viene rivelata";
        assert_eq!(date(text, Some(Language::Italian)).0, "2023-04-15");
    }

    #[test]
    fn years_alone_and_unclear_slashes_never_date_an_article() {
        let (d, why) = date("Nel 2015 e nel 2018, entro la fine del 2024", None);
        assert_eq!(d, "2026-10-15");
        assert!(why.contains("no date"), "{why}");
        // 04/05/2024 in English is April 5 or 4 May.
        assert_eq!(
            date("on 04/05/2024", Some(Language::English)).0,
            "2026-10-15"
        );
        assert_eq!(
            date("on 13/05/2024", Some(Language::English)).0,
            "2024-05-13"
        );
    }
}
