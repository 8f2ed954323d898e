//! The GPU a fleet names: the file's `[gpu.NAME]` or the catalog's model or family,
//! its launch date, its market price or rent at the scenario date, its kW per GPU,
//! and catalog figures converted to the report currency.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::super::read::{DraftGpu, Spanned};
use super::super::{Market, Origin, Resolved};
use super::{Gpu, Resolver};
use crate::catalog::{
    Derived, Form, GpuModel, GpuRef, PriceKind, Sourced, WINDOW_DAYS, kw_from_tdp,
};
use crate::diagnostic::Diagnostic;
use crate::input::param::Param;
use crate::money::{Currency, Range};

/// `1 year 11 months`, `2 years`, `13 months`: an age in words, by 30.44-day months.
fn age(days: i64) -> String {
    let months = (days as f64 / 30.44).round() as i64;
    let (years, months) = (months / 12, months % 12);
    let unit = |n: i64, one: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    match (years, months) {
        (0, m) => unit(m, "month"),
        (y, 0) => unit(y, "year"),
        (y, m) => format!("{} {}", unit(y, "year"), unit(m, "month")),
    }
}

impl<'a> Resolver<'a> {
    /// A catalog figure in US dollars (or a plain figure), in the report currency.
    pub(super) fn catalog_input(
        &mut self,
        param: Param,
        sourced: &Sourced<Range>,
    ) -> Option<Resolved> {
        self.catalog_input_in(param, sourced, Currency::Usd)
    }

    /// A catalog figure in `currency` (or a plain figure), in the report currency.
    pub(super) fn catalog_input_in(
        &mut self,
        param: Param,
        sourced: &Sourced<Range>,
        currency: Currency,
    ) -> Option<Resolved> {
        let value = if param.is_money() {
            self.money_in(sourced.value, currency)?
        } else {
            sourced.value
        };
        let converted = param.is_money() && (self.is_converting() || currency != self.currency);
        Some(
            Resolved::uniform(
                value,
                Origin::Catalog {
                    source: self.shared(&sourced.source),
                    date: self.shared(&sourced.date),
                },
            )
            .converted(converted),
        )
    }

    /// A catalog amount (US dollars) in the report's money: converted, and restated
    /// in constant dollars when asked.
    pub(super) fn usd(&self, range: Range) -> Option<Range> {
        self.money_in(range, Currency::Usd)
    }

    /// A catalog amount in `currency`, in the report's money.
    fn money_in(&self, range: Range, currency: Currency) -> Option<Range> {
        let converted = range
            .map_increasing(|v| {
                self.rates
                    .convert(v, currency, self.currency)
                    .and_then(|v| self.restate(v))
                    .ok_or(())
            })
            .ok();
        if converted.is_none() {
            self.conversion_overflowed.set(true);
        }
        converted
    }

    /// Whether catalog money changes on its way into the report (another currency, or
    /// constant dollars), so its digits past the rate's or index's are noise.
    fn is_converting(&self) -> bool {
        self.currency != Currency::Usd || self.restated.is_some()
    }

    /// Resolves a fleet's `gpu`: the file's `[gpu.NAME]` first, then the catalog.
    pub(super) fn gpu(&mut self, name: &Spanned<String>) -> Option<Gpu<'a>> {
        let catalog = self.catalog;
        let cat = catalog.lookup(&name.value);
        let def = self.defined(&name.value, cat);
        if let (Some(def), None) = (def, cat) {
            return self.has_tdp(def).then_some(Gpu::Defined(def, None));
        }
        let Some(found) = cat else {
            let defined: Vec<&str> = self
                .draft
                .gpus
                .iter()
                .map(|g| g.name.value.as_str())
                .collect();
            let help = catalog.unknown_gpu_help(&name.value, &defined);
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
        Some(match def {
            Some(def) => Gpu::Defined(def, Some(found)),
            None => Gpu::Catalog(found),
        })
    }

    /// The file's `[gpu.NAME]` for a fleet's `gpu`: the same name, or, for a catalog
    /// model, any name of it (`[gpu.H100-SXM]` is the table of `gpu = "H100"`): then
    /// it overrides just the keys it gives.
    fn defined(&self, name: &str, cat: Option<GpuRef<'a>>) -> Option<&'a DraftGpu> {
        let draft = self.draft;
        draft
            .gpus
            .iter()
            .find(|g| g.name.value == name)
            .or_else(|| {
                let wanted = cat?.name();
                draft.gpus.iter().find(|g| {
                    self.catalog
                        .lookup(&g.name.value)
                        .is_some_and(|c| c.name() == wanted)
                })
            })
    }

    /// Whether a `[gpu.NAME]` of a model the catalog lacks has its `tdp_w`; notes the
    /// problem if not (a failed read was noted by the reader).
    fn has_tdp(&mut self, def: &DraftGpu) -> bool {
        match &def.tdp_w {
            Some(tdp) => self.tdp_is_positive(tdp),
            None if def.tdp_written => false,
            None => {
                self.problems.push(
                    Diagnostic::at(
                        def.name.span.clone(),
                        format!("missing key `tdp_w` in `[gpu.{}]`", def.name.value),
                    )
                    .label("a model the catalog lacks")
                    .help(
                        "give the model's TDP in watts, e.g. `tdp_w = 750`; a `[gpu.NAME]` \
                         naming a catalog model overrides only the keys it gives",
                    ),
                );
                false
            }
        }
    }

    /// The models behind a reference: the model itself, or a family's members.
    pub(super) fn models(&self, gpu: GpuRef<'a>) -> Vec<&'a GpuModel> {
        match gpu {
            GpuRef::Model(m) => vec![m],
            GpuRef::Family(f) => self.catalog.members(f).collect(),
        }
    }

    /// The catalog range at `date` by the catalog's rule (for a family, the union over
    /// its members launched by then; members priced only from later points are left
    /// out when others are not, and server-priced members when others are cards).
    pub(super) fn market(
        &self,
        gpu: GpuRef<'a>,
        kind: PriceKind,
        date: NaiveDate,
        term: Option<Form>,
    ) -> Option<Market> {
        // Model and family names are one namespace in the catalog.
        let key = (gpu.name(), kind, date, term);
        if let Some(market) = self.markets.borrow().get(&key) {
            return market.clone();
        }
        let market = self.derive_market(gpu, kind, date, term);
        self.markets.borrow_mut().insert(key, market.clone());
        market
    }

    /// [`Resolver::market`], derived.
    fn derive_market(
        &self,
        gpu: GpuRef<'a>,
        kind: PriceKind,
        date: NaiveDate,
        term: Option<Form>,
    ) -> Option<Market> {
        let mut quotes: Vec<(&GpuModel, Derived<'a>)> = self
            .models(gpu)
            .into_iter()
            .filter(|m| m.launch.value <= date)
            .filter_map(|m| m.market_term(kind, date, term).map(|d| (m, d)))
            .collect();
        if quotes.iter().any(|(_, d)| !d.later) {
            quotes.retain(|(_, d)| !d.later);
        }
        if quotes.iter().any(|(_, d)| !d.holds_server) {
            quotes.retain(|(_, d)| !d.holds_server);
        }
        let (first, rest) = quotes.split_first()?;
        let usd = rest
            .iter()
            .fold(first.1.range, |acc, (_, d)| acc.hull(&d.range));
        let source = self.shared(&match gpu {
            GpuRef::Model(m) => first.1.summary(&m.name),
            GpuRef::Family(f) => {
                let parts: Vec<String> = quotes
                    .iter()
                    .map(|(m, d)| format!("{}: {}", m.name, d.summary(&m.name)))
                    .collect();
                format!("{} family, union of {}", f.name, parts.join(" | "))
            }
        });
        let from = quotes
            .iter()
            .map(|(_, d)| d.newest)
            .min()
            .unwrap_or(first.1.newest);
        Some(Market {
            kind,
            range: self.usd(usd)?,
            source,
            from,
            later: first.1.later,
            holds_server: first.1.holds_server,
        })
    }

    /// The catalog's peak FLOP/s per GPU (for a family, the range over its members
    /// launched by the scenario date); `None` when a model lacks the figure.
    pub(super) fn peak_flops(&self, gpu: GpuRef<'a>) -> Option<Resolved> {
        let models: Vec<&GpuModel> = self
            .models(gpu)
            .into_iter()
            .filter(|m| m.launch.value <= self.date)
            .collect();
        let figures: Vec<&Sourced<Decimal>> = models
            .iter()
            .map(|m| m.peak_flops.as_ref())
            .collect::<Option<_>>()?;
        let (first, rest) = figures.split_first()?;
        let value = rest.iter().fold(Range::exact(first.value), |acc, f| {
            acc.hull(&Range::exact(f.value))
        });
        let source = match gpu {
            GpuRef::Model(_) => first.source.clone(),
            GpuRef::Family(f) => {
                let parts: Vec<String> = models
                    .iter()
                    .zip(&figures)
                    .map(|(m, s)| format!("{}: {}", m.name, s.source))
                    .collect();
                format!("{} family, range over {}", f.name, parts.join("; "))
            }
        };
        Some(Resolved::uniform(
            value,
            Origin::Catalog {
                source: self.shared(&source),
                date: self.shared(""),
            },
        ))
    }

    /// Notes a scenario dated more than a year past the catalog's newest price or
    /// rent for its model (or before its oldest): it is priced with that figure, but
    /// the market may have moved.
    /// The rent serves rented fleets and a bought fleet's break-even alike: one
    /// warning says how to set either.
    pub(super) fn warn_if_stale(&mut self, market: &Market, label: &str, date: NaiveDate) {
        let (what, key) = match market.kind {
            PriceKind::Purchase => ("purchase price", "`unit_price`".to_string()),
            PriceKind::Rental => (
                "rental rate",
                format!(
                    "`rate_per_gpu_hour` (on a rented fleet, or under `[gpu.{label}]` for a \
                     bought one's break-even)"
                ),
            ),
        };
        // A purchase before the scenario date is priced on the day it was bought.
        let when = if date == self.date {
            format!("the scenario's date {date}")
        } else {
            format!("{date}, when the fleet was bought")
        };
        let days = (date - market.from).num_days();
        let warning = if market.later {
            format!(
                "the catalog has no {what} for `{label}` on or before {when}: it is priced \
                 from later points (up to {}); set {key} to price it yourself",
                market.from
            )
        } else if days > WINDOW_DAYS {
            format!(
                "the catalog's newest {what} for `{label}` is from {}, {} before {when}: the \
                 market may have moved since; set {key} to price it yourself",
                market.from,
                age(days),
            )
        } else {
            return;
        };
        // Said once for the model, however many fleets it prices (the list stays short).
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// The catalog's `market` as the fleet's unit price or rate, with a warning when
    /// it is stale or later than the scenario; without one, the problem is noted.
    pub(super) fn market_sourced(
        &mut self,
        market: Option<&Market>,
        kind: PriceKind,
        label: &str,
        name: &Spanned<String>,
        date: NaiveDate,
    ) -> Option<Resolved> {
        if let Some(m) = market {
            self.warn_if_stale(m, label, date);
            return Some(self.market_input(m.clone()));
        }
        let (what, key) = match kind {
            PriceKind::Purchase => ("purchase price", "unit_price"),
            PriceKind::Rental => ("rental rate", "rate_per_gpu_hour"),
        };
        if self.conversion_overflowed.get() {
            let d = self.conversion_overflow(&format!("the catalog's {what} for `{label}`"), name);
            self.problems.push(d);
            return None;
        }
        self.problems.push(
            Diagnostic::at(
                name.span.clone(),
                format!("no catalog {what} for `{label}` at {date}"),
            )
            .label(format!("needs `{key}`"))
            .help(format!(
                "set `{key}` on the fleet (or under `[gpu.{label}]`){}",
                self.price_missing(label)
            )),
        );
        None
    }

    /// `; the catalog says: …`, its reason for having no price of `label`, if it gives one.
    fn price_missing(&self, label: &str) -> String {
        let why = self
            .catalog
            .models
            .iter()
            .find(|m| m.name == label)
            .and_then(|m| m.price_missing.as_deref());
        why.map_or(String::new(), |why| format!("; the catalog says: {why}"))
    }

    /// An overflow converting a catalog figure into the report's money: at the
    /// `[fx]` rate that made it, if the file gives one, else at the fleet's `gpu`.
    fn conversion_overflow(&self, what: &str, name: &Spanned<String>) -> Diagnostic {
        let message = format!(
            "arithmetic overflow converting {what} from US dollars into {}",
            self.currency
        );
        let rate = self.draft.fx.iter().find(|(c, _)| *c == self.currency);
        match rate {
            Some((c, r)) => Diagnostic::at(r.span.clone(), message)
                .label(format!(
                    "1 {c} = {} USD",
                    crate::money::format_decimal(r.value)
                ))
                .help(format!(
                    "{}; at this rate the catalog's dollars come to more: check `{c}`",
                    crate::money::LIMITS
                )),
            None => Diagnostic::at(name.span.clone(), message)
                .label("priced from the catalog")
                .help(format!(
                    "{}; check the scenario's rates",
                    crate::money::LIMITS
                )),
        }
    }

    /// A catalog price or rent as an input, with its source and date.
    pub(super) fn market_input(&self, market: Market) -> Resolved {
        Resolved::uniform(
            market.range,
            Origin::Catalog {
                source: market.source,
                date: self.shared(&market.from.to_string()),
            },
        )
        .converted(self.is_converting())
    }

    /// The catalog's rent for a model at a date (a job's cloud rate at its start), of
    /// one term or (`None`) of every term.
    pub(super) fn catalog_rent(
        &self,
        gpu: &str,
        date: NaiveDate,
        term: Option<Form>,
    ) -> Option<Resolved> {
        let found = self.catalog.lookup(gpu)?;
        let market = self.market(found, PriceKind::Rental, date, term)?;
        Some(self.market_input(market))
    }

    /// Whether a `[gpu.NAME]`'s TDP is above zero; notes the problem if not.
    pub(super) fn tdp_is_positive(&mut self, tdp: &Spanned<Decimal>) -> bool {
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
    pub(super) fn unused_gpus(&mut self) {
        let draft = self.draft;
        for def in &draft.gpus {
            let used = draft.fleets.iter().any(|f| {
                f.gpu.as_ref().is_some_and(|g| {
                    let cat = self.catalog.lookup(&g.value);
                    self.defined(&g.value, cat)
                        .is_some_and(|d| std::ptr::eq(d, def))
                })
            });
            if used {
                continue;
            }
            match (self.catalog.lookup(&def.name.value), &def.tdp_w) {
                (None, _) => {
                    self.has_tdp(def);
                }
                (Some(_), Some(tdp)) => {
                    self.tdp_is_positive(tdp);
                }
                (Some(_), None) => {}
            }
            self.check_written(&def.params);
            self.warnings.push(format!(
                "`[gpu.{}]` is used by no fleet: its figures price nothing",
                def.name.value
            ));
        }
    }

    pub(super) fn kw_per_gpu(
        &mut self,
        def: Option<&DraftGpu>,
        cat: Option<GpuRef<'a>>,
        name: &Spanned<String>,
    ) -> Option<Resolved> {
        let factor = self.catalog.server_power_factor.clone()?;
        // The file's TDP first; an override without one keeps the catalog's.
        if let Some(tdp) = def.and_then(|d| d.tdp_w.as_ref()) {
            if !self.tdp_is_positive(tdp) {
                return None;
            }
            let kw = kw_from_tdp("`tdp_w`", tdp.value, &factor)?;
            return Some(Resolved::uniform(kw.value, Origin::Derived(kw.source)));
        }
        let models: Vec<&GpuModel> = self
            .models(cat?)
            .into_iter()
            .filter(|m| m.launch.value <= self.date)
            .collect();
        let mut kws = Vec::new();
        for m in &models {
            let Some(kw) = m.kw_per_gpu(&factor) else {
                let why = m.tdp_missing.as_deref().unwrap_or("no source gives it");
                self.problems.push(
                    Diagnostic::at(
                        name.span.clone(),
                        format!("the catalog has no TDP for `{}`: {why}", m.name),
                    )
                    .label("needs `kw_per_gpu`")
                    .help(
                        "set `kw_per_gpu` on the fleet (or under `[gpu.NAME]`) to price its power",
                    ),
                );
                return None;
            };
            kws.push(kw);
        }
        let (first, rest) = kws.split_first()?;
        let value = rest.iter().fold(first.value, |acc, k| acc.hull(&k.value));
        let source = if models.len() == 1 {
            first.source.clone()
        } else {
            let parts: Vec<String> = models
                .iter()
                .zip(&kws)
                .map(|(m, k)| format!("{}: {}", m.name, k.source))
                .collect();
            format!("union over {}", parts.join("; "))
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
}
