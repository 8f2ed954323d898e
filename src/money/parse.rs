//! Reading amounts as people write them: `25000`, `"25k"`, `"$25,000"`, `"€200M"`,
//! `"9B USD"`, `"9e9"`, `"1.5bn"`, `"200 milioni di euro"`, `"$9 billion"`.
//!
//! The grammar, after lower-casing: approximation words (`circa`, `about`, `~` …) are
//! skipped; then an optional currency (symbol or code), a number, an optional scale
//! (`k`, `M`, `bn`, `milioni`, `miliardi`, `billion` …), an optional `di`/`of`, and an
//! optional currency (code or word: `USD`, `dollari`, `euro` …). A comma only ever
//! separates thousands; the decimal separator is always a point, so the Italian
//! `1,5 miliardi` is refused with a suggestion rather than misread.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::Currency;

/// An amount with the currency it was written in, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    /// The exact value, scale words applied.
    pub value: Decimal,
    /// The currency named in the text, or `None` for a bare number.
    pub currency: Option<Currency>,
}

/// Why a text is not an amount.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing but blanks.
    #[error("empty amount")]
    Empty,
    /// No digits where the number should be.
    #[error("no number in `{0}`")]
    NoNumber(String),
    /// A comma that is not a thousands separator.
    #[error("`{0}` uses a comma that does not separate thousands")]
    BadComma(String),
    /// A word that is neither a scale, a currency nor a filler.
    #[error("unknown word `{0}` in amount")]
    UnknownWord(String),
    /// Two different currencies in one amount.
    #[error("amount names two currencies, {0} and {1}")]
    TwoCurrencies(Currency, Currency),
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
}

impl ParseError {
    /// A suggestion for the user, where one exists.
    pub fn help(&self) -> Option<String> {
        match self {
            ParseError::Empty | ParseError::NoNumber(_) => Some(
                "write an amount such as `25000`, \"$25k\", \"€200M\" or \"9 miliardi di dollari\"; \
                 a claim may also be written in words: \"more than $100M\", \"nearly $9B\", \
                 \"tens of millions\""
                    .into(),
            ),
            ParseError::BadComma(text) => Some(format!(
                "a comma only separates thousands (`25,000`); for a decimal write a point: `{}`",
                text.replace(',', ".")
            )),
            ParseError::UnknownWord(word) => {
                let known: Vec<&str> = SCALES
                    .iter()
                    .flat_map(|(words, _)| words.iter())
                    .chain(CURRENCY_WORDS.iter().flat_map(|(words, _)| words.iter()))
                    .copied()
                    .collect();
                let near = crate::suggest::nearest(word, known.iter().copied());
                Some(match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "scales: k, M, bn, thousand, million, billion, mila, milioni, miliardi; \
                             currencies: $, €, £, USD, EUR, GBP, dollars, euro"
                        .into(),
                })
            }
            ParseError::TwoCurrencies(..) => Some("name the currency once".into()),
            ParseError::TooLarge => {
                Some("amounts must stay below about 7.9e28 with 28 significant digits".into())
            }
            ParseError::NotFinite(_) => Some("write a finite number".into()),
            ParseError::NoFigure(word) => Some(format!(
                "write the figure it qualifies, e.g. `{word} $100M`; for an order of \
                 magnitude without a number, write it in words: \"tens of millions\""
            )),
            ParseError::TooPrecise(_) => Some(
                "amounts are exact decimals of at most 28 decimal places; write the figure in \
                 a larger unit, or round it"
                    .into(),
            ),
        }
    }
}

const APPROXIMATIONS: [&str; 9] = [
    "circa",
    "about",
    "around",
    "approximately",
    "nearly",
    "almost",
    "quasi",
    "oltre",
    "over",
];

const SCALES: [(&[&str], u32); 4] = [
    (&["k", "thousand", "thousands", "mila", "mille"], 3),
    (
        &[
            "m", "mn", "mio", "million", "millions", "milione", "milioni",
        ],
        6,
    ),
    (
        &[
            "b", "bn", "billion", "billions", "miliardo", "miliardi", "mld",
        ],
        9,
    ),
    (&["t", "tn", "trillion", "trillions"], 12),
];

const CURRENCY_WORDS: [(&[&str], Currency); 3] = [
    (
        &["usd", "dollar", "dollars", "dollaro", "dollari", "us$", "$"],
        Currency::Usd,
    ),
    (&["eur", "euro", "euros", "€"], Currency::Eur),
    (
        &["gbp", "pound", "pounds", "sterlina", "sterline", "£"],
        Currency::Gbp,
    ),
];

const CONNECTORS: [&str; 3] = ["di", "of", "de"];

/// Reads an amount written as text; see the module documentation for the grammar.
pub fn parse_amount(text: &str) -> Result<Amount, ParseError> {
    let lower = thousands_as_commas(text.trim()).to_lowercase();
    if lower.is_empty() {
        return Err(ParseError::Empty);
    }
    let mut rest = lower.as_str();
    let mut currency = None;
    loop {
        rest = rest.trim_start();
        let (token, after) = next_token(rest);
        if APPROXIMATIONS.contains(&token) || token == "~" || token == "≈" {
            rest = after;
        } else if let Some(c) = currency_of(token) {
            set_currency(&mut currency, c)?;
            rest = after;
        } else {
            break;
        }
    }
    let (number, after) = take_number(rest)?;
    let mut value = number;
    rest = after.trim_start();

    let (token, after) = next_token(rest);
    if let Some(exponent) = scale_of(token) {
        value = value
            .checked_mul(Decimal::from(10u64.pow(exponent)))
            .ok_or(ParseError::TooLarge)?;
        rest = after.trim_start();
    }
    let (token, after) = next_token(rest);
    if CONNECTORS.contains(&token) {
        rest = after.trim_start();
    }
    while !rest.is_empty() {
        let (token, after) = next_token(rest);
        match currency_of(token) {
            Some(c) => set_currency(&mut currency, c)?,
            None => return Err(ParseError::UnknownWord(token.to_string())),
        }
        rest = after.trim_start();
    }
    Ok(Amount {
        value: value.normalize(),
        currency,
    })
}

/// The text with typographic thousands separators between digits (a no-break space,
/// a narrow no-break space, a thin space: `25 000`) written as commas, which the
/// number reader checks group the digits in threes.
fn thousands_as_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let separator = matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}');
            let between = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if separator && between { ',' } else { c }
        })
        .collect()
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

fn set_currency(slot: &mut Option<Currency>, found: Currency) -> Result<(), ParseError> {
    match *slot {
        Some(existing) if existing != found => Err(ParseError::TwoCurrencies(existing, found)),
        _ => {
            *slot = Some(found);
            Ok(())
        }
    }
}

fn currency_of(token: &str) -> Option<Currency> {
    CURRENCY_WORDS
        .iter()
        .find(|(words, _)| words.contains(&token))
        .map(|&(_, c)| c)
}

fn scale_of(token: &str) -> Option<u32> {
    SCALES
        .iter()
        .find(|(words, _)| words.contains(&token))
        .map(|&(_, e)| e)
}

/// Splits off the next token: `us$`, a run of letters, or one other character.
fn next_token(s: &str) -> (&str, &str) {
    if let Some(after) = s.strip_prefix("us$") {
        return ("us$", after);
    }
    let letters = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i);
    let end = if letters > 0 {
        letters
    } else {
        s.chars().next().map_or(0, char::len_utf8)
    };
    s.split_at(end)
}

/// Splits off a number: digits with `,` or `_` grouping, a fraction, an exponent.
fn take_number(s: &str) -> Result<(Decimal, &str), ParseError> {
    let bytes = s.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        end = 1;
    }
    let digits_start = end;
    while end < bytes.len() && matches!(bytes[end], b'0'..=b'9' | b',' | b'_' | b'.') {
        end += 1;
    }
    let body = &s[digits_start..end];
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        let shown = s.split_whitespace().next().unwrap_or(s);
        return Err(ParseError::NoNumber(shown.to_string()));
    }
    // An exponent only when `e` is followed by digits, so `9 euro` stays a currency.
    if end < bytes.len() && matches!(bytes[end], b'e' | b'E') {
        let mut probe = end + 1;
        if matches!(bytes.get(probe), Some(b'+' | b'-')) {
            probe += 1;
        }
        if bytes.get(probe).is_some_and(u8::is_ascii_digit) {
            end = probe;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
        }
    }
    let text = &s[..end];
    check_commas(text)?;
    let value = parse_number(&text.replace(',', ""))?;
    Ok((value, &s[end..]))
}

/// Commas must group the integer part in threes: `25,000` and `1,000,000`, not `1,5`.
fn check_commas(text: &str) -> Result<(), ParseError> {
    if !text.contains(',') {
        return Ok(());
    }
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let integer = integer.trim_start_matches(['+', '-']);
    let mut groups = integer.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    let rest_ok = groups.all(|g| g.len() == 3);
    if first_ok && rest_ok && !fraction.contains(',') {
        Ok(())
    } else {
        Err(ParseError::BadComma(text.to_string()))
    }
}

impl FromStr for Amount {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_amount(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn amount(text: &str) -> (rust_decimal::Decimal, Option<Currency>) {
        let a = parse_amount(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (a.value, a.currency)
    }

    #[test]
    fn every_documented_notation_reads_exactly() {
        let usd = Some(Currency::Usd);
        let eur = Some(Currency::Eur);
        let cases = [
            ("25000", dec!(25000), None),
            ("25k", dec!(25000), None),
            ("$25,000", dec!(25000), usd),
            ("€200M", dec!(200000000), eur),
            ("9B USD", dec!(9000000000), usd),
            ("9e9", dec!(9000000000), None),
            ("1.5bn", dec!(1500000000), None),
            ("200 milioni di euro", dec!(200000000), eur),
            ("circa 200 milioni di euro", dec!(200000000), eur),
            ("9 miliardi di dollari", dec!(9000000000), usd),
            ("$9 billion", dec!(9000000000), usd),
            ("nearly $9 billion", dec!(9000000000), usd),
            ("$10.5 billion", dec!(10500000000), usd),
            ("£1,234,567.89", dec!(1234567.89), Some(Currency::Gbp)),
            ("US$ 3.5k", dec!(3500), usd),
            ("EUR 10k", dec!(10000), eur),
            ("1_000_000", dec!(1000000), None),
            ("0.062", dec!(0.062), None),
            ("2.5e-2", dec!(0.025), None),
            ("10 mila euro", dec!(10000), eur),
        ];
        for (text, value, currency) in cases {
            assert_eq!(amount(text), (value, currency), "{text}");
        }
    }

    #[test]
    fn decimal_point_is_exact_not_binary() {
        // 0.1 + 0.2 would not be 0.3 through f64.
        let sum = amount("0.1").0 + amount("0.2").0;
        assert_eq!(sum, dec!(0.3));
    }

    #[test]
    fn typographic_spaces_separate_thousands() {
        // Before: "unknown word `0`" for 25 000 written with a narrow no-break space.
        for text in [
            "25\u{202f}000",
            "€25\u{a0}000",
            "1\u{2009}000\u{2009}000 USD",
        ] {
            let a = parse_amount(text).expect(text);
            assert!(a.value == dec!(25000) || a.value == dec!(1000000), "{text}");
        }
        // Groups of three only, as with commas.
        assert!(matches!(
            parse_amount("25\u{202f}00"),
            Err(ParseError::BadComma(_))
        ));
    }

    #[test]
    fn comma_as_decimal_separator_is_refused_with_a_suggestion() {
        let err = parse_amount("1,5 miliardi").unwrap_err();
        assert_eq!(err, ParseError::BadComma("1,5".into()));
        assert!(err.help().unwrap_or_default().contains("`1.5`"));
        assert!(parse_amount("25,00").is_err());
        assert!(parse_amount("1,0000").is_err());
    }

    #[test]
    fn words_that_are_not_numbers_are_refused() {
        assert_eq!(
            parse_amount("decine di milioni di dollari"),
            Err(ParseError::NoNumber("decine".into()))
        );
        assert_eq!(parse_amount("   "), Err(ParseError::Empty));
        assert_eq!(parse_amount("$"), Err(ParseError::NoNumber("".into())));
    }

    #[test]
    fn unknown_words_are_named_with_the_nearest_known_one() {
        let err = parse_amount("9 bilion").unwrap_err();
        assert_eq!(err, ParseError::UnknownWord("bilion".into()));
        assert_eq!(err.help().as_deref(), Some("did you mean `billion`?"));
    }

    #[test]
    fn conflicting_currencies_are_refused() {
        assert_eq!(
            parse_amount("$9B EUR"),
            Err(ParseError::TwoCurrencies(Currency::Usd, Currency::Eur))
        );
        assert_eq!(amount("$9B USD"), (dec!(9000000000), Some(Currency::Usd)));
    }

    #[test]
    fn overflow_and_non_finite_numbers_are_errors() {
        assert_eq!(parse_amount("1e40"), Err(ParseError::TooLarge));
        // Before: "number is too large" for a number too small to hold.
        assert_eq!(
            parse_number("1e-30"),
            Err(ParseError::TooPrecise("1e-30".into()))
        );
        assert_eq!(
            parse_number("1e-28").map(|d| d.to_string()),
            Ok("0.0000000000000000000000000001".into())
        );
        assert_eq!(
            parse_amount("79228162514264337593543950335T"),
            Err(ParseError::TooLarge)
        );
        assert_eq!(
            parse_number("inf"),
            Err(ParseError::NotFinite("inf".into()))
        );
        assert_eq!(
            parse_number("-nan"),
            Err(ParseError::NotFinite("-nan".into()))
        );
    }

    #[test]
    fn toml_numbers_read_through_their_text() {
        assert_eq!(parse_number("1_000.25").ok(), Some(dec!(1000.25)));
        assert_eq!(parse_number("-4").ok(), Some(dec!(-4)));
        assert_eq!(parse_number("1.2E3").ok(), Some(dec!(1200)));
    }
}
