//! [`Draft`] + [`Catalog`] → [`Scenario`]: each input taken from the fleet, else
//! `[defaults]`, else the scenario's `[gpu.NAME]`, else the catalog; currencies
//! converted at the scenario date's rates; ranges, domains, ids, references and
//! launch dates checked. Values that failed to read were reported by the reader and
//! are skipped here without a second message.

mod claims;
mod fleets;
mod gpu;
mod jobs;
mod serve;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::read::{Draft, DraftGpu, Input, Spanned};
use super::{Dist, Fleet, Ids, Market, Origin, Resolved, Scenario};
use crate::catalog::{Catalog, GpuRef, PriceKind};
use crate::diagnostic::Diagnostic;
use crate::input::param::Param;
use crate::input::{Problems, Shape, Span};
use crate::money::{
    Amount, Currency, Range, RateOrigin, Rates, Restated, format_amount, format_decimal,
};

/// Resolves a draft, its money reported in `report` (default: the file's own
/// `currency`); problems go to `problems`. Returns `None` when the scenario lacks what
/// pricing needs (a date).
pub fn resolve(
    draft: &Draft,
    fallback_name: &str,
    catalog: &Catalog,
    report: Option<Currency>,
    problems: &mut Problems,
) -> Option<Scenario> {
    let date = draft.date.as_ref()?;
    let written = match &draft.currency {
        Some(c) => c.value,
        None if draft.currency_invalid => return None,
        None => Currency::Usd,
    };
    let currency = report.unwrap_or(written);
    let rates = rates_at(date.value, draft, catalog);
    let mut r = Resolver {
        catalog,
        draft,
        date: date.value,
        currency,
        written,
        rates,
        problems,
        warnings: Vec::new(),
        restated: None,
        texts: RefCell::default(),
        markets: RefCell::default(),
        conversion_overflowed: std::cell::Cell::new(false),
        first_starts: std::cell::OnceCell::new(),
    };
    for needed in [written, currency] {
        if r.rates.usd_per(needed).is_none() {
            let span = draft
                .currency
                .as_ref()
                .map_or(date.span.clone(), |c| c.span.clone());
            r.problems.push(r.missing_rate(span, needed));
            return None;
        }
    }
    if let Some(year) = &draft.dollar_year {
        r.restated = Some(r.constant_dollars(year)?);
    }
    let fleets = r.fleets();
    r.unused_gpus();
    let ids = Ids::of(&fleets);
    let jobs = r.jobs(&fleets, &ids);
    let ids = ids.with_jobs(&jobs);
    let serves = r.serves(&fleets, &ids);
    let ids = ids.with_serves(&serves);
    let claims = r.claims(&fleets, &jobs, &serves, &ids);
    Some(Scenario {
        name: draft
            .name
            .clone()
            .unwrap_or_else(|| fallback_name.to_string()),
        date: date.value,
        currency,
        written,
        sources: draft.sources.clone(),
        option: None,
        rates: r.rates,
        fleets,
        jobs,
        serves,
        claims,
        warnings: r.warnings,
        restated: r.restated,
        ids,
    })
}

impl Resolver<'_> {
    /// What `resolve` gives, or, when it gives nothing and no problem has been said
    /// at all, a problem at `span` naming `what`: no fleet, job or claim is ever
    /// dropped from a scenario that is then priced (a figure beyond the range a
    /// computation can take, as `years = 1e20`, may leave nothing else to say). A
    /// fleet's problem already said is not repeated for the claims on it.
    fn or_said<T>(
        &mut self,
        what: &str,
        span: &Span,
        resolve: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<T> {
        let resolved = resolve(self);
        if resolved.is_none() && self.problems.is_empty() {
            self.problems.push(
                Diagnostic::at(span.clone(), format!("{what} cannot be priced"))
                    .label("a figure here is beyond what gpucost can compute with")
                    .help("check its figures' scale (years, counts, prices, rates)"),
            );
        }
        resolved
    }
}

/// The rates in force: `[fx]` overrides, else the ECB mean of the scenario's month.
fn rates_at(date: NaiveDate, draft: &Draft, catalog: &Catalog) -> Rates {
    let month = catalog.fx.month(date.year(), date.month());
    let list = Currency::ALL
        .into_iter()
        .filter_map(|c| {
            if let Some((_, rate)) = draft.fx.iter().find(|(fc, _)| *fc == c) {
                return Some((c, rate.value, RateOrigin::Scenario));
            }
            let m = month?;
            Some((c, m.usd_per(c)?, RateOrigin::Ecb(m.label())))
        })
        .collect();
    Rates::new(list)
}

/// What resolution works with and from; its methods are spread over this module
/// (inputs, currencies, fleets), `gpu` (models, the catalog, market prices) and
/// `claims`.
struct Resolver<'a> {
    catalog: &'a Catalog,
    draft: &'a Draft,
    date: NaiveDate,
    /// The report currency, that every money figure is converted into.
    currency: Currency,
    /// The file's `currency`, that a bare number is written in.
    written: Currency,
    rates: Rates,
    problems: &'a mut Problems,
    /// What the scenario can be priced with but a reader should know.
    warnings: Vec<String>,
    /// Constant dollars, when `dollar_year` asks for them: every money figure is
    /// multiplied by its factor as it is converted into the report currency.
    restated: Option<Restated>,
    /// The catalog's sources and dates as quoted so far, each held once.
    texts: RefCell<HashSet<Arc<str>>>,
    /// The catalog markets derived so far, by model or family name, kind and date:
    /// ten thousand fleets of one model derive its range once.
    markets: RefCell<HashMap<MarketKey<'a>, Option<Market>>>,
    /// Whether converting a catalog figure into the report's money overflowed (a rate
    /// such as `EUR = 1e-28`): a market missing for that reason says so.
    conversion_overflowed: std::cell::Cell<bool>,
    /// Each fleet's first job start before the scenario date, by the id the jobs
    /// name it by: made when first asked.
    first_starts: std::cell::OnceCell<HashMap<&'a str, NaiveDate>>,
}

/// A catalog market's model or family name, kind, date and rent term.
type MarketKey<'a> = (&'a str, PriceKind, NaiveDate, Option<crate::catalog::Form>);

/// What a fleet's `gpu` names.
enum Gpu<'a> {
    /// A `[gpu.NAME]` of the file, and the catalog entry of the same name if any.
    Defined(&'a DraftGpu, Option<GpuRef<'a>>),
    /// A catalog model or family.
    Catalog(GpuRef<'a>),
}

impl<'a> Resolver<'a> {
    /// `text` held once however many inputs quote it.
    fn shared(&self, text: &str) -> Arc<str> {
        let mut texts = self.texts.borrow_mut();
        if let Some(held) = texts.get(text) {
            return Arc::clone(held);
        }
        let held: Arc<str> = Arc::from(text);
        texts.insert(Arc::clone(&held));
        held
    }

    fn missing_rate(&self, span: Span, currency: Currency) -> Diagnostic {
        let covered = self.catalog.fx.span().map_or(String::new(), |(a, b)| {
            format!("; the built-in ECB table covers {a} to {b}")
        });
        Diagnostic::at(
            span,
            format!(
                "no exchange rate for {currency} in {}",
                self.date.format("%Y-%m")
            ),
        )
        .label("needs a rate")
        .help(format!(
            "add `[fx]` with `{currency} = …` (US dollars per {currency}){covered}"
        ))
    }

    /// Converts an input as written into the report currency and checks its domain
    /// and its distribution.
    /// Each input written in a table, resolved with its place (`origin` of its span):
    /// every one is checked, whatever else is wrong, so all problems show at once.
    fn inputs_written(
        &mut self,
        params: &[(Param, Input)],
        origin: fn(Span) -> Origin,
    ) -> Vec<(Param, Option<Resolved>)> {
        params
            .iter()
            .map(|(param, input)| {
                let resolved = self.input(*param, input).map(|r| Resolved {
                    origin: origin(input.span.clone()),
                    ..r
                });
                (*param, resolved)
            })
            .collect()
    }

    /// The GPUs a job or a serve (`what`) runs on: its own `gpus` (`resolved`, from
    /// `written`), never more than its fleet has, else the fleet's count.
    fn gpus_on(
        &mut self,
        written: Option<&Input>,
        resolved: Option<Resolved>,
        fleet: &Fleet,
        what: &str,
    ) -> Option<Resolved> {
        let count = Decimal::from(fleet.count);
        let Some(input) = written else {
            return Some(Resolved::uniform(
                Range::exact(count),
                Origin::Derived(format!("fleet `{}`'s `count`", fleet.id)),
            ));
        };
        let gpus = resolved?;
        if gpus.value.high() > count {
            self.problems.push(
                Diagnostic::at(
                    input.span.clone(),
                    format!(
                        "`gpus` {} is more than fleet `{}` has",
                        format_decimal(gpus.value.high()),
                        fleet.id
                    ),
                )
                .label(format!("the fleet has {} GPUs", format_decimal(count)))
                .help(format!(
                    "{what} runs on some or all of its fleet's GPUs: lower `gpus`, or raise the fleet's `count`"
                )),
            );
            return None;
        }
        Some(gpus)
    }

    fn input(&mut self, param: Param, input: &Input) -> Option<Resolved> {
        let key = param.key();
        let currency = self.currency;
        let written = self.written;
        let converted = param.is_money()
            && (self.restated.is_some()
                || [input.value.low, input.value.high]
                    .iter()
                    .any(|a| a.currency.unwrap_or(written) != currency));
        let range = self.convert(input, param.is_money(), key)?;
        let range = self.check_domain(param, key, range, input.span.clone())?;
        let dist = match input.value.shape {
            Shape::Uniform => Dist::Uniform,
            Shape::Normal => Dist::Normal,
            Shape::Lognormal if range.low() <= Decimal::ZERO => {
                self.problems.push(
                    Diagnostic::at(
                        input.span.clone(),
                        format!("a lognormal `{key}` needs a `low` above zero"),
                    )
                    .label(format!("low is {}", format_decimal(range.low())))
                    .help("the logarithm of zero does not exist: raise `low`, or use `dist = \"normal\"`"),
                );
                return None;
            }
            Shape::Lognormal => Dist::Lognormal,
            Shape::Triangular(mode) | Shape::Pert(mode) => {
                let mode = self.amount(mode, param.is_money(), input.span.clone(), key)?;
                if mode < range.low() || mode > range.high() {
                    self.problems.push(
                        Diagnostic::at(
                            input.span.clone(),
                            format!("`{key}` mode {} is outside its range", format_decimal(mode)),
                        )
                        .label(format!(
                            "range {} to {}",
                            format_decimal(range.low()),
                            format_decimal(range.high())
                        ))
                        .help("the mode is the most likely value, between `low` and `high`"),
                    );
                    return None;
                }
                match input.value.shape {
                    Shape::Pert(_) => Dist::Pert { mode },
                    _ => Dist::Triangular { mode },
                }
            }
        };
        Some(Resolved {
            value: range,
            dist,
            origin: Origin::Derived(String::new()),
            converted,
        })
    }

    /// An amount as written (a bare number in the file's currency), in the report
    /// currency; plain numbers when not money.
    fn amount(&mut self, amount: Amount, money: bool, span: Span, key: &str) -> Option<Decimal> {
        if !money {
            return Some(amount.value);
        }
        let from = amount.currency.unwrap_or(self.written);
        let converted = self
            .rates
            .convert(amount.value, from, self.currency)
            .and_then(|v| self.restate(v));
        match converted {
            Some(v) => Some(v),
            None if self.rates.usd_per(from).is_none() => {
                let d = self.missing_rate(span, from);
                self.problems.push(d);
                None
            }
            None => {
                self.problems.push(overflow(span, key));
                None
            }
        }
    }

    /// Money in constant dollars when the scenario asks for them (`None` on overflow).
    fn restate(&self, value: Decimal) -> Option<Decimal> {
        match &self.restated {
            Some(r) => value.checked_mul(r.factor),
            None => Some(value),
        }
    }

    /// The factor for `dollar_year`: from the scenario date's month to December of
    /// that year, in US dollars only.
    fn constant_dollars(&mut self, year: &Spanned<u64>) -> Option<Restated> {
        let span = year.span.clone();
        if self.currency != Currency::Usd {
            self.problems.push(
                Diagnostic::at(
                    span,
                    format!(
                        "constant dollars restate US dollars; the report is in {}",
                        self.currency
                    ),
                )
                .label("needs `currency = \"USD\"`")
                .help("report in USD (`--currency USD`), or drop `dollar_year` (or `--dollars`)"),
            );
            return None;
        }
        let index = match Catalog::price_index() {
            Ok(index) => index,
            Err(e) => {
                self.problems.push(
                    Diagnostic::at(span, "the built-in price index does not read")
                        .help(e.render(false)),
                );
                return None;
            }
        };
        let from = (self.date.year(), self.date.month());
        let restated = i32::try_from(year.value)
            .ok()
            .and_then(|y| index.restate(from, y));
        if restated.is_none() {
            let covered = index.span().map_or(String::new(), |(a, b)| {
                format!("; the index runs from {a} to {b}")
            });
            self.problems.push(
                Diagnostic::at(
                    span,
                    format!(
                        "no price index for {:04}-{:02} or for December {}",
                        from.0, from.1, year.value
                    ),
                )
                .label("not in the index")
                .help(format!(
                    "choose a year whose December the index covers{covered}"
                )),
            );
        }
        restated
    }

    /// Converts `[low, high]` as written into the report currency; checks the order.
    fn convert(&mut self, input: &Input, money: bool, key: &str) -> Option<Range> {
        let low = self.amount(input.value.low, money, input.span.clone(), key);
        let high = self.amount(input.value.high, money, input.span.clone(), key);
        let (low, high) = (low?, high?);
        let Some(range) = Range::new(low, high) else {
            // As written, not as converted: `$30,000`, not `27,664.…` euro.
            let written = |a: Amount| match (money, a.currency.or(Some(self.written))) {
                (true, Some(c)) => format_amount(a.value, c),
                _ => format_decimal(a.value),
            };
            self.problems.push(
                Diagnostic::at(
                    input.span.clone(),
                    format!(
                        "`{key}` range is reversed: low {} is above high {}",
                        written(input.value.low),
                        written(input.value.high)
                    ),
                )
                .label("low > high")
                .help("write `[low, high]` with the smaller value first"),
            );
            return None;
        };
        Some(range)
    }

    /// Checks a range against the assumption's domain; `key` names it in messages.
    fn check_domain(&mut self, param: Param, key: &str, range: Range, span: Span) -> Option<Range> {
        match param.out_of_domain(key, range, span) {
            Some(problem) => {
                self.problems.push(problem);
                None
            }
            None => Some(range),
        }
    }

    /// Checks inputs as written (conversion, order, domain, distribution) where
    /// nothing will use them.
    fn check_written(&mut self, params: &[(Param, Input)]) {
        for (param, input) in params {
            self.input(*param, input);
        }
    }
}

fn overflow(span: Span, what: &str) -> Diagnostic {
    Diagnostic::at(span, format!("arithmetic overflow converting `{what}`"))
        .label("too large")
        .help("exact decimals hold up to about 7.9e28; check the figure's scale")
}
