//! Percentages as written ("545%", "circa il 500%", "between 400 and 600 per cent"):
//! the figure read by the one reader, in per cent. A figure without its `%` is refused
//! with both readings (a per cent, or a ratio times 100), never guessed.

use rust_decimal::Decimal;

use super::{Language, ParseError, ReadError, Worded, read_figure};

/// The words and signs that make a figure a percentage, longest first.
const MARKS: [&str; 5] = ["per cento", "per cent", "percento", "percent", "%"];

/// Reads a percentage: the text with its percent signs and words blanked out, read as a
/// figure (range, bound, approximation); a currency is refused, and so is a figure with
/// no percent sign at all.
pub fn read_percentage(text: &str, language: Option<Language>) -> Result<Worded, ReadError> {
    let lower = text.to_lowercase();
    // Lower-casing keeps ASCII byte offsets; text that changes length is left as is.
    let mut blanked = text.to_string();
    let mut found = false;
    if lower.len() == text.len() {
        for mark in MARKS {
            while let Some(at) = lower_find(&blanked, mark) {
                blanked.replace_range(at..at + mark.len(), &" ".repeat(mark.len()));
                found = true;
            }
        }
    }
    if !found {
        return Err(bare(text.trim()).into());
    }
    let worded = read_figure(&blanked, language)?;
    if worded.low.currency.is_some() || worded.high.currency.is_some() {
        return Err(ParseError::Misplaced("a currency on a percentage".into()).into());
    }
    Ok(worded)
}

fn lower_find(text: &str, mark: &str) -> Option<usize> {
    text.to_lowercase().find(mark)
}

/// The error for a percentage written without its sign: both readings shown.
pub fn bare(text: &str) -> ParseError {
    let as_ratio = Decimal::from_str_exact(text)
        .ok()
        .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
        .map_or(format!("{text} × 100"), |d| d.normalize().to_string());
    ParseError::BarePercentage {
        text: text.to_string(),
        readings: [format!("{text}%"), format!("{as_ratio}%")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Reading;
    use rust_decimal_macros::dec;

    fn read(text: &str) -> Worded {
        read_percentage(text, None).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn a_percentage_reads_in_per_cent() {
        let w = read("545%");
        assert_eq!((w.low.value, w.high.value), (dec!(545), dec!(545)));
        assert_eq!(w.reading, Reading::Figure);
        // "circa" is ±10%: 450 to 550 per cent.
        let w = read("circa il 500%");
        assert_eq!(w.reading, Reading::About);
        assert_eq!((w.low.value, w.high.value), (dec!(450), dec!(550)));
        let w = read("between 400 and 600 per cent");
        assert_eq!((w.low.value, w.high.value), (dec!(400), dec!(600)));
        let w = read("more than 500 %");
        assert_eq!(w.reading, Reading::AtLeast);
    }

    #[test]
    fn a_bare_figure_is_refused_with_both_readings() {
        let e = read_percentage("5.45", None).expect_err("no sign");
        assert_eq!(
            e.error,
            ParseError::BarePercentage {
                text: "5.45".into(),
                readings: ["5.45%".into(), "545%".into()],
            }
        );
    }

    #[test]
    fn a_currency_is_no_percentage() {
        assert!(read_percentage("$500%", None).is_err());
    }
}
