//! Figures as people write them, in files, `--set`, claims and articles alike: one
//! reader, so a figure is never read two ways.
//!
//! - Numbers with their digit groups as written ([`number`]'s rule): `25,000`,
//!   `25.000`, `1.500 milioni`, `16,5 miliardi`, `1.000,50`, `25 000`, `9e9`; a mark
//!   the text cannot tell (`$1.000`) is refused with both readings.
//! - Scales and number words ([`vocab`]): `25k`, `$9 billion`, `200 mln`, `100mila`,
//!   `un miliardo e mezzo`, `half a billion`; scale words in a row multiply
//!   (`mille miliardi`); a false friend (`bilioni`) is refused.
//! - Currencies by symbol, code or name, before or after: `€200M`, `9B USD`,
//!   `200 milioni di euro`, `CN¥500`, `500.000 yuan`; `¥` alone is refused.
//! - Ranges: `$2-3 billion`, `between $2B and $3B`, `tra 200 e 300 milioni di euro`,
//!   `da 200 a 300 milioni`; the first figure takes the second's scale and currency.
//! - Bounds and approximations before a figure (`more than`, `oltre i`, `fino a`,
//!   `$100M+`, `nearly`, `circa`), and orders of magnitude in words (`tens of
//!   millions`, `migliaia di milioni`).
//!
//! [`figures_in`] finds the figures of running text (an article) and reads each with
//! the same reader.
//!
//! Any word the reader does not know is an error with its place in the text: nothing
//! is dropped. The manual's tables (docs/src/scenario/figures.md) list every word; change one, change the other.

mod error;
mod grammar;
mod number;
mod percent;
mod scan;
mod tokens;
mod vocab;

use rust_decimal::Decimal;

pub use error::{ParseError, ReadError};
pub use percent::{bare as bare_percentage, read_percentage};
pub use scan::{Found, figures_in, language_of};

use super::Currency;

/// An amount with the currency it was written in, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    /// The exact value, scale words applied.
    pub value: Decimal,
    /// The currency named in the text, or `None` for a bare number.
    pub currency: Option<Currency>,
}

/// How a claimed figure was written, and so how it is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// A figure or a range as written: consistent when it overlaps the range.
    Figure,
    /// At least the figure (`more than`, `over`, `>`): consistent when the range reaches
    /// it.
    AtLeast,
    /// At most the figure (`up to`, `under`, `<`): consistent when the range reaches
    /// down to it.
    AtMost,
    /// About the figure (`about`, `circa`): ±10%.
    About,
    /// Nearly the figure (`nearly`, `almost`, `quasi`): 90% to 100% of it.
    Nearly,
    /// An order of magnitude in words (`tens of millions`).
    Magnitude,
}

impl Reading {
    /// Whether the claim is one-sided: judged against its bound, not by overlap.
    pub fn is_bound(self) -> bool {
        matches!(self, Reading::AtLeast | Reading::AtMost)
    }
}

/// A figure as read: how, and the interval (for a bound, the bound twice).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Worded {
    /// How it reads.
    pub reading: Reading,
    /// The interval's low end.
    pub low: Amount,
    /// The interval's high end.
    pub high: Amount,
}

impl Worded {
    /// One exact figure (`$25k`), not a range, band, bound or magnitude.
    pub fn single(&self) -> Option<Amount> {
        (self.reading == Reading::Figure && self.low == self.high).then_some(self.low)
    }
}

/// The language a file's figures are written in, where a text's own words do not
/// say (`[scenario] language`): it decides only a mark followed by three digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// `1.500` is one thousand five hundred, `1,500` is refused.
    Italian,
    /// `1,500` is one thousand five hundred, `1.500` is refused.
    English,
}

impl Language {
    /// The codes `language` takes.
    pub const CODES: [&'static str; 2] = ["it", "en"];

    /// Reads `it` or `en`.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.trim().to_ascii_lowercase().as_str() {
            "it" => Some(Language::Italian),
            "en" => Some(Language::English),
            _ => None,
        }
    }
}

/// Reads a figure written as text: a number, a range, a bound, an approximation or an
/// order of magnitude, in `language` where the text's own words do not say.
pub fn read_figure(text: &str, language: Option<Language>) -> Result<Worded, ReadError> {
    grammar::read(text, language)
}

/// Reads a claim written as text; see the module documentation.
pub fn read_claim(text: &str) -> Result<Worded, ReadError> {
    read_figure(text, None)
}

/// Reads one exact amount (`"$25k"`, `"€200M"`, `"1.500 milioni"`): a range, a bound
/// or an approximation is refused.
pub fn parse_amount(text: &str) -> Result<Amount, ReadError> {
    let worded = read_figure(text, None)?;
    worded
        .single()
        .ok_or_else(|| ParseError::Misplaced(format!("`{}` is not one figure", text.trim())).into())
}

/// Reads a plain number as TOML writes it (`100_000`, `1.5`, `9e9`): no scale, no currency.
pub fn parse_number(text: &str) -> Result<Decimal, ParseError> {
    let cleaned: std::borrow::Cow<'_, str> = match text.contains('_') {
        true => text
            .chars()
            .filter(|&c| c != '_')
            .collect::<String>()
            .into(),
        false => text.into(),
    };
    let bare = cleaned.trim_start_matches(['+', '-']);
    if bare == "inf" || bare == "nan" {
        return Err(ParseError::NotFinite(text.to_string()));
    }
    let parsed = if cleaned.contains(['e', 'E']) {
        Decimal::from_scientific(&cleaned)
    } else {
        Decimal::from_str_exact(&cleaned)
    };
    parsed.map(|d| d.normalize()).map_err(|_| {
        if !cleaned.chars().any(|c| c.is_ascii_digit()) {
            return ParseError::NoNumber(text.to_string());
        }
        // Too small a step, not too large a number: `1e-30`, or 29 decimal places.
        let (mantissa, exponent) = cleaned
            .split_once(['e', 'E'])
            .map_or((&*cleaned, ""), |(m, e)| (m, e));
        let places = mantissa.split_once('.').map_or(0, |(_, f)| f.len());
        if exponent.starts_with('-') || (exponent.is_empty() && places > 28) {
            ParseError::TooPrecise(text.to_string())
        } else {
            ParseError::TooLarge
        }
    })
}

/// A plain decimal text shown as the reports show numbers: `1,500`, `1.5`.
fn shown(text: &str) -> String {
    Decimal::from_str_exact(text).map_or(text.to_string(), super::format_decimal)
}

impl std::str::FromStr for Amount {
    type Err = ReadError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_amount(s)
    }
}

#[cfg(test)]
mod tests;
