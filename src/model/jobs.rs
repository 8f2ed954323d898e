//! The compute model: a [`Job`]'s GPU-hours, wall-clock hours and FLOP, and what it
//! costs three ways (Epoch AI's methods, Cottier et al. 2024), as exact ranges with
//! overflow checked. Pure arithmetic: no I/O, no formatting.
//!
//! - GPU-hours: as reported; `hours` (or `days` × 24) × `gpus`; or
//!   FLOP / (peak_flops × mfu × 3,600 s), FLOP = 6 × params × tokens for training.
//! - `amortized` = GPU-hours × (hardware per GPU × value left × charge + energy per hour),
//!   as Epoch AI prices a run (no facility): hardware per GPU = unit_price × (1 +
//!   server_share + network_share); `epoch`: value left = 10^(−0.14 × years held),
//!   charge = 0.14 × ln 10 / 8,766 per hour; `straight-line`: value left 1, charge = 1 /
//!   (years × 8,766); energy per hour = kw_per_gpu × load × pue × electricity_per_kwh.
//!   With `facility = true`, + GPU-hours × kw_per_gpu / 1000 × facility_per_mw /
//!   (facility_years × 8,766): a building written off straight over its own life.
//! - `acquisition` = gpus × hardware per GPU (+ its facility with `facility = true`).
//! - `cloud` = GPU-hours × the rate.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::fleet::{HOURS_PER_YEAR, Linear};
use crate::money::{LN_10, Overflow, Range, pow10};
use crate::scenario::{BuyInputs, Compute, Depreciation, Fleet, FleetInputs, Job, Scenario, Scope};

/// Orders of magnitude a year that ML GPUs' price-performance improves, and so their
/// value falls (Epoch AI).
pub const DECLINE_PER_YEAR: Decimal = Decimal::from_parts(14, 0, 0, false, 2);
/// Days in a year, for the years a fleet is held.
pub const DAYS_PER_YEAR: Decimal = Decimal::from_parts(36_525, 0, 0, false, 2);
/// Seconds in an hour.
const SECONDS_PER_HOUR: u32 = 3_600;

/// The `amortized` estimate, step by step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amortized {
    /// Years from the fleet's acquisition to the job's start (days / 365.25).
    pub years_held: Decimal,
    /// The share of its value the hardware keeps at the start: 10^(−0.14 × years held)
    /// for `epoch`, 1 for `straight-line`.
    pub value_left: Decimal,
    /// The share of value charged per GPU-hour.
    pub charge: Range,
    /// GPUs, servers and network of one GPU: unit_price × (1 + shares).
    pub hardware_per_gpu: Range,
    /// The facility's build cost for one GPU, counted (zero unless the job asks).
    pub facility_per_gpu: Range,
    /// The share of it charged per GPU-hour: 1 / (facility_years × 8,766).
    pub facility_charge: Range,
    /// Energy per GPU-hour.
    pub energy_per_hour: Range,
    /// Everything per GPU-hour.
    pub per_gpu_hour: Range,
    /// GPUs, servers and network charged.
    pub hardware: Range,
    /// Facility charged.
    pub facility: Range,
    /// Energy used.
    pub energy: Range,
    /// The estimate.
    pub total: Range,
}

/// A job's compute and cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobCost {
    /// The job's id.
    pub id: String,
    /// The fleet it runs on.
    pub fleet: String,
    /// GPU-hours.
    pub gpu_hours: Range,
    /// Wall-clock hours (GPU-hours / gpus).
    pub hours: Range,
    /// FLOP, where the form or `mfu` and a peak FLOP/s give them.
    pub flop: Option<Range>,
    /// Epoch's method 1, for a job on a bought fleet.
    pub amortized: Option<Amortized>,
    /// Epoch's method 2, for a job on a bought fleet.
    pub acquisition: Option<Range>,
    /// Epoch's method 3, where there is a rate.
    pub cloud: Option<Range>,
    /// The rate the cloud estimate rents at.
    pub cloud_rate: Option<Range>,
}

impl JobCost {
    /// The figure for a job's scope, where the job has it.
    pub fn scope(&self, scope: Scope) -> Option<Range> {
        match scope {
            Scope::Amortized => self.amortized.as_ref().map(|a| a.total),
            Scope::Acquisition => self.acquisition,
            Scope::Cloud => self.cloud,
            Scope::GpuHours => Some(self.gpu_hours),
            Scope::Hours => Some(self.hours),
            Scope::Flop => self.flop,
            _ => None,
        }
    }

    /// What a money estimate comes to per GPU-hour: the amortized rate, the purchase
    /// spread over the job's wall-clock hours, the cloud rate.
    pub fn per_gpu_hour(&self, scope: Scope) -> Option<Range> {
        match scope {
            Scope::Amortized => self.amortized.as_ref().map(|a| a.per_gpu_hour),
            Scope::Acquisition => {
                let a = self.amortized.as_ref()?;
                let per_gpu = a.hardware_per_gpu.add(&a.facility_per_gpu).ok()?;
                per_gpu.div(&self.hours).ok()
            }
            Scope::Cloud => self.cloud_rate,
            _ => None,
        }
    }

    /// The money estimates the job has, in report order.
    pub fn estimates(&self) -> Vec<(Scope, Range)> {
        [Scope::Amortized, Scope::Acquisition, Scope::Cloud]
            .into_iter()
            .filter_map(|s| Some((s, self.scope(s)?)))
            .collect()
    }
}

/// Prices every job of a scenario; on overflow, a diagnostic at the job.
pub fn price_all(scenario: &Scenario) -> Result<Vec<JobCost>, Diagnostic> {
    scenario
        .jobs
        .iter()
        .filter_map(|job| Some((job, scenario.fleet(&job.fleet)?)))
        .map(|(job, fleet)| {
            price_job(job, fleet).map_err(|_| {
                crate::model::overflow::diagnostic(
                    format!("arithmetic overflow computing job `{}`", job.id),
                    crate::model::overflow::of_job(job, Some(fleet)),
                    (job.span.clone(), "this job"),
                )
            })
        })
        .collect()
}

/// GPU-hours, wall-clock hours and FLOP.
fn compute(job: &Job) -> Result<(Range, Range, Option<Range>), Overflow> {
    let gpus = job.gpus.value;
    let per_second = || -> Result<Range, Overflow> {
        let peak = job.peak_flops.as_ref().ok_or(Overflow)?.value;
        let mfu = job.mfu.as_ref().ok_or(Overflow)?.value;
        peak.mul(&mfu)?.scale(Decimal::from(SECONDS_PER_HOUR))
    };
    let from_flop = |flop: Range| -> Result<(Range, Range, Option<Range>), Overflow> {
        let gpu_hours = flop.div(&per_second()?)?;
        Ok((gpu_hours, gpu_hours.div(&gpus)?, Some(flop)))
    };
    let (gpu_hours, hours, flop) = match &job.compute {
        Compute::GpuHours(h) => (h.value, h.value.div(&gpus)?, None),
        Compute::Hours(h) => (h.value.mul(&gpus)?, h.value, None),
        Compute::Days(d) => {
            let hours = d.value.scale(Decimal::from(24))?;
            (hours.mul(&gpus)?, hours, None)
        }
        Compute::Flop(f) => return from_flop(f.value),
        Compute::Training { params, tokens } => {
            return from_flop(params.value.mul(&tokens.value)?.scale(Decimal::from(6))?);
        }
    };
    let flop = match (&job.mfu, &job.peak_flops) {
        (Some(_), Some(_)) => Some(gpu_hours.mul(&per_second()?)?),
        _ => flop,
    };
    Ok((gpu_hours, hours, flop))
}

/// A job's compute and its estimates.
pub fn price_job(job: &Job, fleet: &Fleet) -> Result<JobCost, Overflow> {
    let (gpu_hours, hours, flop) = compute(job)?;
    // A rented fleet's job rents at the fleet's rate, read from the fleet so that a
    // change to it (solve, sensitivity) reaches the job.
    let cloud_rate = match &fleet.inputs {
        FleetInputs::Rent(r) => Some(r.rate_per_gpu_hour.value),
        FleetInputs::Buy(_) => job.cloud_rate.as_ref().map(|r| r.value),
    };
    let cloud = cloud_rate.map(|r| gpu_hours.mul(&r)).transpose()?;
    let amortized = match &fleet.inputs {
        FleetInputs::Buy(b) => Some(amortized(job, fleet, b, gpu_hours)?),
        FleetInputs::Rent(_) => None,
    };
    let acquisition = amortized
        .as_ref()
        .map(|a| {
            a.hardware_per_gpu
                .add(&a.facility_per_gpu)?
                .mul(&job.gpus.value)
        })
        .transpose()?;
    Ok(JobCost {
        id: job.id.clone(),
        fleet: fleet.id.clone(),
        gpu_hours,
        hours,
        flop,
        amortized,
        acquisition,
        cloud,
        cloud_rate,
    })
}

/// Years from acquisition to start, and the share of value left then.
pub fn decline(job: &Job, fleet: &Fleet) -> Result<(Decimal, Decimal), Overflow> {
    let days = Decimal::from((job.start - fleet.acquired).num_days());
    let years = days.checked_div(DAYS_PER_YEAR).ok_or(Overflow)?;
    let left = match job.depreciation {
        Depreciation::Epoch => {
            pow10(-DECLINE_PER_YEAR.checked_mul(years).ok_or(Overflow)?).ok_or(Overflow)?
        }
        Depreciation::StraightLine => Decimal::ONE,
    };
    Ok((years, left))
}

/// The share of value charged per GPU-hour.
fn charge(job: &Job, b: &BuyInputs) -> Result<Range, Overflow> {
    match job.depreciation {
        Depreciation::Epoch => Ok(Range::exact(
            DECLINE_PER_YEAR
                .checked_mul(LN_10)
                .and_then(|r| r.checked_div(Decimal::from(HOURS_PER_YEAR)))
                .ok_or(Overflow)?,
        )),
        Depreciation::StraightLine => {
            Range::exact(Decimal::ONE).div(&b.years.value.scale(Decimal::from(HOURS_PER_YEAR))?)
        }
    }
}

fn amortized(
    job: &Job,
    fleet: &Fleet,
    b: &BuyInputs,
    gpu_hours: Range,
) -> Result<Amortized, Overflow> {
    let (years_held, value_left) = decline(job, fleet)?;
    let charge = charge(job, b)?;
    let PerGpu {
        hardware: hardware_per_gpu,
        facility,
        energy_per_hour,
    } = PerGpu::of(b)?;
    // Epoch AI counts no facility; asked for, it is written off straight over its life.
    let facility_per_gpu = if job.facility { facility } else { Range::ZERO };
    let facility_charge = Range::exact(Decimal::ONE).div(
        &b.facility_years
            .value
            .scale(Decimal::from(HOURS_PER_YEAR))?,
    )?;
    let facility_per_hour = facility_per_gpu.mul(&facility_charge)?;
    let per_hour = |per_gpu: Range| per_gpu.scale(value_left)?.mul(&charge);
    let hardware = gpu_hours.mul(&per_hour(hardware_per_gpu)?)?;
    let facility = gpu_hours.mul(&facility_per_hour)?;
    let energy = gpu_hours.mul(&energy_per_hour)?;
    let per_gpu_hour = per_hour(hardware_per_gpu)?
        .add(&facility_per_hour)?
        .add(&energy_per_hour)?;
    Ok(Amortized {
        years_held,
        value_left,
        charge,
        hardware_per_gpu,
        facility_per_gpu,
        facility_charge,
        energy_per_hour,
        per_gpu_hour,
        hardware,
        facility,
        energy,
        total: hardware.add(&facility)?.add(&energy)?,
    })
}

/// What one GPU of a bought fleet costs to own: its hardware (the GPU with its share
/// of servers and network), its share of the facility, and its energy per hour at the
/// fleet's load and PUE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PerGpu {
    /// unit_price × (1 + server_share + network_share).
    pub hardware: Range,
    /// kw_per_gpu / 1,000 × facility_per_mw.
    pub facility: Range,
    /// kw_per_gpu × load × pue × electricity_per_kwh.
    pub energy_per_hour: Range,
}

impl PerGpu {
    /// The figures of one GPU of a bought fleet with these inputs.
    pub fn of(b: &BuyInputs) -> Result<PerGpu, Overflow> {
        Ok(PerGpu {
            hardware: b.unit_price.value.mul(&shares(b)?)?,
            facility: b
                .kw_per_gpu
                .value
                .scale(Decimal::new(1, 3))?
                .mul(&b.facility_per_mw.value)?,
            energy_per_hour: b
                .kw_per_gpu
                .value
                .mul(&b.load.value)?
                .mul(&b.pue.value)?
                .mul(&b.electricity_per_kwh.value)?,
        })
    }
}

/// 1 + server_share + network_share.
pub(crate) fn shares(b: &BuyInputs) -> Result<Range, Overflow> {
    Range::exact(Decimal::ONE)
        .add(&b.server_share.value)?
        .add(&b.network_share.value)
}

/// A job's money estimate written as `unit × coefficient + rest`, `unit` being the
/// fleet's unit price (`amortized`, `acquisition`) or the cloud rate (`cloud`); `cost`
/// is the job priced on the fleet ([`price_job`]).
pub fn linear(
    job: &Job,
    fleet: &Fleet,
    cost: &JobCost,
    scope: Scope,
) -> Result<Option<Linear>, Overflow> {
    let FleetInputs::Buy(b) = &fleet.inputs else {
        return Ok((scope == Scope::Cloud).then_some(Linear {
            coefficient: cost.gpu_hours,
            rest: Range::ZERO,
        }));
    };
    Ok(match (scope, &cost.amortized) {
        (Scope::Cloud, _) => Some(Linear {
            coefficient: cost.gpu_hours,
            rest: Range::ZERO,
        }),
        (Scope::Amortized, Some(a)) => Some(Linear {
            coefficient: cost
                .gpu_hours
                .mul(&shares(b)?.scale(a.value_left)?.mul(&a.charge)?)?,
            rest: a.facility.add(&a.energy)?,
        }),
        (Scope::Acquisition, Some(a)) => Some(Linear {
            coefficient: job.gpus.value.mul(&shares(b)?)?,
            rest: job.gpus.value.mul(&a.facility_per_gpu)?,
        }),
        _ => None,
    })
}
