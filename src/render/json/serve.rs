//! A serve in the JSON report: its inputs, volume, cost, cost per million tokens,
//! revenue and margin. Money to the cent, money per GPU-hour or per million tokens to
//! a millionth, counts exact, the margin in per cent to hundredths.

use serde::Serialize;

use super::{Bounds, JsonInput, Keyed, bounds, exact_bounds, input, per_hour};
use crate::model::serve::{RateBasis, ServeCost};
use crate::money::Range;
use crate::scenario::Serve;

#[derive(Serialize)]
pub(super) struct JsonServe<'a> {
    id: &'a str,
    fleet: &'a str,
    inputs: Keyed<&'static str, JsonInput>,
    hours: Bounds,
    gpu_hours: Bounds,
    rate_per_gpu_hour: Bounds,
    rate_basis: RateBasis,
    input_tokens: Bounds,
    cached_input_tokens: Bounds,
    uncached_input_tokens: Bounds,
    output_tokens: Bounds,
    input_tokens_per_gpu_second: Bounds,
    output_tokens_per_gpu_second: Bounds,
    cost: Bounds,
    cost_per_million_input: Option<Bounds>,
    cost_per_million_output: Option<Bounds>,
    cost_per_million_tokens: Option<Bounds>,
    revenue: Option<JsonRevenue>,
    profit: Option<Bounds>,
    /// Per cent.
    margin: Option<Bounds>,
}

#[derive(Serialize)]
struct JsonRevenue {
    low: String,
    high: String,
    uncached_input: Bounds,
    cached_input: Bounds,
    output: Bounds,
    per_gpu_hour: Bounds,
}

/// Counts to four decimals (tokens per GPU-second), whole counts as they are.
fn counted(r: Range) -> Bounds {
    exact_bounds(Range::new(r.low().round_dp(4), r.high().round_dp(4)).unwrap_or(r))
}

pub(super) fn serve<'a>(s: &'a Serve, cost: &ServeCost) -> JsonServe<'a> {
    JsonServe {
        id: &s.id,
        fleet: &s.fleet,
        inputs: Keyed(
            s.list()
                .into_iter()
                .map(|(param, i)| (param.key(), input(param, i)))
                .collect(),
        ),
        hours: counted(cost.hours),
        gpu_hours: counted(cost.gpu_hours),
        rate_per_gpu_hour: per_hour(cost.rate),
        rate_basis: cost.basis,
        input_tokens: counted(cost.input_tokens),
        cached_input_tokens: counted(cost.cached_input_tokens),
        uncached_input_tokens: counted(cost.uncached_input_tokens),
        output_tokens: counted(cost.output_tokens),
        input_tokens_per_gpu_second: counted(cost.input_tokens_per_gpu_second),
        output_tokens_per_gpu_second: counted(cost.output_tokens_per_gpu_second),
        cost: bounds(cost.cost),
        cost_per_million_input: cost.cost_per_million_input.map(per_hour),
        cost_per_million_output: cost.cost_per_million_output.map(per_hour),
        cost_per_million_tokens: cost.cost_per_million_tokens.map(per_hour),
        revenue: cost.revenue.map(|r| JsonRevenue {
            low: super::cents(r.total.low()),
            high: super::cents(r.total.high()),
            uncached_input: bounds(r.input),
            cached_input: bounds(r.cached_input),
            output: bounds(r.output),
            per_gpu_hour: per_hour(r.per_gpu_hour),
        }),
        profit: cost.profit.map(bounds),
        margin: cost.margin.map(bounds),
    }
}
