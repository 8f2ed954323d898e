//! Claims as people write them: a figure (`"$5.576M"`), a bound (`"more than $100
//! million"`, `"fino a 10 milioni"`), an approximation (`"nearly $9 billion"`,
//! `"circa 200 milioni di euro"`), or an order of magnitude with no number at all
//! (`"tens of millions of dollars"`, `"decine di milioni di dollari"`). Each is read as
//! an interval, and [`Reading`] says how it is judged. The words and their intervals
//! are the README's table; change one, change the other.

use rust_decimal::Decimal;

use super::{Amount, Currency, ParseError, parse_amount};

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

/// A claim as read: how, and the interval (for a bound, the bound twice).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Worded {
    /// How it reads.
    pub reading: Reading,
    /// The interval's low end.
    pub low: Amount,
    /// The interval's high end.
    pub high: Amount,
}

/// Words that make a claim a lower bound, longest first so `more than` wins over `>`.
const AT_LEAST: [&str; 13] = [
    "more than",
    "at least",
    "upwards of",
    "in excess of",
    "più di",
    "piu di",
    "almeno",
    "oltre",
    "over",
    "above",
    ">=",
    "≥",
    ">",
];

/// Words that make a claim an upper bound.
const AT_MOST: [&str; 12] = [
    "less than",
    "at most",
    "up to",
    "fino a",
    "meno di",
    "al massimo",
    "under",
    "below",
    "<=",
    "≤",
    "<",
    "entro",
];

/// Words of an approximate figure: ±10%.
const ABOUT: [&str; 8] = [
    "approximately",
    "roughly",
    "around",
    "about",
    "circa",
    "intorno a",
    "~",
    "≈",
];

/// Words of a figure approached from below: 90% to 100% of it.
const NEARLY: [&str; 4] = ["nearly", "almost", "quasi", "poco meno di"];

/// Multiples in an order of magnitude: `tens of`, `decine di`.
const MULTIPLES: [(&[&str], u32); 2] = [
    (&["tens of", "decine di"], 1),
    (&["hundreds of", "centinaia di"], 2),
];

/// Scales in an order of magnitude, plural as written there.
const MAGNITUDES: [(&[&str], u32); 3] = [
    (&["thousands", "migliaia"], 3),
    (&["millions", "milioni"], 6),
    (&["billions", "miliardi"], 9),
];

/// `a few` narrows an order of magnitude to 2 to 5 of it.
const A_FEW: [&str; 3] = ["a few", "qualche", "alcune"];

/// The first of `words` that `text` starts with as a whole word (`over`, not the
/// start of `overall`; symbols such as `>` need no space).
fn leading<'w>(text: &str, words: &[&'w str]) -> Option<&'w str> {
    words.iter().copied().find(|w| {
        text.starts_with(w)
            && (!w.ends_with(char::is_alphabetic)
                || !text[w.len()..].starts_with(char::is_alphabetic))
    })
}

/// Reads a claim written as text; see the module documentation and the README's table.
pub fn read_claim(text: &str) -> Result<Worded, ParseError> {
    let lower = text.trim().to_lowercase();
    // A figure qualified by a word, read as that figure times [low, high]: a bound is
    // the figure itself, judged one-sided.
    let (one, tenth) = (Decimal::ONE, Decimal::new(1, 1));
    let qualified: [(&[&str], Reading, Decimal, Decimal); 4] = [
        (&AT_LEAST, Reading::AtLeast, one, one),
        (&AT_MOST, Reading::AtMost, one, one),
        (&NEARLY, Reading::Nearly, one - tenth, one),
        (&ABOUT, Reading::About, one - tenth, one + tenth),
    ];
    for (words, reading, low, high) in qualified {
        let Some(word) = leading(&lower, words) else {
            continue;
        };
        let rest = lower[word.len()..].trim_start();
        if rest.is_empty() {
            return Err(ParseError::NoFigure(word.to_string()));
        }
        let a = parse_amount(rest)?;
        let scaled = |f: Decimal| {
            a.value
                .checked_mul(f)
                .map(|value| Amount { value, ..a })
                .ok_or(ParseError::TooLarge)
        };
        return Ok(Worded {
            reading,
            low: scaled(low)?,
            high: scaled(high)?,
        });
    }
    if let Some(worded) = magnitude(&lower)? {
        return Ok(worded);
    }
    parse_amount(&lower).map(|a| Worded {
        reading: Reading::Figure,
        low: a,
        high: a,
    })
}

/// `[a few] (tens of | hundreds of) (millions | billions …) [of dollars]`, or `None`
/// when the text is not an order of magnitude in words.
fn magnitude(text: &str) -> Result<Option<Worded>, ParseError> {
    let mut rest = text;
    let few = leading(rest, &A_FEW);
    if let Some(w) = few {
        rest = rest[w.len()..].trim_start();
    }
    let mut power = 0;
    if let Some((word, p)) = MULTIPLES
        .iter()
        .find_map(|(words, p)| leading(rest, words).map(|w| (w, *p)))
    {
        rest = rest[word.len()..].trim_start();
        power = p;
    }
    let Some((word, scale)) = MAGNITUDES
        .iter()
        .find_map(|(words, p)| leading(rest, words).map(|w| (w, *p)))
    else {
        return Ok(None);
    };
    rest = rest[word.len()..].trim_start();
    // What may follow: `of dollars`, `di euro`, `USD`.
    let currency = currency_words(rest)?;
    let base = Decimal::from(10u64.pow(power + scale));
    let (low, high) = match few {
        Some(_) => (base * Decimal::from(2), base * Decimal::from(5)),
        None => (base, base * Decimal::TEN),
    };
    let amount = |value| Amount { value, currency };
    Ok(Some(Worded {
        reading: Reading::Magnitude,
        low: amount(low),
        high: amount(high),
    }))
}

/// The currency named by what follows an order of magnitude (`of dollars`, `di euro`),
/// if any; anything else is an unknown word.
fn currency_words(text: &str) -> Result<Option<Currency>, ParseError> {
    let rest = ["of ", "di ", "de "]
        .iter()
        .find_map(|c| text.strip_prefix(c))
        .unwrap_or(text)
        .trim();
    if rest.is_empty() {
        return Ok(None);
    }
    // `1 dollars` reads the currency the way amounts do.
    match parse_amount(&format!("1 {rest}")) {
        Ok(a) => Ok(a.currency),
        Err(_) => Err(ParseError::UnknownWord(rest.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn read(text: &str) -> (Reading, Decimal, Decimal, Option<Currency>) {
        let w = read_claim(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (w.reading, w.low.value, w.high.value, w.low.currency)
    }

    #[test]
    fn bounds_in_english_and_italian() {
        let usd = Some(Currency::Usd);
        for text in [
            ">$100M",
            "more than $100 million",
            "over $100M",
            "at least $100M",
        ] {
            assert_eq!(
                read(text),
                (Reading::AtLeast, dec!(100000000), dec!(100000000), usd),
                "{text}"
            );
        }
        assert_eq!(read("più di 100 milioni di dollari").0, Reading::AtLeast);
        assert_eq!(read("oltre 100 milioni di euro").3, Some(Currency::Eur));
        for text in [
            "<$10M",
            "up to $10M",
            "under $10M",
            "fino a 10 milioni di dollari",
            "meno di $10M",
        ] {
            assert_eq!(
                read(text),
                (Reading::AtMost, dec!(10000000), dec!(10000000), usd),
                "{text}"
            );
        }
    }

    #[test]
    fn approximations_are_bands() {
        // nearly $9B = [90%, 100%] = [$8.1B, $9B]; about $9B = ±10% = [$8.1B, $9.9B]
        assert_eq!(
            read("nearly $9 billion"),
            (
                Reading::Nearly,
                dec!(8100000000),
                dec!(9000000000),
                Some(Currency::Usd)
            )
        );
        assert_eq!(read("almost $9B").0, Reading::Nearly);
        assert_eq!(read("quasi 9 miliardi di dollari").2, dec!(9000000000));
        assert_eq!(
            read("about $9B"),
            (
                Reading::About,
                dec!(8100000000),
                dec!(9900000000),
                Some(Currency::Usd)
            )
        );
        for text in ["around $9B", "circa 9 miliardi di dollari", "~$9B"] {
            assert_eq!(read(text).0, Reading::About, "{text}");
        }
    }

    #[test]
    fn orders_of_magnitude_without_a_number() {
        // tens of millions = [10M, 100M]; a few tens of millions = [20M, 50M]
        assert_eq!(
            read("tens of millions of dollars"),
            (
                Reading::Magnitude,
                dec!(10000000),
                dec!(100000000),
                Some(Currency::Usd)
            )
        );
        assert_eq!(read("decine di milioni di dollari").1, dec!(10000000));
        assert_eq!(read("a few tens of millions").1, dec!(20000000));
        assert_eq!(read("a few tens of millions").2, dec!(50000000));
        assert_eq!(
            read("hundreds of millions"),
            (Reading::Magnitude, dec!(100000000), dec!(1000000000), None)
        );
        assert_eq!(read("centinaia di milioni di euro").3, Some(Currency::Eur));
        assert_eq!(read("billions").1, dec!(1000000000));
        assert_eq!(read("miliardi di dollari").2, dec!(10000000000));
    }

    #[test]
    fn plain_figures_are_figures() {
        assert_eq!(read("$5.576M").0, Reading::Figure);
        assert_eq!(read("200 milioni di euro").1, dec!(200000000));
    }

    #[test]
    fn bad_claims_say_why() {
        assert_eq!(
            read_claim("more than"),
            Err(ParseError::NoFigure("more than".into()))
        );
        assert!(matches!(read_claim(">>$5M"), Err(ParseError::NoNumber(_))));
        assert!(matches!(
            read_claim("tens of millions of doughnuts"),
            Err(ParseError::UnknownWord(_))
        ));
    }
}
