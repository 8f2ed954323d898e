//! `gpucost solve`'s answer, as a sentence or as JSON.

use rust_decimal::Decimal;

use super::Format;
use crate::analysis::solve::{Answer, Solution};
use crate::money::{Currency, format_amount};

/// `gpucost solve`'s answer, as a sentence or as JSON.
pub fn solve(s: &Solution, currency: Currency, format: Format) -> String {
    let shown = |v: Decimal| shown(s, v, currency);
    if format == Format::Json {
        let (answer, bound, at_edge) = match &s.answer {
            Answer::Exact => ("exact", None, None),
            Answer::FromValueUp => ("from_value_up", None, None),
            Answer::UpToValue => ("up_to_value", None, None),
            Answer::Always => ("always", None, None),
            Answer::Never { bound, at_edge } => (
                "never",
                Some(bound.clone()),
                Some(at_edge.round_dp(2).normalize().to_string()),
            ),
        };
        let doc = serde_json::json!({
            "claim": s.claim.id,
            "input": s.input,
            "answer": answer,
            "value": s.value.normalize().to_string(),
            "range": s.range.map(|r| serde_json::json!({
                "low": r.low().normalize().to_string(),
                "high": r.high().normalize().to_string(),
            })),
            "unit": unit(s),
            "target": s.target.round_dp(2).normalize().to_string(),
            "bound": bound,
            "total_at_bound": at_edge,
            "currency": currency.code(),
        });
        return super::json::to_string(&doc);
    }
    let subject = match (&s.claim.job, &s.claim.fleet) {
        _ if s.claim.serve.is_some() => crate::show::claim_subject(&s.claim),
        (Some(j), _) => format!("{} of job `{j}`", s.claim.scope),
        (None, Some(f)) => format!("{} of fleet `{f}`", s.claim.scope),
        (None, None) => format!("{} of the scenario", s.claim.scope),
    };
    let figure = super::figure(s.target, s.claim.scope, currency);
    let head = format!("claim `{}` ({figure}, {subject})", s.claim.id);
    let value = format!("{} {}", shown(s.value), unit(s));
    let over = s
        .range
        .filter(|r| r.low() != r.high())
        .map_or(String::new(), |r| {
            // Past the input's own limit (a share above 1) no value reaches the claim.
            let past = match s.param.maximum() {
                Some((max, _)) if r.high() > max && !s.input.ends_with(".count") => format!(
                    "; above {}, no {} can",
                    crate::money::format_decimal(max),
                    s.param
                ),
                _ => String::new(),
            };
            format!(
                "\n  ({} – {} over the other inputs' ranges{past})",
                shown(r.low()),
                shown(r.high())
            )
        });
    let midpoints = "with every other input at its midpoint.";
    match &s.answer {
        Answer::Exact => format!(
            "{head} is exactly true when\n  {} = {value}{over}\n{midpoints}\n",
            s.input
        ),
        Answer::FromValueUp => format!(
            "{head} holds when\n  {} ≥ {value}{over}\n{midpoints}\n",
            s.input
        ),
        Answer::UpToValue => format!(
            "{head} holds when\n  {} ≤ {value}{over}\n{midpoints}\n",
            s.input
        ),
        Answer::Always => format!(
            "{head} already holds, whatever {} (within what it can be),\n{midpoints}\n",
            s.input
        ),
        Answer::Never { bound, at_edge } => {
            let edge = super::figure(*at_edge, s.claim.scope, currency);
            if s.param == crate::input::param::Param::Utilization {
                format!(
                    "{head} cannot be true: even at 100% use, owning a GPU-hour costs {edge}, \
                     more than {figure}; renting at {figure} is cheaper at any use\n\
                     ({} would need to be {}, and a share of hours is at most 1), {midpoints}\n",
                    s.input,
                    shown(s.value)
                )
            } else {
                format!(
                    "{head} cannot be true by {}: it would need {value}, and it must be \
                     {bound}; there the claimed total is {edge},\n{midpoints}\n",
                    s.input
                )
            }
        }
    }
}

/// The input's unit as shown after its value.
fn unit(s: &Solution) -> &'static str {
    if s.input.ends_with(".count") {
        "GPUs"
    } else {
        s.param.unit()
    }
}

/// A solved value as the reports show the input: money to the cent, counts grouped,
/// fractions to six places.
fn shown(s: &Solution, v: Decimal, currency: Currency) -> String {
    if s.param.is_money() {
        format_amount(v.round_dp(2).normalize(), currency)
    } else if v.abs() >= Decimal::ONE_THOUSAND {
        // GPU-hours, FLOP, tokens, GPUs: hundredths, and powers of ten from 10^15.
        super::count(v)
    } else {
        crate::money::format_decimal(v.round_dp(6).normalize())
    }
}
