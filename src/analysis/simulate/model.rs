//! The model the simulation draws from: the uncertain [`Variable`]s (each input
//! written once), every fleet's parts as products of them, each total as a sum of
//! smaller totals and parts ([`Model::new`]); and the blocked draws themselves: one
//! random stream per block, a block of scratch per thread ([`Model::fold_blocks`]).
//!
//! Here the model's layout and its draw loop, over 600 lines because they stay
//! together (the loop is the model's inner loop, reading the layout's every field);
//! its construction from a scenario is in [`build`], the order
//! totals are summed in in [`plan`], the per-thread streams and scratch in [`scratch`].

mod build;
mod plan;
mod scratch;
mod serve;

use build::*;
use plan::*;
use scratch::*;

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

/// The share of a cost charged an hour over `years` at a cost of capital `r`: 1 / (n
/// × 8,766), or the annuity r / (1 − (1 + r)^−n) / 8,766 (owning a GPU-hour, as
/// `model::owning` prices it exactly).
fn hourly_share(r: f64, years: f64) -> f64 {
    let hours = f64::from(HOURS_PER_YEAR);
    if r == 0.0 {
        1.0 / (years * hours)
    } else {
        r / (1.0 - (1.0 + r).powf(-years)) / hours
    }
}

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

/// Per-thread working memory, reused block after block.
pub(super) struct Scratch {
    /// The variables' draws, each while it is read.
    variables: Live,
    /// One entity's six slots.
    parts: [Vec<f64>; 6],
    sums: Sums,
}
