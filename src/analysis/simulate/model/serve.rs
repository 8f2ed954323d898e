//! A serve in the simulation: its figures drawn from its own inputs and its fleet's
//! (a rented fleet's rate, or a bought fleet's cost of owning a GPU-hour, drawn as the
//! fleet's own). A serve is two entities of six slots each, in [`SERVE_SLOTS`] order:
//! its ten figures.

use super::{BuyVars, Param, Resolved, hourly_share};
use crate::scenario::{Fleet, FleetInputs, Period, Scope, Serve, Volume};

/// A serve's slots in the scratch buffers: its first entity's, then its second's.
pub(super) const SERVE_SLOTS: [[Option<Scope>; 6]; 2] = [
    [
        Some(Scope::Cost),
        Some(Scope::CostPerMillionInput),
        Some(Scope::CostPerMillionOutput),
        Some(Scope::CostPerMillionTokens),
        Some(Scope::Revenue),
        Some(Scope::Margin),
    ],
    [
        Some(Scope::Profit),
        Some(Scope::GpuHours),
        Some(Scope::InputTokensPerGpuSecond),
        Some(Scope::OutputTokensPerGpuSecond),
        None,
        None,
    ],
];

/// How a serve's GPU-hours cost: a rented fleet's rate, or owning a bought fleet's.
#[derive(Clone, Copy, Debug)]
pub(super) enum ServeRate {
    Rent(usize),
    Own {
        vars: BuyVars,
        facility_years: usize,
        utilization: Option<usize>,
        cost_of_capital: Option<usize>,
    },
}

/// How a serve's tokens are drawn.
#[derive(Clone, Copy, Debug)]
pub(super) enum ServeVolume {
    Tokens {
        input: usize,
        cached: usize,
        output: usize,
    },
    Throughput {
        input: usize,
        output: usize,
        utilization: usize,
    },
}

/// A serve's formulas, with the variables they read.
#[derive(Clone, Copy, Debug)]
pub(super) struct ServeModel {
    gpus: usize,
    /// The period's variable and its hours (1 for hours, 24 for days).
    period: (usize, f64),
    volume: ServeVolume,
    rate: ServeRate,
    /// Input, cached input and output prices per million.
    prices: Option<[usize; 3]>,
}

impl ServeModel {
    /// The variables its figures read.
    pub(super) fn reads(&self) -> Vec<usize> {
        let mut reads = vec![self.gpus, self.period.0];
        reads.extend(match self.volume {
            ServeVolume::Tokens {
                input,
                cached,
                output,
            } => [input, cached, output],
            ServeVolume::Throughput {
                input,
                output,
                utilization,
            } => [input, output, utilization],
        });
        match self.rate {
            ServeRate::Rent(r) => reads.push(r),
            ServeRate::Own {
                vars,
                facility_years,
                utilization,
                cost_of_capital,
            } => {
                reads.extend(vars.list());
                reads.push(facility_years);
                reads.extend(utilization);
                reads.extend(cost_of_capital);
            }
        }
        reads.extend(self.prices.iter().flatten());
        reads
    }
}

/// A serve's formulas over the variables `var` hands out.
pub(super) fn serve_model(
    serve: &Serve,
    fleet: &Fleet,
    var: &mut impl FnMut(Param, &Resolved) -> Result<usize, String>,
) -> Result<ServeModel, String> {
    let period = match &serve.period {
        Period::Hours(h) => (var(Param::Hours, h)?, 1.0),
        Period::Days(d) => (var(Param::Days, d)?, 24.0),
    };
    let volume = match &serve.volume {
        Volume::Tokens {
            input,
            cached_input,
            output,
        } => ServeVolume::Tokens {
            input: var(Param::InputTokens, input)?,
            cached: var(Param::CachedInputTokens, cached_input)?,
            output: var(Param::OutputTokens, output)?,
        },
        Volume::Throughput {
            input,
            output,
            utilization,
        } => ServeVolume::Throughput {
            input: var(Param::InputTokensPerGpuSecond, input)?,
            output: var(Param::OutputTokensPerGpuSecond, output)?,
            utilization: var(Param::Utilization, utilization)?,
        },
    };
    let rate = match &fleet.inputs {
        FleetInputs::Rent(r) => ServeRate::Rent(var(Param::RatePerGpuHour, &r.rate_per_gpu_hour)?),
        FleetInputs::Buy(b) => ServeRate::Own {
            vars: BuyVars::new(b, var)?,
            facility_years: var(Param::FacilityYears, &b.facility_years)?,
            utilization: (b.utilization.as_ref())
                .map(|u| var(Param::Utilization, u))
                .transpose()?,
            cost_of_capital: (b.cost_of_capital.as_ref())
                .map(|r| var(Param::CostOfCapital, r))
                .transpose()?,
        },
    };
    let prices = match &serve.prices {
        Some(p) => Some([
            var(Param::PricePerMillionInput, &p.input)?,
            var(Param::PricePerMillionCachedInput, &p.cached_input)?,
            var(Param::PricePerMillionOutput, &p.output)?,
        ]),
        None => None,
    };
    Ok(ServeModel {
        gpus: var(Param::Gpus, &serve.gpus)?,
        period,
        volume,
        rate,
        prices,
    })
}

/// The exact slots of a serve's two entities, for the spans.
pub(super) fn exact_slots(
    cost: &crate::model::serve::ServeCost,
) -> [[Option<crate::money::Range>; 6]; 2] {
    SERVE_SLOTS.map(|slots| slots.map(|scope| scope.and_then(|s| cost.scope(s))))
}

/// Draws one block of a serve's figures into the six slots of its entity `half` (in
/// [`SERVE_SLOTS`] order); a figure the serve lacks stays zero and is never read.
pub(super) fn draw_serve<'a>(
    serve: &ServeModel,
    half: usize,
    x: &impl Fn(usize) -> &'a [f64],
    slots: &mut [Vec<f64>; 6],
    len: usize,
) {
    let [a, b, c, d, e, f] = slots;
    let (gpus, (period, per)) = (x(serve.gpus), serve.period);
    let period = x(period);
    for i in 0..len {
        let gpu_hours = gpus[i] * period[i] * per;
        let rate = match serve.rate {
            ServeRate::Rent(r) => x(r)[i],
            ServeRate::Own {
                vars: b,
                facility_years,
                utilization,
                cost_of_capital,
            } => {
                let r = cost_of_capital.map_or(0.0, |v| x(v)[i]);
                let up = x(b.unit_price)[i];
                let hardware = up
                    * (1.0 + x(b.server_share)[i] + x(b.network_share)[i])
                    * hourly_share(r, x(b.years)[i]);
                let kw = x(b.kw_per_gpu)[i];
                let building =
                    kw * 0.001 * x(b.facility_per_mw)[i] * hourly_share(r, x(facility_years)[i]);
                let power = kw * x(b.load)[i] * x(b.pue)[i] * x(b.electricity)[i];
                (hardware + building + power) / utilization.map_or(1.0, |u| x(u)[i])
            }
        };
        let (input, cached, output) = match serve.volume {
            ServeVolume::Tokens {
                input,
                cached,
                output,
            } => (x(input)[i], x(cached)[i], x(output)[i]),
            ServeVolume::Throughput {
                input,
                output,
                utilization,
            } => {
                let seconds = gpu_hours * 3_600.0 * x(utilization)[i];
                (x(input)[i] * seconds, 0.0, x(output)[i] * seconds)
            }
        };
        let cost = gpu_hours * rate;
        let revenue = serve.prices.map(|[p_in, p_cached, p_out]| {
            // Drawn apart, cached tokens may pass the input in a draw: none missed then.
            let missed = (input - cached).max(0.0);
            (missed * x(p_in)[i] + cached * x(p_cached)[i] + output * x(p_out)[i]) / 1e6
        });
        if half == 0 {
            a[i] = cost;
            b[i] = cost / input * 1e6;
            c[i] = cost / output * 1e6;
            d[i] = cost / (input + output) * 1e6;
            if let Some(r) = revenue {
                e[i] = r;
                f[i] = (r / cost - 1.0) * 100.0;
            }
        } else {
            a[i] = revenue.map_or(0.0, |r| r - cost);
            b[i] = gpu_hours;
            let seconds = gpu_hours * 3_600.0;
            c[i] = input / seconds;
            d[i] = output / seconds;
        }
    }
}
