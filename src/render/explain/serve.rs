//! A serve's derivation, step by step: GPU-hours, tokens, rate, cost, cost per million
//! tokens, revenue, profit and margin, each with the bounds put in.

use super::{Lines, count_pair, inputs, money_pair, shown, step};
use crate::model::serve::{RateBasis, ServeCost};
use crate::money::{Currency, Range, format_money};
use crate::scenario::{Period, Serve, Volume};
use crate::show::count;

/// Said for a serve whose cost reaches zero, of which no margin is a ratio.
const NO_MARGIN: &str = "    margin: none, the cost reaches zero (a margin is a ratio to it)\n";

/// The serve's derivation.
pub(super) fn serve(s: &Serve, cost: &ServeCost, c: Currency, lines: &Lines) -> String {
    let mut out = format!("\nserve `{}` on fleet `{}`\n", s.id, s.fleet);
    out.push_str(&inputs(s.list(), c, lines));
    out.push_str("  figures (low | high)\n");
    let n = |r: Range| (shown(r.low(), None), shown(r.high(), None));
    let m = |d| format_money(d, c);
    let (g_l, g_h) = n(s.gpus.value);
    out.push_str(&match &s.period {
        Period::Hours(h) => step(
            "gpu_hours",
            "gpus × hours",
            format!("{g_l} × {}", n(h.value).0),
            format!("{g_h} × {}", n(h.value).1),
            count_pair(cost.gpu_hours),
        ),
        Period::Days(d) => step(
            "gpu_hours",
            "gpus × days × 24",
            format!("{g_l} × {} × 24", n(d.value).0),
            format!("{g_h} × {} × 24", n(d.value).1),
            count_pair(cost.gpu_hours),
        ),
    });
    let (gh_l, gh_h) = count_pair(cost.gpu_hours);
    match &s.volume {
        Volume::Throughput {
            input,
            output,
            utilization,
        } => {
            let (u_l, u_h) = n(utilization.value);
            for (name, rate, tokens) in [
                ("input_tokens", input, cost.input_tokens),
                ("output_tokens", output, cost.output_tokens),
            ] {
                let (r_l, r_h) = n(rate.value);
                out.push_str(&step(
                    name,
                    "tokens per GPU-second × utilization × gpu_hours × 3,600",
                    format!("{r_l} × {u_l} × {gh_l} × 3,600"),
                    format!("{r_h} × {u_h} × {gh_h} × 3,600"),
                    count_pair(tokens),
                ));
            }
        }
        Volume::Tokens { .. } => {
            for (name, tokens, per_second) in [
                (
                    "input_tokens_per_gpu_second",
                    cost.input_tokens,
                    cost.input_tokens_per_gpu_second,
                ),
                (
                    "output_tokens_per_gpu_second",
                    cost.output_tokens,
                    cost.output_tokens_per_gpu_second,
                ),
            ] {
                out.push_str(&step(
                    name,
                    "tokens / (gpu_hours × 3,600)",
                    format!("{} / ({gh_h} × 3,600)", count(tokens.low())),
                    format!("{} / ({gh_l} × 3,600)", count(tokens.high())),
                    (
                        shown(per_second.low().round_dp(2), None),
                        shown(per_second.high().round_dp(2), None),
                    ),
                ));
            }
        }
    }
    out.push_str(&step(
        "uncached_input_tokens",
        "input_tokens − cached_input_tokens",
        format!(
            "{} − {}",
            count(cost.input_tokens.low()),
            count(cost.cached_input_tokens.high())
        ),
        format!(
            "{} − {}",
            count(cost.input_tokens.high()),
            count(cost.cached_input_tokens.low())
        ),
        count_pair(cost.uncached_input_tokens),
    ));
    let basis = match cost.basis {
        RateBasis::Rented => "the rented fleet's `rate_per_gpu_hour`",
        RateBasis::Owned => "the bought fleet's cost of owning a GPU-hour, above",
    };
    out.push_str(&format!(
        "    rate per GPU-hour: {basis}\n      {} – {}\n",
        shown(cost.rate.low(), Some(c)),
        shown(cost.rate.high(), Some(c))
    ));
    out.push_str(&step(
        "cost",
        "gpu_hours × rate",
        format!("{gh_l} × {}", shown(cost.rate.low(), Some(c))),
        format!("{gh_h} × {}", shown(cost.rate.high(), Some(c))),
        money_pair(cost.cost, c),
    ));
    let per_million = [
        (
            "cost_per_million_input",
            cost.input_tokens,
            cost.cost_per_million_input,
        ),
        (
            "cost_per_million_output",
            cost.output_tokens,
            cost.cost_per_million_output,
        ),
        (
            "cost_per_million_tokens",
            cost.input_tokens
                .add(&cost.output_tokens)
                .unwrap_or(Range::ZERO),
            cost.cost_per_million_tokens,
        ),
    ];
    let throughput = matches!(s.volume, Volume::Throughput { .. });
    let rate = |d| shown(d, Some(c));
    for (name, tokens, figure) in per_million {
        let Some(figure) = figure else { continue };
        let kind = match name {
            "cost_per_million_tokens" => "(input + output) tokens",
            "cost_per_million_input" => "input tokens",
            _ => "output tokens",
        };
        let result = (shown(figure.low(), Some(c)), shown(figure.high(), Some(c)));
        // From throughput, per GPU-hour: the GPU-hours cancel.
        let per_second = match name {
            "cost_per_million_tokens" => cost
                .input_tokens_per_gpu_second
                .add(&cost.output_tokens_per_gpu_second)
                .unwrap_or(Range::ZERO),
            "cost_per_million_input" => cost.input_tokens_per_gpu_second,
            _ => cost.output_tokens_per_gpu_second,
        };
        out.push_str(&match throughput {
            true => step(
                name,
                &format!("rate / ({kind} per GPU-second × 3,600) × 10⁶"),
                format!(
                    "{} / ({} × 3,600) × 10⁶",
                    rate(cost.rate.low()),
                    shown(per_second.high(), None)
                ),
                format!(
                    "{} / ({} × 3,600) × 10⁶",
                    rate(cost.rate.high()),
                    shown(per_second.low(), None)
                ),
                result,
            ),
            false => step(
                name,
                &format!("cost / {kind} × 10⁶"),
                format!("{} / {} × 10⁶", m(cost.cost.low()), count(tokens.high())),
                format!("{} / {} × 10⁶", m(cost.cost.high()), count(tokens.low())),
                result,
            ),
        });
    }
    if let (Some(r), Some(p), Some(profit), margin) =
        (&cost.revenue, &s.prices, cost.profit, cost.margin)
    {
        let price = |x: &crate::scenario::Resolved, low: bool| {
            shown(if low { x.value.low() } else { x.value.high() }, Some(c))
        };
        let side = |low: bool| {
            let pick = |r: Range| count(if low { r.low() } else { r.high() });
            format!(
                "({} × {} + {} × {} + {} × {}) / 10⁶",
                pick(cost.uncached_input_tokens),
                price(&p.input, low),
                pick(cost.cached_input_tokens),
                price(&p.cached_input, low),
                pick(cost.output_tokens),
                price(&p.output, low),
            )
        };
        out.push_str(&step(
            "revenue",
            "(uncached input × price + cached input × cache price + output × price) / 10⁶",
            side(true),
            side(false),
            money_pair(r.total, c),
        ));
        let percents = margin.map(|margin| {
            (
                crate::show::percent_figure(margin.low()),
                crate::show::percent_figure(margin.high()),
            )
        });
        if throughput {
            // Revenue and cost both scale with the GPU-hours: per GPU-hour, they cancel.
            out.push_str(&step(
                "profit",
                "gpu_hours × (revenue per GPU-hour − rate)",
                format!(
                    "{gh_l} × ({} − {})",
                    rate(r.per_gpu_hour.low()),
                    rate(cost.rate.high())
                ),
                format!(
                    "{gh_h} × ({} − {})",
                    rate(r.per_gpu_hour.high()),
                    rate(cost.rate.low())
                ),
                money_pair(profit, c),
            ));
            match percents.clone() {
                Some(percents) => out.push_str(&step(
                    "margin",
                    "(revenue per GPU-hour / rate − 1) × 100 (DeepSeek's \"cost profit margin\"; \
                     from throughput, the GPU-hours cancel)",
                    format!(
                        "({} / {} − 1) × 100",
                        rate(r.per_gpu_hour.low()),
                        rate(cost.rate.high())
                    ),
                    format!(
                        "({} / {} − 1) × 100",
                        rate(r.per_gpu_hour.high()),
                        rate(cost.rate.low())
                    ),
                    percents,
                )),
                None => out.push_str(NO_MARGIN),
            }
        } else {
            out.push_str(&step(
                "profit",
                "revenue − cost",
                format!("{} − {}", m(r.total.low()), m(cost.cost.high())),
                format!("{} − {}", m(r.total.high()), m(cost.cost.low())),
                money_pair(profit, c),
            ));
            match percents.clone() {
                Some(percents) => out.push_str(&step(
                    "margin",
                    "(revenue − cost) / cost × 100 (DeepSeek's \"cost profit margin\")",
                    format!("({} / {} − 1) × 100", m(r.total.low()), m(cost.cost.high())),
                    format!("({} / {} − 1) × 100", m(r.total.high()), m(cost.cost.low())),
                    percents,
                )),
                None => out.push_str(NO_MARGIN),
            }
        }
    }
    out
}
