//! Figures in running text (`gpucost draft`): where each figure stands, read by the
//! one reader, so a number in an article is read exactly as it would be in a file.
//!
//! The text is split by the reader's own tokenizer. Around each number (or number
//! word, or order of magnitude in words) the longest run of tokens the reader takes
//! whole is the figure: `circa 200 milioni di euro`, `$2-3 billion`, `decine di
//! milioni di dollari`. A run the reader refuses because it can be read two ways
//! (`tra i 10 e i 20.000 euro`, `$1.000`) or holds a false friend is kept with its
//! refusal, so the drafter can show both readings; any other refusal means the run is
//! not a figure. A number glued to a name (`H100`, `GPT-4`, a hash such as `9e72f04`)
//! is part of the name, not a figure.
//!
//! Nothing here decides what a figure is about; the drafter does.

use std::ops::Range;

use super::grammar::{self, word_languages};
use super::tokens::{Kind, Token, tokens};
use super::vocab::{self, Lang};
use super::{Language, ParseError, ReadError, Worded};

/// One figure found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Where it stands in the text, in bytes.
    pub span: Range<usize>,
    /// How the reader reads it, or why it refuses to (two readings, a false friend).
    pub reading: Result<Worded, ReadError>,
}

/// How far before a number a figure may start (`non più di i`), in tokens.
const BEFORE: usize = 6;
/// How far after a number a figure may end (`milioni di dollari americani`), in tokens.
const AFTER: usize = 10;

/// Every figure in `text`, in order, read in `language` where a figure's own words do
/// not say how its marks read.
pub fn figures_in(text: &str, language: Option<Language>) -> Vec<Found> {
    let tokens = tokens(text);
    let mut found = Vec::new();
    let mut free = 0;
    for anchor in 0..tokens.len() {
        if anchor < free || !is_anchor(text, &tokens[anchor]) {
            continue;
        }
        if let Some((first, last, reading)) = widest(text, &tokens, anchor, free, language)
            && !words_alone(&tokens[first..=last])
        {
            let (first, reading) =
                without_leading_articles(text, &tokens, first, last, reading, language);
            found.push(Found {
                span: tokens[first].span.start..tokens[last].span.end,
                reading,
            });
            free = last + 1;
        }
    }
    found
}

/// The language most of the text's known words belong to, if one has more.
pub fn language_of(text: &str) -> Option<Language> {
    let langs = word_languages();
    let (mut italian, mut english) = (0usize, 0usize);
    for t in tokens(text) {
        match langs.get(t.text.as_str()) {
            Some(Lang::It) => italian += 1,
            Some(Lang::En) => english += 1,
            _ => {}
        }
    }
    match italian.cmp(&english) {
        std::cmp::Ordering::Greater => Some(Language::Italian),
        std::cmp::Ordering::Less => Some(Language::English),
        std::cmp::Ordering::Equal => None,
    }
}

/// Whether a figure may be built around this token: a number that is not part of a
/// name, a number word, or a plural of an order of magnitude.
fn is_anchor(text: &str, t: &Token) -> bool {
    match t.kind {
        Kind::Number => !in_a_name(text, &t.span),
        Kind::Word => {
            vocab::PLURALS.iter().any(|e| e.0 == t.text)
                || vocab::number_words().iter().any(|e| e.0 == t.text)
        }
        Kind::Symbol => false,
    }
}

/// Whether the number at `span` belongs to a name or a code: a letter just before it
/// (`H100`), a dash between it and a letter (`GPT-4`), or digits again after letters
/// glued to it (`27b8c9`).
fn in_a_name(text: &str, span: &Range<usize>) -> bool {
    let mut before = text[..span.start].chars().rev();
    let glued_left = match before.next() {
        Some(c) if c.is_alphabetic() => true,
        Some('-') => before.next().is_some_and(char::is_alphabetic),
        _ => false,
    };
    let after: String = text[span.end..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let code = after
        .find(char::is_alphabetic)
        .is_some_and(|at| after[at..].contains(|c: char| c.is_ascii_digit()));
    glued_left || code
}

/// Whether a run is number words alone (`una settimana`, `two engineers`): a figure in
/// words needs a scale, a currency or a magnitude (`un miliardo`, `tens of millions`).
fn words_alone(run: &[Token]) -> bool {
    run.iter()
        .all(|t| vocab::number_words().iter().any(|e| e.0 == t.text))
}

/// Whether a token may be part of a figure at all: a number or a word or symbol of the
/// reader's tables, but not letters glued to digits after them (the `B` of `B200` is
/// a name's, not a billion).
fn may_belong(text: &str, t: &Token) -> bool {
    match t.kind {
        Kind::Number => true,
        Kind::Word => {
            word_languages().contains_key(t.text.as_str())
                && !text[t.span.end..].starts_with(|c: char| c.is_ascii_digit())
        }
        Kind::Symbol => {
            matches!(
                t.text.as_str(),
                "$" | "€"
                    | "£"
                    | "¥"
                    | "₩"
                    | "₹"
                    | "-"
                    | "–"
                    | "—"
                    | "+"
                    | ">"
                    | "<"
                    | ">="
                    | "<="
                    | "≥"
                    | "≤"
                    | "~"
                    | "≈"
            )
        }
    }
}

/// Whether a dash is glued to the letter or digit before it (`2023-04`, `GPT-4`): a
/// joint of a date or a name, never the sign of a figure.
fn joins_a_word(text: &str, t: &Token) -> bool {
    matches!(t.text.as_str(), "-" | "–" | "—")
        && text[..t.span.start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

/// Whether a line break stands between two tokens: a figure never spans lines.
fn line_between(text: &str, a: &Token, b: &Token) -> bool {
    text[a.span.end..b.span.start].contains('\n')
}

/// The widest run of tokens around `anchor` (from `free` on) the reader reads whole,
/// or refuses as two readings: its first and last token and the reading.
fn widest(
    text: &str,
    tokens: &[Token],
    anchor: usize,
    free: usize,
    language: Option<Language>,
) -> Option<(usize, usize, Result<Worded, ReadError>)> {
    let mut first = anchor;
    while first > free
        && anchor - (first - 1) <= BEFORE
        && may_belong(text, &tokens[first - 1])
        && !line_between(text, &tokens[first - 1], &tokens[first])
        && !joins_a_word(text, &tokens[first - 1])
    {
        first -= 1;
    }
    let mut last = anchor;
    while last + 1 < tokens.len()
        && last + 1 - anchor <= AFTER
        && may_belong(text, &tokens[last + 1])
        && !line_between(text, &tokens[last], &tokens[last + 1])
    {
        last += 1;
    }
    let mut best: Option<(usize, usize, Result<Worded, ReadError>)> = None;
    for start in first..=anchor {
        for end in anchor..=last {
            let width = end - start;
            let better = match &best {
                None => true,
                Some((s, e, r)) => width > e - s || (width == e - s && r.is_err()),
            };
            if !better {
                continue;
            }
            let span = tokens[start].span.start..tokens[end].span.end;
            let reading = grammar::read(&text[span], language);
            let figure = match &reading {
                Ok(_) => true,
                Err(e) => refused_as_figure(e),
            };
            if figure {
                best = Some((start, end, reading));
            }
        }
    }
    best
}

/// A refusal that still makes the text a figure: it reads two ways, or names a scale
/// readers take for different magnitudes.
fn refused_as_figure(e: &ReadError) -> bool {
    matches!(
        e.error,
        ParseError::Ambiguous { .. }
            | ParseError::AmbiguousRange { .. }
            | ParseError::AmbiguousCurrency(_)
            | ParseError::FalseFriend(_)
    )
}

/// The figure without the articles it starts with (`i 9 miliardi` → `9 miliardi`),
/// where the reading stays the same.
fn without_leading_articles(
    text: &str,
    tokens: &[Token],
    mut first: usize,
    last: usize,
    reading: Result<Worded, ReadError>,
    language: Option<Language>,
) -> (usize, Result<Worded, ReadError>) {
    let Ok(worded) = reading else {
        return (first, reading);
    };
    let is_article = |t: &Token| vocab::ARTICLES.iter().any(|e| e.0 == t.text);
    while first < last && is_article(&tokens[first]) {
        let span = tokens[first + 1].span.start..tokens[last].span.end;
        match grammar::read(&text[span], language) {
            Ok(w) if w == worded => first += 1,
            _ => break,
        }
    }
    (first, Ok(worded))
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::money::{Currency, Reading};

    fn spans(text: &str, language: Option<Language>) -> Vec<&str> {
        figures_in(text, language)
            .into_iter()
            .map(|f| &text[f.span])
            .collect()
    }

    #[test]
    fn the_longest_reading_around_a_number_is_the_figure() {
        let text = "L'acquisto di 10.000 unita' si trasforma in una spesa di circa 200 milioni di euro, a cui";
        assert_eq!(
            spans(text, Some(Language::Italian)),
            ["10.000", "circa 200 milioni di euro"]
        );
        let found = figures_in(text, Some(Language::Italian));
        // circa = ±10%: 180M to 220M.
        let w = found[1].reading.as_ref().expect("read");
        assert_eq!(w.reading, Reading::About);
        assert_eq!(w.low.value, dec!(180000000));
        assert_eq!(w.high.currency, Some(Currency::Eur));
    }

    #[test]
    fn leading_articles_are_left_out_and_qualifiers_kept() {
        assert_eq!(
            spans("potrebbe raggiungere i 9 miliardi di dollari.", None),
            ["9 miliardi di dollari"]
        );
        assert_eq!(
            spans("costerà oltre i 100 milioni di euro", None),
            ["oltre i 100 milioni di euro"]
        );
        assert_eq!(
            spans("an investment of tens of millions of dollars", None),
            ["tens of millions of dollars"]
        );
    }

    #[test]
    fn figures_read_two_ways_are_kept_with_both_readings() {
        let text = "Oggetti il cui costo viaggia tra i 10 e i 20.000 euro.";
        let found = figures_in(text, Some(Language::Italian));
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "tra i 10 e i 20.000 euro");
        assert!(matches!(
            found[0].reading,
            Err(ReadError {
                error: ParseError::AmbiguousRange { .. },
                ..
            })
        ));
        let found = figures_in("it cost $1.000 or so", None);
        assert!(found[0].reading.is_err());
    }

    #[test]
    fn numbers_in_names_and_codes_are_not_figures() {
        assert_eq!(spans("24.000 GPU B200 e H100, GPT-4", None), ["24.000"]);
        // Before: `10,000 B` read as ten trillion.
        assert_eq!(spans("10,000 B200 GPUs", None), ["10,000"]);
        assert!(spans("db6850314f84cfb8de27b8c9e72f0440", None).is_empty());
        assert_eq!(spans("date 2023-04", None), ["2023", "04"]);
        assert_eq!(spans("$25k each, 100mila", None), ["$25k", "100mila"]);
    }

    #[test]
    fn a_figure_never_spans_lines() {
        assert_eq!(
            spans("200 milioni di euro\n\nL'acquisto", None),
            ["200 milioni di euro"]
        );
        assert_eq!(spans("10\n20 milioni", None), ["10", "20 milioni"]);
    }

    #[test]
    fn the_language_is_the_one_most_known_words_are_in() {
        assert_eq!(
            language_of("Il costo di 10.000 GPU e la spesa di circa 200 milioni"),
            Some(Language::Italian)
        );
        assert_eq!(
            language_of("The cost of the GPUs is more than $2 billion"),
            Some(Language::English)
        );
        assert_eq!(language_of("10.000"), None);
    }
}
