//! `gpucost sensitivity`: which input moves a total most. For each uncertain input (a
//! [`Variable`]: one per value as written, shared by the fleets that use it), the total
//! with that input at its low and at its high and every other input at its midpoint,
//! computed exactly; sorted by swing. Beside each, the Spearman rank correlation between
//! the input's draws and the total's in a simulation.

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::analysis::simulate::{Model, Variable};
use crate::judge::report::Report;
use crate::model;
use crate::scenario::{FleetInputs, Job, Scope, Serve};

/// One input's bar of the tornado.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Index into [`Tornado::variables`].
    pub variable: usize,
    /// The total with the input at its low.
    pub at_low: Decimal,
    /// The total with the input at its high.
    pub at_high: Decimal,
    /// |at_high − at_low|.
    pub swing: Decimal,
    /// Spearman's rank correlation of the input's draws with the total's.
    pub rank_correlation: f64,
}

/// What a tornado examines: a scenario total, a job's estimate or measure, or what
/// owning a GPU-hour of a bought fleet costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The index of the job in the scenario, or `None` for the scenario's total.
    pub job: Option<usize>,
    /// The bought fleet whose GPU-hour is examined (`owned_per_gpu_hour`).
    pub fleet: Option<usize>,
    /// The index of the serve whose figure is examined.
    pub serve: Option<usize>,
    /// The total, estimate or measure.
    pub scope: Scope,
}

impl From<Scope> for Target {
    fn from(scope: Scope) -> Target {
        Target {
            job: None,
            fleet: None,
            serve: None,
            scope,
        }
    }
}

/// The tornado of one total, or of one job's figure.
#[derive(Clone, Debug)]
pub struct Tornado {
    /// The total examined.
    pub scope: Scope,
    /// The job whose figure it is, if any.
    pub job: Option<String>,
    /// The fleet whose GPU-hour it is, for `owned_per_gpu_hour`.
    pub fleet: Option<String>,
    /// The serve whose figure it is, if any.
    pub serve: Option<String>,
    /// The total with every input at its midpoint.
    pub base: Decimal,
    /// The scenario's variables.
    pub variables: Vec<Variable>,
    /// One bar per uncertain input that moves the total, widest swing first.
    pub bars: Vec<Bar>,
    /// Uncertain inputs that do not move this total (energy inputs for `capex`).
    pub unmoved: Vec<usize>,
    /// Exact inputs it reads (all the scenario's for a total).
    pub exact: Vec<usize>,
    /// Samples drawn for the correlations.
    pub samples: usize,
    /// Their seed.
    pub seed: u64,
}

/// The most memory the draws kept for the rank correlations may take: every draw of
/// the total and of each variable, 8 bytes each.
pub const DRAWS_BUDGET_BYTES: usize = 512 << 20;

impl Tornado {
    /// What is examined, for reports: `` `tco` ``, `` `amortized` of job `gpt-4` ``.
    pub fn subject(&self) -> String {
        if let Some(id) = &self.serve {
            return format!("`{}` of serve `{id}`", self.scope);
        }
        match (&self.job, &self.fleet) {
            (Some(id), _) => format!("`{}` of job `{id}`", self.scope),
            (None, Some(id)) => format!("`{}` of fleet `{id}`", self.scope),
            (None, None) => format!("`{}`", self.scope),
        }
    }

    /// A figure of what is examined, to four significant figures: money, or a count.
    pub fn short(&self, value: Decimal, currency: crate::money::Currency) -> String {
        crate::show::short_figure(value, self.scope, currency)
    }

    /// The figure's range in the report, as computed from the inputs' ranges.
    pub fn range(&self, report: &Report) -> Option<crate::money::Range> {
        if let Some(id) = &self.serve {
            return report
                .costs
                .serve(report.scenario.ids(), id)?
                .scope(self.scope);
        }
        match (&self.job, &self.fleet) {
            (Some(id), _) => report
                .costs
                .job(report.scenario.ids(), id)?
                .scope(self.scope),
            (None, Some(id)) => {
                let f = report.scenario.ids().fleet(id)?;
                Some(report.costs.fleets.get(f)?.owned.as_ref()?.per_gpu_hour)
            }
            (None, None) => report.costs.total(self.scope),
        }
    }
}

/// Builds the tornado of `target` (a scope's total, or a job's figure), with
/// correlations from `samples` draws.
pub fn tornado(
    report: &Report,
    target: impl Into<Target>,
    samples: usize,
    seed: u64,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Tornado, String> {
    let target = target.into();
    let scope = target.scope;
    let scenario = &report.scenario;
    let job = match target.job {
        Some(j) => Some(
            scenario
                .jobs
                .get(j)
                .ok_or_else(|| format!("`{}` has no job {j}", scenario.name))?,
        ),
        None => None,
    };
    let serve = match target.serve {
        Some(s) => Some(
            scenario
                .serves
                .get(s)
                .ok_or_else(|| format!("`{}` has no serve {s}", scenario.name))?,
        ),
        None => None,
    };
    match job {
        _ if serve.is_some() => {}
        Some(job) => {
            let cost = report.costs.job(scenario.ids(), &job.id);
            if cost.and_then(|c| c.scope(scope)).is_none() {
                let have: Vec<&str> = cost.map_or(Vec::new(), |c| {
                    Scope::JOB
                        .into_iter()
                        .filter(|&s| c.scope(s).is_some())
                        .map(Scope::key)
                        .collect()
                });
                return Err(format!(
                    "job `{}` has no `{scope}`; it has {}",
                    job.id,
                    have.join(", ")
                ));
            }
        }
        None if scope == Scope::OwnedPerGpuHour => {
            let owned = target
                .fleet
                .and_then(|f| report.costs.fleets.get(f))
                .and_then(|c| c.owned.as_ref());
            if owned.is_none() {
                return Err(
                    "owning a GPU-hour is examined of one bought fleet: `--fleet ID`".into(),
                );
            }
        }
        None if report.costs.total(scope).is_none() => {
            let have: Vec<&str> = report.costs.totals.iter().map(|(s, _)| s.key()).collect();
            return Err(format!(
                "`{}` has no `{scope}` total; it has {}",
                scenario.name,
                have.join(", ")
            ));
        }
        None => {}
    }
    let owned: Vec<usize> = target.fleet.into_iter().collect();
    let model = Model::owning(scenario, &owned)?;
    // Spearman's ρ ranks every draw, so they are all kept: bound them before drawing.
    // Kept: each input's draws and the total's, an f64 each a sample (ranked where
    // they lie); ranking one takes its order, a u32 a sample, on each thread at once.
    let threads = rayon::current_num_threads();
    // Only the inputs that vary are kept: a fixed one's draws are all its value.
    let kept = model.variables.iter().filter(|v| !v.is_exact()).count();
    let per_sample = (kept + 1) * std::mem::size_of::<f64>() + threads * std::mem::size_of::<u32>();
    let most = DRAWS_BUDGET_BYTES / per_sample;
    if samples > most {
        return Err(format!(
            "`sensitivity` keeps every draw of {} inputs and the total to rank them: at most \
             {} samples for this scenario ({} MiB); pass `--samples {}` or fewer",
            kept,
            crate::money::format_decimal(most.into()),
            DRAWS_BUDGET_BYTES >> 20,
            most
        ));
    }
    let owning = target.fleet.filter(|_| scope == Scope::OwnedPerGpuHour);
    let mut at = Midpoint::new(report, scope, job, owning)?;
    if let Some(sv) = serve {
        at.serve_on(sv)?;
    }
    let fleet = (at.job.as_ref().map(|(_, f)| *f))
        .or(at.serve.as_ref().map(|(_, f)| *f))
        .or(owning);
    let q = match (target.serve, target.job) {
        (Some(s), _) => model.serve_quantity(s, scope).ok_or_else(|| {
            format!(
                "serve `{}` has no `{scope}` (revenue, profit and margin need its prices, a \
                 margin a cost above zero; a cost per million, tokens of that kind)",
                scenario.serves[s].id
            )
        })?,
        (None, Some(j)) => model
            .job_quantity(j, scope)
            .ok_or_else(|| format!("no `{scope}` to simulate"))?,
        (None, None) => model
            .claim_quantity(owning, scope)
            .ok_or_else(|| format!("no `{scope}` to simulate"))?,
    };
    let (mut total_ranks, inputs) = model.draw(samples, seed, q, progress);
    rank_in_place(&mut total_ranks);
    // A job's figure reads the job's inputs and its fleet's: the others are not listed.
    let concerned = |v: &Variable| match (target.job, fleet) {
        _ if target.serve.is_some() => {
            target.serve.is_some_and(|s| v.serves.contains(&s))
                || fleet.is_some_and(|f| v.users.contains(&f))
        }
        (Some(j), Some(f)) => v.jobs.contains(&j) || v.users.contains(&f),
        (None, Some(f)) => v.users.contains(&f),
        _ => true,
    };
    let bars = inputs
        .into_par_iter()
        .zip(&model.variables)
        .enumerate()
        .filter(|(_, (_, v))| !v.is_exact() && concerned(v))
        .map(|(i, (mut draws, v))| {
            let figure = |bound: Decimal| at.with(v, target.job.or(target.serve), bound);
            let (at_low, at_high) = (figure(v.input.value.low())?, figure(v.input.value.high())?);
            // The draws become their ranks where they lie: no second column.
            rank_in_place(&mut draws);
            Ok(Bar {
                variable: i,
                at_low,
                at_high,
                swing: (at_high - at_low).abs(),
                rank_correlation: pearson(&draws, &total_ranks),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let exact = (0..model.variables.len())
        .filter(|&i| model.variables[i].is_exact() && concerned(&model.variables[i]))
        .collect();
    let (mut bars, still): (Vec<Bar>, Vec<Bar>) =
        bars.into_iter().partition(|b| !b.swing.is_zero());
    bars.sort_by_key(|b| std::cmp::Reverse(b.swing));
    Ok(Tornado {
        scope,
        job: job.map(|j| j.id.clone()),
        fleet: owning.map(|f| scenario.fleets[f].id.clone()),
        serve: serve.map(|s| s.id.clone()),
        base: at.base,
        variables: model.variables,
        bars,
        unmoved: still.iter().map(|b| b.variable).collect(),
        exact,
        samples,
        seed,
    })
}

/// Every input exact at its midpoint (the fleets', and the examined job's), with what
/// each fleet gives the examined total there: an input then moves the total by what it
/// moves in the fleets that read it, so a tornado prices each fleet once per input it
/// reads, not every fleet once per input.
struct Midpoint<'r> {
    report: &'r Report,
    scope: Scope,
    fleets: Vec<FleetInputs>,
    /// The examined job, and the index of its fleet.
    job: Option<(Job, usize)>,
    /// The bought fleet whose GPU-hour is examined.
    owning: Option<usize>,
    /// The examined serve, and the index of its fleet.
    serve: Option<(Serve, usize)>,
    /// Each fleet's share of the total (empty when a job is examined).
    shares: Vec<Decimal>,
    /// The figure.
    base: Decimal,
}

impl<'r> Midpoint<'r> {
    fn new(
        report: &'r Report,
        scope: Scope,
        job: Option<&Job>,
        owning: Option<usize>,
    ) -> Result<Midpoint<'r>, String> {
        let scenario = &report.scenario;
        let fleets: Vec<FleetInputs> = scenario
            .fleets
            .iter()
            .map(|f| f.inputs.at_midpoint())
            .collect();
        let job = job.and_then(|j| Some((j.at_midpoint(), scenario.ids().fleet(&j.fleet)?)));
        let mut at = Midpoint {
            report,
            scope,
            fleets,
            job,
            owning,
            serve: None,
            shares: Vec::new(),
            base: Decimal::ZERO,
        };
        match (&at.job, owning) {
            (Some((job, f)), _) => at.base = at.job_figure(job, *f, &at.fleets[*f])?,
            (None, Some(f)) => at.base = at.owned_figure(f, &at.fleets[f])?,
            (None, None) => {
                at.shares = (0..at.fleets.len())
                    .map(|f| at.share(f, &at.fleets[f]))
                    .collect::<Result<_, _>>()?;
                at.base = at.shares.iter().try_fold(Decimal::ZERO, |sum, s| {
                    sum.checked_add(*s).ok_or_else(|| at.overflow())
                })?;
            }
        }
        Ok(at)
    }

    /// Examines a serve's figure instead: its inputs and its fleet's at their midpoints.
    fn serve_on(&mut self, serve: &Serve) -> Result<(), String> {
        let f = (self.report.scenario.ids().fleet(&serve.fleet))
            .ok_or_else(|| format!("serve `{}` has no fleet", serve.id))?;
        let serve = serve.at_midpoint();
        self.base = self.serve_figure(&serve, f, &self.fleets[f])?;
        self.serve = Some((serve, f));
        Ok(())
    }

    /// The serve's figure on fleet `f` with these inputs.
    fn serve_figure(
        &self,
        serve: &Serve,
        f: usize,
        inputs: &FleetInputs,
    ) -> Result<Decimal, String> {
        let mut on = self.report.scenario.fleets[f].clone();
        on.inputs = inputs.clone();
        let cost = crate::model::serve::price_serve(serve, &on).map_err(|_| self.overflow())?;
        cost.scope(self.scope)
            .map(|r| r.low())
            .ok_or_else(|| format!("serve `{}` has no `{}`", serve.id, self.scope))
    }

    fn overflow(&self) -> String {
        format!("arithmetic overflow computing `{}`", self.scope)
    }

    /// The figure with variable `v` at `value` and every other input at its midpoint.
    fn with(&self, v: &Variable, job: Option<usize>, value: Decimal) -> Result<Decimal, String> {
        let moved = |f: usize| {
            let mut inputs = self.fleets[f].clone();
            if let Some(input) = inputs.get_mut(v.param) {
                *input = v.input.exactly(value);
            }
            inputs
        };
        if let Some((own, f)) = &self.serve {
            let mut own = own.clone();
            // The serve's own input, not its fleet's of the same key (`utilization`).
            if let Some(s) = job
                && v.serves.contains(&s)
                && let Some(input) = own.get_mut(v.param)
                && input.origin == v.input.origin
            {
                *input = v.input.exactly(value);
            }
            let inputs = match v.users.contains(f) {
                true => moved(*f),
                false => self.fleets[*f].clone(),
            };
            return self.serve_figure(&own, *f, &inputs);
        }
        if let Some((own, f)) = &self.job {
            let mut own = own.clone();
            if let Some(j) = job
                && v.jobs.contains(&j)
                && let Some(input) = own.get_mut(v.param)
            {
                *input = v.input.exactly(value);
            }
            let inputs = match v.users.contains(f) {
                true => moved(*f),
                false => self.fleets[*f].clone(),
            };
            return self.job_figure(&own, *f, &inputs);
        }
        if let Some(f) = self.owning {
            return match v.users.contains(&f) {
                true => self.owned_figure(f, &moved(f)),
                false => Ok(self.base),
            };
        }
        v.users.iter().try_fold(self.base, |sum, &f| {
            let share = self.share(f, &moved(f))?;
            sum.checked_sub(self.shares[f])
                .and_then(|rest| rest.checked_add(share))
                .ok_or_else(|| self.overflow())
        })
    }

    /// Fleet `f`'s share of the total with these inputs.
    fn share(&self, f: usize, inputs: &FleetInputs) -> Result<Decimal, String> {
        let fleet = &self.report.scenario.fleets[f];
        let parts = model::price_fleet(fleet.count, inputs).map_err(|_| self.overflow())?;
        model::scope_total(&parts, self.scope, fleet.gpus_divisor())
            .map(|r| r.low())
            .map_err(|_| self.overflow())
    }

    /// What owning a GPU-hour of fleet `f` costs with these inputs.
    fn owned_figure(&self, f: usize, inputs: &FleetInputs) -> Result<Decimal, String> {
        let mut fleet = self.report.scenario.fleets[f].at_midpoint();
        fleet.inputs = inputs.clone();
        let owned = crate::model::owning::owned(&fleet).map_err(|_| self.overflow())?;
        owned
            .map(|o| o.per_gpu_hour.low())
            .ok_or_else(|| format!("fleet `{}` is rented: it owns no GPU-hour", fleet.id))
    }

    /// The job's figure on fleet `f` with these inputs.
    fn job_figure(&self, job: &Job, f: usize, inputs: &FleetInputs) -> Result<Decimal, String> {
        let mut on = self.report.scenario.fleets[f].clone();
        on.inputs = inputs.clone();
        let cost = crate::model::jobs::price_job(job, &on).map_err(|_| self.overflow())?;
        cost.scope(self.scope)
            .map(|r| r.low())
            .ok_or_else(|| format!("job `{}` has no `{}`", job.id, self.scope))
    }
}

/// Ranks 1..=n of `data`, ties sharing their mean rank.
pub fn ranks(data: &[f64]) -> Vec<f64> {
    let mut ranks = data.to_vec();
    rank_in_place(&mut ranks);
    ranks
}

/// Each value of `data` replaced by its rank (see [`ranks`]), with an order of u32s as
/// its only other memory: at most 2^32 values (`sensitivity` keeps far fewer).
pub fn rank_in_place(data: &mut [f64]) {
    let n = data.len().min(u32::MAX as usize);
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by(|&a, &b| data[a as usize].total_cmp(&data[b as usize]));
    let mut start = 0;
    while start < order.len() {
        // A group of ties is found before any of it is overwritten, and later groups
        // hold other values: each value is read before its rank replaces it.
        let first = data[order[start] as usize];
        let mut end = start + 1;
        while end < order.len() && data[order[end] as usize] == first {
            end += 1;
        }
        // Ranks start+1 ..= end share their mean.
        let rank = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            data[i as usize] = rank;
        }
        start = end;
    }
}

/// Pearson's correlation; 0 when either side does not vary.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    if n == 0.0 {
        return 0.0;
    }
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_their_mean_rank() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn correlation_of_monotone_and_reversed_data() {
        let x = [1.0, 2.0, 3.0, 4.0];
        let y = [1.0, 4.0, 9.0, 16.0];
        assert!((pearson(&ranks(&x), &ranks(&y)) - 1.0).abs() < 1e-12);
        let z = [4.0, 3.0, 2.0, 1.0];
        assert!((pearson(&ranks(&x), &ranks(&z)) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&x, &[5.0; 4]), 0.0);
    }
}
