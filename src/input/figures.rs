//! The figures of a scenario read from its TOML values: exact numbers through their
//! text (never through `f64`), whole counts, money as written (`"$1.5B"`, `"1.500
//! milioni"`), ranges of two bounds, distributions for `simulate`, and claimed values.

use rust_decimal::Decimal;
use toml::de::DeValue;

use super::{Fields, Problems, Value, string, wrong_type};
use crate::diagnostic::{Diagnostic, suggest};
use crate::money::{
    Amount, Language, ParseError, ReadError, Reading, Worded, parse_number, read_figure,
};

/// The exact value of a TOML integer or float; `None` for other types.
fn exact(value: &Value<'_>) -> Option<Result<Decimal, ParseError>> {
    Some(match value.get_ref() {
        DeValue::Integer(i) if i.radix() == 10 => parse_number(i.as_str()),
        DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix())
            .ok()
            .and_then(|n| Decimal::try_from_i128_with_scale(n, 0).ok())
            .ok_or(ParseError::TooLarge),
        DeValue::Float(f) => parse_number(f.as_str()),
        _ => return None,
    })
}

/// An exact number from a TOML integer or float.
pub fn number(value: &Value<'_>, problems: &mut Problems) -> Option<Decimal> {
    match exact(value) {
        None => {
            problems.push(wrong_type(value, "a number"));
            None
        }
        Some(Ok(n)) => Some(n),
        Some(Err(e)) => {
            problems.push(
                Diagnostic::at(value.span(), e.to_string())
                    .label("not an exact number")
                    .maybe_help(e.help()),
            );
            None
        }
    }
}

/// A whole number greater than zero (a count of GPUs).
pub fn positive_integer(value: &Value<'_>, what: &str, problems: &mut Problems) -> Option<u64> {
    let help = || format!("{what} is a positive whole number, e.g. `10_000`");
    let n = match exact(value) {
        None => {
            problems.push(wrong_type(value, &format!("a whole number for {what}")).help(help()));
            return None;
        }
        Some(Ok(n)) => n,
        Some(Err(ParseError::TooLarge)) => {
            problems.push(
                Diagnostic::at(value.span(), format!("{what} is too large"))
                    .label("beyond any fleet")
                    .help(help()),
            );
            return None;
        }
        // `nan`, `inf`, `1e-30`: not a count at all. Before: "too large".
        Some(Err(e)) => {
            problems.push(
                Diagnostic::at(value.span(), format!("{what} is not a whole number: {e}"))
                    .label("not a count")
                    .help(help()),
            );
            return None;
        }
    };
    let whole = n.is_integer().then(|| u64::try_from(n).ok()).flatten();
    match whole {
        Some(count) if count > 0 => Some(count),
        _ => {
            let why = if !n.is_integer() {
                "is not a whole number"
            } else if n <= Decimal::ZERO {
                "must be at least 1"
            } else {
                "is too large"
            };
            problems.push(
                Diagnostic::at(value.span(), format!("{what} {why}"))
                    .label(format!("`{}`", crate::money::format_decimal(n)))
                    .help(help()),
            );
            None
        }
    }
}

/// One bound of a quantity: a number, or for money a string such as `"$25k"`; one
/// figure, not a range or a band.
pub fn amount(
    value: &Value<'_>,
    money: bool,
    language: Option<Language>,
    problems: &mut Problems,
) -> Option<Amount> {
    match value.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => number(value, problems).map(|n| Amount {
            value: n,
            currency: None,
        }),
        DeValue::String(s) => {
            let worded = figure(value, s, money, language, "an amount", problems)?;
            if let Some(a) = worded.single() {
                return Some(a);
            }
            problems.push(
                Diagnostic::at(value.span(), format!("`{s}` is not one figure"))
                    .label("a bound of a range is one figure")
                    .help(format!(
                        "write the range as a whole, `\"{s}\"`, or each bound as a figure: `[\"$20k\", \"$30k\"]`"
                    )),
            );
            None
        }
        _ => {
            problems.push(wrong_type(
                value,
                if money {
                    "an amount such as `25000` or \"$25k\""
                } else {
                    "a number"
                },
            ));
            None
        }
    }
}

/// A figure written as text (`"€25.000"`, `"$2-3B"`, `"circa 200 milioni"`), read by
/// the one reader of figures; a problem is shown at the part of the text it is about.
fn figure(
    value: &Value<'_>,
    text: &str,
    money: bool,
    language: Option<Language>,
    what: &str,
    problems: &mut Problems,
) -> Option<Worded> {
    let worded = match read_figure(text, language) {
        Ok(w) => w,
        Err(e) => {
            problems.push(read_problem(value, text, &e, what));
            return None;
        }
    };
    if worded.low.currency.is_some() && !money {
        problems.push(
            Diagnostic::at(value.span(), "a currency on a quantity that is not money")
                .label("no currency here")
                .help("write the plain number, e.g. `1.3`"),
        );
        return None;
    }
    Some(worded)
}

/// "cannot read … as …", underlining the part of the text the reader points at where
/// the string is written as is (no escapes), else the whole string.
fn read_problem(value: &Value<'_>, text: &str, e: &ReadError, what: &str) -> Diagnostic {
    let whole = value.span();
    let plain = whole.len() == text.len() + 2;
    let span = match &e.at {
        Some(at) if plain => whole.start + 1 + at.start..whole.start + 1 + at.end.max(at.start + 1),
        _ => whole,
    };
    let label = match &e.error {
        ParseError::UnknownWord(_) => "not a word gpucost reads".to_string(),
        ParseError::FalseFriend(_) => "refused".to_string(),
        ParseError::Ambiguous { .. }
        | ParseError::AmbiguousRange { .. }
        | ParseError::BarePercentage { .. } => "can be read two ways".to_string(),
        ParseError::AmbiguousCurrency(_) => "which currency?".to_string(),
        ParseError::TwoCurrencies(..) => "a second currency".to_string(),
        _ => format!("not {what}"),
    };
    Diagnostic::at(span, format!("cannot read `{text}` as {what}: {e}"))
        .label(label)
        .maybe_help(e.help())
}

/// A value written either as one figure, as `[low, high]`, or as a distribution
/// `{ low = …, high = …, dist = "…" }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Lower bound as written.
    pub low: Amount,
    /// Upper bound as written (the same as `low` for a single figure).
    pub high: Amount,
    /// How the values between the bounds are spread.
    pub shape: Shape,
}

/// A distribution as written, its mode not yet converted to the report currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Every value between the bounds equally likely (the default).
    Uniform,
    /// Normal, the bounds its 5th and 95th percentiles.
    Normal,
    /// Lognormal, the bounds its 5th and 95th percentiles.
    Lognormal,
    /// Triangular between the bounds, peaking at the mode.
    Triangular(Amount),
    /// Beta-PERT between the bounds, with the mode.
    Pert(Amount),
}

impl Shape {
    /// The names of `dist`, as written.
    pub const NAMES: [&'static str; 5] = ["uniform", "normal", "lognormal", "triangular", "pert"];

    /// The keys of a distribution table.
    pub const KEYS: [&'static str; 4] = ["low", "high", "dist", "mode"];
}

/// A single figure, a `[low, high]` pair, or a figure written as text that reads as
/// an interval (`"$20k-30k"`, `"circa $25k"`); bounds are ordered later, after any
/// currency conversion.
pub fn bounds(
    value: &Value<'_>,
    money: bool,
    language: Option<Language>,
    problems: &mut Problems,
) -> Option<Bounds> {
    match value.get_ref() {
        DeValue::Array(items) => match items.as_ref() {
            [low, high] => {
                let low = amount(low, money, language, problems);
                let high = amount(high, money, language, problems);
                Some(Bounds {
                    low: low?,
                    high: high?,
                    shape: Shape::Uniform,
                })
            }
            _ => {
                problems.push(
                    Diagnostic::at(
                        value.span(),
                        format!("a range has two bounds, this has {}", items.len()),
                    )
                    .label("expected `[low, high]`")
                    .help("write one value, or a range `[low, high]`"),
                );
                None
            }
        },
        DeValue::String(s) => {
            let w = figure(value, s, money, language, "an amount", problems)?;
            if w.reading.is_bound() {
                problems.push(
                    Diagnostic::at(value.span(), format!("`{s}` has only one end"))
                        .label("an assumption needs a low and a high")
                        .help(
                            "write the range it allows, e.g. `[\"$20k\", \"$30k\"]`; bounds \
                             such as \"more than\" belong in claims",
                        ),
                );
                return None;
            }
            Some(Bounds {
                low: w.low,
                high: w.high,
                shape: Shape::Uniform,
            })
        }
        _ => amount(value, money, language, problems).map(|a| Bounds {
            low: a,
            high: a,
            shape: Shape::Uniform,
        }),
    }
}

/// A claimed figure: a number, a range `[low, high]`, or text as people write claims
/// (`"more than $100 million"`, `"tens of millions"`; see [`read_figure`]), read as an
/// interval with how it is judged and, for text, the words as written.
pub fn claim(
    value: &Value<'_>,
    language: Option<Language>,
    problems: &mut Problems,
) -> Option<(Bounds, Reading, Option<String>)> {
    let DeValue::String(text) = value.get_ref() else {
        return bounds(value, true, language, problems).map(|b| (b, Reading::Figure, None));
    };
    let w = figure(value, text, true, language, "a claim", problems)?;
    Some((
        Bounds {
            low: w.low,
            high: w.high,
            shape: Shape::Uniform,
        },
        w.reading,
        Some(text.to_string()),
    ))
}

/// A claimed percentage (a serve's margin): `"545%"`, `"circa il 500%"`, or
/// `["400%", "600%"]`, in per cent. A number without its `%` (`5.45`) is refused with
/// both readings, never guessed.
pub fn percentage(
    value: &Value<'_>,
    language: Option<Language>,
    problems: &mut Problems,
) -> Option<(Bounds, Reading, Option<String>)> {
    let one = |v: &Value<'_>, problems: &mut Problems| -> Option<Worded> {
        let text = match v.get_ref() {
            DeValue::String(text) => text.to_string(),
            DeValue::Integer(i) => i.as_str().to_string(),
            DeValue::Float(f) => f.as_str().to_string(),
            _ => {
                problems.push(
                    wrong_type(v, "a percentage such as `\"545%\"`")
                        .help("write the margin as written: `\"545%\"`, `\"circa il 500%\"`"),
                );
                return None;
            }
        };
        match crate::money::read_percentage(&text, language) {
            Ok(w) => Some(w),
            Err(e) => {
                problems.push(read_problem(v, &text, &e, "a percentage"));
                None
            }
        }
    };
    let (w, written) = match value.get_ref() {
        DeValue::Array(items) => match items.as_ref() {
            [low, high] => {
                let (low, high) = (one(low, problems), one(high, problems));
                let (Some(low), Some(high)) = (low?.single(), high?.single()) else {
                    problems.push(
                        Diagnostic::at(value.span(), "each end of a range is one percentage")
                            .label("a range, bound or approximation inside a range")
                            .help("write `[\"400%\", \"600%\"]`"),
                    );
                    return None;
                };
                let w = Worded {
                    reading: Reading::Figure,
                    low,
                    high,
                };
                (w, None)
            }
            _ => {
                problems.push(
                    Diagnostic::at(
                        value.span(),
                        format!("a range has two bounds, this has {}", items.len()),
                    )
                    .label("expected `[low, high]`")
                    .help("write one percentage, or a range `[\"400%\", \"600%\"]`"),
                );
                return None;
            }
        },
        DeValue::String(text) => (one(value, problems)?, Some(text.to_string())),
        _ => (one(value, problems)?, None),
    };
    if w.low.value > w.high.value {
        problems.push(
            Diagnostic::at(value.span(), "the range runs from high to low")
                .label("low above high")
                .help("write the low end first"),
        );
        return None;
    }
    Some((
        Bounds {
            low: w.low,
            high: w.high,
            shape: Shape::Uniform,
        },
        w.reading,
        written,
    ))
}

/// A model input: what [`bounds`] reads, or a distribution table
/// `{ low = …, high = …, dist = "lognormal" }` (`mode = …` for triangular and PERT).
pub fn distribution(
    value: &Value<'_>,
    money: bool,
    language: Option<Language>,
    problems: &mut Problems,
) -> Option<Bounds> {
    if value.get_ref().as_table().is_none() {
        return bounds(value, money, language, problems);
    }
    let f = Fields::new(value, "a distribution", &Shape::KEYS, problems)?;
    let example = "e.g. `{ low = 1.1, high = 1.5, dist = \"pert\", mode = 1.2 }`";
    let bound = |key: &str, problems: &mut Problems| {
        f.require(
            key,
            problems,
            &format!("a distribution has a `low` and a `high`, {example}"),
        )
        .and_then(|v| amount(v, money, language, problems))
    };
    let low = bound("low", problems);
    let high = bound("high", problems);
    let dist = match f.get("dist") {
        None => Some(("uniform".to_string(), value.span())),
        Some(v) => string(v, problems).map(|name| (name, v.span())),
    };
    let mode = f.get("mode");
    let mode_amount = mode.and_then(|v| amount(v, money, language, problems));
    let shape = dist.and_then(|(name, span)| {
        let shape = match (name.as_str(), mode_amount) {
            ("uniform", _) => Shape::Uniform,
            ("normal", _) => Shape::Normal,
            ("lognormal", _) => Shape::Lognormal,
            ("triangular", Some(m)) => Shape::Triangular(m),
            ("pert", Some(m)) => Shape::Pert(m),
            // The mode was written but could not be read: already reported.
            ("triangular" | "pert", None) if mode.is_some() => return None,
            ("triangular" | "pert", None) => {
                problems.push(
                    Diagnostic::at(span, format!("a {name} distribution needs a `mode`"))
                        .label("no `mode` given")
                        .help(format!("add the most likely value, {example}")),
                );
                return None;
            }
            _ => {
                let help = match suggest::nearest(&name, Shape::NAMES) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("distributions: {}", suggest::one_of(&Shape::NAMES)),
                };
                problems.push(
                    Diagnostic::at(span, format!("unknown distribution `{name}`"))
                        .label("not a distribution")
                        .help(help),
                );
                return None;
            }
        };
        let has_mode = matches!(shape, Shape::Triangular(_) | Shape::Pert(_));
        if let (false, Some(m)) = (has_mode, mode) {
            problems.push(
                Diagnostic::at(m.span(), format!("a {name} distribution has no `mode`"))
                    .label("not used")
                    .help("`mode` goes with `dist = \"triangular\"` or `dist = \"pert\"`"),
            );
            return None;
        }
        Some(shape)
    });
    Some(Bounds {
        low: low?,
        high: high?,
        shape: shape?,
    })
}
