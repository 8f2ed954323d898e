//! The serving model: a [`Serve`]'s GPU-hours, tokens, cost, cost per million tokens,
//! revenue, profit and margin, as exact ranges with overflow checked. Pure arithmetic:
//! no I/O, no formatting.
//!
//! - GPU-hours = gpus × hours (days × 24).
//! - rate per GPU-hour: a rented fleet's `rate_per_gpu_hour`; a bought fleet's cost of
//!   owning one of its GPU-hours ([`crate::model::owning`]).
//! - cost = GPU-hours × rate.
//! - tokens: as counted; or from throughput, tokens per GPU-second × utilization ×
//!   GPU-hours × 3,600.
//! - cost per million tokens of a kind = cost / those tokens × 10⁶ (the whole cost over
//!   them: what a provider quoting "$0.52 per million output tokens" divides);
//!   blended = cost / (input + output) × 10⁶.
//! - revenue = (uncached input × its price + cached input × its price + output × its
//!   price) / 10⁶, uncached = input − cached.
//! - profit = revenue − cost; margin = (revenue − cost) / cost × 100 per cent,
//!   DeepSeek's "cost profit margin".
//!
//! With the volume given as throughput, revenue and cost both scale with the
//! GPU-hours: the margin and the cost per million tokens are taken per GPU-hour, so
//! the GPU-hours' range cancels instead of widening them.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::money::{Overflow, Range};
use crate::scenario::{Fleet, FleetInputs, Period, Scenario, Scope, Serve, Volume};

/// Seconds in an hour.
const SECONDS_PER_HOUR: u32 = 3_600;
/// Tokens in a million.
const MILLION: u32 = 1_000_000;

/// Where a serve's rate per GPU-hour comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateBasis {
    /// The rented fleet's `rate_per_gpu_hour`.
    Rented,
    /// The bought fleet's cost of owning a GPU-hour.
    Owned,
}

/// Revenue by kind of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revenue {
    /// Input tokens that missed the cache, at the input price.
    pub input: Range,
    /// Cached input tokens, at the cache price.
    pub cached_input: Range,
    /// Output tokens, at the output price.
    pub output: Range,
    /// The three.
    pub total: Range,
    /// Revenue per GPU-hour.
    pub per_gpu_hour: Range,
}

/// A serve's volume, cost and, with prices, its revenue and margin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeCost {
    /// The serve's id.
    pub id: String,
    /// The fleet it runs on.
    pub fleet: String,
    /// Wall-clock hours of the period.
    pub hours: Range,
    /// GPU-hours: gpus × hours.
    pub gpu_hours: Range,
    /// The rate each GPU-hour costs.
    pub rate: Range,
    /// Where the rate comes from.
    pub basis: RateBasis,
    /// Input tokens, cache hits included.
    pub input_tokens: Range,
    /// Input tokens that hit the cache.
    pub cached_input_tokens: Range,
    /// Input tokens that missed it: input − cached.
    pub uncached_input_tokens: Range,
    /// Output tokens.
    pub output_tokens: Range,
    /// Input tokens per GPU-second in service.
    pub input_tokens_per_gpu_second: Range,
    /// Output tokens per GPU-second in service.
    pub output_tokens_per_gpu_second: Range,
    /// GPU-hours × rate.
    pub cost: Range,
    /// Cost per million input tokens; `None` without input tokens.
    pub cost_per_million_input: Option<Range>,
    /// Cost per million output tokens; `None` without output tokens.
    pub cost_per_million_output: Option<Range>,
    /// Cost per million tokens, input and output together; `None` without tokens.
    pub cost_per_million_tokens: Option<Range>,
    /// With prices: revenue by kind.
    pub revenue: Option<Revenue>,
    /// With prices: revenue − cost (may be negative).
    pub profit: Option<Range>,
    /// With prices and a cost above zero: (revenue − cost) / cost, per cent (may be
    /// negative).
    pub margin: Option<Range>,
}

impl ServeCost {
    /// The figure for a serve's scope, where the serve has it.
    pub fn scope(&self, scope: Scope) -> Option<Range> {
        match scope {
            Scope::Cost => Some(self.cost),
            Scope::CostPerMillionInput => self.cost_per_million_input,
            Scope::CostPerMillionOutput => self.cost_per_million_output,
            Scope::CostPerMillionTokens => self.cost_per_million_tokens,
            Scope::Revenue => self.revenue.map(|r| r.total),
            Scope::Profit => self.profit,
            Scope::Margin => self.margin,
            Scope::GpuHours => Some(self.gpu_hours),
            Scope::InputTokensPerGpuSecond => Some(self.input_tokens_per_gpu_second),
            Scope::OutputTokensPerGpuSecond => Some(self.output_tokens_per_gpu_second),
            _ => None,
        }
    }

    /// The figures the serve has, in report order.
    pub fn figures(&self) -> Vec<(Scope, Range)> {
        Scope::SERVE
            .into_iter()
            .filter_map(|s| Some((s, self.scope(s)?)))
            .collect()
    }
}

/// Prices every serve of a scenario; on overflow, a diagnostic at the serve.
pub fn price_all(scenario: &Scenario) -> Result<Vec<ServeCost>, Diagnostic> {
    scenario
        .serves
        .iter()
        .filter_map(|serve| Some((serve, scenario.fleet(&serve.fleet)?)))
        .map(|(serve, fleet)| {
            price_serve(serve, fleet).map_err(|_| {
                crate::model::overflow::diagnostic(
                    format!("arithmetic overflow computing serve `{}`", serve.id),
                    of_serve(serve, fleet),
                    (serve.span.clone(), "this serve"),
                )
            })
        })
        .collect()
}

/// The figures a serve's costs rest on: its inputs and its fleet's.
pub fn of_serve(serve: &Serve, fleet: &Fleet) -> Vec<crate::model::overflow::Figure> {
    serve
        .list()
        .into_iter()
        .filter_map(|(param, input)| crate::model::overflow::Figure::of(param, input))
        .chain(crate::model::overflow::of_fleet(fleet))
        .collect()
}

/// The rate a serve's GPU-hours cost, and where it comes from.
pub fn rate(fleet: &Fleet) -> Result<(Range, RateBasis), Overflow> {
    match &fleet.inputs {
        FleetInputs::Rent(r) => Ok((r.rate_per_gpu_hour.value, RateBasis::Rented)),
        FleetInputs::Buy(_) => {
            let owned = crate::model::owning::owned(fleet)?.ok_or(Overflow)?;
            Ok((owned.per_gpu_hour, RateBasis::Owned))
        }
    }
}

/// `a − b` over the ranges (every combination): may go below zero.
pub fn minus(a: Range, b: Range) -> Result<Range, Overflow> {
    let low = a.low().checked_sub(b.high()).ok_or(Overflow)?;
    let high = a.high().checked_sub(b.low()).ok_or(Overflow)?;
    Range::new(low, high).ok_or(Overflow)
}

/// `ratio − 1`, per cent.
fn percent_over_one(ratio: Range) -> Result<Range, Overflow> {
    minus(ratio, Range::exact(Decimal::ONE))?.scale(Decimal::ONE_HUNDRED)
}

/// (revenue / cost − 1) × 100; `None` where the cost reaches zero (a free GPU-hour:
/// no margin is a ratio to nothing).
fn margin_of(revenue: Range, cost: Range) -> Result<Option<Range>, Overflow> {
    if cost.low() <= Decimal::ZERO {
        return Ok(None);
    }
    percent_over_one(revenue.div(&cost)?).map(Some)
}

/// Per million of `tokens`, `None` where they reach zero.
fn per_million(money: Range, tokens: Range) -> Result<Option<Range>, Overflow> {
    if tokens.low() <= Decimal::ZERO {
        return Ok(None);
    }
    money.div(&tokens)?.scale(Decimal::from(MILLION)).map(Some)
}

/// A serve's volume, cost, revenue and margin.
pub fn price_serve(serve: &Serve, fleet: &Fleet) -> Result<ServeCost, Overflow> {
    let hours = match &serve.period {
        Period::Hours(h) => h.value,
        Period::Days(d) => d.value.scale(Decimal::from(24))?,
    };
    let gpu_hours = serve.gpus.value.mul(&hours)?;
    let gpu_seconds = gpu_hours.scale(Decimal::from(SECONDS_PER_HOUR))?;
    let (rate, basis) = rate(fleet)?;
    let cost = gpu_hours.mul(&rate)?;
    let million = Decimal::from(MILLION);
    // Per GPU-second in service, and whether the volume scales with the GPU-hours.
    let (input, cached, output, input_rate, output_rate, throughput) = match &serve.volume {
        Volume::Tokens {
            input,
            cached_input,
            output,
        } => (
            input.value,
            cached_input.value,
            output.value,
            input.value.div(&gpu_seconds)?,
            output.value.div(&gpu_seconds)?,
            false,
        ),
        Volume::Throughput {
            input,
            output,
            utilization,
        } => {
            let i = input.value.mul(&utilization.value)?;
            let o = output.value.mul(&utilization.value)?;
            (
                gpu_seconds.mul(&i)?,
                Range::ZERO,
                gpu_seconds.mul(&o)?,
                i,
                o,
                true,
            )
        }
    };
    let uncached = minus(input, cached)?;
    let seconds = Decimal::from(SECONDS_PER_HOUR);
    let (cpm_input, cpm_output, cpm_tokens) = if throughput {
        // rate / (tokens per GPU-second × 3,600) × 10⁶: the GPU-hours cancel.
        let per_hour = |r: Range| r.scale(seconds);
        (
            per_million(rate, per_hour(input_rate)?)?,
            per_million(rate, per_hour(output_rate)?)?,
            per_million(rate, per_hour(input_rate.add(&output_rate)?)?)?,
        )
    } else {
        (
            per_million(cost, input)?,
            per_million(cost, output)?,
            per_million(cost, input.add(&output)?)?,
        )
    };
    let (revenue, profit, margin) = match &serve.prices {
        None => (None, None, None),
        Some(p) => {
            let at = |tokens: Range, price: Range| -> Result<Range, Overflow> {
                tokens.mul(&price)?.div(&Range::exact(million))
            };
            let r_input = at(uncached, p.input.value)?;
            let r_cached = at(cached, p.cached_input.value)?;
            let r_output = at(output, p.output.value)?;
            let total = r_input.add(&r_cached)?.add(&r_output)?;
            let (per_gpu_hour, profit, margin) = if throughput {
                // Revenue per GPU-hour = 3,600 × (input rate × its price + output rate
                // × its price) / 10⁶, against the rate.
                let per_gpu_hour = at(input_rate, p.input.value)?
                    .add(&at(output_rate, p.output.value)?)?
                    .scale(seconds)?;
                let profit = gpu_hours.mul(&minus(per_gpu_hour, rate)?)?;
                (per_gpu_hour, profit, margin_of(per_gpu_hour, rate)?)
            } else {
                (
                    total.div(&gpu_hours)?,
                    minus(total, cost)?,
                    margin_of(total, cost)?,
                )
            };
            (
                Some(Revenue {
                    input: r_input,
                    cached_input: r_cached,
                    output: r_output,
                    total,
                    per_gpu_hour,
                }),
                Some(profit),
                margin,
            )
        }
    };
    Ok(ServeCost {
        id: serve.id.clone(),
        fleet: fleet.id.clone(),
        hours,
        gpu_hours,
        rate,
        basis,
        input_tokens: input,
        cached_input_tokens: cached,
        uncached_input_tokens: uncached,
        output_tokens: output,
        input_tokens_per_gpu_second: input_rate,
        output_tokens_per_gpu_second: output_rate,
        cost,
        cost_per_million_input: cpm_input,
        cost_per_million_output: cpm_output,
        cost_per_million_tokens: cpm_tokens,
        revenue,
        profit,
        margin,
    })
}

/// The rate that makes a claim exactly true: with the other inputs at their midpoints
/// (`None` when none does), and over their ranges.
pub type ImpliedRate = (Option<Decimal>, Option<Range>);

/// The rate per GPU-hour that makes a claim on a serve exactly true: with every other
/// input at its midpoint, and over the claim's and the inputs' ranges (the rate for
/// every corner of them: each figure is monotone in each input). `None` where the rate
/// does not move the figure (revenue, GPU-hours, throughput).
pub fn implied_rate(
    serve: &Serve,
    fleet: &Fleet,
    cost: &ServeCost,
    scope: Scope,
    claim: Range,
) -> Result<Option<ImpliedRate>, Overflow> {
    if !matches!(
        scope,
        Scope::Cost
            | Scope::CostPerMillionInput
            | Scope::CostPerMillionOutput
            | Scope::CostPerMillionTokens
            | Scope::Profit
            | Scope::Margin
    ) {
        return Ok(None);
    }
    let mid = price_serve(&serve.at_midpoint(), &fleet.at_midpoint())?;
    let ends = |r: Range| [r.low(), r.high()];
    // The rate that gives `target`, at each corner of the other inputs.
    let rates = |c: &ServeCost, target: Decimal| -> Option<Vec<Decimal>> {
        let mut out = Vec::new();
        match scope {
            Scope::Cost => {
                for gh in ends(c.gpu_hours) {
                    out.push(target.checked_div(gh)?);
                }
            }
            Scope::CostPerMillionInput
            | Scope::CostPerMillionOutput
            | Scope::CostPerMillionTokens => {
                // cost per million = rate / (tokens per GPU-second × 3,600) × 10⁶.
                let tps = match scope {
                    Scope::CostPerMillionInput => c.input_tokens_per_gpu_second,
                    Scope::CostPerMillionOutput => c.output_tokens_per_gpu_second,
                    _ => c
                        .input_tokens_per_gpu_second
                        .add(&c.output_tokens_per_gpu_second)
                        .ok()?,
                };
                for t in ends(tps) {
                    let per_hour = t.checked_mul(Decimal::from(SECONDS_PER_HOUR))?;
                    out.push(
                        target
                            .checked_mul(per_hour)?
                            .checked_div(Decimal::from(MILLION))?,
                    );
                }
            }
            Scope::Profit => {
                // profit = GPU-hours × (revenue per GPU-hour − rate).
                for rev in ends(c.revenue?.per_gpu_hour) {
                    for gh in ends(c.gpu_hours) {
                        out.push(rev.checked_sub(target.checked_div(gh)?)?);
                    }
                }
            }
            _ => {
                // margin = (revenue per GPU-hour / rate − 1) × 100.
                let factor = Decimal::ONE.checked_add(target.checked_div(Decimal::ONE_HUNDRED)?)?;
                if factor <= Decimal::ZERO {
                    return None;
                }
                for rev in ends(c.revenue?.per_gpu_hour) {
                    out.push(rev.checked_div(factor)?);
                }
            }
        }
        Some(out)
    };
    let round = |d: Decimal| {
        d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    };
    let point = rates(&mid, claim.midpoint())
        .and_then(|r| r.first().copied())
        .filter(|r| *r >= Decimal::ZERO)
        .map(round);
    let all: Option<Vec<Decimal>> = ends(claim)
        .into_iter()
        .map(|t| rates(cost, t))
        .collect::<Option<Vec<_>>>()
        .map(|v| v.concat());
    let range = all.and_then(|all| {
        let low = all.iter().copied().min()?;
        let high = all.iter().copied().max()?;
        (high >= Decimal::ZERO).then(|| Range::new(round(low.max(Decimal::ZERO)), round(high)))?
    });
    Ok(Some((point, range)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use rust_decimal_macros::dec;

    /// The first serve of a scenario's text, priced on its fleet.
    fn priced(text: &str) -> (Serve, Fleet, ServeCost) {
        let catalog = Catalog::builtin().expect("the built-in catalog");
        let s = Scenario::from_text(text, "test", catalog, None).expect("a valid scenario");
        let serve = s.serves[0].clone();
        let fleet = s.fleet(&serve.fleet).expect("its fleet").clone();
        let cost = price_serve(&serve, &fleet).expect("no overflow");
        (serve, fleet, cost)
    }

    const RENTED: &str = r#"
[scenario]
date = 2025-02-28
[[fleet]]
id = "f"
gpu = "H800"
count = 100
acquisition = "rent"
rate_per_gpu_hour = [2, 4]
"#;

    #[test]
    fn a_difference_of_ranges_may_go_below_zero() {
        let r = |l, h| Range::new(l, h).expect("ordered");
        // [1, 2] − [3, 5] = [1 − 5, 2 − 3] = [−4, −1].
        assert_eq!(
            minus(r(dec!(1), dec!(2)), r(dec!(3), dec!(5))),
            Ok(r(dec!(-4), dec!(-1)))
        );
    }

    #[test]
    fn throughput_cancels_the_gpu_hours_out_of_the_margin() {
        // 10–20 GPUs × 1 h at $2–4: revenue per GPU-hour = 1,000 tokens/s × 3,600 s ×
        // $1 / 10⁶ = $3.60; margin = 3.6 / 4 − 1 = −10% to 3.6 / 2 − 1 = +80%, whatever
        // the GPUs (taken apart, revenue [36, 72] over cost [20, 80] would give −55% to
        // +260%).
        let text = format!(
            "{RENTED}[[serve]]\nid = \"s\"\nfleet = \"f\"\ngpus = [10, 20]\nhours = 1\n\
             output_tokens_per_gpu_second = 1000\nprice_per_million_output = 1\n"
        );
        let (_, _, cost) = priced(&text);
        assert_eq!(cost.margin, Range::new(dec!(-10), dec!(80)));
        // Per million output tokens: $2–4 / 3.6M tokens per GPU-hour = $0.5556–1.1111.
        let cpm = cost.cost_per_million_output.expect("output tokens");
        assert_eq!(cpm.low().round_dp(4), dec!(0.5556));
        assert_eq!(cpm.high().round_dp(4), dec!(1.1111));
        // Profit = GPU-hours × (revenue per GPU-hour − rate): 20 × (3.6 − 4) = −$8 to
        // 20 × (3.6 − 2) = $32.
        assert_eq!(cost.profit, Range::new(dec!(-8), dec!(32)));
    }

    #[test]
    fn the_implied_rate_of_a_margin_falls_as_the_margin_rises() {
        // Tokens: 1B output at $2 per million = $2,000 of revenue; 100 GPUs × 24 h =
        // 2,400 GPU-hours; revenue per GPU-hour = $0.8333. A 0% margin implies $0.83,
        // a 100% margin $0.42.
        let text = format!(
            "{RENTED}[[serve]]\nid = \"s\"\nfleet = \"f\"\noutput_tokens = \"1B\"\n\
             price_per_million_output = 2\n"
        );
        let (serve, fleet, cost) = priced(&text);
        let at = |m: Decimal| {
            implied_rate(&serve, &fleet, &cost, Scope::Margin, Range::exact(m))
                .expect("no overflow")
                .and_then(|(point, _)| point)
        };
        assert_eq!(at(dec!(0)), Some(dec!(0.83)));
        assert_eq!(at(dec!(100)), Some(dec!(0.42)));
        // Revenue does not depend on the rate: no implied rate.
        let none = implied_rate(&serve, &fleet, &cost, Scope::Revenue, Range::exact(dec!(1)));
        assert_eq!(none, Ok(None));
    }
}
