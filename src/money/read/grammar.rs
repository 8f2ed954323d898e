//! Tokens → a [`Worded`] figure:
//!
//! ```text
//! figure    := qualifier? article* body `+`?
//! body      := opener article* side closer article* side      (between A and B, tra A e B)
//!            | magnitude                                     (tens of millions)
//!            | side (separator article* side)?               ($2-3B, $2B to $3B)
//! side      := currency* sign? number half? scale* half? (connector? currency+)?
//! number    := digits | number word                          (1.500, un, half a)
//! magnitude := a-few? plural (connector plural)* (connector? currency+)?
//! ```
//!
//! Every token must be used: one that is not is an error at its place.
//!
//! Over 600 lines, and one idea: the grammar above, one function per rule, so the code
//! reads as the grammar does.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use super::super::Currency;
use super::number::{Convention, read_number};
use super::tokens::{Kind, Token, tokens};
use super::vocab::{self, Entry, Lang, Qualifier};
use super::{Amount, Language, ParseError, ReadError, Reading, Worded};

/// Reads `text` in `language` where its words do not say.
pub fn read(text: &str, language: Option<Language>) -> Result<Worded, ReadError> {
    let tokens = tokens(text);
    if tokens.is_empty() {
        return Err(ParseError::Empty.into());
    }
    let mut convention = convention(&tokens);
    if !convention.italian && !convention.english {
        convention.italian = language == Some(Language::Italian);
        convention.english = language == Some(Language::English);
    }
    let mut parser = Parser {
        text,
        tokens: &tokens,
        at: 0,
        convention,
    };
    parser.figure()
}

/// What the text's words say about how its marks read.
fn convention(tokens: &[Token]) -> Convention {
    let langs = word_languages();
    let mut c = Convention::default();
    for t in tokens {
        match langs.get(t.text.as_str()) {
            Some(Lang::It) => c.italian = true,
            Some(Lang::En) => c.english = true,
            _ => {}
        }
        if matches!(t.text.as_str(), "€" | "eur" | "euro" | "euros") {
            c.euro = true;
        }
    }
    c
}

/// Each word of the tables with its language: `Any` where it is in both.
pub(super) fn word_languages() -> &'static HashMap<&'static str, Lang> {
    static LANGS: OnceLock<HashMap<&'static str, Lang>> = OnceLock::new();
    LANGS.get_or_init(|| {
        let mut langs = HashMap::new();
        for (word, lang) in vocab::all_words() {
            langs
                .entry(word)
                .and_modify(|l| {
                    if *l != lang {
                        *l = Lang::Any;
                    }
                })
                .or_insert(lang);
        }
        langs
    })
}

/// One figure of a range, before the ranges' sharing rules apply.
#[derive(Clone, Debug)]
struct Side {
    /// The number as written.
    number: Decimal,
    /// Its thousands separators.
    groups: usize,
    /// The product of its scale words, if it has any.
    scale: Option<Decimal>,
    /// `e mezzo` after its scale: half a scale more.
    half_scale: bool,
    /// Its currency, with where it is named.
    currency: Option<(Currency, Range<usize>)>,
}

impl Side {
    fn value(&self) -> Result<Decimal, ParseError> {
        let scale = self.scale.unwrap_or(Decimal::ONE);
        let mut value = self.number.checked_mul(scale).ok_or(ParseError::TooLarge)?;
        if self.half_scale {
            value = value
                .checked_add(scale / Decimal::TWO)
                .ok_or(ParseError::TooLarge)?;
        }
        Ok(value)
    }
}

struct Parser<'t> {
    text: &'t str,
    tokens: &'t [Token],
    at: usize,
    convention: Convention,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_text(&self, ahead: usize) -> Option<&str> {
        self.tokens.get(self.at + ahead).map(|t| t.text.as_str())
    }

    /// The span from token `from` to the last one taken.
    fn span_from(&self, from: usize) -> Range<usize> {
        let start = self
            .tokens
            .get(from)
            .map_or(self.text.len(), |t| t.span.start);
        let end = self
            .at
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(start, |t| t.span.end);
        start..end.max(start)
    }

    /// Whether the tokens here spell `phrase`; its length in tokens.
    fn spells(&self, phrase: &str) -> Option<usize> {
        // Word by word, without a list of them: every figure read tries every entry
        // of the vocabulary's tables (the catalog's thousands of figures at start-up).
        // Most entries differ at once: a prefix test before splitting.
        if !phrase.starts_with(self.peek_text(0)?) {
            return None;
        }
        let mut len = 0;
        for (k, word) in phrase.split(' ').enumerate() {
            if self.peek_text(k) != Some(word) {
                return None;
            }
            len = k + 1;
        }
        Some(len)
    }

    /// Takes the longest entry of `table` spelled here.
    fn take<T: Copy>(&mut self, table: &[Entry<T>]) -> Option<(T, Range<usize>)> {
        let (len, value) = table
            .iter()
            .filter_map(|e| self.spells(e.0).map(|n| (n, e.2)))
            .max_by_key(|(n, _)| *n)?;
        let from = self.at;
        self.at += len;
        Some((value, self.span_from(from)))
    }

    fn take_word(&mut self, words: &[&str]) -> bool {
        let found = self.peek_text(0).is_some_and(|t| words.contains(&t));
        if found {
            self.at += 1;
        }
        found
    }

    fn skip_articles(&mut self) {
        while self.take(vocab::ARTICLES).is_some() {}
    }

    /// The error for the token here: unknown, or where it cannot stand.
    fn unexpected(&self) -> ReadError {
        let Some(t) = self.peek() else {
            return ParseError::NoNumber(String::new()).into();
        };
        let error = if vocab::FALSE_FRIENDS.iter().any(|(w, _)| *w == t.text) {
            ParseError::FalseFriend(t.text.clone())
        } else if t.text == "%" {
            ParseError::Misplaced("a percentage where an amount is expected".into())
        } else if word_languages().contains_key(t.text.as_str()) || t.kind == Kind::Number {
            ParseError::Misplaced(format!("`{}` cannot stand here", t.text))
        } else {
            ParseError::UnknownWord(t.text.clone())
        };
        ReadError::at(error, t.span.clone())
    }

    fn figure(&mut self) -> Result<Worded, ReadError> {
        let qualifier = self.take(vocab::QUALIFIERS);
        if let Some((_, span)) = &qualifier {
            self.skip_articles();
            // `circa circa`, `about nearly`: before, "no number in `circa`".
            if let Some((_, again)) = self.take(vocab::QUALIFIERS) {
                let (first, second) = (&self.text[span.clone()], &self.text[again.clone()]);
                let what = if first.eq_ignore_ascii_case(second) {
                    format!("`{first}` is written twice")
                } else {
                    format!("`{first}` and `{second}` qualify the same figure")
                };
                return Err(ReadError::at(
                    ParseError::Misplaced(format!(
                        "{what}: a figure takes one bound or approximation word"
                    )),
                    again.clone(),
                ));
            }
            if self.peek().is_none() {
                let word = self.text[span.clone()].to_lowercase();
                return Err(ReadError::at(ParseError::NoFigure(word), span.clone()));
            }
        }
        let body = self.body()?;
        let plus = self.peek_text(0) == Some("+");
        if plus {
            self.at += 1;
        }
        if self.peek().is_some() {
            return Err(self.unexpected());
        }
        let (reading, low_factor, high_factor) = match (qualifier.as_ref().map(|q| q.0), plus) {
            (None, false) => (body.reading, Decimal::ONE, Decimal::ONE),
            (None, true) => (Reading::AtLeast, Decimal::ONE, Decimal::ONE),
            (Some(_), true) => {
                return Err(ReadError::at(
                    ParseError::Misplaced(
                        "a figure takes one bound word, not a word and `+`".into(),
                    ),
                    self.span_from(0),
                ));
            }
            (Some(Qualifier::AtLeast), _) => (Reading::AtLeast, Decimal::ONE, Decimal::ONE),
            (Some(Qualifier::AtMost), _) => (Reading::AtMost, Decimal::ONE, Decimal::ONE),
            (Some(Qualifier::About), _) => (Reading::About, tenths(9), tenths(11)),
            (Some(Qualifier::Nearly), _) => (Reading::Nearly, tenths(9), Decimal::ONE),
        };
        let bounded = reading != body.reading;
        if bounded && body.reading != Reading::Figure {
            return Err(ReadError::at(
                ParseError::Misplaced(
                    "a bound or an approximation qualifies one figure, not an order of magnitude"
                        .into(),
                ),
                self.span_from(0),
            ));
        }
        if reading.is_bound() && body.low != body.high {
            return Err(ReadError::at(
                ParseError::Misplaced(
                    "a bound takes one figure: write `more than $2B`, or the range alone".into(),
                ),
                self.span_from(0),
            ));
        }
        let scaled = |a: Amount, f: Decimal| {
            a.value
                .checked_mul(f)
                .map(|value| Amount {
                    value: value.normalize(),
                    ..a
                })
                .ok_or_else(|| ReadError::from(ParseError::TooLarge))
        };
        Ok(Worded {
            reading,
            low: scaled(body.low, low_factor)?,
            high: scaled(body.high, high_factor)?,
        })
    }

    fn body(&mut self) -> Result<Worded, ReadError> {
        let from = self.at;
        let opener = vocab::RANGE_OPENERS
            .iter()
            .find(|(w, ..)| self.peek_text(0) == Some(w));
        if let Some((_, _, closers)) = opener {
            self.at += 1;
            self.skip_articles();
            let low = self.side()?;
            if !self.take_word(closers) {
                let expected = crate::diagnostic::suggest::one_of(closers);
                return Err(match self.peek() {
                    Some(t) => ReadError::at(
                        ParseError::Misplaced(format!(
                            "a range needs {expected} between its figures"
                        )),
                        t.span.clone(),
                    ),
                    None => ReadError::at(
                        ParseError::Misplaced(format!(
                            "a range needs {expected} and a second figure"
                        )),
                        self.span_from(from),
                    ),
                });
            }
            self.skip_articles();
            let high = self.side()?;
            return self.range(low, high, from);
        }
        if let Some(worded) = self.magnitude()? {
            return Ok(worded);
        }
        let low = self.side()?;
        if self.take_word(vocab::RANGE_SEPARATORS) {
            self.skip_articles();
            let high = self.side()?;
            return self.range(low, high, from);
        }
        let amount = Amount {
            value: low.value()?,
            currency: low.currency.map(|c| c.0),
        };
        Ok(Worded {
            reading: Reading::Figure,
            low: amount,
            high: amount,
        })
    }

    /// Two figures as one range: the first takes the second's scale (`$2-3B`) and
    /// currency (`200-300 milioni di euro`) where it has none.
    fn range(&self, mut low: Side, high: Side, from: usize) -> Result<Worded, ReadError> {
        let span = self.span_from(from);
        let written = self.text[span.clone()].to_string();
        if low.scale.is_none() && high.scale.is_some() && low.number <= high.number {
            low.scale = high.scale;
        }
        // `tra i 10 e i 20.000 euro`: the first figure may have left out its thousands.
        if low.scale.is_none() && high.scale.is_none() && low.currency.is_none() {
            let missing = high.groups.saturating_sub(low.groups);
            let thousands =
                (0..missing).try_fold(Decimal::ONE, |acc, _| acc.checked_mul(Decimal::from(1000)));
            if let Some(elided) = thousands.and_then(|t| low.number.checked_mul(t))
                && missing > 0
                && elided <= high.number
            {
                let unit = high.currency.as_ref().map_or("", |c| c.0.code());
                let reading = |a: Decimal| {
                    format!(
                        "{} to {} {unit}",
                        super::super::format_decimal(a),
                        super::super::format_decimal(high.number)
                    )
                    .trim_end()
                    .to_string()
                };
                return Err(ReadError::at(
                    ParseError::AmbiguousRange {
                        text: written,
                        readings: [reading(low.number), reading(elided)],
                    },
                    span,
                ));
            }
        }
        let currency = match (&low.currency, &high.currency) {
            (Some((a, _)), Some((b, at))) if a != b => {
                return Err(ReadError::at(ParseError::TwoCurrencies(*a, *b), at.clone()));
            }
            (Some((c, _)), _) | (None, Some((c, _))) => Some(*c),
            (None, None) => None,
        };
        let (low_value, high_value) = (low.value()?, high.value()?);
        if low_value > high_value {
            return Err(ReadError::at(ParseError::Reversed(written), span));
        }
        Ok(Worded {
            reading: Reading::Figure,
            low: Amount {
                value: low_value,
                currency,
            },
            high: Amount {
                value: high_value,
                currency,
            },
        })
    }

    /// `[a few] tens of millions [of dollars]`, or `None` when no order of magnitude
    /// in words starts here.
    fn magnitude(&mut self) -> Result<Option<Worded>, ReadError> {
        let from = self.at;
        let few = self.take(vocab::A_FEW).is_some();
        let mut powers: Vec<u32> = Vec::new();
        while let Some((power, span)) = self.take(vocab::PLURALS) {
            if powers.last().is_some_and(|&last| last >= power) {
                return Err(ReadError::at(
                    ParseError::Misplaced(
                        "an order of magnitude names its scales smallest first: `tens of millions`, `migliaia di milioni`"
                            .into(),
                    ),
                    span,
                ));
            }
            powers.push(power);
            let connector = self.spells_any(vocab::CONNECTORS);
            let plural_after = connector.is_some_and(|n| {
                vocab::PLURALS
                    .iter()
                    .any(|e| self.peek_text(n) == Some(e.0))
            });
            if plural_after {
                self.at += connector.unwrap_or(0);
            }
        }
        if powers.is_empty() {
            self.at = from;
            if few {
                // `a few` with no order of magnitude after it: `a` may be a number.
                return Ok(None);
            }
            return Ok(None);
        }
        let currency = self.currency_after()?;
        let power: u32 = powers.iter().sum();
        let base = pow10(power).ok_or(ParseError::TooLarge)?;
        let (low, high) = if few {
            (base * Decimal::TWO, base * Decimal::from(5))
        } else {
            (
                base,
                base.checked_mul(Decimal::TEN).ok_or(ParseError::TooLarge)?,
            )
        };
        let currency = currency.map(|c| c.0);
        Ok(Some(Worded {
            reading: Reading::Magnitude,
            low: Amount {
                value: low,
                currency,
            },
            high: Amount {
                value: high,
                currency,
            },
        }))
    }

    /// How many tokens an entry of `table` spelled here takes, if one is.
    fn spells_any<T>(&self, table: &[Entry<T>]) -> Option<usize> {
        table.iter().filter_map(|e| self.spells(e.0)).max()
    }

    /// One figure: currency, number, scales, currency.
    fn side(&mut self) -> Result<Side, ReadError> {
        let mut currency = Currencies::default();
        while currency.take(self)? {}
        let sign = self.peek_text(0);
        let minus = sign == Some("-");
        let signed = matches!(sign, Some("-" | "+"))
            && self.tokens.get(self.at + 1).is_some_and(|next| {
                next.kind == Kind::Number && next.span.start == self.tokens[self.at].span.end
            });
        if signed {
            self.at += 1;
        }
        let negative = signed && minus;
        let (mut number, groups) = self.number()?;
        if negative {
            number = -number;
        }
        if self.spells_any(vocab::AND_A_HALF).is_some() && self.scale_follows_half() {
            self.take(vocab::AND_A_HALF);
            number = number
                .checked_add(Decimal::new(5, 1))
                .ok_or(ParseError::TooLarge)?;
        }
        let mut scale: Option<(Decimal, u32)> = None;
        while let Some((power, span)) = self.take(vocab::SCALES) {
            if let Some((_, last)) = scale
                && last >= power
            {
                return Err(ReadError::at(
                    ParseError::Misplaced(
                        "scale words multiply smallest first: `mille miliardi`, `thousand million`"
                            .into(),
                    ),
                    span,
                ));
            }
            let factor = pow10(power).ok_or(ParseError::TooLarge)?;
            let product = scale
                .map_or(Some(factor), |(s, _)| s.checked_mul(factor))
                .ok_or(ParseError::TooLarge)?;
            scale = Some((product, power));
        }
        let half_scale = scale.is_some() && self.spells("e mezzo").is_some();
        if half_scale {
            self.at += 2;
        }
        if self.peek_text(0) == Some("%") {
            return Err(self.unexpected());
        }
        if let Some(n) = self.spells_any(vocab::CONNECTORS) {
            self.at += n;
            if !currency.take(self)? {
                return Err(self.unexpected());
            }
        }
        while currency.take(self)? {}
        Ok(Side {
            number,
            groups,
            scale: scale.map(|s| s.0),
            half_scale,
            currency: currency.resolve()?,
        })
    }

    /// Whether `and a half` here belongs to the figure: a scale follows it (`one and a
    /// half billion`), or nothing does.
    fn scale_follows_half(&self) -> bool {
        let n = self.spells_any(vocab::AND_A_HALF).unwrap_or(0);
        match self.peek_text(n) {
            None => true,
            Some(next) => vocab::SCALES.iter().any(|e| e.0 == next),
        }
    }

    /// A number in digits or in words, with its thousands separators.
    fn number(&mut self) -> Result<(Decimal, usize), ReadError> {
        let Some(t) = self.peek().cloned() else {
            let shown = self.tokens.last().map_or(String::new(), |t| t.text.clone());
            return Err(ParseError::NoNumber(shown).into());
        };
        if t.kind == Kind::Number {
            self.at += 1;
            let written = read_number(&t.text, self.convention)
                .map_err(|e| ReadError::at(e, t.span.clone()))?;
            return Ok((written.value, written.groups));
        }
        let word = vocab::number_words().iter().find(|e| e.0 == t.text);
        if let Some(&(w, _, value)) = word {
            let next = self.peek_text(1);
            let before_scale =
                |n: Option<&str>| n.is_some_and(|n| vocab::SCALES.iter().any(|e| e.0 == n));
            // `a`/`an` is one only before a scale: `a billion`; `half a billion`.
            if matches!(w, "a" | "an") && !before_scale(next) {
                return Err(self.no_number(&t));
            }
            self.at += 1;
            if w == "half"
                && matches!(self.peek_text(0), Some("a" | "an"))
                && before_scale(self.peek_text(1))
            {
                self.at += 1;
            }
            return Ok((value, 0));
        }
        Err(self.no_number(&t))
    }

    fn no_number(&self, t: &Token) -> ReadError {
        if word_languages().contains_key(t.text.as_str()) || t.kind == Kind::Symbol {
            ReadError::at(ParseError::NoNumber(t.text.clone()), t.span.clone())
        } else {
            self.unexpected()
        }
    }

    /// `di euro`, `of dollars`, `USD` after an order of magnitude.
    fn currency_after(&mut self) -> Result<Option<(Currency, Range<usize>)>, ReadError> {
        let mut currency = Currencies::default();
        if let Some(n) = self.spells_any(vocab::CONNECTORS) {
            self.at += n;
            if !currency.take(self)? {
                return Err(self.unexpected());
            }
        }
        while currency.take(self)? {}
        currency.resolve()
    }
}

/// The currencies one figure names: one, or a symbol of several (`¥`) that a code
/// beside it settles.
#[derive(Default)]
struct Currencies {
    named: Option<(Currency, Range<usize>)>,
    ambiguous: Option<(&'static [Currency], Range<usize>, String)>,
}

impl Currencies {
    /// Takes a currency here, if one is; errors on a second, different one.
    fn take(&mut self, p: &mut Parser<'_>) -> Result<bool, ReadError> {
        if let Some((_, options)) = vocab::AMBIGUOUS_CURRENCIES
            .iter()
            .find(|(s, _)| p.peek_text(0) == Some(s))
        {
            let t = &p.tokens[p.at];
            self.ambiguous = Some((options, t.span.clone(), t.text.clone()));
            p.at += 1;
            return Ok(true);
        }
        let Some((found, span)) = p.take(vocab::CURRENCIES) else {
            return Ok(false);
        };
        match &self.named {
            Some((existing, _)) if *existing != found => Err(ReadError::at(
                ParseError::TwoCurrencies(*existing, found),
                span,
            )),
            _ => {
                self.named = Some((found, span));
                Ok(true)
            }
        }
    }

    /// The one currency named, if any: an ambiguous symbol needs a code among its
    /// readings.
    fn resolve(self) -> Result<Option<(Currency, Range<usize>)>, ReadError> {
        match (self.named, self.ambiguous) {
            (named, None) => Ok(named),
            (Some((c, span)), Some((options, ..))) if options.contains(&c) => Ok(Some((c, span))),
            (Some((c, _)), Some((options, span, _))) => Err(ReadError::at(
                ParseError::TwoCurrencies(options[0], c),
                span,
            )),
            (None, Some((_, span, symbol))) => {
                Err(ReadError::at(ParseError::AmbiguousCurrency(symbol), span))
            }
        }
    }
}

fn tenths(n: i64) -> Decimal {
    Decimal::new(n, 1)
}

fn pow10(power: u32) -> Option<Decimal> {
    (0..power).try_fold(Decimal::ONE, |acc, _| acc.checked_mul(Decimal::TEN))
}
