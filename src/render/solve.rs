//! `gpucost solve`'s answer, as a sentence or as JSON.

use crate::cli::Format;
use crate::money::{Currency, format_amount};

/// `gpucost solve`'s answer, as a sentence or as JSON.
pub fn solve(s: &crate::solve::Solution, currency: Currency, format: Format) -> String {
    let value = if s.param.is_money() {
        format_amount(s.value.round_dp(2).normalize(), currency)
    } else if s.value.abs() >= rust_decimal::Decimal::ONE_THOUSAND {
        // GPU-hours, FLOP, tokens: hundredths, and powers of ten from 10^15.
        super::count(s.value)
    } else {
        crate::money::format_decimal(s.value.round_dp(6).normalize())
    };
    if format == Format::Json {
        let doc = serde_json::json!({
            "claim": s.claim.id,
            "input": s.input,
            "value": s.value.normalize().to_string(),
            "unit": s.param.unit(),
            "target": s.target.round_dp(2).normalize().to_string(),
            "currency": currency.code(),
        });
        return super::json::to_string(&doc);
    }
    let subject = match (&s.claim.job, &s.claim.fleet) {
        (Some(j), _) => format!("{} of job `{j}`", s.claim.scope),
        (None, Some(f)) => format!("{} of fleet `{f}`", s.claim.scope),
        (None, None) => format!("{} of the scenario", s.claim.scope),
    };
    format!(
        "claim `{}` ({}, {subject}) is exactly true when\n  {} = {value} {}\nwith every other input at its midpoint.\n",
        s.claim.id,
        super::figure(s.target, s.claim.scope, currency),
        s.input,
        s.param.unit()
    )
}
