//! Fleets: each input taken from the fleet, else `[defaults]`, else the `[gpu.NAME]`,
//! else the catalog; bought and rented fleets' keys kept apart; ids unique.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::super::read::{DraftFleet, Input, Spanned, written};
use super::super::{
    Acquisition, BuyInputs, Fleet, FleetInputs, Includes, Origin, RentInputs, Resolved,
};
use super::{Gpu, Resolver};
use crate::catalog::{Form, GpuModel, GpuRef, PriceKind, Region, Sourced};
use crate::diagnostic::Diagnostic;
use crate::input::param::Param;
use crate::money::Range;

impl<'a> Resolver<'a> {
    pub(super) fn fleets(&mut self) -> Vec<Fleet> {
        let mut fleets: Vec<Fleet> = Vec::with_capacity(self.draft.fleets.len());
        // Ids seen so far: a set, so that thousands of fleets are not compared pairwise.
        let mut seen = std::collections::HashSet::new();
        for draft in &self.draft.fleets {
            let id = draft
                .id
                .clone()
                .or_else(|| draft.gpu.clone())
                .map(|s| (s.value, s.span));
            if let Some((id, span)) = &id
                && !seen.insert(id.clone())
            {
                self.problems.push(
                    Diagnostic::at(span.clone(), format!("duplicate fleet id `{id}`"))
                        .label("already used by an earlier fleet")
                        .help("give each `[[fleet]]` its own `id`"),
                );
                continue;
            }
            let Some((id, _)) = id else {
                self.fleet(draft);
                continue;
            };
            let what = format!("fleet `{id}`");
            if let Some(fleet) = self.or_said(&what, &draft.span, |r| r.fleet(draft)) {
                fleets.push(Fleet { id, ..fleet });
            }
        }
        fleets
    }

    pub(super) fn fleet(&mut self, draft: &DraftFleet) -> Option<Fleet> {
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
        let own = |param: Param| written(&draft.params, param);
        let wrong_keys: &[Param] = match acquisition {
            Acquisition::Buy => &[Param::RatePerGpuHour, Param::Months],
            Acquisition::Rent => &[
                Param::UnitPrice,
                Param::Utilization,
                Param::CostOfCapital,
                Param::RentPerGpuHour,
            ],
        };
        let mut conflict = false;
        for &param in wrong_keys {
            if let Some(input) = own(param) {
                conflict = true;
                let (what, help) = match (acquisition, param) {
                    (Acquisition::Buy, Param::RatePerGpuHour) => (
                        "a bought fleet",
                        "a bought fleet is priced by `unit_price`; the rent owning it is \
                         compared with is `rent_per_gpu_hour` (on the fleet, or \
                         `rate_per_gpu_hour` under `[gpu.NAME]`); to rent the fleet, set \
                         `acquisition = \"rent\"`",
                    ),
                    (Acquisition::Buy, _) => (
                        "a bought fleet",
                        "set `acquisition = \"rent\"` to rent it, or remove the key",
                    ),
                    (Acquisition::Rent, Param::RentPerGpuHour) => (
                        "a rented fleet",
                        "a rented fleet's rent is its `rate_per_gpu_hour`",
                    ),
                    (Acquisition::Rent, Param::UnitPrice) => (
                        "a rented fleet",
                        "a rented fleet is priced by `rate_per_gpu_hour`; remove `unit_price`",
                    ),
                    (Acquisition::Rent, _) => (
                        "a rented fleet",
                        "it prices owning a GPU-hour, which a rented fleet does not; remove it",
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
            // An override of a catalog model is shown by the model's name.
            Gpu::Defined(d, cat) => (
                cat.map_or(d.name.value.clone(), |c| c.name().to_string()),
                Some(*d),
                *cat,
            ),
            Gpu::Catalog(g) => (g.name().to_string(), None, Some(*g)),
        };
        let def_param = |param: Param| def.and_then(|d| written(&d.params, param));
        let (kind, unit_param) = match acquisition {
            Acquisition::Buy => (PriceKind::Purchase, Param::UnitPrice),
            Acquisition::Rent => (PriceKind::Rental, Param::RatePerGpuHour),
        };
        let acquired = self.acquired(draft);
        // A purchase is priced at the market of its day; one still to come at the
        // scenario date's, which is what was known then. A rent at the scenario date.
        let priced_at = match acquisition {
            Acquisition::Buy => acquired.min(self.date),
            Acquisition::Rent => self.date,
        };
        if acquisition == Acquisition::Buy
            && let Some(g) = cat
            && !self.launched_by(g, acquired, draft, gpu_name)
        {
            self.check_written(&draft.params);
            return None;
        }
        // Rents of one term: on demand unless the fleet says otherwise.
        let term = draft.rent_term.as_ref().map_or(Form::OnDemand, |t| t.value);
        let quote = (kind == PriceKind::Rental).then_some(term);
        let market = cat.and_then(|g| self.market(g, kind, priced_at, quote));
        let unit = self.pick(
            unit_param,
            own(unit_param),
            None,
            def_param(unit_param),
            |r| r.market_sourced(market.as_ref(), kind, &gpu_label, gpu_name, priced_at),
        );
        let from_catalog = unit
            .as_ref()
            .is_some_and(|u| matches!(u.origin, Origin::Catalog { .. }));
        // What the price includes: the file's word for its own price; the catalog's
        // form for its.
        let includes = match (&draft.includes, from_catalog) {
            (Some(i), false) => i.value,
            (Some(i), true) => {
                conflict = true;
                self.problems.push(
                    Diagnostic::at(
                        i.span.clone(),
                        "`unit_price_includes` says what the fleet's own `unit_price` includes",
                    )
                    .label("no `unit_price` is written")
                    .help("write the fleet's `unit_price`, or remove the key: the catalog's prices say what they include"),
                );
                Includes::Gpu
            }
            (None, true) if market.as_ref().is_some_and(|m| m.holds_server) => Includes::Server,
            (None, _) => Includes::Gpu,
        };
        if let (Acquisition::Rent, Some(i)) = (acquisition, &draft.includes) {
            conflict = true;
            self.problems.push(
                Diagnostic::at(i.span.clone(), "`unit_price_includes` does not apply to a rented fleet")
                    .label("not used")
                    .help("a rented fleet pays `rate_per_gpu_hour` for GPU-hours, servers and all; remove the key"),
            );
        }
        let server_factor = match acquisition {
            Acquisition::Buy => self
                .catalog
                .assumption(Param::ServerShare, priced_at)
                .and_then(|s| self.catalog_input(Param::ServerShare, &s)),
            Acquisition::Rent => None,
        };
        let inputs = match acquisition {
            Acquisition::Buy => {
                let kw = self.pick(
                    Param::KwPerGpu,
                    own(Param::KwPerGpu),
                    self.default(Param::KwPerGpu),
                    def_param(Param::KwPerGpu),
                    |r| r.kw_per_gpu(def, cat, gpu_name),
                );
                // A price per GPU in a DGX/HGX server (or a rack) holds the server:
                // then no server is added, and the network is a share of the server.
                let holds_server = includes != Includes::Gpu;
                let models: Vec<&GpuModel> = cat.map_or(Vec::new(), |g| self.models(g));
                let years = self.pick(
                    Param::Years,
                    own(Param::Years),
                    self.default(Param::Years),
                    None,
                    |r| {
                        let sourced = r.catalog.assumption(Param::Years, priced_at)?;
                        r.catalog_input(Param::Years, &sourced)
                    },
                );
                let running = years.as_ref().map(|y| y.value);
                let region = self.region(draft);
                let region_written = draft.region.is_some() || self.draft.region.is_some();
                let overhead = |r: &mut Self, param: Param| {
                    r.pick(param, own(param), r.default(param), None, |r| {
                        let sourced = match param {
                            Param::ServerShare if holds_server => Sourced {
                                value: Range::ZERO,
                                source: "the catalog's price is per GPU in a DGX/HGX server, \
                                         which holds the server"
                                    .into(),
                                date: String::new(),
                            },
                            Param::NetworkShare if holds_server => {
                                r.catalog.network_share_on_server.clone()?
                            }
                            Param::Load => model_load(&models)
                                .or_else(|| r.catalog.assumption(param, priced_at))?,
                            // Energy is bought where the fleet is, over the years it runs.
                            Param::ElectricityPerKwh => {
                                let region = *region.as_ref().ok()?;
                                return r.electricity(region, region_written, acquired, running?);
                            }
                            _ => r.catalog.assumption(param, priced_at)?,
                        };
                        r.catalog_input(param, &sourced)
                    })
                };
                let server_share = overhead(self, Param::ServerShare);
                let network_share = overhead(self, Param::NetworkShare);
                let facility_per_mw = overhead(self, Param::FacilityPerMw);
                let load = overhead(self, Param::Load);
                let pue = overhead(self, Param::Pue);
                let electricity_per_kwh = overhead(self, Param::ElectricityPerKwh);
                let facility_years = overhead(self, Param::FacilityYears);
                // Written on the fleet or in `[defaults]`, or not at all.
                let mut optional = |param: Param| match own(param).or(self.default(param)) {
                    Some(_) => self
                        .pick(param, own(param), self.default(param), None, |_| None)
                        .map(Some),
                    None => Some(None),
                };
                let utilization = optional(Param::Utilization);
                let cost_of_capital = optional(Param::CostOfCapital);
                FleetInputs::Buy(Box::new(BuyInputs {
                    unit_price: unit?,
                    server_share: server_share?,
                    network_share: network_share?,
                    facility_per_mw: facility_per_mw?,
                    kw_per_gpu: kw?,
                    load: load?,
                    pue: pue?,
                    electricity_per_kwh: electricity_per_kwh?,
                    years: years?,
                    facility_years: facility_years?,
                    utilization: utilization?,
                    cost_of_capital: cost_of_capital?,
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
                            let sourced = r.catalog.assumption(Param::Years, r.date)?;
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
        if let (Acquisition::Rent, Some(acquired)) = (acquisition, &draft.acquired) {
            conflict = true;
            self.problems.push(
                Diagnostic::at(
                    acquired.span.clone(),
                    "`acquired` does not apply to a rented fleet",
                )
                .label("not used")
                .help("a rented fleet is not bought; remove `acquired`"),
            );
        }
        let peak_flops = match def_param(Param::PeakFlops) {
            Some(i) => Some(self.input(Param::PeakFlops, i).map(|r| Resolved {
                origin: Origin::Gpu(i.span.clone()),
                ..r
            })?),
            None => cat.and_then(|g| self.peak_flops(g)),
        };
        // The rent owning a bought fleet is compared with: the fleet's own, the
        // `[gpu.NAME]`'s, else the catalog's at the scenario date.
        let written_rent = own(Param::RentPerGpuHour)
            .map(|i| (i, Origin::Fleet(i.span.clone())))
            .or_else(|| def_param(Param::RatePerGpuHour).map(|i| (i, Origin::Gpu(i.span.clone()))));
        let rent = match (acquisition, written_rent) {
            (Acquisition::Rent, _) => None,
            (Acquisition::Buy, Some((i, origin))) => Some(
                self.input(Param::RentPerGpuHour, i)
                    .map(|r| Resolved { origin, ..r })?,
            ),
            // The catalog's rent, with a warning when it is stale, as for a price.
            (Acquisition::Buy, None) => {
                match cat.and_then(|g| self.market(g, PriceKind::Rental, self.date, Some(term))) {
                    Some(m) => {
                        self.warn_if_stale(&m, &gpu_label, self.date);
                        Some(self.market_input(m))
                    }
                    None => None,
                }
            }
        };
        let count = draft.count.as_ref()?.value;
        if conflict {
            return None;
        }
        Some(Fleet {
            id: String::new(),
            gpu: gpu_label,
            count,
            count_span: draft
                .count
                .as_ref()
                .map_or(draft.span.clone(), |c| c.span.clone()),
            count_set: None,
            inputs,
            market,
            acquired,
            includes,
            option: draft.option.as_ref().map(|o| o.value.clone()),
            server_factor,
            peak_flops,
            rent,
            span: draft.span.clone(),
        })
    }

    /// When a fleet was bought: its `acquired`; else, when a job of it starts before
    /// the scenario date, the earliest such start (the fleet was in use by then); else
    /// the scenario date.
    fn acquired(&self, draft: &DraftFleet) -> NaiveDate {
        if let Some(a) = &draft.acquired {
            return a.value;
        }
        let Some(id) = draft.id.as_ref().or(draft.gpu.as_ref()) else {
            return self.date;
        };
        // Each fleet's first job start, found in one pass over the jobs, not one a fleet.
        let firsts = self.first_starts.get_or_init(|| {
            let mut firsts: HashMap<&str, NaiveDate> = HashMap::new();
            let draft: &'a super::super::read::Draft = self.draft;
            for job in &draft.jobs {
                let (Some(fleet), Some(start)) = (&job.fleet, &job.start) else {
                    continue;
                };
                if start.value < self.date {
                    let first = firsts.entry(fleet.value.as_str()).or_insert(start.value);
                    *first = (*first).min(start.value);
                }
            }
            firsts
        });
        firsts.get(id.value.as_str()).copied().unwrap_or(self.date)
    }

    /// Whether the model (a family: any member) was launched by `acquired`; notes
    /// the problem if not, at `acquired` or, when it was not written, at the `gpu`.
    fn launched_by(
        &mut self,
        gpu: GpuRef<'a>,
        acquired: NaiveDate,
        draft: &DraftFleet,
        name: &Spanned<String>,
    ) -> bool {
        let models = self.models(gpu);
        if models.iter().any(|m| m.launch.value <= acquired) {
            return true;
        }
        let first = models.iter().map(|m| m.launch.value).min();
        let launch = first.map_or(String::new(), |d| format!(" ({d})"));
        let (span, label, help) = match &draft.acquired {
            Some(a) => (
                a.span.clone(),
                "before the launch",
                "a GPU is bought once it exists: move `acquired` to the launch or later",
            ),
            None => (
                name.span.clone(),
                "acquired by its first job's start",
                "a job of the fleet starts before the model existed: check the job's `start` or the `gpu`",
            ),
        };
        self.problems.push(
            Diagnostic::at(
                span,
                format!(
                    "`{}` was launched after the fleet was acquired on {acquired}{launch}",
                    gpu.name()
                ),
            )
            .label(label)
            .help(help),
        );
        false
    }

    /// Where a fleet is: its `region`, else `[defaults]`'s; `Ok(None)` for the US
    /// default; `Err` (noted) for a code the catalog lacks.
    fn region(&mut self, draft: &DraftFleet) -> Result<Option<&'a Region>, ()> {
        let Some(code) = draft.region.as_ref().or(self.draft.region.as_ref()) else {
            return Ok(None);
        };
        let catalog = self.catalog;
        if code.value.eq_ignore_ascii_case("US") {
            return Ok(None);
        }
        if let Some(r) = catalog
            .regions
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(&code.value))
        {
            return Ok(Some(r));
        }
        let codes: Vec<&str> = std::iter::once("US")
            .chain(catalog.regions.iter().map(|r| r.code.as_str()))
            .collect();
        let problem = Diagnostic::at(
            code.span.clone(),
            format!("unknown region `{}`", code.value),
        )
        .label("not a region of the catalog")
        .help(format!(
            "regions with electricity prices: {}; or set `electricity_per_kwh` yourself",
            crate::diagnostic::suggest::one_of(&codes)
        ));
        // Said once however many fleets it names (problems are deduplicated).
        self.problems.push(problem);
        Err(())
    }

    /// The catalog's electricity for a fleet `region` (the US's without one), over
    /// the years it runs from `start`, in the report currency; a file in another
    /// currency priced at the US figure without saying `region` is told so once.
    fn electricity(
        &mut self,
        region: Option<&'a Region>,
        region_written: bool,
        start: NaiveDate,
        years: Range,
    ) -> Option<Resolved> {
        let param = Param::ElectricityPerKwh;
        match region {
            Some(r) => {
                let mut sourced = r.electricity.over(start, years)?;
                sourced.source = format!("{}, {}: {}", r.code, r.name, sourced.source);
                self.catalog_input_in(param, &sourced, r.currency)
            }
            None => {
                if !region_written && self.written != crate::money::Currency::Usd {
                    let warning = format!(
                        "the file's figures are in {}, but electricity is priced at the US \
                         industrial average: set `region` (in `[defaults]` or on a fleet: {}) \
                         or `electricity_per_kwh` where the fleets are",
                        self.written,
                        self.catalog
                            .regions
                            .iter()
                            .map(|r| format!("`{}` {}", r.code, r.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    if !self.warnings.contains(&warning) {
                        self.warnings.push(warning);
                    }
                }
                let sourced = self.catalog.assumption_over(param, start, years)?;
                self.catalog_input(param, &sourced)
            }
        }
    }

    pub(super) fn default(&self, param: Param) -> Option<&'a Input> {
        written(&self.draft.defaults, param)
    }

    /// The first of: the fleet's own value, `[defaults]`, the `[gpu.NAME]` value, the
    /// fallback.
    pub(super) fn pick(
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
}

/// The load the models share when it is their own (TPUs draw less of their servers'
/// maximum than GPUs): a family whose members differ, or any without one, takes the
/// catalog's default.
fn model_load(models: &[&GpuModel]) -> Option<Sourced<Range>> {
    let (first, rest) = models.split_first()?;
    let load = first.load.clone()?;
    rest.iter()
        .all(|m| m.load.as_ref().is_some_and(|l| l.value == load.value))
        .then_some(load)
}
