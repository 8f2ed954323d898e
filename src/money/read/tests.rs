//! The reader's table: figures as Italian and English financial news write them, the
//! interval each reads as (worked by hand in the comments), and the refusals.
//!
//! Over 600 lines: a table of cases, one idea per test; the reader is the code most
//! exposed to what people write.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

const USD: Option<Currency> = Some(Currency::Usd);
const EUR: Option<Currency> = Some(Currency::Eur);
const GBP: Option<Currency> = Some(Currency::Gbp);
const CNY: Option<Currency> = Some(Currency::Cny);
const NONE: Option<Currency> = None;

use Reading::{About, AtLeast, AtMost, Figure, Magnitude, Nearly};

/// Written figure → (reading, low, high, currency).
const READS: &[(&str, Reading, Decimal, Decimal, Option<Currency>)] = &[
    // Plain figures and the notations the README has always shown.
    ("25000", Figure, dec!(25000), dec!(25000), NONE),
    ("25k", Figure, dec!(25000), dec!(25000), NONE),
    ("25K", Figure, dec!(25000), dec!(25000), NONE),
    ("$25,000", Figure, dec!(25000), dec!(25000), USD),
    ("€200M", Figure, dec!(200000000), dec!(200000000), EUR),
    ("9B USD", Figure, dec!(9000000000), dec!(9000000000), USD),
    ("9e9", Figure, dec!(9000000000), dec!(9000000000), NONE),
    ("1.5bn", Figure, dec!(1500000000), dec!(1500000000), NONE),
    (
        "$9 billion",
        Figure,
        dec!(9000000000),
        dec!(9000000000),
        USD,
    ),
    (
        "$10.5 billion",
        Figure,
        dec!(10500000000),
        dec!(10500000000),
        USD,
    ),
    (
        "£1,234,567.89",
        Figure,
        dec!(1234567.89),
        dec!(1234567.89),
        GBP,
    ),
    ("US$ 3.5k", Figure, dec!(3500), dec!(3500), USD),
    ("EUR 10k", Figure, dec!(10000), dec!(10000), EUR),
    ("1_000_000", Figure, dec!(1000000), dec!(1000000), NONE),
    ("0.062", Figure, dec!(0.062), dec!(0.062), NONE),
    ("2.5e-2", Figure, dec!(0.025), dec!(0.025), NONE),
    // English abbreviations: the dot is decimal, 5.576 × 10^6.
    ("$5.576M", Figure, dec!(5576000), dec!(5576000), USD),
    (
        "$1.575 billion",
        Figure,
        dec!(1575000000),
        dec!(1575000000),
        USD,
    ),
    // Italian words: the comma is decimal, 5.576 × 10^6.
    (
        "5,576 milioni di dollari",
        Figure,
        dec!(5576000),
        dec!(5576000),
        USD,
    ),
    // Italian digit groups: a dot before three digits separates thousands in an
    // Italian or euro text; a comma before other than three digits is decimal.
    // 1.500 milioni = 1,500 × 10^6 = 1.5e9 (before: read as 1.5 million).
    (
        "1.500 milioni di euro",
        Figure,
        dec!(1500000000),
        dec!(1500000000),
        EUR,
    ),
    ("€25.000", Figure, dec!(25000), dec!(25000), EUR),
    ("20.000 euro", Figure, dec!(20000), dec!(20000), EUR),
    ("1.000 euro", Figure, dec!(1000), dec!(1000), EUR),
    // Several groups are thousands whatever the text: 240 × 10^6.
    (
        "240.000.000 euro",
        Figure,
        dec!(240000000),
        dec!(240000000),
        EUR,
    ),
    (
        "240.000.000",
        Figure,
        dec!(240000000),
        dec!(240000000),
        NONE,
    ),
    // 16,5 miliardi = 16.5 × 10^9.
    (
        "16,5 miliardi di dollari",
        Figure,
        dec!(16500000000),
        dec!(16500000000),
        USD,
    ),
    (
        "1,5 miliardi",
        Figure,
        dec!(1500000000),
        dec!(1500000000),
        NONE,
    ),
    ("1.000,50 euro", Figure, dec!(1000.50), dec!(1000.50), EUR),
    ("$1,000.50", Figure, dec!(1000.50), dec!(1000.50), USD),
    ("30.000 Dollari", Figure, dec!(30000), dec!(30000), USD),
    // Spaces and apostrophes between groups of three.
    ("25\u{202f}000 €", Figure, dec!(25000), dec!(25000), EUR),
    ("€25\u{a0}000", Figure, dec!(25000), dec!(25000), EUR),
    ("1 000 000 USD", Figure, dec!(1000000), dec!(1000000), USD),
    (
        "CHF 1'000'000",
        Figure,
        dec!(1000000),
        dec!(1000000),
        Some(Currency::Chf),
    ),
    // Abbreviations and number words.
    (
        "200 mln di euro",
        Figure,
        dec!(200000000),
        dec!(200000000),
        EUR,
    ),
    (
        "9 mld di dollari",
        Figure,
        dec!(9000000000),
        dec!(9000000000),
        USD,
    ),
    ("3 Mrd EUR", Figure, dec!(3000000000), dec!(3000000000), EUR),
    (
        "$2tn",
        Figure,
        dec!(2000000000000),
        dec!(2000000000000),
        USD,
    ),
    (
        "1 trillion dollars",
        Figure,
        dec!(1000000000000),
        dec!(1000000000000),
        USD,
    ),
    ("10 mila euro", Figure, dec!(10000), dec!(10000), EUR),
    ("100mila euro", Figure, dec!(100000), dec!(100000), EUR),
    ("mille euro", Figure, dec!(1000), dec!(1000), EUR),
    (
        "un miliardo di dollari",
        Figure,
        dec!(1000000000),
        dec!(1000000000),
        USD,
    ),
    (
        "un milione di euro",
        Figure,
        dec!(1000000),
        dec!(1000000),
        EUR,
    ),
    (
        "mezzo miliardo",
        Figure,
        dec!(500000000),
        dec!(500000000),
        NONE,
    ),
    // un miliardo e mezzo = 1 × 10^9 + 10^9 / 2.
    (
        "un miliardo e mezzo",
        Figure,
        dec!(1500000000),
        dec!(1500000000),
        NONE,
    ),
    (
        "a billion dollars",
        Figure,
        dec!(1000000000),
        dec!(1000000000),
        USD,
    ),
    (
        "half a billion",
        Figure,
        dec!(500000000),
        dec!(500000000),
        NONE,
    ),
    (
        "one and a half billion",
        Figure,
        dec!(1500000000),
        dec!(1500000000),
        NONE,
    ),
    // Scale words in a row multiply: mille miliardi = 1,000 × 10^9.
    (
        "mille miliardi",
        Figure,
        dec!(1000000000000),
        dec!(1000000000000),
        NONE,
    ),
    (
        "a thousand million",
        Figure,
        dec!(1000000000),
        dec!(1000000000),
        NONE,
    ),
    (
        "two hundred million dollars",
        Figure,
        dec!(200000000),
        dec!(200000000),
        USD,
    ),
    // Ranges: the first figure takes the second's scale and currency.
    (
        "$2-3 billion",
        Figure,
        dec!(2000000000),
        dec!(3000000000),
        USD,
    ),
    ("$2–3B", Figure, dec!(2000000000), dec!(3000000000), USD),
    ("€3-5", Figure, dec!(3), dec!(5), EUR),
    (
        "between $2B and $3B",
        Figure,
        dec!(2000000000),
        dec!(3000000000),
        USD,
    ),
    (
        "from $2B to $3B",
        Figure,
        dec!(2000000000),
        dec!(3000000000),
        USD,
    ),
    (
        "$2B to $3B",
        Figure,
        dec!(2000000000),
        dec!(3000000000),
        USD,
    ),
    (
        "tra 200 e 300 milioni di euro",
        Figure,
        dec!(200000000),
        dec!(300000000),
        EUR,
    ),
    (
        "da 200 a 300 milioni",
        Figure,
        dec!(200000000),
        dec!(300000000),
        NONE,
    ),
    (
        "fra i 2 e i 3 miliardi",
        Figure,
        dec!(2000000000),
        dec!(3000000000),
        NONE,
    ),
    // 500 is more than 2: it keeps its own scale, 500 to 2 × 10^6.
    (
        "between 500 and 2 million",
        Figure,
        dec!(500),
        dec!(2000000),
        NONE,
    ),
    (
        "tra 10.000 e 20.000 euro",
        Figure,
        dec!(10000),
        dec!(20000),
        EUR,
    ),
    (
        "tra 10 euro e 20.000 euro",
        Figure,
        dec!(10),
        dec!(20000),
        EUR,
    ),
    // Bounds.
    (">$100M", AtLeast, dec!(100000000), dec!(100000000), USD),
    (
        "more than $100 million",
        AtLeast,
        dec!(100000000),
        dec!(100000000),
        USD,
    ),
    ("over $100M", AtLeast, dec!(100000000), dec!(100000000), USD),
    (
        "at least $100M",
        AtLeast,
        dec!(100000000),
        dec!(100000000),
        USD,
    ),
    ("$100M+", AtLeast, dec!(100000000), dec!(100000000), USD),
    (
        "oltre i 100 milioni di euro",
        AtLeast,
        dec!(100000000),
        dec!(100000000),
        EUR,
    ),
    (
        "più di 100 milioni di dollari",
        AtLeast,
        dec!(100000000),
        dec!(100000000),
        USD,
    ),
    (
        "almeno 5 miliardi",
        AtLeast,
        dec!(5000000000),
        dec!(5000000000),
        NONE,
    ),
    (
        "non meno di 5 miliardi",
        AtLeast,
        dec!(5000000000),
        dec!(5000000000),
        NONE,
    ),
    (
        "fino a 10 milioni di dollari",
        AtMost,
        dec!(10000000),
        dec!(10000000),
        USD,
    ),
    ("up to $10M", AtMost, dec!(10000000), dec!(10000000), USD),
    ("<$10M", AtMost, dec!(10000000), dec!(10000000), USD),
    (
        "non più di 10 milioni",
        AtMost,
        dec!(10000000),
        dec!(10000000),
        NONE,
    ),
    (
        "fino a 500.000 Yuan",
        AtMost,
        dec!(500000),
        dec!(500000),
        CNY,
    ),
    // Approximations: about = ±10% (9B → 8.1B to 9.9B); nearly = 90% to 100%.
    ("about $9B", About, dec!(8100000000), dec!(9900000000), USD),
    (
        "circa 200 milioni di euro",
        About,
        dec!(180000000),
        dec!(220000000),
        EUR,
    ),
    ("~$9B", About, dec!(8100000000), dec!(9900000000), USD),
    (
        "intorno ai 9 miliardi",
        About,
        dec!(8100000000),
        dec!(9900000000),
        NONE,
    ),
    (
        "nearly $9 billion",
        Nearly,
        dec!(8100000000),
        dec!(9000000000),
        USD,
    ),
    (
        "quasi 9 miliardi di dollari",
        Nearly,
        dec!(8100000000),
        dec!(9000000000),
        USD,
    ),
    // about $2-3B: 2B × 0.9 to 3B × 1.1.
    (
        "about $2-3B",
        About,
        dec!(1800000000),
        dec!(3300000000),
        USD,
    ),
    // Orders of magnitude: tens of millions = [10^7, 10^8]; a few = 2 to 5 of it.
    (
        "tens of millions of dollars",
        Magnitude,
        dec!(10000000),
        dec!(100000000),
        USD,
    ),
    (
        "decine di milioni di dollari",
        Magnitude,
        dec!(10000000),
        dec!(100000000),
        USD,
    ),
    (
        "a few tens of millions",
        Magnitude,
        dec!(20000000),
        dec!(50000000),
        NONE,
    ),
    (
        "hundreds of millions",
        Magnitude,
        dec!(100000000),
        dec!(1000000000),
        NONE,
    ),
    (
        "billions",
        Magnitude,
        dec!(1000000000),
        dec!(10000000000),
        NONE,
    ),
    // migliaia di milioni = 10^3 × 10^6 = 10^9 to 10^10 (before: 1,000 to 10,000).
    (
        "migliaia di milioni di dollari",
        Magnitude,
        dec!(1000000000),
        dec!(10000000000),
        USD,
    ),
    (
        "thousands of millions",
        Magnitude,
        dec!(1000000000),
        dec!(10000000000),
        NONE,
    ),
    // millions of billions = 10^15 to 10^16.
    (
        "millions of billions",
        Magnitude,
        dec!(1e15),
        dec!(1e16),
        NONE,
    ),
    (
        "centinaia di migliaia di euro",
        Magnitude,
        dec!(100000),
        dec!(1000000),
        EUR,
    ),
    // The currencies articles use.
    (
        "500.000 yuan cinesi",
        Figure,
        dec!(500000),
        dec!(500000),
        CNY,
    ),
    (
        "RMB 3 billion",
        Figure,
        dec!(3000000000),
        dec!(3000000000),
        CNY,
    ),
    ("CN¥500", Figure, dec!(500), dec!(500), CNY),
    ("¥500 CNY", Figure, dec!(500), dec!(500), CNY),
    (
        "JP¥1.5 trillion",
        Figure,
        dec!(1500000000000),
        dec!(1500000000000),
        Some(Currency::Jpy),
    ),
    (
        "10 miliardi di yen",
        Figure,
        dec!(10000000000),
        dec!(10000000000),
        Some(Currency::Jpy),
    ),
    (
        "₩2 trillion",
        Figure,
        dec!(2000000000000),
        dec!(2000000000000),
        Some(Currency::Krw),
    ),
    (
        "5 miliardi di rupie",
        Figure,
        dec!(5000000000),
        dec!(5000000000),
        Some(Currency::Inr),
    ),
    (
        "C$2 billion",
        Figure,
        dec!(2000000000),
        dec!(2000000000),
        Some(Currency::Cad),
    ),
    (
        "2 miliardi di dollari canadesi",
        Figure,
        dec!(2000000000),
        dec!(2000000000),
        Some(Currency::Cad),
    ),
    (
        "A$1.5bn",
        Figure,
        dec!(1500000000),
        dec!(1500000000),
        Some(Currency::Aud),
    ),
    (
        "SEK 10 million",
        Figure,
        dec!(10000000),
        dec!(10000000),
        Some(Currency::Sek),
    ),
    (
        "3 miliardi di franchi svizzeri",
        Figure,
        dec!(3000000000),
        dec!(3000000000),
        Some(Currency::Chf),
    ),
];

#[test]
fn every_written_figure_reads_as_its_interval() {
    let mut checked = 0;
    for &(text, reading, low, high, currency) in READS {
        let w = read_claim(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            (w.reading, w.low.value, w.high.value, w.low.currency),
            (reading, low, high, currency),
            "{text}"
        );
        assert_eq!(w.high.currency, currency, "{text}");
        checked += 1;
    }
    assert!(checked >= 80, "{checked} figures");
}

/// Written figure → the error, and the part of the text it points at.
fn refused(text: &str) -> (ParseError, Option<String>) {
    match read_claim(text) {
        Ok(w) => panic!("{text}: read as {w:?}"),
        Err(e) => (e.error, e.at.map(|at| text[at].to_string())),
    }
}

#[test]
fn figures_the_text_cannot_tell_are_refused_with_both_readings() {
    // `$1.000` with no Italian word: one thousand, or one.
    let (e, at) = refused("$1.000");
    assert_eq!(at.as_deref(), Some("1.000"));
    assert_eq!(
        e,
        ParseError::Ambiguous {
            text: "1.000".into(),
            readings: ["1,000".into(), "1".into()],
            mark: '.',
        }
    );
    assert!(e.help().is_some_and(|h| h.contains("language = \"it\"")));
    // English words: the dot is a decimal point, but no one writes three decimals.
    assert!(matches!(
        refused("$1.000 million").0,
        ParseError::Ambiguous { .. }
    ));
    assert!(matches!(
        refused("€1.000 billion").0,
        ParseError::Ambiguous { .. }
    ));
    assert!(matches!(refused("550.000").0, ParseError::Ambiguous { .. }));
    // An Italian text with a comma before three zeros: one million or a thousand.
    assert!(matches!(
        refused("1,000 milioni").0,
        ParseError::Ambiguous { .. }
    ));
    // No word at all: the dot cannot be told.
    assert!(matches!(refused("1.500").0, ParseError::Ambiguous { .. }));
    // `tra i 10 e i 20.000 euro`: 10 to 20,000, or 10,000 to 20,000.
    let (e, at) = refused("tra i 10 e i 20.000 euro");
    assert_eq!(at.as_deref(), Some("tra i 10 e i 20.000 euro"));
    match e {
        ParseError::AmbiguousRange { readings, .. } => {
            assert_eq!(readings, ["10 to 20,000 EUR", "10,000 to 20,000 EUR"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_language_of_the_file_decides_a_bare_mark() {
    let it = read_figure("$25.000", Some(Language::Italian)).map(|w| w.low.value);
    assert_eq!(it, Ok(dec!(25000)));
    let it = read_figure("550.000", Some(Language::Italian)).map(|w| w.low.value);
    assert_eq!(it, Ok(dec!(550000)));
    let en = read_figure("$1.5", Some(Language::English)).map(|w| w.low.value);
    assert_eq!(en, Ok(dec!(1.5)));
    // The text's own words win over the file's language.
    let words = read_figure("1.500 milioni", Some(Language::English)).map(|w| w.low.value);
    assert_eq!(words, Ok(dec!(1500000000)));
    assert!(read_figure("1,000 euro", Some(Language::Italian)).is_err());
}

#[test]
fn unknown_and_misplaced_words_are_errors_at_their_place() {
    let cases: &[(&str, &str)] = &[
        // Before: dropped, read as $1,000-10,000.
        ("migliaia di milioni di dollaroni", "dollaroni"),
        ("9 bilion", "bilion"),
        ("$5M in cash", "in"),
        ("tens of millions of doughnuts", "doughnuts"),
        ("200 milioni di GPU", "gpu"),
        ("₹500 crore INR", "crore"),
        ("circa circa $5M", "circa"),
    ];
    for &(text, word) in cases {
        let (_, at) = refused(text);
        assert_eq!(
            at.as_deref().map(str::to_lowercase),
            Some(word.into()),
            "{text}"
        );
    }
}

#[test]
fn suggestions_never_change_a_magnitude() {
    // `mln` is read now; before it drew "did you mean `mld`?" (billions).
    assert!(read_claim("200 mln di euro").is_ok());
    // Near both `billion` (10^9) and `milione` (10^6): both are named, with their
    // magnitudes; a single "did you mean" would pick one.
    let help = refused("9 bilion").0.help().unwrap_or_default();
    assert!(help.contains("`billion` (10^9)"), "{help}");
    assert!(help.contains("(10^6)"), "{help}");
    // A typo near words of one meaning only gets its suggestion.
    let help = refused("9 dollarz").0.help().unwrap_or_default();
    assert!(help.starts_with("did you mean `dollar"), "{help}");
}

#[test]
fn false_friends_and_ambiguous_currencies_are_refused() {
    let (e, at) = refused("3 bilioni di euro");
    assert_eq!(e, ParseError::FalseFriend("bilioni".into()));
    assert_eq!(at.as_deref(), Some("bilioni"));
    assert!(e.help().is_some_and(|h| h.contains("miliardi")));
    let (e, at) = refused("¥500");
    assert_eq!(e, ParseError::AmbiguousCurrency("¥".into()));
    assert_eq!(at.as_deref(), Some("¥"));
    assert!(e.help().is_some_and(|h| h.contains("`JPY` or `CNY`")));
    assert!(matches!(
        refused("¥500 USD").0,
        ParseError::TwoCurrencies(..)
    ));
    assert!(matches!(
        refused("$9B EUR").0,
        ParseError::TwoCurrencies(..)
    ));
}

#[test]
fn malformed_figures_say_why() {
    assert_eq!(
        refused("$1.5.5M").0,
        ParseError::BadGrouping("1.5.5".into())
    );
    assert_eq!(refused("   ").0, ParseError::Empty);
    assert!(matches!(refused("$").0, ParseError::NoNumber(_)));
    assert_eq!(
        refused("more than").0,
        ParseError::NoFigure("more than".into())
    );
    // Two bound words on one figure: said so (before: "no number in `>`").
    assert!(
        matches!(refused(">>$5M").0, ParseError::Misplaced(m) if m.contains("`>` is written twice"))
    );
    assert!(matches!(
        refused("about nearly $5M").0,
        ParseError::Misplaced(m) if m.contains("`about` and `nearly` qualify the same figure")
    ));
    assert!(matches!(refused("$3B-2B").0, ParseError::Reversed(_)));
    assert!(matches!(
        refused("more than $2-3B").0,
        ParseError::Misplaced(_)
    ));
    assert!(matches!(
        refused("more than tens of millions").0,
        ParseError::Misplaced(_)
    ));
    assert!(matches!(
        refused("millions of thousands").0,
        ParseError::Misplaced(_)
    ));
    assert!(matches!(refused("545%").0, ParseError::Misplaced(_)));
    assert!(matches!(refused("between $2B").0, ParseError::Misplaced(_)));
    assert_eq!(refused("1e40").0, ParseError::TooLarge);
    assert_eq!(
        refused("79228162514264337593543950335T").0,
        ParseError::TooLarge
    );
}

#[test]
fn one_amount_is_one_figure() {
    assert_eq!(
        parse_amount("€25.000"),
        Ok(Amount {
            value: dec!(25000),
            currency: EUR
        })
    );
    assert!(parse_amount("$2-3B").is_err());
    assert!(parse_amount("about $5M").is_err());
}

#[test]
fn toml_numbers_read_through_their_text() {
    assert_eq!(parse_number("1_000.25").ok(), Some(dec!(1000.25)));
    assert_eq!(parse_number("-4").ok(), Some(dec!(-4)));
    assert_eq!(parse_number("1.2E3").ok(), Some(dec!(1200)));
    assert_eq!(
        parse_number("1e-30"),
        Err(ParseError::TooPrecise("1e-30".into()))
    );
    assert_eq!(
        parse_number("inf"),
        Err(ParseError::NotFinite("inf".into()))
    );
    // 0.1 + 0.2 would not be 0.3 through f64.
    let sum = parse_number("0.1").unwrap_or_default() + parse_number("0.2").unwrap_or_default();
    assert_eq!(sum, dec!(0.3));
}

proptest::proptest! {
    /// Any text reads or is refused, never panics; what reads is an ordered interval,
    /// and an error's place lies within the text on character boundaries.
    #[test]
    fn any_text_reads_or_is_refused(text in "[ -~€£¥₩₹àèéìòù\u{a0}\u{202f}’–—≥≤≈]{0,40}") {
        match read_claim(&text) {
            Ok(w) => proptest::prop_assert!(w.low.value <= w.high.value, "{}", text),
            Err(e) => {
                if let Some(at) = e.at {
                    proptest::prop_assert!(at.end <= text.len(), "{}", text);
                    proptest::prop_assert!(text.is_char_boundary(at.start), "{}", text);
                    proptest::prop_assert!(text.is_char_boundary(at.end), "{}", text);
                }
            }
        }
    }

    /// Figures built from the reader's own words read as the number they were built
    /// from: digits grouped by the Italian or English rule, then a scale word.
    #[test]
    fn grouped_figures_read_back(n in 1_000u64..1_000_000_000, italian in proptest::bool::ANY) {
        let digits = n.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(if italian { '.' } else { ',' });
            }
            grouped.push(c);
        }
        let text = if italian {
            format!("{grouped} milioni di euro")
        } else {
            format!("${grouped} million")
        };
        let w = read_claim(&text).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{text}: {e}")))?;
        proptest::prop_assert_eq!(w.low.value, Decimal::from(n) * Decimal::from(1_000_000));
    }
}
