//! The words the figure reader knows, each with what it means and the language it
//! belongs to. The manual's tables (docs/src/scenario/figures.md) list the same words; change one, change the other.
//!
//! Phrases are written as the tokenizer splits them: words at spaces, an apostrophe
//! kept on the word it ends (`nell' ordine di`), symbols alone (`>=`, `~`).

use rust_decimal::Decimal;

use super::super::Currency;

/// The language a word belongs to: it tells how an ambiguous mark reads (`1.500`
/// is one thousand five hundred in Italian, one and a half in English).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Only Italian.
    It,
    /// Only English.
    En,
    /// Either, or neither (`circa`, `k`, `$`).
    Any,
}

/// One entry: the phrase, its language, what it means.
pub type Entry<T> = (&'static str, Lang, T);

use Lang::{Any, En, It};

/// Scales after a number: `25k`, `200 milioni`, `1.5bn`; the power of ten. The
/// one-letter abbreviations (`M`, `B`, `bn`) are English finance's: `$5.576M` is five
/// and a half million, whatever the symbol.
pub const SCALES: &[Entry<u32>] = &[
    ("k", Any, 3),
    ("thousand", En, 3),
    ("thousands", En, 3),
    ("mila", It, 3),
    ("mille", It, 3),
    ("hundred", En, 2),
    ("hundreds", En, 2),
    ("m", En, 6),
    ("mm", En, 6),
    ("mn", En, 6),
    ("mln", Any, 6),
    ("mio", Any, 6),
    ("million", En, 6),
    ("millions", En, 6),
    ("milione", It, 6),
    ("milioni", It, 6),
    ("b", En, 9),
    ("bn", En, 9),
    ("bln", Any, 9),
    ("billion", En, 9),
    ("billions", En, 9),
    ("miliardo", It, 9),
    ("miliardi", It, 9),
    ("mld", It, 9),
    ("mrd", Any, 9),
    ("t", En, 12),
    ("tn", En, 12),
    ("trn", En, 12),
    ("trillion", En, 12),
    ("trillions", En, 12),
];

/// Words that mean different magnitudes to different readers: refused, with what
/// to write instead.
pub const FALSE_FRIENDS: &[(&str, &str)] = &[
    (
        "bilione",
        "in Italian `bilione` is 10^12 by the long scale and 10^9 to some writers: write `miliardo` (10^9) or `mille miliardi` (10^12)",
    ),
    (
        "bilioni",
        "in Italian `bilioni` are 10^12 by the long scale and 10^9 to some writers: write `miliardi` (10^9) or `mila miliardi` (10^12)",
    ),
    (
        "biliardo",
        "`biliardo` is 10^15 by the long scale: write `milioni di miliardi`",
    ),
    (
        "biliardi",
        "`biliardi` are 10^15 by the long scale: write `milioni di miliardi`",
    ),
    (
        "trilione",
        "`trilione` is 10^18 by the long scale and 10^12 to some writers: write `mille miliardi` (10^12)",
    ),
    (
        "trilioni",
        "`trilioni` are 10^18 by the long scale and 10^12 to some writers: write `mila miliardi` (10^12)",
    ),
];

/// Plurals that make an order of magnitude with no number: `tens of millions`,
/// `decine di milioni`, `migliaia di milioni`; the power of ten each adds.
pub const PLURALS: &[Entry<u32>] = &[
    ("tens", En, 1),
    ("decine", It, 1),
    ("hundreds", En, 2),
    ("centinaia", It, 2),
    ("thousands", En, 3),
    ("migliaia", It, 3),
    ("millions", En, 6),
    ("milioni", It, 6),
    ("billions", En, 9),
    ("miliardi", It, 9),
    ("trillions", En, 12),
];

/// `a few` narrows an order of magnitude to 2 to 5 of it.
pub const A_FEW: &[Entry<()>] = &[
    ("a few", En, ()),
    ("qualche", It, ()),
    ("alcune", It, ()),
    ("alcuni", It, ()),
    ("poche", It, ()),
    ("pochi", It, ()),
];

/// Numbers in words, read where a number stands: `un miliardo`, `half a billion`.
/// `a`/`an` count as one only before a scale (`a billion`).
pub fn number_words() -> &'static [Entry<Decimal>] {
    const fn d(n: i64) -> Decimal {
        Decimal::from_parts(n as u32, 0, 0, false, 0)
    }
    const HALF: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
    const WORDS: &[Entry<Decimal>] = &[
        ("a", En, d(1)),
        ("an", En, d(1)),
        ("one", En, d(1)),
        ("two", En, d(2)),
        ("three", En, d(3)),
        ("four", En, d(4)),
        ("five", En, d(5)),
        ("six", En, d(6)),
        ("seven", En, d(7)),
        ("eight", En, d(8)),
        ("nine", En, d(9)),
        ("ten", En, d(10)),
        ("twenty", En, d(20)),
        ("fifty", En, d(50)),
        ("half", En, HALF),
        ("un", It, d(1)),
        ("un'", It, d(1)),
        ("uno", It, d(1)),
        ("una", It, d(1)),
        ("due", It, d(2)),
        ("tre", It, d(3)),
        ("quattro", It, d(4)),
        ("cinque", It, d(5)),
        ("sei", It, d(6)),
        ("sette", It, d(7)),
        ("otto", It, d(8)),
        ("nove", It, d(9)),
        ("dieci", It, d(10)),
        ("venti", It, d(20)),
        ("cinquanta", It, d(50)),
        ("cento", It, d(100)),
        ("mille", It, d(1000)),
        ("mezzo", It, HALF),
        ("mezza", It, HALF),
    ];
    WORDS
}

/// Currencies by symbol, code or name; longer phrases first where one starts another
/// (`dollari canadesi` before `dollari`).
pub const CURRENCIES: &[Entry<Currency>] = &[
    ("canadian dollars", En, Currency::Cad),
    ("canadian dollar", En, Currency::Cad),
    ("dollari canadesi", It, Currency::Cad),
    ("dollaro canadese", It, Currency::Cad),
    ("australian dollars", En, Currency::Aud),
    ("australian dollar", En, Currency::Aud),
    ("dollari australiani", It, Currency::Aud),
    ("dollaro australiano", It, Currency::Aud),
    ("us dollars", En, Currency::Usd),
    ("us dollar", En, Currency::Usd),
    ("dollari usa", It, Currency::Usd),
    ("dollari americani", It, Currency::Usd),
    ("dollari statunitensi", It, Currency::Usd),
    ("swiss francs", En, Currency::Chf),
    ("swiss franc", En, Currency::Chf),
    ("franchi svizzeri", It, Currency::Chf),
    ("franco svizzero", It, Currency::Chf),
    ("swedish kronor", En, Currency::Sek),
    ("swedish krona", En, Currency::Sek),
    ("corone svedesi", It, Currency::Sek),
    ("corona svedese", It, Currency::Sek),
    ("pounds sterling", En, Currency::Gbp),
    ("yuan cinesi", It, Currency::Cny),
    ("chinese yuan", En, Currency::Cny),
    ("japanese yen", En, Currency::Jpy),
    ("yen giapponesi", It, Currency::Jpy),
    ("south korean won", En, Currency::Krw),
    ("korean won", En, Currency::Krw),
    ("indian rupees", En, Currency::Inr),
    ("rupie indiane", It, Currency::Inr),
    ("usd", Any, Currency::Usd),
    ("us$", Any, Currency::Usd),
    ("$", Any, Currency::Usd),
    ("dollar", En, Currency::Usd),
    ("dollars", En, Currency::Usd),
    ("dollaro", It, Currency::Usd),
    ("dollari", It, Currency::Usd),
    ("eur", Any, Currency::Eur),
    ("€", Any, Currency::Eur),
    ("euro", Any, Currency::Eur),
    ("euros", En, Currency::Eur),
    ("gbp", Any, Currency::Gbp),
    ("£", Any, Currency::Gbp),
    ("pound", En, Currency::Gbp),
    ("pounds", En, Currency::Gbp),
    ("sterlina", It, Currency::Gbp),
    ("sterline", It, Currency::Gbp),
    ("cny", Any, Currency::Cny),
    ("rmb", Any, Currency::Cny),
    ("cn¥", Any, Currency::Cny),
    ("yuan", Any, Currency::Cny),
    ("renminbi", Any, Currency::Cny),
    ("jpy", Any, Currency::Jpy),
    ("jp¥", Any, Currency::Jpy),
    ("yen", Any, Currency::Jpy),
    ("krw", Any, Currency::Krw),
    ("₩", Any, Currency::Krw),
    ("won", Any, Currency::Krw),
    ("inr", Any, Currency::Inr),
    ("₹", Any, Currency::Inr),
    ("rupee", En, Currency::Inr),
    ("rupees", En, Currency::Inr),
    ("rupia", It, Currency::Inr),
    ("rupie", It, Currency::Inr),
    ("chf", Any, Currency::Chf),
    ("cad", Any, Currency::Cad),
    ("c$", Any, Currency::Cad),
    ("ca$", Any, Currency::Cad),
    ("aud", Any, Currency::Aud),
    ("a$", Any, Currency::Aud),
    ("au$", Any, Currency::Aud),
    ("sek", Any, Currency::Sek),
];

/// Symbols and words that name more than one currency: refused unless a code says
/// which.
pub const AMBIGUOUS_CURRENCIES: &[(&str, &[Currency])] = &[
    ("¥", &[Currency::Jpy, Currency::Cny]),
    ("kr", &[Currency::Sek]),
];

/// Words between a figure and its currency: `200 milioni di euro`.
pub const CONNECTORS: &[Entry<()>] = &[("di", It, ()), ("d'", It, ()), ("of", En, ())];

/// Articles a figure may follow: `oltre i 100 milioni`, `tra i 10 e i 20`.
pub const ARTICLES: &[Entry<()>] = &[
    ("i", It, ()),
    ("il", It, ()),
    ("gli", It, ()),
    ("le", It, ()),
    ("lo", It, ()),
    ("la", It, ()),
    ("l'", It, ()),
    ("the", En, ()),
];

/// How a qualifier word makes a figure read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    /// At least the figure.
    AtLeast,
    /// At most the figure.
    AtMost,
    /// About the figure: ±10%.
    About,
    /// Nearly the figure: 90% to 100% of it.
    Nearly,
}

/// Words before a figure that make it a bound or an approximation; longer phrases
/// first where one starts another (`non più di` is matched whole).
pub const QUALIFIERS: &[Entry<Qualifier>] = &[
    ("more than", En, Qualifier::AtLeast),
    ("at least", En, Qualifier::AtLeast),
    ("upwards of", En, Qualifier::AtLeast),
    ("in excess of", En, Qualifier::AtLeast),
    ("no less than", En, Qualifier::AtLeast),
    ("not less than", En, Qualifier::AtLeast),
    ("north of", En, Qualifier::AtLeast),
    ("over", En, Qualifier::AtLeast),
    ("above", En, Qualifier::AtLeast),
    ("più di", It, Qualifier::AtLeast),
    ("piu di", It, Qualifier::AtLeast),
    ("piu' di", It, Qualifier::AtLeast),
    ("non meno di", It, Qualifier::AtLeast),
    ("oltre", It, Qualifier::AtLeast),
    ("almeno", It, Qualifier::AtLeast),
    ("sopra", It, Qualifier::AtLeast),
    (">=", Any, Qualifier::AtLeast),
    ("≥", Any, Qualifier::AtLeast),
    (">", Any, Qualifier::AtLeast),
    ("less than", En, Qualifier::AtMost),
    ("at most", En, Qualifier::AtMost),
    ("up to", En, Qualifier::AtMost),
    ("as much as", En, Qualifier::AtMost),
    ("no more than", En, Qualifier::AtMost),
    ("not more than", En, Qualifier::AtMost),
    ("under", En, Qualifier::AtMost),
    ("below", En, Qualifier::AtMost),
    ("fino a", It, Qualifier::AtMost),
    ("fino ad", It, Qualifier::AtMost),
    ("meno di", It, Qualifier::AtMost),
    ("al massimo", It, Qualifier::AtMost),
    ("non più di", It, Qualifier::AtMost),
    ("non piu di", It, Qualifier::AtMost),
    ("non oltre", It, Qualifier::AtMost),
    ("entro", It, Qualifier::AtMost),
    ("sotto", It, Qualifier::AtMost),
    ("<=", Any, Qualifier::AtMost),
    ("≤", Any, Qualifier::AtMost),
    ("<", Any, Qualifier::AtMost),
    ("poco meno di", It, Qualifier::Nearly),
    ("just under", En, Qualifier::Nearly),
    ("nearly", En, Qualifier::Nearly),
    ("almost", En, Qualifier::Nearly),
    ("quasi", It, Qualifier::Nearly),
    ("approximately", En, Qualifier::About),
    ("approx", En, Qualifier::About),
    ("roughly", En, Qualifier::About),
    ("around", En, Qualifier::About),
    ("about", En, Qualifier::About),
    ("circa", Any, Qualifier::About),
    ("intorno agli", It, Qualifier::About),
    ("intorno ai", It, Qualifier::About),
    ("intorno a", It, Qualifier::About),
    ("attorno ai", It, Qualifier::About),
    ("attorno a", It, Qualifier::About),
    ("all' incirca", It, Qualifier::About),
    ("nell' ordine dei", It, Qualifier::About),
    ("nell' ordine di", It, Qualifier::About),
    ("dell' ordine di", It, Qualifier::About),
    ("~", Any, Qualifier::About),
    ("≈", Any, Qualifier::About),
];

/// Words that open a range: `between $2B and $3B`, `tra 200 e 300 milioni`, with the
/// words that may close it.
pub const RANGE_OPENERS: &[(&str, Lang, &[&str])] = &[
    ("between", En, &["and", "-", "–", "—"]),
    ("from", En, &["to", "-", "–", "—"]),
    ("tra", It, &["e", "-", "–", "—"]),
    ("fra", It, &["e", "-", "–", "—"]),
    ("da", It, &["a", "-", "–", "—"]),
];

/// What may stand between the two figures of a range without an opener: `$2-3B`,
/// `$2B to $3B`.
pub const RANGE_SEPARATORS: &[&str] = &["-", "–", "—", "to"];

/// A half after a figure: `un miliardo e mezzo`, `one and a half billion`.
pub const AND_A_HALF: &[Entry<()>] = &[("e mezzo", It, ()), ("and a half", En, ())];

/// Every word of the tables, for suggestions and for telling an unknown word.
pub fn all_words() -> impl Iterator<Item = (&'static str, Lang)> {
    let phrases = SCALES
        .iter()
        .map(|e| (e.0, e.1))
        .chain(PLURALS.iter().map(|e| (e.0, e.1)))
        .chain(number_words().iter().map(|e| (e.0, e.1)))
        .chain(CURRENCIES.iter().map(|e| (e.0, e.1)))
        .chain(CONNECTORS.iter().map(|e| (e.0, e.1)))
        .chain(ARTICLES.iter().map(|e| (e.0, e.1)))
        .chain(QUALIFIERS.iter().map(|e| (e.0, e.1)))
        .chain(A_FEW.iter().map(|e| (e.0, e.1)))
        .chain(AND_A_HALF.iter().map(|e| (e.0, e.1)))
        .chain(RANGE_OPENERS.iter().map(|e| (e.0, e.1)));
    phrases.flat_map(|(phrase, lang)| phrase.split(' ').map(move |w| (w, lang)))
}

/// What a word of the tables means, in a few words: `10^6`, `USD`, `at least`.
pub fn meaning(word: &str) -> String {
    let whole = |phrase: &str| phrase.split(' ').any(|w| w == word);
    if let Some((_, _, p)) = SCALES.iter().chain(PLURALS).find(|e| e.0 == word) {
        return format!("10^{p}");
    }
    if let Some((_, _, c)) = CURRENCIES.iter().find(|e| whole(e.0)) {
        return c.code().to_string();
    }
    if let Some((_, _, n)) = number_words().iter().find(|e| e.0 == word) {
        return n.to_string();
    }
    if let Some((_, _, q)) = QUALIFIERS.iter().find(|e| whole(e.0)) {
        return match q {
            Qualifier::AtLeast => "at least",
            Qualifier::AtMost => "at most",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
        }
        .to_string();
    }
    "a linking word".to_string()
}
