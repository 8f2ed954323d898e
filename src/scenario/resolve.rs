//! [`Draft`] + [`Catalog`] → [`Scenario`]: each input taken from the fleet, else
//! `[defaults]`, else the scenario's `[gpu.NAME]`, else the catalog; currencies
//! converted at the scenario date's rates; ranges, domains, ids, references and
//! launch dates checked. Values that failed to read were reported by the reader and
//! are skipped here without a second message.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::read::{Draft, DraftClaim, DraftFleet, DraftGpu, Input, Spanned};
use super::{
    Acquisition, BuyInputs, Claim, Dist, Fleet, FleetInputs, Market, Origin, RentInputs, Resolved,
    Scenario, Scope,
};
use crate::catalog::{Catalog, GpuModel, GpuRef, PriceKind, Sourced};
use crate::diagnostic::Diagnostic;
use crate::input::{Problems, Shape, Span};
use crate::money::{Amount, Currency, Range, RateOrigin, Rates, format_amount, format_decimal};
use crate::param::Param;
use crate::suggest;

/// Hours in a year and in a month, as the cost model counts them.
pub const HOURS_PER_YEAR: u32 = 8_760;
/// Hours in a month (8,760 / 12).
pub const HOURS_PER_MONTH: u32 = 730;

/// Resolves a draft; problems go to `problems`. Returns `None` when the scenario
/// lacks what pricing needs (a date).
pub fn resolve(
    draft: &Draft,
    fallback_name: &str,
    catalog: &Catalog,
    problems: &mut Problems,
) -> Option<Scenario> {
    let date = draft.date.as_ref()?;
    let currency = match &draft.currency {
        Some(c) => c.value,
        None if draft.currency_invalid => return None,
        None => Currency::Usd,
    };
    let rates = rates_at(date.value, draft, catalog);
    let mut r = Resolver {
        catalog,
        draft,
        date: date.value,
        currency,
        rates,
        problems,
    };
    if r.rates.usd_per(currency).is_none() {
        let span = draft
            .currency
            .as_ref()
            .map_or(date.span.clone(), |c| c.span.clone());
        r.problems.push(r.missing_rate(span, currency));
        return None;
    }
    let fleets = r.fleets();
    r.unused_gpus();
    let claims = r.claims(&fleets);
    Some(Scenario {
        name: draft
            .name
            .clone()
            .unwrap_or_else(|| fallback_name.to_string()),
        date: date.value,
        currency,
        sources: draft.sources.clone(),
        rates: r.rates,
        fleets,
        claims,
    })
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

struct Resolver<'a> {
    catalog: &'a Catalog,
    draft: &'a Draft,
    date: NaiveDate,
    currency: Currency,
    rates: Rates,
    problems: &'a mut Problems,
}

/// What a fleet's `gpu` names.
enum Gpu<'a> {
    /// A `[gpu.NAME]` of the file, and the catalog entry of the same name if any.
    Defined(&'a DraftGpu, Option<GpuRef<'a>>),
    /// A catalog model or family.
    Catalog(GpuRef<'a>),
}

impl<'a> Resolver<'a> {
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
    fn input(&mut self, param: Param, input: &Input) -> Option<Resolved> {
        let key = param.key();
        let currency = self.currency;
        let converted = param.is_money()
            && [input.value.low, input.value.high]
                .iter()
                .any(|a| a.currency.is_some_and(|c| c != currency));
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

    /// An amount as written in the report currency (plain numbers when not money).
    fn amount(&mut self, amount: Amount, money: bool, span: Span, key: &str) -> Option<Decimal> {
        if !money {
            return Some(amount.value);
        }
        let from = amount.currency.unwrap_or(self.currency);
        match self.rates.convert(amount.value, from, self.currency) {
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

    /// Converts `[low, high]` as written into the report currency; checks the order.
    fn convert(&mut self, input: &Input, money: bool, key: &str) -> Option<Range> {
        let low = self.amount(input.value.low, money, input.span.clone(), key);
        let high = self.amount(input.value.high, money, input.span.clone(), key);
        let (low, high) = (low?, high?);
        let Some(range) = Range::new(low, high) else {
            // As written, not as converted: `$30,000`, not `27,664.…` euro.
            let written = |a: Amount| match (money, a.currency.or(Some(self.currency))) {
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

    /// A catalog figure in US dollars (or a plain figure), in the report currency.
    fn catalog_input(&mut self, param: Param, sourced: &Sourced<Range>) -> Option<Resolved> {
        let value = if param.is_money() {
            self.usd(sourced.value)?
        } else {
            sourced.value
        };
        let converted = param.is_money() && self.currency != Currency::Usd;
        Some(
            Resolved::uniform(
                value,
                Origin::Catalog {
                    source: sourced.source.clone(),
                    date: sourced.date.clone(),
                },
            )
            .converted(converted),
        )
    }

    fn usd(&self, range: Range) -> Option<Range> {
        range
            .map_increasing(|v| {
                self.rates
                    .convert(v, Currency::Usd, self.currency)
                    .ok_or(())
            })
            .ok()
    }

    fn fleets(&mut self) -> Vec<Fleet> {
        let mut fleets: Vec<Fleet> = Vec::new();
        for draft in &self.draft.fleets {
            let id = draft
                .id
                .clone()
                .or_else(|| draft.gpu.clone())
                .map(|s| (s.value, s.span));
            if let Some((id, span)) = &id
                && fleets.iter().any(|f| &f.id == id)
            {
                self.problems.push(
                    Diagnostic::at(span.clone(), format!("duplicate fleet id `{id}`"))
                        .label("already used by an earlier fleet")
                        .help("give each `[[fleet]]` its own `id`"),
                );
                continue;
            }
            if let (Some((id, _)), Some(fleet)) = (id, self.fleet(draft)) {
                fleets.push(Fleet { id, ..fleet });
            }
        }
        fleets
    }

    fn fleet(&mut self, draft: &DraftFleet) -> Option<Fleet> {
        let found = draft
            .gpu
            .as_ref()
            .and_then(|name| Some((name, self.gpu(name)?)));
        let Some((gpu_name, gpu)) = found else {
            // The fleet cannot be priced, but what it says is checked all the same, so
            // every problem of the file is reported at once.
            self.check_written(&draft.params);
            return None;
        };
        let acquisition = draft
            .acquisition
            .as_ref()
            .map_or(Acquisition::Buy, |a| a.value);
        let own = |param: Param| {
            draft
                .params
                .iter()
                .find(|(p, _)| *p == param)
                .map(|(_, i)| i)
        };
        let wrong_keys: &[Param] = match acquisition {
            Acquisition::Buy => &[Param::RatePerGpuHour, Param::Months],
            Acquisition::Rent => &[Param::UnitPrice],
        };
        let mut conflict = false;
        for &param in wrong_keys {
            if let Some(input) = own(param) {
                conflict = true;
                let (what, help) = match acquisition {
                    Acquisition::Buy => (
                        "a bought fleet",
                        "set `acquisition = \"rent\"` to rent it, or remove the key",
                    ),
                    Acquisition::Rent => (
                        "a rented fleet",
                        "a rented fleet is priced by `rate_per_gpu_hour`; remove `unit_price`",
                    ),
                };
                self.problems.push(
                    Diagnostic::at(
                        input.span.clone(),
                        format!("`{}` does not apply to {what}", param.key()),
                    )
                    .label("not used")
                    .help(help),
                );
            }
        }
        let (gpu_label, def, cat) = match &gpu {
            Gpu::Defined(d, cat) => (d.name.value.clone(), Some(*d), *cat),
            Gpu::Catalog(g) => (g.name().to_string(), None, Some(*g)),
        };
        let def_param = |param: Param| {
            def.and_then(|d| d.params.iter().find(|(p, _)| *p == param).map(|(_, i)| i))
        };
        let (kind, unit_param) = match acquisition {
            Acquisition::Buy => (PriceKind::Purchase, Param::UnitPrice),
            Acquisition::Rent => (PriceKind::Rental, Param::RatePerGpuHour),
        };
        let unit = self.pick(
            unit_param,
            own(unit_param),
            None,
            def_param(unit_param),
            |r| r.market_sourced(cat, kind, &gpu_label, gpu_name),
        );
        let inputs = match acquisition {
            Acquisition::Buy => {
                let kw = self.pick(
                    Param::KwPerGpu,
                    own(Param::KwPerGpu),
                    self.default(Param::KwPerGpu),
                    def_param(Param::KwPerGpu),
                    |r| r.kw_per_gpu(def, cat),
                );
                let overhead = |r: &mut Self, param: Param| {
                    r.pick(param, own(param), r.default(param), None, |r| {
                        let sourced = r.catalog.assumption(param)?.clone();
                        r.catalog_input(param, &sourced)
                    })
                };
                let server_share = overhead(self, Param::ServerShare);
                let network_share = overhead(self, Param::NetworkShare);
                let facility_per_mw = overhead(self, Param::FacilityPerMw);
                let pue = overhead(self, Param::Pue);
                let electricity_per_kwh = overhead(self, Param::ElectricityPerKwh);
                let years = overhead(self, Param::Years);
                FleetInputs::Buy(Box::new(BuyInputs {
                    unit_price: unit?,
                    server_share: server_share?,
                    network_share: network_share?,
                    facility_per_mw: facility_per_mw?,
                    kw_per_gpu: kw?,
                    pue: pue?,
                    electricity_per_kwh: electricity_per_kwh?,
                    years: years?,
                }))
            }
            Acquisition::Rent => {
                let months = self.pick(Param::Months, own(Param::Months), None, None, |r| {
                    let years = r.pick(
                        Param::Years,
                        own(Param::Years),
                        r.default(Param::Years),
                        None,
                        |r| {
                            let sourced = r.catalog.assumption(Param::Years)?.clone();
                            r.catalog_input(Param::Years, &sourced)
                        },
                    )?;
                    let twelve = Decimal::from(12);
                    Some(Resolved {
                        value: years.value.scale(twelve).ok()?,
                        dist: years.dist.scaled(twelve)?,
                        origin: Origin::Derived(format!("`years` ({}) x 12", years.origin.label())),
                        converted: false,
                    })
                });
                FleetInputs::Rent(RentInputs {
                    rate_per_gpu_hour: unit?,
                    months: months?,
                })
            }
        };
        let count = draft.count.as_ref()?.value;
        if conflict {
            return None;
        }
        let market = cat.and_then(|g| self.market(g, kind));
        Some(Fleet {
            id: String::new(),
            gpu: gpu_label,
            count,
            inputs,
            market,
            span: draft.span.clone(),
        })
    }

    fn default(&self, param: Param) -> Option<&'a Input> {
        self.draft
            .defaults
            .iter()
            .find(|(p, _)| *p == param)
            .map(|(_, i)| i)
    }

    /// The first of: the fleet's own value, `[defaults]`, the `[gpu.NAME]` value, the
    /// fallback.
    fn pick(
        &mut self,
        param: Param,
        own: Option<&Input>,
        default: Option<&Input>,
        gpu: Option<&Input>,
        fallback: impl FnOnce(&mut Self) -> Option<Resolved>,
    ) -> Option<Resolved> {
        let written = [
            own.map(|i| (i, Origin::Fleet(i.span.clone()))),
            default.map(|i| (i, Origin::Defaults(i.span.clone()))),
            gpu.map(|i| (i, Origin::Gpu(i.span.clone()))),
        ];
        match written.into_iter().flatten().next() {
            Some((input, origin)) => self.input(param, input).map(|r| Resolved { origin, ..r }),
            None => fallback(self),
        }
    }

    /// Resolves a fleet's `gpu`: the file's `[gpu.NAME]` first, then the catalog.
    fn gpu(&mut self, name: &Spanned<String>) -> Option<Gpu<'a>> {
        let catalog = self.catalog;
        let cat = catalog.lookup(&name.value);
        if let Some(def) = self.draft.gpus.iter().find(|g| g.name.value == name.value) {
            return Some(Gpu::Defined(def, cat));
        }
        let Some(found) = cat else {
            let mut names = catalog.names();
            names.extend(self.draft.gpus.iter().map(|g| g.name.value.as_str()));
            let help = match suggest::nearest(&name.value, names.iter().copied()) {
                Some(n) => format!(
                    "did you mean `{n}`? `gpucost catalog` lists the models; a model the catalog lacks can be defined under `[gpu.{}]`",
                    name.value
                ),
                None => format!(
                    "`gpucost catalog` lists the models; define one under `[gpu.{}]` with `tdp_w` and `unit_price`",
                    name.value
                ),
            };
            self.problems.push(
                Diagnostic::at(name.span.clone(), format!("unknown GPU `{}`", name.value))
                    .label("not in the catalog or this file")
                    .help(help),
            );
            return None;
        };
        let launched = self
            .models(found)
            .iter()
            .any(|m| m.launch.value <= self.date);
        if !launched {
            let first = self.models(found).iter().map(|m| m.launch.value).min();
            self.problems.push(
                Diagnostic::at(
                    name.span.clone(),
                    format!(
                        "`{}` was not announced until {}, after the scenario date {}",
                        found.name(),
                        first.map_or("later".into(), |d| d.to_string()),
                        self.date
                    ),
                )
                .label("not yet launched")
                .help("use a GPU available at the scenario date, or a later `date`"),
            );
            return None;
        }
        Some(Gpu::Catalog(found))
    }

    /// The models behind a reference: the model itself, or a family's members.
    fn models(&self, gpu: GpuRef<'a>) -> Vec<&'a GpuModel> {
        match gpu {
            GpuRef::Model(m) => vec![m],
            GpuRef::Family(f) => self.catalog.members(f).collect(),
        }
    }

    /// The catalog range at the scenario date (union over a family's launched members).
    fn market(&self, gpu: GpuRef<'a>, kind: PriceKind) -> Option<Market> {
        let quotes: Vec<(&GpuModel, &crate::catalog::PricePeriod)> = self
            .models(gpu)
            .into_iter()
            .filter(|m| m.launch.value <= self.date)
            .filter_map(|m| m.price_at(kind, self.date).map(|p| (m, p)))
            .collect();
        let (first, rest) = quotes.split_first()?;
        let usd = rest
            .iter()
            .fold(first.1.range, |acc, (_, p)| acc.hull(&p.range));
        let source = match gpu {
            GpuRef::Model(_) => first.1.source.clone(),
            GpuRef::Family(f) => {
                let parts: Vec<String> = quotes
                    .iter()
                    .map(|(m, p)| format!("{}: {}", m.name, p.source))
                    .collect();
                format!("{} family, union of {}", f.name, parts.join("; "))
            }
        };
        let from = quotes
            .iter()
            .map(|(_, p)| p.from)
            .max()
            .unwrap_or(first.1.from);
        Some(Market {
            kind,
            range: self.usd(usd)?,
            source,
            from,
        })
    }

    fn market_sourced(
        &mut self,
        gpu: Option<GpuRef<'a>>,
        kind: PriceKind,
        label: &str,
        name: &Spanned<String>,
    ) -> Option<Resolved> {
        if let Some(m) = gpu.and_then(|g| self.market(g, kind)) {
            let converted = self.currency != Currency::Usd;
            return Some(
                Resolved::uniform(
                    m.range,
                    Origin::Catalog {
                        source: m.source,
                        date: m.from.to_string(),
                    },
                )
                .converted(converted),
            );
        }
        let (what, key) = match kind {
            PriceKind::Purchase => ("purchase price", "unit_price"),
            PriceKind::Rental => ("rental rate", "rate_per_gpu_hour"),
        };
        self.problems.push(
            Diagnostic::at(
                name.span.clone(),
                format!("no catalog {what} for `{label}` at {}", self.date),
            )
            .label(format!("needs `{key}`"))
            .help(format!(
                "set `{key}` on the fleet (or under `[gpu.{label}]`)"
            )),
        );
        None
    }

    /// Whether a `[gpu.NAME]`'s TDP is above zero; notes the problem if not.
    fn tdp_is_positive(&mut self, tdp: &Spanned<Decimal>) -> bool {
        if tdp.value > Decimal::ZERO {
            return true;
        }
        self.problems.push(
            Diagnostic::at(tdp.span.clone(), "`tdp_w` must be above zero")
                .help("give the model's TDP in watts, e.g. `tdp_w = 750`"),
        );
        false
    }

    /// Checks the `[gpu.NAME]` tables no fleet uses, as strictly as the used ones: a
    /// file is valid as a whole, whatever its fleets name.
    fn unused_gpus(&mut self) {
        let draft = self.draft;
        for def in &draft.gpus {
            let used = draft
                .fleets
                .iter()
                .any(|f| f.gpu.as_ref().is_some_and(|g| g.value == def.name.value));
            if used {
                continue;
            }
            if let Some(tdp) = &def.tdp_w {
                self.tdp_is_positive(tdp);
            }
            self.check_written(&def.params);
        }
    }

    /// Checks inputs as written (conversion, order, domain, distribution) where
    /// nothing will use them.
    fn check_written(&mut self, params: &[(Param, Input)]) {
        for (param, input) in params {
            self.input(*param, input);
        }
    }

    fn kw_per_gpu(&mut self, def: Option<&DraftGpu>, cat: Option<GpuRef<'a>>) -> Option<Resolved> {
        let factor = self.catalog.server_power_factor.clone()?;
        if let Some(def) = def {
            let tdp = def.tdp_w.as_ref()?;
            if !self.tdp_is_positive(tdp) {
                return None;
            }
            let value = factor.value.scale(tdp.value / Decimal::ONE_THOUSAND).ok()?;
            return Some(Resolved::uniform(
                value,
                Origin::Derived(format!(
                    "`tdp_w` {} W x server power factor {}-{} ({})",
                    tdp.value,
                    factor.value.low(),
                    factor.value.high(),
                    factor.source
                )),
            ));
        }
        let models: Vec<&GpuModel> = self
            .models(cat?)
            .into_iter()
            .filter(|m| m.launch.value <= self.date)
            .collect();
        let kws: Vec<Sourced<Range>> = models.iter().map(|m| m.kw_per_gpu(&factor)).collect();
        let (first, rest) = kws.split_first()?;
        let value = rest.iter().fold(first.value, |acc, k| acc.hull(&k.value));
        let source = if models.len() == 1 {
            first.source.clone()
        } else {
            let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
            format!("union over {}: {}", names.join(", "), first.source)
        };
        self.catalog_input(
            Param::KwPerGpu,
            &Sourced {
                value,
                source,
                date: first.date.clone(),
            },
        )
    }

    fn claims(&mut self, fleets: &[Fleet]) -> Vec<Claim> {
        let mut claims: Vec<Claim> = Vec::new();
        for draft in &self.draft.claims {
            if let Some(claim) = self.claim(draft, fleets) {
                if claims.iter().any(|c| c.id == claim.id) {
                    let span = draft
                        .id
                        .as_ref()
                        .map_or(draft.span.clone(), |i| i.span.clone());
                    self.problems.push(
                        Diagnostic::at(span, format!("duplicate claim id `{}`", claim.id))
                            .label("already used by an earlier claim")
                            .help("give each `[[claim]]` its own `id`"),
                    );
                    continue;
                }
                claims.push(claim);
            }
        }
        claims
    }

    fn claim(&mut self, draft: &DraftClaim, fleets: &[Fleet]) -> Option<Claim> {
        let value = draft.value.as_ref().and_then(|v| self.claim_value(v));
        let fleet = match &draft.fleet {
            None => None,
            Some(name) => match fleets.iter().find(|f| f.id == name.value) {
                Some(f) => Some(f),
                None => {
                    // A fleet that failed to resolve was reported already.
                    let written = self.draft.fleets.iter().any(|f| {
                        f.id.as_ref()
                            .or(f.gpu.as_ref())
                            .is_some_and(|i| i.value == name.value)
                    });
                    if !written {
                        // The ids as written: a fleet that failed to resolve still has one.
                        let ids: Vec<&str> = self
                            .draft
                            .fleets
                            .iter()
                            .filter_map(|f| f.id.as_ref().or(f.gpu.as_ref()))
                            .map(|i| i.value.as_str())
                            .collect();
                        let help = match suggest::nearest(&name.value, ids.iter().copied()) {
                            Some(n) => format!("did you mean `{n}`?"),
                            None if ids.is_empty() => "the scenario has no fleet".into(),
                            None => format!("fleets: {}", suggest::one_of(&ids)),
                        };
                        self.problems.push(
                            Diagnostic::at(name.span.clone(), format!("no fleet `{}`", name.value))
                                .label("not a fleet id")
                                .help(help),
                        );
                    }
                    return None;
                }
            },
        };
        let scope = draft.scope.as_ref()?;
        let applies = match fleet {
            Some(f) => scope.value.applies_to(f.inputs.acquisition()),
            None => {
                fleets.is_empty()
                    || fleets
                        .iter()
                        .any(|f| scope.value.applies_to(f.inputs.acquisition()))
            }
        };
        if !applies {
            let message = match fleet {
                Some(f) => {
                    let how = match f.inputs.acquisition() {
                        Acquisition::Buy => "bought",
                        Acquisition::Rent => "rented",
                    };
                    format!(
                        "scope `{}` does not apply to {how} fleet `{}`",
                        scope.value, f.id
                    )
                }
                None => {
                    let every = match scope.value {
                        Scope::Rental => "bought",
                        _ => "rented",
                    };
                    format!(
                        "no fleet of this scenario has a `{}` total: every fleet is {every}",
                        scope.value
                    )
                }
            };
            let help = match scope.value {
                Scope::Rental => "a bought fleet has `gpus`, `capex` and `tco`",
                _ => "a rented fleet has `rental` and `tco`",
            };
            self.problems.push(
                Diagnostic::at(scope.span.clone(), message)
                    .label("no such total")
                    .help(help),
            );
            return None;
        }
        Some(Claim {
            id: draft.id.as_ref()?.value.clone(),
            source: draft.source.clone(),
            quote: draft.quote.clone(),
            value: value?,
            fleet: fleet.map(|f| f.id.clone()),
            scope: scope.value,
            span: draft.span.clone(),
        })
    }

    /// A claimed figure: money, ordered, not negative (the domain of a price).
    fn claim_value(&mut self, input: &Input) -> Option<Range> {
        let range = self.convert(input, true, "value")?;
        self.check_domain(Param::UnitPrice, "value", range, input.span.clone())
    }
}

fn overflow(span: Span, what: &str) -> Diagnostic {
    Diagnostic::at(span, format!("arithmetic overflow converting `{what}`"))
        .label("too large")
        .help("exact decimals hold up to about 7.9e28; check the figure's scale")
}
