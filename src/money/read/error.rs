//! Why a text is not a figure, where in the text, and what to write instead.

use std::ops::Range;

use super::super::Currency;
use super::vocab;

/// Why a text is not a figure.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing but blanks.
    #[error("empty amount")]
    Empty,
    /// No digits where the number should be.
    #[error("no number in `{0}`")]
    NoNumber(String),
    /// Digit groups that are not thousands: `1.5.5`, `25 00`.
    #[error("`{0}` is not a number: its marks do not group the digits in thousands")]
    BadGrouping(String),
    /// A mark the text cannot tell: `$1.000` is one thousand or one.
    #[error(
        "`{text}` can be read two ways: {} (the `{mark}` separating thousands) or {} (the `{mark}` as a decimal mark)",
        readings[0],
        readings[1]
    )]
    Ambiguous {
        /// The number as written.
        text: String,
        /// With the mark separating thousands, and as a decimal mark.
        readings: [String; 2],
        /// The mark.
        mark: char,
    },
    /// A range whose first figure may have its thousands left out: `tra i 10 e i 20.000`.
    #[error("`{text}` can be read two ways: {} or {}", readings[0], readings[1])]
    AmbiguousRange {
        /// The range as written.
        text: String,
        /// As written, and with the first figure in the second's thousands.
        readings: [String; 2],
    },
    /// A word that is neither a scale, a currency nor a filler.
    #[error("unknown word `{0}` in amount")]
    UnknownWord(String),
    /// A word that means different magnitudes to different readers.
    #[error("`{0}` is refused: readers take it for different magnitudes")]
    FalseFriend(String),
    /// Two different currencies in one amount.
    #[error("amount names two currencies, {0} and {1}")]
    TwoCurrencies(Currency, Currency),
    /// A symbol of more than one currency, with no code to say which.
    #[error("`{0}` names more than one currency")]
    AmbiguousCurrency(String),
    /// A word where it cannot stand: a bound in a range, scales in the wrong order.
    #[error("{0}")]
    Misplaced(String),
    /// A range written high to low.
    #[error("the range `{0}` runs from high to low")]
    Reversed(String),
    /// Beyond what an exact decimal can hold.
    #[error("number is too large")]
    TooLarge,
    /// Finer than an exact decimal can hold: more than 28 decimal places.
    #[error("`{0}` has more decimal places than an exact decimal holds (28)")]
    TooPrecise(String),
    /// A bound or an approximation with no figure after it (`more than`).
    #[error("`{0}` needs a figure after it")]
    NoFigure(String),
    /// `inf` or `nan`.
    #[error("`{0}` is not a finite number")]
    NotFinite(String),
    /// A percentage written without its sign: `5.45` is 5.45% or a ratio of 545%.
    #[error(
        "`{text}` has no `%`: it can be read two ways, {} or {} (a ratio of {text})",
        readings[0],
        readings[1]
    )]
    BarePercentage {
        /// The figure as written.
        text: String,
        /// As a per cent, and as a ratio.
        readings: [String; 2],
    },
}

/// A [`ParseError`] and the bytes of the text it is about, where it is about a part.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct ReadError {
    /// Why.
    pub error: ParseError,
    /// Where in the text as given.
    pub at: Option<Range<usize>>,
}

impl From<ParseError> for ReadError {
    fn from(error: ParseError) -> Self {
        ReadError { error, at: None }
    }
}

impl ReadError {
    /// The error about `at` in the text.
    pub fn at(error: ParseError, at: Range<usize>) -> Self {
        ReadError {
            error,
            at: Some(at),
        }
    }

    /// A suggestion for the user, where one exists.
    pub fn help(&self) -> Option<String> {
        self.error.help()
    }
}

impl ParseError {
    /// A suggestion for the user, where one exists.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            ParseError::Empty | ParseError::NoNumber(_) => {
                "write an amount such as `25000`, \"$25k\", \"€200M\" or \"9 miliardi di dollari\"; \
                 a claim may also be written in words: \"more than $100M\", \"nearly $9B\", \
                 \"tens of millions\""
                    .into()
            }
            ParseError::BadGrouping(text) => format!(
                "thousands come in groups of three (`25,000`, `25.000`, `25 000`); a decimal mark \
                 stands once, after them (`1,000.5`, `1.000,5`); `{text}` is neither"
            ),
            ParseError::Ambiguous { readings, .. } => format!(
                "write `{}` for {} or `{}` for {}; for a file of Italian figures, \
                 `language = \"it\"` under `[scenario]` reads `1.500` as one thousand five \
                 hundred (`\"en\"`: one and a half)",
                readings[0].replace(',', ""),
                readings[0],
                readings[1].replace(',', ""),
                readings[1],
            ),
            ParseError::AmbiguousRange { .. } => {
                "write both figures whole (`tra i 10.000 e i 20.000 euro`), or give the first \
                 its own currency (`tra 10 euro e 20.000 euro`)"
                    .into()
            }
            ParseError::UnknownWord(word) => unknown_word_help(word),
            ParseError::FalseFriend(word) => vocab::FALSE_FRIENDS
                .iter()
                .find(|(w, _)| w == word)
                .map_or("write the scale in other words", |(_, hint)| hint)
                .to_string(),
            ParseError::TwoCurrencies(..) => "name the currency once".into(),
            ParseError::AmbiguousCurrency(symbol) => format!(
                "`{symbol}` is written for {}: add the code (`{symbol}500 CNY`) or write the \
                 currency's name",
                vocab::AMBIGUOUS_CURRENCIES
                    .iter()
                    .find(|(s, _)| s == symbol)
                    .map_or(String::new(), |(_, cs)| {
                        let codes: Vec<&str> = cs.iter().map(|c| c.code()).collect();
                        crate::diagnostic::suggest::one_of(&codes)
                    })
            ),
            ParseError::Misplaced(_) => return None,
            ParseError::Reversed(_) => "write the low end first".into(),
            ParseError::TooLarge => {
                "amounts must stay below about 7.9e28 with 28 significant digits".into()
            }
            ParseError::NotFinite(_) => "write a finite number".into(),
            ParseError::BarePercentage { readings, .. } => format!(
                "write the percentage with its sign: `\"{}\"` or `\"{}\"`",
                readings[0], readings[1]
            ),
            ParseError::NoFigure(word) => format!(
                "write the figure it qualifies, e.g. `{word} $100M`; for an order of \
                 magnitude without a number, write it in words: \"tens of millions\""
            ),
            ParseError::TooPrecise(_) => {
                "amounts are exact decimals of at most 28 decimal places; write the figure in \
                 a larger unit, or round it"
                    .into()
            }
        })
    }
}

/// What an unknown word might have been: a suggestion only when every near word means
/// the same (`bilion` is near `billion` and `milione`: both are named, with what each
/// means), so a suggestion never changes a figure's magnitude or currency.
fn unknown_word_help(word: &str) -> String {
    // The closest word of each meaning, closest first.
    let near = crate::diagnostic::suggest::near(word, vocab::all_words().map(|(w, _)| w));
    let mut meanings: Vec<(&str, String)> = Vec::new();
    for w in near {
        let meaning = vocab::meaning(w);
        if !meanings.iter().any(|(_, m)| *m == meaning) {
            meanings.push((w, meaning));
        }
    }
    match meanings.as_slice() {
        [] => "scales: k, M, mln, bn, mld, thousand, million, billion, mila, milioni, miliardi; \
               currencies: $, €, £, USD, EUR, GBP, CNY, JPY, dollars, euro, yuan; see the \
               table of words in docs/src/scenario/figures.md"
            .into(),
        [(only, _)] => format!("did you mean `{only}`?"),
        many => {
            let listed: Vec<String> = many.iter().map(|(w, m)| format!("`{w}` ({m})")).collect();
            format!(
                "words near it: {}",
                crate::diagnostic::suggest::joined(&listed)
            )
        }
    }
}
