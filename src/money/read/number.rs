//! A number token's value, its digit-group marks read by one rule:
//!
//! - a space (or no-break, narrow or thin space) or an apostrophe between digits
//!   separates thousands, always;
//! - with both a dot and a comma, the one written last (once) is the decimal mark
//!   and the other separates thousands: `1.000,50` and `$1,000.50`;
//! - a mark written more than once separates thousands: `240.000.000`, `1,000,000`;
//! - a mark written once and followed by other than three digits is the decimal
//!   mark: `16,5`, `1.5`, `0.0771`; so is one after a lone `0` or after four or more
//!   digits, which no thousands grouping allows;
//! - a mark written once and followed by exactly three digits (`1.500`, `1,500`)
//!   reads by the text's [`Convention`]: a dot separates thousands in an Italian or
//!   euro text, a comma in any text but an Italian one; the other mark is the text's
//!   decimal mark (`$5.576M` in English, `5,576 milioni` in Italian) unless three
//!   zeros follow it (`$1.000`, `1,000 milioni`: no one writes decimals so). Where
//!   the text cannot tell (no words, or both languages), the reading is refused
//!   with both readings shown.
//!
//! Thousands groups are checked: a first group of one to three digits, then groups
//! of exactly three. `_` (TOML's grouping) is ignored wherever it stands.

use rust_decimal::Decimal;

use super::ParseError;
use super::tokens::is_group_space;

/// What the words of a text say about how its marks read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Convention {
    /// The text has Italian words (`milioni`, `di`), or the file says `language = "it"`.
    pub italian: bool,
    /// The text has English words (`million`, `of`), or the file says `language = "en"`.
    pub english: bool,
    /// The text names the euro (`€`, `euro`, `EUR`).
    pub euro: bool,
}

impl Convention {
    /// A dot followed by three digits separates thousands.
    fn dot_groups(self) -> bool {
        (self.italian || self.euro) && !self.english
    }

    /// A comma followed by three digits separates thousands.
    fn comma_groups(self) -> bool {
        !self.italian || self.english
    }
}

/// How a number was written, besides its value: for the range rule that lets
/// `tra i 10 e i 20.000` be read two ways.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    /// The value.
    pub value: Decimal,
    /// How many thousands separators it has.
    pub groups: usize,
}

/// Reads a number token (`1.500`, `16,5`, `2.5e-2`) under `convention`.
pub fn read_number(text: &str, convention: Convention) -> Result<Written, ParseError> {
    let (mantissa, exponent) = split_exponent(text);
    let plain: String = mantissa.chars().filter(|&c| c != '_').collect();
    let spaces = plain
        .chars()
        .any(|c| is_group_space(c) || matches!(c, '\'' | '’'));
    let dots = plain.matches('.').count();
    let commas = plain.matches(',').count();
    let (thousands, decimal): (Option<char>, Option<char>) = match (dots, commas) {
        (0, 0) => (None, None),
        (_, 0) | (0, _) => {
            let (mark, count) = if dots > 0 { ('.', dots) } else { (',', commas) };
            if count > 1 || spaces {
                // Written more than once: thousands. Beside a space: the other mark.
                if spaces && count == 1 {
                    (None, Some(mark))
                } else {
                    (Some(mark), None)
                }
            } else {
                one_mark(text, &plain, mark, convention)?
            }
        }
        _ => {
            let last = plain.rfind(['.', ',']).map(|i| &plain[i..i + 1]);
            let decimal = if last == Some(".") { '.' } else { ',' };
            let other = if decimal == '.' { ',' } else { '.' };
            if plain.matches(decimal).count() > 1 {
                return Err(ParseError::BadGrouping(text.to_string()));
            }
            (Some(other), Some(decimal))
        }
    };
    let (integer, fraction) = match decimal.and_then(|d| plain.split_once(d)) {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let groups = check_groups(text, integer, thousands)?;
    if fraction.is_some_and(|f| f.contains(|c: char| !c.is_ascii_digit())) {
        return Err(ParseError::BadGrouping(text.to_string()));
    }
    let digits: String = integer.chars().filter(char::is_ascii_digit).collect();
    let exact = match fraction {
        Some(f) => format!("{digits}.{f}{exponent}"),
        None => format!("{digits}{exponent}"),
    };
    let value = super::parse_number(&exact).map_err(|e| match e {
        ParseError::TooPrecise(_) => ParseError::TooPrecise(text.to_string()),
        other => other,
    })?;
    Ok(Written { value, groups })
}

/// `text` split before its exponent (`2.5`, `e-2`), if it has one.
fn split_exponent(text: &str) -> (&str, &str) {
    match text.find(['e', 'E']) {
        Some(i) => text.split_at(i),
        None => (text, ""),
    }
}

/// One dot or one comma: `(thousands, decimal)`.
fn one_mark(
    text: &str,
    plain: &str,
    mark: char,
    convention: Convention,
) -> Result<(Option<char>, Option<char>), ParseError> {
    let (before, after) = plain.split_once(mark).unwrap_or((plain, ""));
    let could_group = after.len() == 3 && (1..=3).contains(&before.len()) && before != "0";
    if !could_group {
        return Ok((None, Some(mark)));
    }
    let (groups, decimal) = if mark == '.' {
        (
            convention.dot_groups(),
            convention.english && !convention.italian,
        )
    } else {
        (
            convention.comma_groups(),
            convention.italian && !convention.english,
        )
    };
    if groups {
        return Ok((Some(mark), None));
    }
    // The text's decimal mark, unless three zeros follow it: no one writes `$1.000`
    // for one dollar, and a thousands group of zeros is how `1.000` is written.
    if decimal && after != "000" {
        return Ok((None, Some(mark)));
    }
    let as_thousands = format!("{before}{after}");
    let as_decimal = format!("{before}.{after}");
    Err(ParseError::Ambiguous {
        text: text.to_string(),
        readings: [super::shown(&as_thousands), super::shown(&as_decimal)],
        mark,
    })
}

/// Checks that `integer` is grouped in threes by `thousands` (or any space or
/// apostrophe) and returns the number of separators.
fn check_groups(text: &str, integer: &str, thousands: Option<char>) -> Result<usize, ParseError> {
    let is_separator =
        |c: char| Some(c) == thousands || is_group_space(c) || matches!(c, '\'' | '’');
    let groups: Vec<&str> = integer.split(is_separator).collect();
    let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_only = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    if !digits_only || (groups.len() > 1 && !(first_ok && rest_ok)) {
        return Err(ParseError::BadGrouping(text.to_string()));
    }
    Ok(groups.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const NONE: Convention = Convention {
        italian: false,
        english: false,
        euro: false,
    };
    const ITALIAN: Convention = Convention {
        italian: true,
        ..NONE
    };
    const ENGLISH: Convention = Convention {
        english: true,
        ..NONE
    };

    fn value(text: &str, c: Convention) -> Decimal {
        read_number(text, c)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .value
    }

    #[test]
    fn marks_read_by_the_rule() {
        // Several groups: thousands, whatever the text.
        assert_eq!(value("240.000.000", NONE), dec!(240000000));
        assert_eq!(value("1,000,000", ITALIAN), dec!(1000000));
        // Both marks: the last is the decimal mark.
        assert_eq!(value("1.000,50", NONE), dec!(1000.50));
        assert_eq!(value("1,000.50", NONE), dec!(1000.50));
        // Not three digits after: decimal.
        assert_eq!(value("16,5", NONE), dec!(16.5));
        assert_eq!(value("0.0771", NONE), dec!(0.0771));
        assert_eq!(value("0,500", NONE), dec!(0.5));
        assert_eq!(value("1500.000", NONE), dec!(1500));
        // Three digits after: by the text's words.
        assert_eq!(value("1.500", ITALIAN), dec!(1500));
        assert_eq!(value("1,500", ENGLISH), dec!(1500));
        assert_eq!(value("1,500", NONE), dec!(1500));
        // The other mark is the text's decimal mark, but before three zeros.
        assert_eq!(value("5.576", ENGLISH), dec!(5.576));
        assert_eq!(value("5,576", ITALIAN), dec!(5.576));
        // Spaces and apostrophes: thousands; the other mark decimal.
        assert_eq!(value("25 000", NONE), dec!(25000));
        assert_eq!(value("1'000'000", NONE), dec!(1000000));
        assert_eq!(value("1 000,5", NONE), dec!(1000.5));
        assert_eq!(value("1 000.500", NONE), dec!(1000.5));
        assert_eq!(value("1_000.25", NONE), dec!(1000.25));
    }

    #[test]
    fn a_mark_the_text_cannot_tell_is_refused_with_both_readings() {
        for (text, c) in [("1.000", ENGLISH), ("1.000", NONE), ("1,000", ITALIAN)] {
            match read_number(text, c) {
                Err(ParseError::Ambiguous { readings, .. }) => {
                    assert!(readings[0].contains(','), "{text}: {readings:?}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_groups_are_refused() {
        for text in ["1.5.5", "25 00", "1,00,000", "1.000.00", "1,000.000.5"] {
            assert!(read_number(text, NONE).is_err(), "{text}");
        }
    }

    #[test]
    fn groups_are_counted() {
        assert_eq!(read_number("20.000", ITALIAN).map(|w| w.groups), Ok(1));
        assert_eq!(read_number("10", ITALIAN).map(|w| w.groups), Ok(0));
    }
}
