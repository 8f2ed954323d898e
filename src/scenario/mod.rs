//! Scenario files: reading ([`read`]) and resolution against the catalog, the
//! `[defaults]` and the exchange rates ([`resolve`]) into a [`Scenario`] whose every
//! input is a range in the report currency that knows where it came from.
//!
//! The types of a resolved scenario: the format's words ([`terms`]: bought or rented,
//! scopes, depreciation), each input with its origin and spread ([`inputs`]), and here
//! the fleets, jobs, claims and the scenario that holds them.
//!
//! Layer (ARCHITECTURE.md): uses `catalog`, `input`, `money` and `diagnostic`; prices
//! nothing (that is `model`).

pub mod schema;

pub mod edit;
pub mod inputs;
pub mod overrides;
pub mod read;
pub mod resolve;
pub mod serve;
pub mod terms;

pub use inputs::{BuyInputs, Dist, FleetInputs, Market, Origin, RentInputs, Resolved};
pub use serve::{Period, Prices, Serve, Volume};
pub use terms::{Acquisition, Depreciation, Includes, Scope};

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::input::param::Param;
use crate::input::{Problems, Span};
use crate::money::{Currency, Range, Rates, Reading, Restated};

/// A fleet, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fleet {
    /// Unique id.
    pub id: String,
    /// The GPU as resolved: catalog model, family, or a `[gpu.NAME]` of the file.
    pub gpu: String,
    /// Number of GPUs.
    pub count: u64,
    /// Where `count` is written: a `--set` assignment's place in the edited text
    /// until [`Scenario::place_edits`] names the assignment in `count_set`.
    pub count_span: Span,
    /// The `--set` assignment that gave `count`, if one did.
    pub count_set: Option<String>,
    /// Its inputs.
    pub inputs: FleetInputs,
    /// The catalog's range for the model at the scenario date, where there is one.
    pub market: Option<Market>,
    /// When it was bought (the scenario date unless `acquired` says otherwise).
    pub acquired: NaiveDate,
    /// What its unit price includes: the GPU, or its share of a server or rack.
    pub includes: Includes,
    /// The alternative it belongs to, if the scenario's fleets are alternatives; `None`
    /// for a fleet common to every option.
    pub option: Option<String>,
    /// A bought fleet's servers as a share of its GPUs (the catalog's default server
    /// share), to tell a price of GPUs alone from one of GPUs in servers.
    pub server_factor: Option<Resolved>,
    /// Peak dense BF16/FP16 FLOP/s of one GPU, where the model has a figure.
    pub peak_flops: Option<Resolved>,
    /// What renting one of its GPU-hours would cost instead (bought fleets): the
    /// `[gpu.NAME]`'s `rate_per_gpu_hour`, else the catalog's rent at the scenario date.
    pub rent: Option<Resolved>,
    /// The fleet's table in the file.
    pub span: Span,
}

impl Fleet {
    /// What its `gpus` part is divided by to count the GPUs alone: 1 + the servers'
    /// share, when its unit price includes its servers (or rack); `None` when the price
    /// is of the GPUs alone.
    pub fn gpus_divisor(&self) -> Option<Range> {
        let share = self.server_factor.as_ref()?;
        if self.includes == Includes::Gpu {
            return None;
        }
        Range::exact(Decimal::ONE).add(&share.value).ok()
    }

    /// The same fleet with every input at its midpoint.
    pub fn at_midpoint(&self) -> Fleet {
        Fleet {
            id: self.id.clone(),
            gpu: self.gpu.clone(),
            count: self.count,
            count_span: self.count_span.clone(),
            count_set: self.count_set.clone(),
            inputs: self.inputs.at_midpoint(),
            market: self.market.clone(),
            acquired: self.acquired,
            includes: self.includes,
            option: self.option.clone(),
            server_factor: self.server_factor.as_ref().map(Resolved::at_midpoint),
            peak_flops: self.peak_flops.clone(),
            rent: self.rent.clone(),
            span: self.span.clone(),
        }
    }
}

/// How much compute a job uses, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compute {
    /// GPU-hours as reported.
    GpuHours(Resolved),
    /// Wall-clock hours, on the job's GPUs.
    Hours(Resolved),
    /// Wall-clock days, on the job's GPUs.
    Days(Resolved),
    /// Floating-point operations, at `mfu` of the peak FLOP/s.
    Flop(Resolved),
    /// Parameters × tokens × 6 FLOP, at `mfu` of the peak FLOP/s.
    Training {
        /// Active parameters.
        params: Resolved,
        /// Training tokens.
        tokens: Resolved,
    },
}

/// A job: a training run, or any other use of a fleet's GPUs, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// Unique id.
    pub id: String,
    /// The fleet it runs on.
    pub fleet: String,
    /// How much compute.
    pub compute: Compute,
    /// The GPUs it runs on (the fleet's count unless `gpus` says otherwise).
    pub gpus: Resolved,
    /// Model FLOP utilization, when given.
    pub mfu: Option<Resolved>,
    /// Peak FLOP/s of one GPU, from the fleet's model, where there is a figure.
    pub peak_flops: Option<Resolved>,
    /// When it starts.
    pub start: NaiveDate,
    /// How its hardware is charged.
    pub depreciation: Depreciation,
    /// Whether its estimates count the fleet's facility (Epoch AI counts none).
    pub facility: bool,
    /// What one of its GPU-hours costs to rent: the rented fleet's rate, the job's
    /// `cloud_rate` or the catalog's rent at `start`; `None` when nothing gives one.
    pub cloud_rate: Option<Resolved>,
    /// The job's table in the file.
    pub span: Span,
}

impl Job {
    /// Every input with its key, in report order.
    pub fn list(&self) -> Vec<(Param, &Resolved)> {
        let mut list = match &self.compute {
            Compute::GpuHours(h) => vec![(Param::GpuHours, h)],
            Compute::Hours(h) => vec![(Param::Hours, h)],
            Compute::Days(d) => vec![(Param::Days, d)],
            Compute::Flop(f) => vec![(Param::Flop, f)],
            Compute::Training { params, tokens } => {
                vec![(Param::Params, params), (Param::Tokens, tokens)]
            }
        };
        list.push((Param::Gpus, &self.gpus));
        list.extend(self.mfu.iter().map(|m| (Param::Mfu, m)));
        list.extend(self.peak_flops.iter().map(|p| (Param::PeakFlops, p)));
        list.extend(self.cloud_rate.iter().map(|r| (Param::CloudRate, r)));
        list
    }

    /// The input for a key, for changing it (solve, sensitivity). A rented fleet's job
    /// is priced at the fleet's rate, which is changed on the fleet.
    pub fn get_mut(&mut self, param: Param) -> Option<&mut Resolved> {
        match (param, &mut self.compute) {
            (Param::GpuHours, Compute::GpuHours(v))
            | (Param::Hours, Compute::Hours(v))
            | (Param::Days, Compute::Days(v))
            | (Param::Flop, Compute::Flop(v))
            | (Param::Params, Compute::Training { params: v, .. })
            | (Param::Tokens, Compute::Training { tokens: v, .. }) => Some(v),
            (Param::Gpus, _) => Some(&mut self.gpus),
            (Param::Mfu, _) => self.mfu.as_mut(),
            (Param::PeakFlops, _) => self.peak_flops.as_mut(),
            (Param::CloudRate, _) => self.cloud_rate.as_mut(),
            _ => None,
        }
    }

    /// The same job with every input at its midpoint.
    pub fn at_midpoint(&self) -> Job {
        let mut job = self.clone();
        let params: Vec<Param> = self.list().iter().map(|(p, _)| *p).collect();
        for param in params {
            if let Some(input) = job.get_mut(param) {
                *input = input.at_midpoint();
            }
        }
        job
    }
}

/// A claim, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// Unique id.
    pub id: String,
    /// The article or document it comes from.
    pub source: Option<String>,
    /// The words claimed.
    pub quote: Option<String>,
    /// The figure, in the report currency (a one-point range for a single figure or a
    /// bound; the interval read for words such as "tens of millions").
    pub value: Range,
    /// How it was written, and so how it is judged.
    pub reading: Reading,
    /// The value as written, when it was text (`"more than $100 million"`).
    pub written: Option<String>,
    /// The fleet it speaks of; `None` for the whole scenario (or a job).
    pub fleet: Option<String>,
    /// The job it speaks of, for a job's scope.
    pub job: Option<String>,
    /// The serve it speaks of, for a serve's scope.
    pub serve: Option<String>,
    /// The total it speaks of.
    pub scope: Scope,
    /// The alternative whose total it speaks of (a claim on the scenario's total when
    /// its fleets are alternatives).
    pub option: Option<String>,
    /// Where `value` is written (see [`Fleet::count_span`]).
    pub value_span: Span,
    /// The `--set` assignment that gave `value`, if one did.
    pub value_set: Option<String>,
    /// The claim's table in the file.
    pub span: Span,
}

/// Marks an input `--set` gave as coming from the command line, and moves any other
/// place in the edited text to where it stands in the original.
fn place(origin: &mut Origin, edits: &overrides::Edits) {
    let Some(span) = origin.span_mut() else {
        return;
    };
    match edits.holding(span) {
        Some(e) => *origin = Origin::Set(e.text.clone()),
        None => *span = edits.span_to_original(span),
    }
}

/// A scenario ready to price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Display name (the file name when `[scenario] name` is absent).
    pub name: String,
    /// The date prices, catalog entries and rates are taken at.
    pub date: NaiveDate,
    /// The report currency: every money figure is in it.
    pub currency: Currency,
    /// The file's own `currency`, that its bare numbers are written in.
    pub written: Currency,
    /// Articles and documents the scenario rests on.
    pub sources: Vec<String>,
    /// For one option of a scenario whose fleets are alternatives: that option (the
    /// scenario then holds its fleets and the common ones only).
    pub option: Option<String>,
    /// Exchange rates in force.
    pub rates: Rates,
    /// Fleets, in file order.
    pub fleets: Vec<Fleet>,
    /// Jobs, in file order.
    pub jobs: Vec<Job>,
    /// Serves, in file order.
    pub serves: Vec<Serve>,
    /// Claims, in file order.
    pub claims: Vec<Claim>,
    /// What the scenario is priced with but a reader should know, such as a catalog
    /// price more than a year older than the scenario.
    pub warnings: Vec<String>,
    /// Constant dollars: every money figure restated in another year's dollars.
    pub restated: Option<Restated>,
    /// Where each fleet and job stands, by id.
    ids: Ids,
}

/// Where each fleet and job stands in a scenario, by id: whatever names one (a job its
/// fleet, a claim its fleet or job, a report a job's fleet) finds it without a scan,
/// so a scenario of thousands of each costs in proportion to them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ids {
    fleets: HashMap<String, usize>,
    jobs: HashMap<String, usize>,
    serves: HashMap<String, usize>,
}

impl Ids {
    /// The fleets' places (ids are unique once resolved).
    pub(crate) fn of(fleets: &[Fleet]) -> Ids {
        Ids {
            fleets: position_by_id(fleets.iter().map(|f| &f.id)),
            jobs: HashMap::new(),
            serves: HashMap::new(),
        }
    }

    /// The same with the serves' places.
    pub(crate) fn with_serves(self, serves: &[Serve]) -> Ids {
        Ids {
            serves: position_by_id(serves.iter().map(|s| &s.id)),
            ..self
        }
    }

    /// The place of the serve with this id.
    pub fn serve(&self, id: &str) -> Option<usize> {
        self.serves.get(id).copied()
    }

    /// The same with the jobs' places.
    pub(crate) fn with_jobs(self, jobs: &[Job]) -> Ids {
        Ids {
            jobs: position_by_id(jobs.iter().map(|j| &j.id)),
            ..self
        }
    }

    /// The place of the fleet with this id.
    pub fn fleet(&self, id: &str) -> Option<usize> {
        self.fleets.get(id).copied()
    }

    /// The place of the job with this id.
    pub fn job(&self, id: &str) -> Option<usize> {
        self.jobs.get(id).copied()
    }
}

fn position_by_id<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

impl Scenario {
    /// Reads and resolves a scenario's text; `fallback_name` names it when the file
    /// does not. Every problem found is returned, in file order.
    pub fn from_text(
        text: &str,
        fallback_name: &str,
        catalog: &Catalog,
        report: Option<Currency>,
    ) -> Result<Scenario, Vec<Diagnostic>> {
        let mut problems = Problems::default();
        let scenario = read::read(text, &mut problems).and_then(|draft| {
            resolve::resolve(&draft, fallback_name, catalog, report, &mut problems)
        });
        match scenario {
            Some(s) if problems.is_empty() => Ok(s),
            _ => Err(problems.into_vec()),
        }
    }

    /// Takes the scenario from the edited text back to the file: the inputs `--set`
    /// gave are marked as coming from the command line, and every other place is moved
    /// to where it stands in the original text.
    pub fn place_edits(&mut self, edits: &overrides::Edits) {
        let set = |span: &mut Span| match edits.holding(span) {
            Some(e) => Some(e.text.clone()),
            None => {
                *span = edits.span_to_original(span);
                None
            }
        };
        for fleet in &mut self.fleets {
            fleet.span = edits.span_to_original(&fleet.span);
            fleet.count_set = set(&mut fleet.count_span);
            let params: Vec<Param> = fleet.inputs.list().iter().map(|(p, _)| *p).collect();
            for param in params {
                if let Some(input) = fleet.inputs.get_mut(param) {
                    place(&mut input.origin, edits);
                }
            }
        }
        for job in &mut self.jobs {
            job.span = edits.span_to_original(&job.span);
            let params: Vec<Param> = job.list().iter().map(|(p, _)| *p).collect();
            for param in params {
                if let Some(input) = job.get_mut(param) {
                    place(&mut input.origin, edits);
                }
            }
        }
        for serve in &mut self.serves {
            serve.span = edits.span_to_original(&serve.span);
            let params: Vec<Param> = serve.list().iter().map(|(p, _)| *p).collect();
            for param in params {
                if let Some(input) = serve.get_mut(param) {
                    place(&mut input.origin, edits);
                }
            }
        }
        for claim in &mut self.claims {
            claim.span = edits.span_to_original(&claim.span);
            claim.value_set = set(&mut claim.value_span);
        }
    }

    /// Where each fleet and job stands, by id.
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    /// The job with this id.
    pub fn job(&self, id: &str) -> Option<&Job> {
        self.ids.job(id).map(|i| &self.jobs[i])
    }

    /// The serve with this id.
    pub fn serve(&self, id: &str) -> Option<&Serve> {
        self.ids.serve(id).map(|i| &self.serves[i])
    }

    /// The fleet with this id.
    pub fn fleet(&self, id: &str) -> Option<&Fleet> {
        self.ids.fleet(id).map(|i| &self.fleets[i])
    }

    /// The options its fleets are alternatives in, in file order; empty when they are
    /// not alternatives.
    pub fn options(&self) -> Vec<&str> {
        let mut options: Vec<&str> = Vec::new();
        for o in self.fleets.iter().filter_map(|f| f.option.as_deref()) {
            if !options.contains(&o) {
                options.push(o);
            }
        }
        options
    }

    /// One option of a scenario whose fleets are alternatives: its fleets and the common
    /// ones, their jobs, and the claims on them or on the option's total; named for it.
    pub fn view(&self, option: &str) -> Scenario {
        let keep = |f: &Fleet| f.option.as_deref().is_none_or(|o| o == option);
        let fleets: Vec<Fleet> = self.fleets.iter().filter(|f| keep(f)).cloned().collect();
        let kept = |id: &str| fleets.iter().any(|f| f.id == id);
        let jobs: Vec<Job> = self
            .jobs
            .iter()
            .filter(|j| kept(&j.fleet))
            .cloned()
            .collect();
        let job_kept = |id: &str| jobs.iter().any(|j| j.id == id);
        let serves: Vec<Serve> = (self.serves.iter())
            .filter(|s| kept(&s.fleet))
            .cloned()
            .collect();
        let serve_kept = |id: &str| serves.iter().any(|s| s.id == id);
        let claims = self
            .claims
            .iter()
            .filter(|c| match (&c.job, &c.fleet, &c.option) {
                _ if c.serve.is_some() => c.serve.as_deref().is_some_and(serve_kept),
                (Some(j), _, _) => job_kept(j),
                (None, Some(f), _) => kept(f),
                (None, None, o) => o.as_deref() == Some(option),
            })
            .cloned()
            .collect();
        let ids = Ids::of(&fleets).with_jobs(&jobs).with_serves(&serves);
        Scenario {
            name: format!("{} — option `{option}`", self.name),
            option: Some(option.to_string()),
            fleets,
            jobs,
            serves,
            claims,
            ids,
            ..self.clone()
        }
    }
}
