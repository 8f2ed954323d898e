//! The model the simulation draws from: the uncertain [`Variable`]s (each input
//! written once), every fleet's parts as products of them, each total as a sum of
//! smaller totals and parts ([`Model::new`]); and the blocked draws themselves: one
//! random stream per block, a block of scratch per thread ([`Model::fold_blocks`]).
//!
//! Over 400 lines, and one idea: the draw loop is the model's inner loop, so the
//! model's layout (variables, parts, quantities) and the code that fills it stay
//! together.

mod serve;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use std::collections::HashMap;

use rayon::prelude::*;

use super::BLOCK;
use super::lists::Lists;
use super::quantile::{self, Binning};
use super::sample::{Sampler, to_f64};
use crate::input::param::Param;
use crate::model::HOURS_PER_YEAR;
use crate::model::Part;
use crate::money::Range;
use crate::scenario::{
    BuyInputs, Compute, Depreciation, Fleet, FleetInputs, Job, Resolved, Scenario, Scope,
};

/// One uncertain quantity: an input as written once, and the fleets and jobs that use it.
#[derive(Clone, Debug)]
pub struct Variable {
    /// Which assumption.
    pub param: Param,
    /// Its range, distribution and origin.
    pub input: Resolved,
    /// Indices of the fleets that use it, in scenario order.
    pub users: Vec<usize>,
    /// Indices of the jobs whose own inputs it is (a job also reads its fleet's).
    pub jobs: Vec<usize>,
    /// Indices of the serves whose own inputs it is (a serve also reads its fleet's).
    pub serves: Vec<usize>,
    sampler: Sampler,
}

impl Variable {
    /// Whether it is a fixed value (nothing to draw).
    pub fn is_exact(&self) -> bool {
        self.sampler.is_exact()
    }

    /// How many fleets and jobs read it.
    pub fn readers(&self) -> usize {
        self.users.len() + self.jobs.len() + self.serves.len()
    }

    /// The names of the fleets and jobs that read it, fleets first, in scenario order:
    /// a fleet's id, `job ID` for a job. Made when asked, not kept: a catalog price
    /// read by ten thousand fleets would otherwise hold ten thousand strings.
    pub fn reader_names<'a>(
        &'a self,
        scenario: &'a Scenario,
    ) -> impl Iterator<Item = std::borrow::Cow<'a, str>> + 'a {
        let fleets = self
            .users
            .iter()
            .map(|&f| scenario.fleets[f].id.as_str().into());
        let jobs = (self.jobs.iter()).map(|&j| job_name(&scenario.jobs[j]).into());
        let serves =
            (self.serves.iter()).map(|&s| format!("serve {}", scenario.serves[s].id).into());
        fleets.chain(jobs).chain(serves)
    }
}

/// The variables a bought fleet's inputs are drawn into: read by its parts and by the
/// jobs that run on it.
#[derive(Clone, Copy, Debug)]
struct BuyVars {
    unit_price: usize,
    server_share: usize,
    network_share: usize,
    facility_per_mw: usize,
    kw_per_gpu: usize,
    load: usize,
    pue: usize,
    electricity: usize,
    years: usize,
}

impl BuyVars {
    /// The variables of a bought fleet's inputs, from `var`.
    fn new(
        b: &BuyInputs,
        var: &mut impl FnMut(Param, &Resolved) -> Result<usize, String>,
    ) -> Result<BuyVars, String> {
        Ok(BuyVars {
            unit_price: var(Param::UnitPrice, &b.unit_price)?,
            server_share: var(Param::ServerShare, &b.server_share)?,
            network_share: var(Param::NetworkShare, &b.network_share)?,
            facility_per_mw: var(Param::FacilityPerMw, &b.facility_per_mw)?,
            kw_per_gpu: var(Param::KwPerGpu, &b.kw_per_gpu)?,
            load: var(Param::Load, &b.load)?,
            pue: var(Param::Pue, &b.pue)?,
            electricity: var(Param::ElectricityPerKwh, &b.electricity_per_kwh)?,
            years: var(Param::Years, &b.years)?,
        })
    }

    /// Every variable, in field order.
    fn list(&self) -> [usize; 9] {
        [
            self.unit_price,
            self.server_share,
            self.network_share,
            self.facility_per_mw,
            self.kw_per_gpu,
            self.load,
            self.pue,
            self.electricity,
            self.years,
        ]
    }
}

impl FleetModel {
    /// The variables its parts read.
    fn reads(&self) -> Vec<usize> {
        match self {
            FleetModel::Buy {
                vars,
                alone,
                owning,
                ..
            } => vars
                .list()
                .into_iter()
                .chain(*alone)
                .chain(owning.iter().flat_map(OwningVars::list))
                .collect(),
            FleetModel::Rent { rate, months, .. } => vec![*rate, *months],
        }
    }
}

impl JobModel {
    /// The variables its figures read.
    fn reads(&self) -> Vec<usize> {
        let mut reads = match self.hours {
            JobHours::Given(v) | JobHours::Wall { time: v, .. } | JobHours::Flop { flop: v } => {
                vec![v]
            }
            JobHours::Training { params, tokens } => vec![params, tokens],
        };
        reads.push(self.gpus);
        reads.extend(self.flops.iter().flat_map(|&(peak, mfu)| [peak, mfu]));
        reads.extend(self.buy.iter().flat_map(|b| b.vars.list()));
        reads.extend(self.buy.iter().filter_map(|b| b.facility_years));
        reads.extend(self.rate);
        reads
    }
}

/// A fleet's formulas, with the variables they read.
#[derive(Clone, Copy, Debug)]
enum FleetModel {
    Buy {
        count: f64,
        vars: BuyVars,
        /// The servers' share a price per GPU in a server is divided by (plus one)
        /// to count the GPUs alone, when the fleet's price includes its servers.
        alone: Option<usize>,
        /// What owning a GPU-hour further reads, when a claim speaks of it.
        owning: Option<OwningVars>,
    },
    Rent {
        count: f64,
        rate: usize,
        months: usize,
    },
}

/// The variables owning a GPU-hour reads besides the parts': the facility's life, and
/// the utilization and cost of capital where the fleet has them.
#[derive(Clone, Copy, Debug)]
struct OwningVars {
    facility_years: usize,
    utilization: Option<usize>,
    cost_of_capital: Option<usize>,
}

impl OwningVars {
    fn list(&self) -> impl Iterator<Item = usize> {
        [
            Some(self.facility_years),
            self.utilization,
            self.cost_of_capital,
        ]
        .into_iter()
        .flatten()
    }
}

/// A bought fleet has no rental part: its sixth slot holds what owning one of its
/// GPU-hours costs, where a claim speaks of it.
const OWNED_SLOT: usize = 5;

/// How a job's GPU-hours are drawn: the variables each form reads.
#[derive(Clone, Copy, Debug)]
enum JobHours {
    Given(usize),
    /// Wall-clock time × `per` hours (1 for hours, 24 for days) × gpus.
    Wall {
        time: usize,
        per: f64,
    },
    /// FLOP / (peak × mfu × 3,600).
    Flop {
        flop: usize,
    },
    /// 6 × params × tokens / (peak × mfu × 3,600).
    Training {
        params: usize,
        tokens: usize,
    },
}

/// A job on a bought fleet: the fleet's inputs its amortized and acquisition read.
#[derive(Clone, Copy, Debug)]
struct JobBuy {
    vars: BuyVars,
    /// The value left at the start (exact: the dates are not drawn).
    left: f64,
    /// `Some(charge)` for `epoch` (a constant), `None` for straight-line (1 / years).
    charge: Option<f64>,
    /// The facility's life, when the job counts the facility.
    facility_years: Option<usize>,
}

/// A job's formulas, with the variables they read.
#[derive(Clone, Copy, Debug)]
struct JobModel {
    hours: JobHours,
    gpus: usize,
    /// Peak FLOP/s and MFU, where the job has both.
    flops: Option<(usize, usize)>,
    buy: Option<JobBuy>,
    rate: Option<usize>,
}

/// Part slots of one fleet in the scratch buffers.
const PARTS: [Part; 6] = Part::ALL;

fn slot(part: Part) -> usize {
    PARTS.iter().position(|&p| p == part).unwrap_or(0)
}

/// A job's slots in the scratch buffers, in this order.
const JOB_SLOTS: [Scope; 6] = Scope::JOB;

/// One summed term of a quantity: an entity (a fleet, then the jobs after the fleets)
/// and one of its six slots.
type Term = (usize, usize);

/// The scenario compiled for sampling.
#[derive(Clone, Debug)]
pub struct Model {
    /// The uncertain quantities, in order of first use.
    pub variables: Vec<Variable>,
    fleets: Vec<FleetModel>,
    jobs: Vec<JobModel>,
    serves: Vec<serve::ServeModel>,
    /// How the tracked totals are summed as a block is drawn entity by entity.
    flow: Flow,
    /// Whether every input is bounded.
    bounded: bool,
    /// Each tracked total's exact [low, high] from the model, as `f64`.
    spans: Vec<(f64, f64)>,
    /// The scenario's totals: scope → quantity.
    pub totals: Vec<(Scope, usize)>,
    /// Each fleet's totals: scope → quantity.
    pub fleet_totals: Lists<(Scope, usize)>,
    /// Each job's estimates and measures: scope → quantity.
    pub job_totals: Lists<(Scope, usize)>,
    /// Each serve's figures: scope → quantity.
    pub serve_totals: Lists<(Scope, usize)>,
}

impl Model {
    /// Compiles a scenario; `Err` when an input's distribution cannot be sampled.
    pub fn new(scenario: &Scenario) -> Result<Model, String> {
        Model::owning(scenario, &[])
    }

    /// [`Model::new`], with owning a GPU-hour drawn for the bought fleets `owned` as
    /// well as for those a claim speaks of.
    pub fn owning(scenario: &Scenario, owned: &[usize]) -> Result<Model, String> {
        let mut variables = Variables::default();
        let mut fleets = Vec::new();
        // The bought fleets a claim on owning a GPU-hour speaks of: only they draw it.
        let owned_claimed: std::collections::HashSet<usize> = scenario
            .claims
            .iter()
            .filter(|c| c.scope == Scope::OwnedPerGpuHour && c.job.is_none())
            .filter_map(|c| scenario.ids().fleet(c.fleet.as_deref()?))
            .chain(owned.iter().copied())
            .collect();
        for (index, fleet) in scenario.fleets.iter().enumerate() {
            let mut var = |param: Param, input: &Resolved| {
                variables.get(param, input, User::Fleet(index), &fleet.id)
            };
            let count = fleet.count as f64;
            fleets.push(match &fleet.inputs {
                FleetInputs::Buy(b) => FleetModel::Buy {
                    count,
                    vars: BuyVars::new(b, &mut var)?,
                    alone: match (fleet.gpus_divisor(), &fleet.server_factor) {
                        (Some(_), Some(share)) => Some(var(Param::ServerShare, share)?),
                        _ => None,
                    },
                    owning: match owned_claimed.contains(&index) {
                        true => Some(OwningVars {
                            facility_years: var(Param::FacilityYears, &b.facility_years)?,
                            utilization: b
                                .utilization
                                .as_ref()
                                .map(|u| var(Param::Utilization, u))
                                .transpose()?,
                            cost_of_capital: b
                                .cost_of_capital
                                .as_ref()
                                .map(|r| var(Param::CostOfCapital, r))
                                .transpose()?,
                        }),
                        false => None,
                    },
                },
                FleetInputs::Rent(r) => FleetModel::Rent {
                    count,
                    rate: var(Param::RatePerGpuHour, &r.rate_per_gpu_hour)?,
                    months: var(Param::Months, &r.months)?,
                },
            });
        }
        // Each entity's exact slots (fleets' parts, then jobs' figures), for the spans.
        let mut exact = Vec::with_capacity(scenario.fleets.len() + scenario.jobs.len());
        for f in &scenario.fleets {
            let parts = crate::model::price_fleet(f.count, &f.inputs).map_err(|part| {
                format!("arithmetic overflow computing {part:?} of fleet `{}`", f.id)
            })?;
            let mut slots = [None; 6];
            for (part, range) in parts {
                slots[slot(part)] = Some(range);
            }
            // Priced with its servers, the GPUs alone are its gpus ÷ (1 + s), and the
            // rest, gpus × s / (1 + s), is drawn with the servers.
            if let (Some(d), Some(share), Some(gpus)) =
                (f.gpus_divisor(), &f.server_factor, slots[slot(Part::Gpus)])
            {
                // s / (1 + s) grows with s: its range is the bounds' own.
                let frac = |v: rust_decimal::Decimal| v.checked_div(rust_decimal::Decimal::ONE + v);
                let s = share.value;
                let rest = frac(s.low())
                    .zip(frac(s.high()))
                    .and_then(|(low, high)| Range::new(low, high))
                    .and_then(|frac| gpus.mul(&frac).ok());
                let servers = slots[slot(Part::Servers)].unwrap_or(Range::ZERO);
                slots[slot(Part::Gpus)] = gpus.div(&d).ok();
                slots[slot(Part::Servers)] = rest.and_then(|r| servers.add(&r).ok());
            }
            if owned_claimed.contains(&exact.len()) {
                let owned = crate::model::owning::owned(f).map_err(|_| {
                    format!(
                        "arithmetic overflow computing owning a GPU-hour of fleet `{}`",
                        f.id
                    )
                })?;
                slots[OWNED_SLOT] = owned.map(|o| o.per_gpu_hour);
            }
            exact.push(slots);
        }
        let mut jobs = Vec::new();
        for (index, job) in scenario.jobs.iter().enumerate() {
            let Some(fleet) = scenario.fleet(&job.fleet) else {
                continue;
            };
            let label = job_name(job);
            let mut var = |param: Param, input: &Resolved| {
                variables.get(param, input, User::Job(index), &label)
            };
            jobs.push(job_model(job, fleet, &mut var)?);
            let cost = crate::model::jobs::price_job(job, fleet)
                .map_err(|_| format!("arithmetic overflow computing job `{}`", job.id))?;
            exact.push(JOB_SLOTS.map(|scope| cost.scope(scope)));
        }
        let mut serves = Vec::new();
        for (index, sv) in scenario.serves.iter().enumerate() {
            let Some(fleet) = scenario.fleet(&sv.fleet) else {
                continue;
            };
            let label = format!("serve {}", sv.id);
            let mut var = |param: Param, input: &Resolved| {
                variables.get(param, input, User::Serve(index), &label)
            };
            serves.push(serve::serve_model(sv, fleet, &mut var)?);
            let cost = crate::model::serve::price_serve(sv, fleet)
                .map_err(|_| format!("arithmetic overflow computing serve `{}`", sv.id))?;
            // Two entities a serve, six slots each: ten figures.
            exact.extend(serve::exact_slots(&cost));
        }
        let mut tracked = Tracked {
            exact: &exact,
            terms: Vec::new(),
            seen: Seen::default(),
            spans: Vec::new(),
        };
        let terms = |fleet: usize, scope: Scope| -> Vec<Term> {
            let parts: &[Part] = match scenario.fleets[fleet].inputs {
                FleetInputs::Buy(_) => &PARTS[..5],
                FleetInputs::Rent(_) => &PARTS[5..],
            };
            parts
                .iter()
                .filter(|p| p.in_scope(scope))
                .map(|&p| (fleet, slot(p)))
                .collect()
        };
        let mut totals = Vec::new();
        for scope in Scope::FLEET {
            let all: Vec<Term> = (0..scenario.fleets.len())
                .flat_map(|f| terms(f, scope))
                .collect();
            if !all.is_empty() {
                totals.push((scope, tracked.quantity(all)));
            }
        }
        let fleet_totals = (0..scenario.fleets.len())
            .map(|f| {
                let acquisition = scenario.fleets[f].inputs.acquisition();
                let applies = Scope::FLEET
                    .into_iter()
                    .filter(|s| s.applies_to(acquisition));
                let owned = owned_claimed.contains(&f).then(|| {
                    (
                        Scope::OwnedPerGpuHour,
                        tracked.quantity(vec![(f, OWNED_SLOT)]),
                    )
                });
                applies
                    .map(|s| (s, tracked.quantity(terms(f, s))))
                    .chain(owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        let first_job = scenario.fleets.len();
        let job_totals = (0..jobs.len())
            .map(|j| {
                let has = exact[first_job + j].map(|r| r.is_some());
                JOB_SLOTS
                    .into_iter()
                    .enumerate()
                    .filter(|&(k, _)| has[k])
                    .map(|(k, scope)| (scope, tracked.quantity(vec![(first_job + j, k)])))
                    .collect::<Vec<_>>()
            })
            .collect();
        let first_serve = first_job + jobs.len();
        let serve_totals = (0..serves.len())
            .map(|j| {
                let mut list = Vec::new();
                for (half, slots) in serve::SERVE_SLOTS.into_iter().enumerate() {
                    let e = first_serve + 2 * j + half;
                    for (k, scope) in slots.into_iter().enumerate() {
                        if let (Some(scope), Some(_)) = (scope, exact[e][k]) {
                            list.push((scope, tracked.quantity(vec![(e, k)])));
                        }
                    }
                }
                // In report order, as the exact figures are.
                list.sort_by_key(|(s, _)| Scope::SERVE.iter().position(|x| x == s));
                list
            })
            .collect();
        // The plan needs only the terms: what else was needed to name the quantities
        // and the variables goes first, for a lower peak.
        let (terms, spans) = (tracked.terms, tracked.spans);
        drop((tracked.seen, exact));
        let variables = variables.into_list();
        let reads = (fleets.iter().map(FleetModel::reads))
            .chain(jobs.iter().map(JobModel::reads))
            .chain(serves.iter().flat_map(|s| [s.reads(), s.reads()]))
            .collect();
        let flow = Flow::new(&plan(&terms), spans.len(), reads);
        Ok(Model {
            bounded: variables.iter().all(|v| !v.input.dist.is_unbounded()),
            variables,
            fleets,
            jobs,
            serves,
            flow,
            spans,
            totals,
            fleet_totals,
            job_totals,
            serve_totals,
        })
    }

    /// How many totals are tracked.
    pub fn quantities(&self) -> usize {
        self.spans.len()
    }

    /// The quantity of a job's estimate or measure.
    pub fn job_quantity(&self, job: usize, scope: Scope) -> Option<usize> {
        self.job_totals
            .get(job)?
            .iter()
            .find(|(s, _)| *s == scope)
            .map(|&(_, q)| q)
    }

    /// The quantity of a serve's figure.
    pub fn serve_quantity(&self, serve: usize, scope: Scope) -> Option<usize> {
        self.serve_totals
            .get(serve)?
            .iter()
            .find(|(s, _)| *s == scope)
            .map(|&(_, q)| q)
    }

    /// The quantity a claim speaks of.
    pub fn claim_quantity(&self, fleet: Option<usize>, scope: Scope) -> Option<usize> {
        let list = match fleet {
            Some(f) => self.fleet_totals.get(f)?,
            None => &self.totals,
        };
        list.iter().find(|(s, _)| *s == scope).map(|&(_, q)| q)
    }

    /// Whether every input is bounded (no normal or lognormal).
    pub fn is_bounded(&self) -> bool {
        self.bounded
    }

    /// The bins a quantity is counted in: its exact [low, high], or for unbounded
    /// inputs that range widened by its width on each side (not below zero).
    pub(super) fn binning(&self, q: usize, samples: usize) -> Binning {
        let (low, high) = self.spans[q];
        let (low, high) = if self.is_bounded() {
            (low, high)
        } else {
            let w = high - low;
            ((low - w).max(0.0), high + w)
        };
        Binning::new(low, high, quantile::bins_for(samples))
    }

    /// The random stream of each block of `samples` draws with `seed`, with its length.
    pub(super) fn streams(samples: usize, seed: u64) -> Streams {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let blocks = (0..samples)
            .step_by(BLOCK)
            .map(|start| {
                let stream = (rng.clone(), BLOCK.min(samples - start));
                rng.jump();
                stream
            })
            .collect();
        Streams {
            blocks,
            checkpoints: None,
        }
    }

    /// Notes, in every block, where each variable's draws start in its stream: then a
    /// sweep draws only the variables it reads (the same draws), not every one before
    /// them. It costs one pass of draws, so it is for several sweeps; and nothing is
    /// noted when the notes would take over `limit` bytes.
    pub(super) fn checkpoint(&self, streams: &mut Streams, limit: usize) {
        let size = std::mem::size_of::<Xoshiro256PlusPlus>();
        if streams.blocks.len() * self.variables.len() * size > limit {
            return;
        }
        let starts = streams
            .blocks
            .par_iter()
            .map_init(
                || vec![0.0; BLOCK],
                |spare, (rng, len)| {
                    let mut rng = rng.clone();
                    let mut starts = Vec::with_capacity(self.variables.len());
                    for var in &self.variables {
                        starts.push(rng.clone());
                        var.sampler.fill(&mut rng, &mut spare[..*len]);
                    }
                    starts
                },
            )
            .collect();
        streams.checkpoints = Some(starts);
    }

    /// What a sweep over the blocks computes to hand on the quantities `wanted`: they,
    /// the smaller quantities they are summed from, and the entities whose parts
    /// those add. Found from the wanted quantities outwards and numbered afresh, so a
    /// sweep (and its scratch) costs what it reads, not the whole model: a group of a
    /// hundred fleets' totals among 100,000 fleets touches a hundred fleets.
    pub(super) fn sweep(&self, wanted: impl IntoIterator<Item = usize>) -> Sweep {
        let mut local: HashMap<usize, usize> = HashMap::new();
        let mut quantities = Vec::new();
        let mut is_wanted = Vec::new();
        for q in wanted {
            if let Some(&l) = local.get(&q) {
                is_wanted[l] = true;
                continue;
            }
            local.insert(q, quantities.len());
            quantities.push(q);
            is_wanted.push(true);
        }
        // Every source of a needed quantity, and theirs.
        let mut next = 0;
        while next < quantities.len() {
            let q = quantities[next];
            next += 1;
            for &from in &self.flow.from[q] {
                if let std::collections::hash_map::Entry::Vacant(e) = local.entry(from) {
                    e.insert(quantities.len());
                    quantities.push(from);
                    is_wanted.push(false);
                }
            }
        }
        let mut entities: Vec<usize> = (quantities.iter())
            .flat_map(|&q| self.flow.fed_by[q].iter().copied())
            .collect();
        entities.sort_unstable();
        entities.dedup();
        let mut variables: Vec<usize> = (entities.iter())
            .flat_map(|&e| self.flow.reads[e].iter().copied())
            .collect();
        variables.sort_unstable();
        variables.dedup();
        self.sweep_of(local, quantities, is_wanted, entities, variables)
    }

    /// The sweep drawing every variable (kept for the correlations) and summing
    /// `quantity`.
    fn sweep_all(&self, quantity: usize) -> Sweep {
        let mut sweep = self.sweep([quantity]);
        if sweep.variables.len() < self.variables.len() {
            let (local, quantities, wanted, entities) = (
                sweep
                    .quantities
                    .iter()
                    .enumerate()
                    .map(|(l, &q)| (q, l))
                    .collect(),
                sweep.quantities,
                sweep.wanted,
                sweep.entities,
            );
            sweep = self.sweep_of(
                local,
                quantities,
                wanted,
                entities,
                (0..self.variables.len()).collect(),
            );
        }
        sweep.all_variables = true;
        sweep
    }

    /// A sweep's plan in its own numbering: `local` maps each of `quantities` to its
    /// place; `variables` (ascending) are every variable `entities` read.
    fn sweep_of(
        &self,
        local: HashMap<usize, usize>,
        quantities: Vec<usize>,
        wanted: Vec<bool>,
        entities: Vec<usize>,
        variables: Vec<usize>,
    ) -> Sweep {
        let var_of = |v: usize| variables.binary_search(&v).unwrap_or(0);
        // In the model's own order, so the sums are added in the same order.
        let consumers = Lists::grouped(
            quantities.len(),
            (quantities.iter().enumerate()).flat_map(|(l, &q)| {
                let local = &local;
                (self.flow.consumers[q].iter()).filter_map(move |c| Some((l, *local.get(c)?)))
            }),
        );
        let feeds = Lists::grouped(
            entities.len(),
            (entities.iter().enumerate()).flat_map(|(i, &e)| {
                let local = &local;
                (self.flow.feeds[e].iter())
                    .filter_map(move |&(q, k)| Some((i, (*local.get(&q)?, k))))
            }),
        );
        let reads = Lists::grouped(
            entities.len(),
            (entities.iter().enumerate())
                .flat_map(|(i, &e)| self.flow.reads[e].iter().map(move |&v| (i, var_of(v)))),
        );
        let mut last_use = vec![None; variables.len()];
        for (i, list) in reads.iter().enumerate() {
            for &v in list {
                last_use[v] = Some(i);
            }
        }
        Sweep {
            sources: quantities.iter().map(|&q| self.flow.sources[q]).collect(),
            quantities,
            wanted,
            consumers,
            entities,
            feeds,
            reads,
            variables,
            last_use,
            all_variables: false,
        }
    }

    /// Draws one block: entity by entity, the parts `sweep` needs (each variable drawn
    /// when first read, given back after its last reader), summed into the
    /// quantities; each wanted quantity is handed to `visit` when its last source is
    /// in. Only the quantities being summed hold a column, so the memory is that of
    /// the shared totals, not of every fleet's. With `all_variables`, every variable
    /// is drawn and handed to `keep` (by number) as it is.
    fn run_block(
        &self,
        stream: Stream<'_>,
        scratch: &mut Scratch,
        sweep: &Sweep,
        visit: &mut impl FnMut(usize, &[f64]),
        keep: &mut impl FnMut(usize, &[f64]),
    ) {
        let Scratch {
            variables,
            parts,
            sums,
        } = scratch;
        let len = stream.len;
        let mut stream = stream;
        let first_job = self.fleets.len();
        for (i, &e) in sweep.entities.iter().enumerate() {
            for &v in &sweep.reads[i] {
                variables.make(self, &mut stream, sweep, v, keep);
            }
            let global = |v: usize| sweep.variables.binary_search(&v).ok();
            let x = |v: usize| {
                (global(v).and_then(|l| variables.live[l].as_deref()))
                    .map_or(&[][..], |c| &c[..len])
            };
            match self.fleets.get(e) {
                Some(fleet) => draw_fleet(fleet, &x, parts, len),
                None => match self.jobs.get(e - first_job) {
                    Some(job) => draw_job(job, &x, parts, len),
                    None => {
                        let k = e - first_job - self.jobs.len();
                        serve::draw_serve(&self.serves[k / 2], k % 2, &x, parts, len)
                    }
                },
            }
            for &(q, k) in &sweep.feeds[i] {
                self.add(sums, sweep, q, &parts[k][..len], visit);
            }
            // A variable no later entity of the sweep reads gives its column back.
            for &v in &sweep.reads[i] {
                if sweep.last_use[v] == Some(i) {
                    variables.release(v);
                }
            }
        }
        if sweep.all_variables {
            for v in 0..sweep.variables.len() {
                variables.make(self, &mut stream, sweep, v, keep);
                variables.release(v);
            }
        }
    }

    /// Adds one source to quantity `q`; when it was the last, hands `q` on (to `visit`
    /// if wanted, and to the quantities that add it) and frees its column.
    fn add(
        &self,
        sums: &mut Sums,
        sweep: &Sweep,
        q: usize,
        source: &[f64],
        visit: &mut impl FnMut(usize, &[f64]),
    ) {
        match &mut sums.columns[q] {
            Some(column) => column.iter_mut().zip(source).for_each(|(o, p)| *o += p),
            empty @ None => {
                let mut column = sums.pool.pop().unwrap_or_default();
                column.clear();
                column.extend_from_slice(source);
                *empty = Some(column);
            }
        }
        sums.added[q] += 1;
        if sums.added[q] < sweep.sources[q] {
            return;
        }
        sums.added[q] = 0;
        let Some(column) = sums.columns[q].take() else {
            return;
        };
        if sweep.wanted[q] {
            visit(sweep.quantities[q], &column);
        }
        for &c in &sweep.consumers[q] {
            self.add(sums, sweep, c, &column, visit);
        }
        sums.pool.push(column);
    }

    /// Draws every block of `streams` (from [`Model::streams`]) on the current rayon pool,
    /// handing each wanted quantity of `sweep`, block by block, to `visit` (with the
    /// block's number), folding per thread and merging with `merge` (which must not
    /// depend on the order of merging). `progress` is told each finished block's size.
    pub(super) fn fold_blocks<T: Send>(
        &self,
        streams: &Streams,
        sweep: &Sweep,
        progress: &(dyn Fn(usize) + Sync),
        init: impl Fn() -> T + Sync + Send,
        visit: impl Fn(&mut T, usize, usize, &[f64]) + Sync + Send,
        merge: impl Fn(T, T) -> T + Sync + Send,
    ) -> T {
        // A few pieces per thread: each piece sets up its own scratch and accumulator.
        let piece = streams.blocks.len() / (4 * rayon::current_num_threads()).max(1);
        (0..streams.blocks.len())
            .into_par_iter()
            .with_min_len(piece.max(1))
            .fold(
                || (Scratch::new(sweep), init()),
                |(mut scratch, mut acc), k| {
                    let stream = streams.block(k);
                    let len = stream.len;
                    let mut to_acc = |q: usize, draws: &[f64]| visit(&mut acc, k, q, draws);
                    self.run_block(stream, &mut scratch, sweep, &mut to_acc, &mut |_, _| {});
                    progress(len);
                    (scratch, acc)
                },
            )
            .map(|(_, acc)| acc)
            .reduce(&init, &merge)
    }

    /// Draws `samples` samples and keeps one quantity's draws and every variable's, in
    /// order (for rank correlations); a fixed variable's column is left empty.
    pub fn draw(
        &self,
        samples: usize,
        seed: u64,
        quantity: usize,
        progress: &(dyn Fn(usize) + Sync),
    ) -> (Vec<f64>, Vec<Vec<f64>>) {
        let sweep = self.sweep_all(quantity);
        let streams = Model::streams(samples, seed);
        // Each block writes its draws straight into its rows of the columns, so the
        // draws are held once (before, every block's copy was held as well while the
        // columns were joined: twice the memory `sensitivity` budgets for); and each
        // input's draws go there as they are made, so a thread holds the inputs still
        // to be read, not every one.
        let mut total = vec![0.0; samples];
        // A fixed input's draws are all its value: none are kept (its column is empty).
        let mut inputs: Vec<Vec<f64>> = (self.variables.iter())
            .map(|v| match v.is_exact() {
                true => Vec::new(),
                false => vec![0.0; samples],
            })
            .collect();
        let mut rows: Vec<(&mut [f64], Vec<&mut [f64]>)> =
            total.chunks_mut(BLOCK).map(|t| (t, Vec::new())).collect();
        for column in &mut inputs {
            match column.is_empty() {
                true => rows.iter_mut().for_each(|row| row.1.push(&mut [])),
                false => {
                    for (row, chunk) in rows.iter_mut().zip(column.chunks_mut(BLOCK)) {
                        row.1.push(chunk);
                    }
                }
            }
        }
        rows.into_par_iter().enumerate().for_each_init(
            || Scratch::new(&sweep),
            |scratch, (k, (total, mut inputs))| {
                let stream = streams.block(k);
                let len = stream.len;
                let mut keep = |_: usize, draws: &[f64]| {
                    let n = len.min(draws.len());
                    total[..n].copy_from_slice(&draws[..n]);
                };
                let mut input = |v: usize, draws: &[f64]| {
                    if let Some(column) = inputs.get_mut(v) {
                        let n = len.min(draws.len()).min(column.len());
                        column[..n].copy_from_slice(&draws[..n]);
                    }
                };
                self.run_block(stream, scratch, &sweep, &mut keep, &mut input);
                progress(len);
            },
        );
        (total, inputs)
    }
}

/// How one quantity is computed: the sum of smaller quantities and of parts.
#[derive(Clone, Debug)]
struct Step {
    quantity: usize,
    from: Vec<usize>,
    parts: Vec<Term>,
}

/// Orders the quantities by size and builds each from the largest smaller ones it
/// contains (a scenario's capex from its fleets' capex), then the parts left over.
fn plan(quantities: &[Vec<Term>]) -> Vec<Step> {
    let mut order: Vec<usize> = (0..quantities.len()).collect();
    order.sort_by_key(|&q| quantities[q].len());
    let mut steps: Vec<Step> = Vec::with_capacity(order.len());
    // Each term's steps so far, by position: only a step sharing a term can be reused.
    let mut containing: std::collections::HashMap<Term, Vec<usize>> =
        std::collections::HashMap::new();
    for q in order {
        let mut left: std::collections::HashSet<Term> = quantities[q].iter().copied().collect();
        // The largest reusable step first, of equals the latest: taking each that still
        // fits is taking, again and again, the largest that fits.
        let mut candidates: Vec<usize> = quantities[q]
            .iter()
            .filter_map(|t| containing.get(t))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable_by_key(|&i| {
            (
                std::cmp::Reverse(quantities[steps[i].quantity].len()),
                std::cmp::Reverse(i),
            )
        });
        candidates.dedup();
        let mut from = Vec::new();
        for i in candidates {
            let p = steps[i].quantity;
            if quantities[p].iter().all(|t| left.contains(t)) {
                for t in &quantities[p] {
                    left.remove(t);
                }
                from.push(p);
            }
        }
        let parts = quantities[q]
            .iter()
            .copied()
            .filter(|t| left.contains(t))
            .collect();
        for &t in &quantities[q] {
            containing.entry(t).or_default().push(steps.len());
        }
        steps.push(Step {
            quantity: q,
            from,
            parts,
        });
    }
    steps
}

/// The plan as a block is drawn entity by entity: each quantity adds its sources as
/// they are done, and is done when the last is in.
#[derive(Clone, Debug)]
struct Flow {
    /// Per quantity: the smaller quantities it adds.
    from: Lists<usize>,
    /// Per quantity: how many sources (smaller quantities and parts) it adds.
    sources: Vec<u32>,
    /// Per quantity: the quantities that add it.
    consumers: Lists<usize>,
    /// Per entity: the quantities that add one of its slots, with the slot.
    feeds: Lists<(usize, usize)>,
    /// Per quantity: the entities one of whose slots it adds.
    fed_by: Lists<usize>,
    /// Per entity: the variables it reads.
    reads: Lists<usize>,
}

impl Flow {
    /// The flow of `plan` over its `quantities`, for entities that read the variables
    /// `reads` gives.
    fn new(plan: &[Step], quantities: usize, reads: Lists<usize>) -> Flow {
        let edges = || {
            plan.iter()
                .flat_map(|s| s.from.iter().map(|&f| (s.quantity, f)))
        };
        let mut sources = vec![0; quantities];
        for step in plan {
            sources[step.quantity] =
                u32::try_from(step.from.len() + step.parts.len()).unwrap_or(u32::MAX);
        }
        let parts = plan
            .iter()
            .flat_map(|s| s.parts.iter().map(|&(e, k)| (e, (s.quantity, k))));
        Flow {
            from: Lists::grouped(quantities, edges()),
            sources,
            consumers: Lists::grouped(quantities, edges().map(|(q, f)| (f, q))),
            fed_by: Lists::grouped(quantities, parts.clone().map(|(e, (q, _))| (q, e))),
            feeds: Lists::grouped(reads.len(), parts),
            reads,
        }
    }
}

/// What one sweep over the blocks computes (see [`Model::sweep`]), numbered afresh:
/// its quantities, entities and variables are counted from 0 in the sweep.
pub(super) struct Sweep {
    /// Per quantity: its number in the model.
    quantities: Vec<usize>,
    /// Per quantity: handed on when done (else summed into one that is).
    wanted: Vec<bool>,
    /// Per quantity: how many sources (smaller quantities and parts) it adds.
    sources: Vec<u32>,
    /// Per quantity: the sweep's quantities that add it, in the model's order.
    consumers: Lists<usize>,
    /// The entities whose parts are needed, in order (the model's numbers).
    entities: Vec<usize>,
    /// Per entity of the sweep: the quantities that add one of its slots, with the slot.
    feeds: Lists<(usize, usize)>,
    /// Per entity of the sweep: the variables it reads.
    reads: Lists<usize>,
    /// Per variable: its number in the model, ascending.
    variables: Vec<usize>,
    /// Per variable: the last entity of the sweep that reads it, if any.
    last_use: Vec<Option<usize>>,
    /// Whether every variable is drawn (and handed on as it is).
    all_variables: bool,
}

/// Each block's random stream, and where each variable's draws start in it when noted
/// ([`Model::checkpoint`]).
pub(super) struct Streams {
    blocks: Vec<(Xoshiro256PlusPlus, usize)>,
    checkpoints: Option<Vec<Vec<Xoshiro256PlusPlus>>>,
}

impl Streams {
    /// Block `k`'s stream.
    fn block(&self, k: usize) -> Stream<'_> {
        let (rng, len) = &self.blocks[k];
        Stream {
            rng: rng.clone(),
            len: *len,
            next: 0,
            mine: 0,
            starts: self.checkpoints.as_ref().map(|c| c[k].as_slice()),
        }
    }
}

/// One block's stream, as its variables are drawn from it.
struct Stream<'a> {
    rng: Xoshiro256PlusPlus,
    len: usize,
    /// Without checkpoints: the next variable in the stream.
    next: usize,
    /// Without checkpoints: the sweep's first variable not yet drawn.
    mine: usize,
    /// Where each variable's draws start, when noted.
    starts: Option<&'a [Xoshiro256PlusPlus]>,
}

/// The variables' draws in a block, each made when first read and given back after its
/// last reader: a sweep holds the shared variables and one entity's own, not every
/// fleet's and job's.
struct Live {
    /// Per variable: its draws, while they are read.
    live: Vec<Option<Vec<f64>>>,
    /// Columns to reuse.
    pool: Vec<Vec<f64>>,
    /// The draws of a variable the sweep does not read, drawn to move the stream on.
    spare: Vec<f64>,
}

impl Live {
    fn new(variables: usize) -> Live {
        Live {
            live: vec![None; variables],
            pool: Vec::new(),
            spare: vec![0.0; BLOCK],
        }
    }

    /// Draws the sweep's variable `v` if it is not drawn yet: from its noted start, or
    /// else from the stream, drawing the variables before it in turn (those the sweep
    /// reads are kept, the others thrown away). With `all_variables`, each drawn is
    /// handed to `keep`.
    fn make(
        &mut self,
        model: &Model,
        stream: &mut Stream<'_>,
        sweep: &Sweep,
        v: usize,
        keep: &mut impl FnMut(usize, &[f64]),
    ) {
        if self.live[v].is_some() {
            return;
        }
        let len = stream.len;
        let global = sweep.variables[v];
        if let Some(starts) = stream.starts {
            let mut column = self.column();
            model.variables[global]
                .sampler
                .fill(&mut starts[global].clone(), &mut column[..len]);
            if sweep.all_variables {
                keep(global, &column[..len]);
            }
            self.live[v] = Some(column);
            return;
        }
        while stream.next <= global {
            let u = stream.next;
            stream.next += 1;
            let sampler = &model.variables[u].sampler;
            // The sweep's variables are in stream order: the next one is `u` or later.
            let mine = sweep.variables.get(stream.mine) == Some(&u);
            if mine {
                let l = stream.mine;
                stream.mine += 1;
                if l == v || sweep.last_use[l].is_some() {
                    let mut column = self.column();
                    sampler.fill(&mut stream.rng, &mut column[..len]);
                    if sweep.all_variables {
                        keep(u, &column[..len]);
                    }
                    self.live[l] = Some(column);
                    continue;
                }
            }
            sampler.fill(&mut stream.rng, &mut self.spare[..len]);
            if mine && sweep.all_variables {
                keep(u, &self.spare[..len]);
            }
        }
    }

    /// A column to draw into: one given back, or a new one.
    fn column(&mut self) -> Vec<f64> {
        self.pool.pop().unwrap_or_else(|| vec![0.0; BLOCK])
    }

    /// Gives variable `v`'s column back.
    fn release(&mut self, v: usize) {
        if let Some(column) = self.live[v].take() {
            self.pool.push(column);
        }
    }
}

/// Per-thread working memory, reused block after block.
pub(super) struct Scratch {
    /// The variables' draws, each while it is read.
    variables: Live,
    /// One entity's six slots.
    parts: [Vec<f64>; 6],
    sums: Sums,
}

/// The quantities being summed in a block.
struct Sums {
    /// Per quantity: its column while it is being summed.
    columns: Vec<Option<Vec<f64>>>,
    /// Per quantity: the sources added so far.
    added: Vec<u32>,
    /// Columns to reuse.
    pool: Vec<Vec<f64>>,
}

impl Scratch {
    fn new(sweep: &Sweep) -> Scratch {
        let column = || vec![0.0; BLOCK];
        Scratch {
            variables: Live::new(sweep.variables.len()),
            parts: std::array::from_fn(|_| column()),
            sums: Sums {
                columns: vec![None; sweep.quantities.len()],
                added: vec![0; sweep.quantities.len()],
                pool: Vec::new(),
            },
        }
    }
}

/// Values pushed to a list, found again by hash: de-duplication without a scan of the
/// list, so thousands of fleets cost thousands of steps, not millions.
#[derive(Clone, Debug, Default)]
struct Seen {
    hasher: std::hash::RandomState,
    /// Hash → the indices of the values with it.
    buckets: std::collections::HashMap<u64, Vec<usize>>,
}

impl Seen {
    /// The index of a value with `key`'s hash for which `same` holds.
    fn find(&self, key: &impl std::hash::Hash, same: impl Fn(usize) -> bool) -> Option<usize> {
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, key);
        self.buckets.get(&hash)?.iter().copied().find(|&i| same(i))
    }

    /// Notes that the value at `index` has `key`.
    fn insert(&mut self, key: &impl std::hash::Hash, index: usize) {
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, key);
        self.buckets.entry(hash).or_default().push(index);
    }
}

/// The tracked totals as they are named, each a sum of (entity, slot) terms; an
/// identical sum is kept once. Only [`Model::new`] needs the terms: a model keeps the
/// plan made from them ([`Flow`]) and the spans.
struct Tracked<'a> {
    /// Each entity's exact slots (fleets' parts, then jobs' figures), for the spans.
    exact: &'a [[Option<Range>; 6]],
    /// Per quantity: the terms it sums.
    terms: Vec<Vec<Term>>,
    /// The quantities by hash, to find an identical sum without a scan.
    seen: Seen,
    /// Per quantity: its exact [low, high], as `f64`.
    spans: Vec<(f64, f64)>,
}

impl Tracked<'_> {
    /// The quantity summing `terms`: the one already tracked, or a new one.
    fn quantity(&mut self, terms: Vec<Term>) -> usize {
        let tracked = &self.terms;
        if let Some(q) = self.seen.find(&terms, |q| tracked[q] == terms) {
            return q;
        }
        self.seen.insert(&terms, self.terms.len());
        let (mut low, mut high) = (0.0, 0.0);
        for &(entity, k) in &terms {
            if let Some(r) = self.exact[entity][k] {
                low += to_f64(r.low());
                high += to_f64(r.high());
            }
        }
        self.terms.push(terms);
        self.spans.push((low, high));
        self.terms.len() - 1
    }
}

/// How reports and errors name a job that reads a variable: `job ID`.
fn job_name(job: &Job) -> String {
    format!("job {}", job.id)
}

/// Who reads a variable: a fleet or a job, by index.
#[derive(Clone, Copy)]
enum User {
    Fleet(usize),
    Job(usize),
    Serve(usize),
}

/// The variables so far, with the inputs they were made from found again by hash.
#[derive(Default)]
struct Variables {
    list: Vec<Variable>,
    seen: Seen,
}

impl Variables {
    /// The variables, in order of first use.
    fn into_list(self) -> Vec<Variable> {
        let mut list = self.list;
        list.shrink_to_fit();
        list
    }

    /// The variable for an input: an existing one when the same input (the same key,
    /// range, distribution and origin) is already drawn, so shared inputs are drawn
    /// once; `name` is how an error names the user.
    fn get(
        &mut self,
        param: Param,
        input: &Resolved,
        user: User,
        name: &str,
    ) -> Result<usize, String> {
        let key = (param, input);
        let list = &self.list;
        let found = self
            .seen
            .find(&key, |i| list[i].param == param && list[i].input == *input);
        let i = match found {
            Some(i) => i,
            None => {
                let sampler = Sampler::new(param, input)
                    .map_err(|e| format!("cannot sample `{param}` of {name}: {e}"))?;
                self.seen.insert(&key, self.list.len());
                self.list.push(Variable {
                    param,
                    input: input.clone(),
                    users: Vec::new(),
                    jobs: Vec::new(),
                    serves: Vec::new(),
                    sampler,
                });
                self.list.len() - 1
            }
        };
        let v = &mut self.list[i];
        let (users, index) = match user {
            User::Fleet(f) => (&mut v.users, f),
            User::Job(j) => (&mut v.jobs, j),
            User::Serve(s) => (&mut v.serves, s),
        };
        if users.last() != Some(&index) {
            users.push(index);
        }
        Ok(i)
    }
}

/// A job's formulas over the variables `var` hands out.
fn job_model(
    job: &Job,
    fleet: &Fleet,
    var: &mut impl FnMut(Param, &Resolved) -> Result<usize, String>,
) -> Result<JobModel, String> {
    let hours = match &job.compute {
        Compute::GpuHours(h) => JobHours::Given(var(Param::GpuHours, h)?),
        Compute::Hours(h) => JobHours::Wall {
            time: var(Param::Hours, h)?,
            per: 1.0,
        },
        Compute::Days(d) => JobHours::Wall {
            time: var(Param::Days, d)?,
            per: 24.0,
        },
        Compute::Flop(f) => JobHours::Flop {
            flop: var(Param::Flop, f)?,
        },
        Compute::Training { params, tokens } => JobHours::Training {
            params: var(Param::Params, params)?,
            tokens: var(Param::Tokens, tokens)?,
        },
    };
    let flops = match (&job.peak_flops, &job.mfu) {
        (Some(p), Some(m)) => Some((var(Param::PeakFlops, p)?, var(Param::Mfu, m)?)),
        _ => None,
    };
    let buy = match &fleet.inputs {
        FleetInputs::Buy(b) => {
            let (_, left) = crate::model::jobs::decline(job, fleet)
                .map_err(|_| format!("arithmetic overflow computing job `{}`", job.id))?;
            Some(JobBuy {
                vars: BuyVars::new(b, var)?,
                left: to_f64(left),
                charge: match job.depreciation {
                    Depreciation::Epoch => Some(
                        to_f64(crate::model::jobs::DECLINE_PER_YEAR * crate::money::LN_10)
                            / f64::from(HOURS_PER_YEAR),
                    ),
                    Depreciation::StraightLine => None,
                },
                facility_years: match job.facility {
                    true => Some(var(Param::FacilityYears, &b.facility_years)?),
                    false => None,
                },
            })
        }
        FleetInputs::Rent(_) => None,
    };
    let rate = job
        .cloud_rate
        .as_ref()
        .map(|r| {
            let param = match fleet.inputs {
                FleetInputs::Rent(_) => Param::RatePerGpuHour,
                FleetInputs::Buy(_) => Param::CloudRate,
            };
            var(param, r)
        })
        .transpose()?;
    Ok(JobModel {
        hours,
        gpus: var(Param::Gpus, &job.gpus)?,
        flops,
        buy,
        rate,
    })
}

/// Draws one block of a fleet's parts into its slots (in [`PARTS`] order): a bought
/// fleet's first five, a rented fleet's rental.
fn draw_fleet<'a>(
    fleet: &FleetModel,
    x: &impl Fn(usize) -> &'a [f64],
    slots: &mut [Vec<f64>; 6],
    len: usize,
) {
    let [gpus, servers, network, facility, energy, rental] = slots;
    match *fleet {
        FleetModel::Buy {
            count,
            alone,
            owning,
            vars:
                BuyVars {
                    unit_price,
                    server_share,
                    network_share,
                    facility_per_mw,
                    kw_per_gpu,
                    load,
                    pue,
                    electricity,
                    years,
                },
        } => {
            let (up, ss, ns) = (x(unit_price), x(server_share), x(network_share));
            let (mw, kw, pue) = (x(facility_per_mw), x(kw_per_gpu), x(pue));
            let draw = x(load);
            let (kwh, years) = (x(electricity), x(years));
            let alone = alone.map(x);
            for i in 0..len {
                let g = count * up[i];
                // The GPUs alone of a price that holds the servers; the rest with them.
                let card = alone.map_or(g, |s| g / (1.0 + s[i]));
                gpus[i] = card;
                servers[i] = g * ss[i] + (g - card);
                network[i] = g * ns[i];
                let it = count * kw[i];
                facility[i] = it * 0.001 * mw[i];
                energy[i] = it * draw[i] * pue[i] * years[i] * f64::from(HOURS_PER_YEAR) * kwh[i];
            }
            if let Some(o) = owning {
                let owned = rental;
                let (fy, used) = (x(o.facility_years), o.utilization.map(x));
                let rate = o.cost_of_capital.map(x);
                let hours = f64::from(HOURS_PER_YEAR);
                // The share charged an hour over n years: 1 / n, or the annuity.
                let charge = |r: f64, n: f64| {
                    if r == 0.0 {
                        1.0 / (n * hours)
                    } else {
                        r / (1.0 - (1.0 + r).powf(-n)) / hours
                    }
                };
                for i in 0..len {
                    let r = rate.map_or(0.0, |r| r[i]);
                    let hardware = up[i] * (1.0 + ss[i] + ns[i]) * charge(r, years[i]);
                    let building = kw[i] * 0.001 * mw[i] * charge(r, fy[i]);
                    let power = kw[i] * draw[i] * pue[i] * kwh[i];
                    owned[i] = (hardware + building + power) / used.map_or(1.0, |u| u[i]);
                }
            }
        }
        FleetModel::Rent {
            count,
            rate,
            months,
        } => {
            let (rate, months) = (x(rate), x(months));
            for i in 0..len {
                rental[i] = count * months[i] * (f64::from(HOURS_PER_YEAR) / 12.0) * rate[i];
            }
        }
    }
}

/// Draws one block of a job's figures into its six slots (in [`JOB_SLOTS`] order); a
/// figure the job lacks stays zero and is never read.
fn draw_job<'a>(
    job: &JobModel,
    x: &impl Fn(usize) -> &'a [f64],
    slots: &mut [Vec<f64>; 6],
    len: usize,
) {
    let [amortized, acquisition, cloud, gpu_hours, hours, flop] = slots;
    // Each column looked up once, not once a draw.
    let gpus = x(job.gpus);
    let flops = job.flops.map(|(peak, mfu)| (x(peak), x(mfu)));
    let per_second = |i: usize| match flops {
        Some((peak, mfu)) => peak[i] * mfu[i] * 3_600.0,
        None => f64::NAN,
    };
    enum Hours<'a> {
        Given(&'a [f64]),
        Wall(&'a [f64], f64),
        Flop(&'a [f64]),
        Training(&'a [f64], &'a [f64]),
    }
    let form = match job.hours {
        JobHours::Given(v) => Hours::Given(x(v)),
        JobHours::Wall { time, per } => Hours::Wall(x(time), per),
        JobHours::Flop { flop } => Hours::Flop(x(flop)),
        JobHours::Training { params, tokens } => Hours::Training(x(params), x(tokens)),
    };
    let rate = job.rate.map(x);
    struct Bought<'a> {
        unit_price: &'a [f64],
        server_share: &'a [f64],
        network_share: &'a [f64],
        kw_per_gpu: &'a [f64],
        facility_per_mw: &'a [f64],
        facility_years: Option<&'a [f64]>,
        years: &'a [f64],
        load: &'a [f64],
        pue: &'a [f64],
        electricity: &'a [f64],
        left: f64,
        charge: Option<f64>,
    }
    let bought = job.buy.as_ref().map(|buy| {
        let b = &buy.vars;
        Bought {
            unit_price: x(b.unit_price),
            server_share: x(b.server_share),
            network_share: x(b.network_share),
            kw_per_gpu: x(b.kw_per_gpu),
            facility_per_mw: x(b.facility_per_mw),
            facility_years: buy.facility_years.map(x),
            years: x(b.years),
            load: x(b.load),
            pue: x(b.pue),
            electricity: x(b.electricity),
            left: buy.left,
            charge: buy.charge,
        }
    });
    for i in 0..len {
        let (h, f) = match form {
            Hours::Given(v) => (v[i], f64::NAN),
            Hours::Wall(time, per) => (time[i] * per * gpus[i], f64::NAN),
            Hours::Flop(flop) => (flop[i] / per_second(i), flop[i]),
            Hours::Training(params, tokens) => {
                let f = 6.0 * params[i] * tokens[i];
                (f / per_second(i), f)
            }
        };
        gpu_hours[i] = h;
        hours[i] = h / gpus[i];
        flop[i] = if f.is_nan() { h * per_second(i) } else { f };
        if let Some(rate) = rate {
            cloud[i] = h * rate[i];
        }
        if let Some(b) = &bought {
            let hardware = b.unit_price[i] * (1.0 + b.server_share[i] + b.network_share[i]);
            // The facility only when the job counts it, written off straight over its life.
            let facility = match b.facility_years {
                Some(_) => b.kw_per_gpu[i] * 0.001 * b.facility_per_mw[i],
                None => 0.0,
            };
            let facility_per_hour = b.facility_years.map_or(0.0, |years| {
                facility / (years[i] * f64::from(HOURS_PER_YEAR))
            });
            let charge = b
                .charge
                .unwrap_or_else(|| 1.0 / (b.years[i] * f64::from(HOURS_PER_YEAR)));
            let energy = b.kw_per_gpu[i] * b.load[i] * b.pue[i] * b.electricity[i];
            amortized[i] = h * (hardware * b.left * charge + facility_per_hour + energy);
            acquisition[i] = gpus[i] * (hardware + facility);
        }
    }
}
