//! What each figure of an article is, by the words around it: a count of GPUs
//! (`10.000 GPU`, `24,000 Nvidia H100s`), money (a total, a price per GPU, a rate per
//! GPU-hour), GPU-hours, a duration, a quantity in another unit (`80 GB`, `10
//! gigawatt`, `785,000-square-foot`), or nothing the drafter uses (a year, `Grok 2`).
//!
//! Only a number followed by a word for GPUs or a model is a count; a year, a size, a
//! power, an order of magnitude in words (`millions of GPUs`) or a count per server
//! never is.
//!
//! Over 600 lines with its tests, and one idea: one classifier reading the words around
//! a figure (the words themselves are in `vocab`).

use std::ops::Range;

use rust_decimal::Decimal;

use super::article::{Article, Word, one_line};
use super::models::Mention;
use super::vocab::{
    EACH, FILLERS, GPU_NOUNS, HOURS, MANY, MOST_FILLERS, MOST_IN_A_SERVER, ONE_OF,
    PER_HOUR_FILLERS, PER_PERIOD, PER_UNIT_AFTER, QUANTITIES, SERVERS, UNIT_PRICE_WORDS,
    YEAR_WORDS,
};
use crate::money::{Found, Reading, Worded, format_decimal};

/// What a figure is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A count of GPUs: how many, a note on how it was written, the model named with it.
    Count {
        /// The count.
        n: u64,
        /// How the article qualifies it (`about 10,000`), when it does.
        note: Option<String>,
        /// The mention of the model it names, by index.
        model: Option<usize>,
        /// The article's word for them is GPUs (not chips or units).
        gpus: bool,
    },
    /// GPUs counted in words (`migliaia di GPU`, `millions of GPUs`): no count.
    Vague {
        /// The model named with it, by index.
        model: Option<usize>,
    },
    /// GPUs in one server or node (`8 GPUs per server`), not a fleet.
    PerServer,
    /// Money.
    Money(Per),
    /// GPU-hours of compute.
    GpuHours,
    /// A duration.
    Duration(Unit),
    /// A quantity in another unit: what it measures, and the unit as written (`a size
    /// in GB`, `a power in gigawatt`).
    Quantity(String),
    /// A figure the reader refuses, with its reason.
    Refused(String),
    /// Nothing the drafter uses: a bare number, a year.
    Other,
}

/// What money is per.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    /// A total.
    Total,
    /// One GPU.
    Gpu,
    /// One GPU-hour.
    Hour,
    /// A year or a month (`$1.5 billion a year`): no total of a scenario.
    Period,
}

/// A unit of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// `days`, `giorni`.
    Days,
    /// `hours`, `ore`.
    Hours,
    /// `months`, `mesi`.
    Months,
}

impl Unit {
    /// The key of a job or fleet that takes it.
    pub fn key(self) -> &'static str {
        match self {
            Unit::Days => "days",
            Unit::Hours => "hours",
            Unit::Months => "months",
        }
    }
}

/// A figure of the article with what it is.
#[derive(Clone, Debug)]
pub struct Figure {
    /// Where it stands.
    pub span: Range<usize>,
    /// As written, on one line.
    pub written: String,
    /// Where its words end: for a count, after the words for its GPUs (`10.000 GPU
    /// NVIDIA Hopper`); else where the figure does.
    pub end: usize,
    /// How the reader reads it (none when refused).
    pub reading: Option<Worded>,
    /// What it is.
    pub what: What,
    /// How the draft read it where it chose between two readings (`tra i 10 e i 20.000
    /// euro`), said in the draft's comment.
    pub guess: Option<String>,
}

const DURATIONS: &[(&str, Unit)] = &[
    ("days", Unit::Days),
    ("day", Unit::Days),
    ("giorni", Unit::Days),
    ("giorno", Unit::Days),
    ("hours", Unit::Hours),
    ("ore", Unit::Hours),
    ("months", Unit::Months),
    ("mesi", Unit::Months),
];

/// What each figure found is; `mentions` are the models the article names.
pub fn classify(article: &Article<'_>, found: Vec<Found>, mentions: &[Mention]) -> Vec<Figure> {
    found
        .into_iter()
        .filter(|f| {
            !mentions
                .iter()
                .any(|m| m.span.start <= f.span.start && f.span.end <= m.span.end)
        })
        .map(|f| {
            let written = one_line(&article.text[f.span.clone()]);
            // A range whose first figure leaves out the thousands the second has (`tra i
            // 10 e i 20.000 euro`) is read with them, if the words make it a price per
            // GPU: the guess is said in the draft, and the reading in its figures.
            let elided = match &f.reading {
                Err(e) if matches!(e.error, crate::money::ParseError::AmbiguousRange { .. }) => {
                    with_thousands(&written, crate::money::language_of(article.text))
                }
                _ => None,
            };
            if let Some((whole, reading)) = elided {
                let (what, end) = what(article, &f.span, &reading, &whole, mentions);
                // Figures of thousands are a GPU's price, not a fleet's cost.
                let a_gpus = reading.high.value < Decimal::from(1_000_000);
                let per_gpu =
                    what == What::Money(Per::Gpu) || (what == What::Money(Per::Total) && a_gpus);
                if per_gpu {
                    return Figure {
                        what: What::Money(Per::Gpu),
                        end: end.unwrap_or(f.span.end),
                        guess: Some(format!(
                            "read as «{whole}», the first figure's thousands left out \
                             (as written it could be {})",
                            as_written(&f.reading)
                        )),
                        span: f.span,
                        written: whole,
                        reading: Some(reading),
                    };
                }
            }
            match f.reading {
                Ok(reading) => {
                    let (what, end) = what(article, &f.span, &reading, &written, mentions);
                    Figure {
                        what,
                        end: end.unwrap_or(f.span.end),
                        span: f.span,
                        written,
                        reading: Some(reading),
                        guess: None,
                    }
                }
                Err(e) => Figure {
                    what: What::Refused(e.to_string()),
                    end: f.span.end,
                    span: f.span,
                    written,
                    reading: None,
                    guess: None,
                },
            }
        })
        .collect()
}

/// `tra i 10 e i 20.000 euro` written whole, `tra i 10.000 e i 20.000 euro`, and its
/// reading: the first number given the thousands groups of the second.
fn with_thousands(
    written: &str,
    language: Option<crate::money::Language>,
) -> Option<(String, Worded)> {
    let is_number_char =
        |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '\u{a0}' | '\u{202f}');
    // The numbers as written, with where each starts.
    let mut numbers: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in written.char_indices().chain([(written.len(), ' ')]) {
        match (
            start,
            is_number_char(c) && (c.is_ascii_digit() || start.is_some()),
        ) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                numbers.push((s, written[s..i].trim_end_matches(['.', ','])));
                start = None;
            }
            _ => {}
        }
    }
    let [(first_at, first), (_, second)] = numbers.as_slice() else {
        return None;
    };
    // The second's groups: `20.000` → `.000`.
    let groups_at = second.find(|c: char| !c.is_ascii_digit())?;
    let whole = format!(
        "{}{first}{}{}",
        &written[..*first_at],
        &second[groups_at..],
        &written[first_at + first.len()..]
    );
    let reading = crate::money::read_figure(&whole, language).ok()?;
    Some((whole, reading))
}

/// The reading the reader refused, in words, for the draft's comment.
fn as_written(reading: &Result<Worded, crate::money::ReadError>) -> String {
    match reading {
        Err(e) => match &e.error {
            crate::money::ParseError::AmbiguousRange { readings, .. } => readings[0].clone(),
            other => other.to_string(),
        },
        Ok(_) => String::new(),
    }
}

/// The mention starting at word `w`, if one does.
fn mention_at(mentions: &[Mention], w: &Word) -> Option<usize> {
    mentions.iter().position(|m| m.span.start == w.span.start)
}

/// Whether `w` is one of `words`.
fn is(w: Option<&Word>, words: &[&str]) -> bool {
    w.is_some_and(|w| words.contains(&w.text.as_str()))
}

fn what(
    article: &Article<'_>,
    span: &Range<usize>,
    reading: &Worded,
    written: &str,
    mentions: &[Mention],
) -> (What, Option<usize>) {
    let after = article.after(span.end, 8);
    let before = article.before(span.start, 6);
    if reading.low.currency.is_some() {
        return (
            What::Money(per(article, span, after, before, mentions)),
            None,
        );
    }
    // `2.788M H800 GPU hours` names a model, but counts hours.
    if let Some(n) = gpu_hours_after(after, mentions) {
        return (What::GpuHours, Some(after[n - 1].span.end));
    }
    if let Some((what, end)) = gpus_after(after, before, reading, written, mentions) {
        return (what, Some(after[end - 1].span.end));
    }
    (plain(article, after), None)
}

/// What a plain figure that counts no GPUs is: a duration, a quantity, or nothing.
fn plain(article: &Article<'_>, after: &[Word]) -> What {
    let first = after.first();
    let skip_dash = if is(first, &["-"]) { 1 } else { 0 };
    let unit = after.get(skip_dash);
    if let Some(u) = unit
        && let Some((_, d)) = DURATIONS.iter().find(|(w, _)| *w == u.text)
        && !(d == &Unit::Hours && is(after.get(skip_dash + 1), &["gpu", "di"]))
    {
        return What::Duration(*d);
    }
    if let Some(u) = unit
        && let Some((_, measure)) = QUANTITIES.iter().find(|(w, _)| *w == u.text)
    {
        // `square` alone is no unit to show.
        let what = match *measure {
            "an area" => measure.to_string(),
            _ => format!("{measure} in {}", &article.text[u.span.clone()]),
        };
        return What::Quantity(what);
    }
    What::Other
}

/// A count of GPUs, GPUs counted in words or GPUs per server, if the words after the
/// figure say GPUs; with how many of those words speak of the GPUs.
fn gpus_after(
    after: &[Word],
    before: &[Word],
    reading: &Worded,
    written: &str,
    mentions: &[Mention],
) -> Option<(What, usize)> {
    let mut model = None;
    let mut gpus = false;
    let mut end = None;
    for (k, w) in after.iter().enumerate() {
        if let Some(m) = mention_at(mentions, w) {
            model = Some(m);
            end = Some(k + 1);
            // `24.000 GPU NVIDIA Hopper`: the model after the noun is the count's too.
            let rest = &after[k + 1..];
            if let Some(noun) = rest
                .iter()
                .position(|w| GPU_NOUNS.contains(&w.text.as_str()))
                && noun <= 1
            {
                gpus |= matches!(rest[noun].text.as_str(), "gpu" | "gpus");
                end = Some(k + 2 + noun);
            }
            break;
        }
        if GPU_NOUNS.contains(&w.text.as_str()) {
            gpus = matches!(w.text.as_str(), "gpu" | "gpus");
            end = Some(k + 1);
            // A model named right after the noun: `GPU NVIDIA Hopper`, `GPU B200`.
            for (j, next) in after[k + 1..].iter().enumerate().take(2) {
                if let Some(m) = mention_at(mentions, next) {
                    model = Some(m);
                    end = Some(k + 2 + j);
                    break;
                }
                if !FILLERS.contains(&next.text.as_str()) {
                    break;
                }
            }
            break;
        }
        if k >= MOST_FILLERS || !FILLERS.contains(&w.text.as_str()) {
            return None;
        }
    }
    let end = end?;
    // A server or rack holds at most 72 GPUs (GB200 NVL72): a larger count beside
    // `system` or `in one machine` is a cluster's.
    let few = reading.high.value <= Decimal::from(MOST_IN_A_SERVER);
    if few && per_server(&after[end..], before) {
        return Some((What::PerServer, end));
    }
    if reading.reading == Reading::Magnitude {
        return Some((What::Vague { model }, end));
    }
    let is_year = written.len() == 4
        && written.chars().all(|c| c.is_ascii_digit())
        && (1900..=2100).contains(&written.parse::<u32>().unwrap_or(0));
    let noun_first = after
        .first()
        .is_some_and(|w| GPU_NOUNS.contains(&w.text.as_str()));
    if is_year && (!noun_first || is(before.last(), YEAR_WORDS)) {
        return None;
    }
    let (n, note) = count(reading)?;
    let what = What::Count {
        n,
        note,
        model,
        gpus,
    };
    Some((what, end))
}

/// Whether the words around a count of GPUs make it one server's (`8 GPUs per
/// server`, `each node holds 8 H100`).
fn per_server(after: &[Word], before: &[Word]) -> bool {
    let server_after =
        after.iter().take(3).enumerate().any(|(k, w)| {
            SERVERS.contains(&w.text.as_str()) && (k == 0 || is(after.get(k - 1), EACH))
        });
    let each_before = before.windows(2).any(|p| {
        matches!(
            p[0].text.as_str(),
            "each" | "every" | "ogni" | "ciascun" | "ciascuno"
        ) && SERVERS.contains(&p[1].text.as_str())
    });
    server_after || each_before
}

/// The count a figure gives and how it is qualified: one number, the low end of a
/// range; `None` for a fraction or an order of magnitude.
fn count(reading: &Worded) -> Option<(u64, Option<String>)> {
    let shown = |d: Decimal| format_decimal(d);
    let (figure, note) = match reading.reading {
        Reading::Figure if reading.low.value == reading.high.value => (reading.low.value, None),
        Reading::Figure => (
            reading.low.value,
            Some(format!(
                "{} to {}: a count is one number, the low end here",
                shown(reading.low.value),
                shown(reading.high.value)
            )),
        ),
        Reading::About => {
            let mid = (reading.low.value + reading.high.value) / Decimal::TWO;
            (mid, Some(format!("about {}", shown(mid))))
        }
        Reading::Nearly => (
            reading.high.value,
            Some(format!("nearly {}", shown(reading.high.value))),
        ),
        Reading::AtLeast => (
            reading.low.value,
            Some(format!("at least {}", shown(reading.low.value))),
        ),
        Reading::AtMost => (
            reading.low.value,
            Some(format!("at most {}", shown(reading.low.value))),
        ),
        Reading::Magnitude => return None,
    };
    let n = figure.normalize();
    if !n.is_integer() || n < Decimal::ONE {
        return None;
    }
    u64::try_from(n).ok().map(|n| (n, note))
}

/// Whether the words after a plain figure say GPU-hours: `GPU hours`, `GPU-hours`,
/// `H800 GPU hours`, `H100-hours`, `ore GPU`, `ore di GPU`; with how many words
/// after the figure that takes.
fn gpu_hours_after(after: &[Word], mentions: &[Mention]) -> Option<usize> {
    let words: Vec<(usize, &str)> = after
        .iter()
        .enumerate()
        .filter(|(_, w)| w.text != "-" && mention_at(mentions, w).is_none())
        .map(|(k, w)| (k, w.text.as_str()))
        .take(3)
        .collect();
    let model_first = after
        .first()
        .is_some_and(|w| mention_at(mentions, w).is_some());
    let last = match words.as_slice() {
        [_, (k, "hours" | "hour" | "ore"), ..] if matches!(words[0].1, "gpu" | "gpus") => *k,
        [(_, "ore"), (k, "gpu"), ..] | [(_, "ore"), (_, "di"), (k, "gpu")] => *k,
        [(k, "hours" | "hour"), ..] if model_first => *k,
        _ => return None,
    };
    Some(last + 1)
}

/// What money is per: a GPU-hour (`$2 per GPU hour`, `3 euro all'ora`), one GPU
/// (`$30,000 each`, `per GPU`, `each H100 costs $30,000`), else a total.
fn per(
    article: &Article<'_>,
    span: &Range<usize>,
    after: &[Word],
    before: &[Word],
    mentions: &[Mention],
) -> Per {
    let names_gpu = |w: &Word| {
        GPU_NOUNS.contains(&w.text.as_str())
            || matches!(
                w.text.as_str(),
                "gpu" | "card" | "scheda" | "unit" | "unità"
            )
            || mention_at(mentions, w).is_some()
    };
    let hourly = after
        .iter()
        .take(5)
        .take_while(|w| {
            PER_HOUR_FILLERS.contains(&w.text.as_str())
                || HOURS.contains(&w.text.as_str())
                || mention_at(mentions, w).is_some()
        })
        .any(|w| HOURS.contains(&w.text.as_str()));
    if hourly {
        return Per::Hour;
    }
    let starts = |phrase: &[&str]| {
        phrase.len() <= after.len() && phrase.iter().zip(after).all(|(p, w)| *p == w.text)
    };
    if PER_PERIOD.iter().any(|p| starts(p)) {
        return Per::Period;
    }
    if PER_UNIT_AFTER.iter().any(|p| starts(p)) {
        return Per::Gpu;
    }
    // `per GPU`, `a GPU`, `for each H100`.
    let unit_after = after.iter().take(3).enumerate().any(|(k, w)| {
        names_gpu(w)
            && k > 0
            && after[..k]
                .iter()
                .all(|f| ONE_OF.contains(&f.text.as_str()) || f.text == "for")
    });
    if unit_after {
        return Per::Gpu;
    }
    // `each H100 costs`, `una H100 costa`, `unit price of`: in the figure's clause.
    let clause: Vec<&Word> = before
        .iter()
        .rev()
        .take_while(|w| !matches!(w.text.as_str(), "," | ";" | ":" | "(" | ")"))
        .filter(|w| article.in_view_of(span.start, w.span.start))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // `a GPU cluster`, `un sistema di GPU` speak of many.
    let one_gpu_before = (0..clause.len().saturating_sub(1)).any(|k| {
        ONE_OF.contains(&clause[k].text.as_str())
            && names_gpu(clause[k + 1])
            && !is(clause.get(k + 2).copied(), MANY)
    });
    let unit_words = UNIT_PRICE_WORDS.iter().any(|phrase| {
        clause
            .windows(phrase.len())
            .any(|ws| ws.iter().zip(phrase.iter()).all(|(w, p)| w.text == *p))
    });
    if one_gpu_before || unit_words {
        Per::Gpu
    } else {
        Per::Total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::draft::models::mentions;
    use crate::money::{Language, figures_in, language_of};

    fn kinds(text: &str) -> Vec<(String, What)> {
        let catalog = Catalog::builtin().expect("catalog");
        let article = Article::new(text);
        let named = mentions(&article, catalog);
        let language = language_of(text).or(Some(Language::English));
        classify(&article, figures_in(text, language), &named)
            .into_iter()
            .filter(|f| f.what != What::Other)
            .map(|f| (f.written, f.what))
            .collect()
    }

    fn count(n: u64, model: Option<usize>) -> What {
        What::Count {
            n,
            note: None,
            model,
            gpus: true,
        }
    }

    #[test]
    fn a_count_is_a_number_before_gpus_or_a_model() {
        assert_eq!(
            kinds("Twitter bought 10,000 GPUs and 24,000 Nvidia H100 GPUs."),
            [
                ("10,000".to_string(), count(10_000, None)),
                ("24,000".to_string(), count(24_000, Some(0)))
            ]
        );
        assert_eq!(
            kinds("fornito 24.000 GPU NVIDIA Hopper per l'addestramento"),
            [("24.000".to_string(), count(24_000, Some(0)))]
        );
    }

    #[test]
    fn years_sizes_powers_areas_and_magnitudes_are_never_counts() {
        let found = kinds(
            "In 2024 H100 prices fell. Each has 80 GB. A 785,000-square-foot site drawing 10 gigawatt for millions of GPUs.",
        );
        assert_eq!(
            found,
            [
                ("80".to_string(), What::Quantity("a size in GB".into())),
                ("785,000".to_string(), What::Quantity("an area".into())),
                (
                    "10".to_string(),
                    What::Quantity("a power in gigawatt".into())
                ),
                ("millions".to_string(), What::Vague { model: None }),
            ]
        );
    }

    #[test]
    fn gpus_in_one_server_are_not_a_fleet() {
        assert_eq!(
            kinds("a DGX holds 8 H100 GPUs per server"),
            [("8".to_string(), What::PerServer)]
        );
        // A cluster's count beside `system` is a fleet's.
        assert_eq!(
            kinds("xAI runs a 100,000 GPU system")[0].1,
            count(100_000, None)
        );
    }

    #[test]
    fn money_is_a_total_a_price_per_gpu_or_a_rate_per_gpu_hour() {
        let found = kinds(
            "They cost $30,000 each, $2 per GPU hour, and each H100 costs about $25,000; in all $2 billion.",
        );
        let pers: Vec<What> = found.into_iter().map(|f| f.1).collect();
        assert_eq!(
            pers,
            [
                What::Money(Per::Gpu),
                What::Money(Per::Hour),
                What::Money(Per::Gpu),
                What::Money(Per::Total)
            ]
        );
        assert_eq!(
            kinds("le schede costano 25.000 euro l'una, 3 euro all'ora")
                .into_iter()
                .map(|f| f.1)
                .collect::<Vec<_>>(),
            [What::Money(Per::Gpu), What::Money(Per::Hour)]
        );
    }

    #[test]
    fn money_a_year_is_no_total() {
        assert_eq!(
            kinds("rents GPUs for $1.5 billion a year, 3 miliardi di dollari l'anno")
                .into_iter()
                .map(|f| f.1)
                .collect::<Vec<_>>(),
            [What::Money(Per::Period), What::Money(Per::Period)]
        );
    }

    #[test]
    fn gpu_hours_and_durations() {
        let found = kinds("2.788M H800 GPU hours over 54 days");
        assert_eq!(found[0].1, What::GpuHours);
        assert_eq!(found[1].1, What::Duration(Unit::Days));
    }

    #[test]
    fn a_range_missing_its_first_thousands_is_read_with_them() {
        use crate::money::Language;
        // `10 e i 20.000`: the second figure's `.000` given to the first.
        let (whole, reading) =
            with_thousands("tra i 10 e i 20.000 euro", Some(Language::Italian)).unwrap();
        assert_eq!(whole, "tra i 10.000 e i 20.000 euro");
        assert_eq!(reading.low.value, Decimal::from(10_000));
        assert_eq!(reading.high.value, Decimal::from(20_000));
        let (whole, _) =
            with_thousands("between 10 and 20,000 dollars", Some(Language::English)).unwrap();
        assert_eq!(whole, "between 10,000 and 20,000 dollars");
        // One number, or a second with no groups: nothing to lend.
        assert!(with_thousands("20.000 euro", Some(Language::Italian)).is_none());
        assert!(with_thousands("tra 10 e 20 euro", Some(Language::Italian)).is_none());
    }
}
