//! CSV for spreadsheets: machine-friendly headers, one row per scenario × fleet × part ×
//! bound for costs (plus the scenario totals), one row per claim for `check`. Money is
//! a plain decimal in the report currency, rounded to cents.

use rust_decimal::Decimal;

use super::cents;

use crate::judge::claims::ClaimResult;
use crate::judge::report::Report;
use crate::money::Reading;
use crate::scenario::Scope;

/// The CSV written to memory, as text.
pub(crate) fn finish(writer: csv::Writer<Vec<u8>>) -> String {
    // Writing to memory cannot fail; an empty string is the safe fallback.
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// `run --format csv`: columns `file,scenario,date,currency,fleet,item,bound,amount,job`;
/// `item` is a part (`gpus` … `rental`) for a fleet row, a scope for a total row
/// (`fleet` empty), and for a job's row (`job` set, `fleet` its fleet) an estimate
/// (`amortized`, `acquisition`, `cloud`: money) or a measure (`gpu_hours`, `hours`,
/// `flop`: counts, also to hundredths); a bought fleet's `owned_per_gpu_hour` (money)
/// and `break_even_utilization_percent` (when a rent is known). With serves, a last
/// column `serve`: a serve's row (`fleet` its fleet) has each figure it has, money to
/// the cent (per million tokens to a millionth), the margin in per cent, counts exact.
pub fn costs(reports: &[Report]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let serves = reports.iter().any(|r| !r.costs.serves.is_empty());
    let header = [
        "file", "scenario", "date", "currency", "fleet", "item", "bound", "amount", "job",
    ];
    // The `serve` column only where there are serves: other files read as before.
    let _ = match serves {
        true => w.write_record(header.iter().chain(&["serve"])),
        false => w.write_record(header),
    };
    for r in reports {
        let s = &r.scenario;
        let (date, currency) = (s.date.to_string(), s.currency.code());
        let mut amounts = |fleet: &str, item: &str, values: [String; 2], job: &str, serve: &str| {
            for (bound, value) in [("low", &values[0]), ("high", &values[1])] {
                let record = [
                    &r.file, &s.name, &date, currency, fleet, item, bound, value, job,
                ];
                let _ = match serves {
                    true => w.write_record(record.iter().copied().chain([serve])),
                    false => w.write_record(record),
                };
            }
        };
        let mut row = |fleet: &str, item: &str, low: Decimal, high: Decimal, job: &str| {
            amounts(fleet, item, [cents(low), cents(high)], job, "");
        };
        for fleet in &r.costs.fleets {
            for (part, range) in &fleet.parts {
                row(&fleet.id, part.key(), range.low(), range.high(), "");
            }
        }
        for (scope, range) in &r.costs.totals {
            row("", scope.key(), range.low(), range.high(), "");
        }
        for (fleet, owned) in r.costs.owned() {
            let per_hour = owned.per_gpu_hour;
            row(
                fleet,
                Scope::OwnedPerGpuHour.key(),
                per_hour.low(),
                per_hour.high(),
                "",
            );
            if let Some(b) = owned.break_even {
                // A break-even past what a percentage holds (against a rent of a
                // billionth) is given as the share itself rather than overflow.
                let pct = |d: Decimal| d.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(d);
                row(
                    fleet,
                    "break_even_utilization_percent",
                    pct(b.low()),
                    pct(b.high()),
                    "",
                );
            }
        }
        for job in &r.costs.jobs {
            for scope in Scope::JOB {
                if let Some(range) = job.scope(scope) {
                    row(&job.fleet, scope.key(), range.low(), range.high(), &job.id);
                }
            }
        }
        for (serve, cost) in s.serves.iter().zip(&r.costs.serves) {
            for (scope, range) in cost.figures() {
                let at = |d: Decimal| match scope.is_money() {
                    true => super::json::scoped(scope, d),
                    false if scope == Scope::Margin => cents(d),
                    false => d.round_dp(4).normalize().to_string(),
                };
                let values = [at(range.low()), at(range.high())];
                amounts(&serve.fleet, scope.key(), values, "", &serve.id);
            }
        }
    }
    finish(w)
}

/// A claim's computed low or high in cents; a serve's per million tokens to a
/// millionth.
fn range_end(c: &ClaimResult, value: Decimal) -> String {
    match c.claim.serve {
        Some(_) => super::json::scoped(c.claim.scope, value),
        None => cents(value),
    }
}

/// A claim's bound in cents, empty on the open side of a one-sided claim (`open`).
fn bound(c: &ClaimResult, open: Reading, value: Decimal) -> String {
    if c.claim.reading == open {
        String::new()
    } else {
        cents(value)
    }
}

/// `check --format csv`: one row per claim; with claims on serves, a last column
/// `serve` (their computed low and high per million tokens to a millionth).
pub fn claims(reports: &[Report]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let serves = reports
        .iter()
        .any(|r| r.claims.iter().any(|c| c.claim.serve.is_some()));
    let serve_column: &[&str] = if serves { &["serve"] } else { &[] };
    let _ = w.write_record(
        [
            "file",
            "scenario",
            "currency",
            "claim",
            "scope",
            "fleet",
            "claim_low",
            "claim_high",
            "low",
            "high",
            "verdict",
            "position",
            "factor",
            "implied_unit_price",
            "written",
            "reading",
            "job",
            "implied_mfu",
        ]
        .iter()
        .chain(serve_column),
    );
    for r in reports {
        for c in &r.claims {
            let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
            let verdict = serde_json::to_value(c.verdict.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let record = [
                r.file.as_str(),
                &r.scenario.name,
                r.scenario.currency.code(),
                &c.claim.id,
                c.claim.scope.key(),
                c.claim.fleet.as_deref().unwrap_or(""),
                &bound(c, Reading::AtMost, c.claim.value.low()),
                &bound(c, Reading::AtLeast, c.claim.value.high()),
                &range_end(c, c.range.low()),
                &range_end(c, c.range.high()),
                &verdict,
                &opt(c.verdict.position),
                &opt(c.verdict.factor),
                &c.implied
                    .and_then(|i| i.point)
                    .map(cents)
                    .unwrap_or_default(),
                c.claim.written.as_deref().unwrap_or(""),
                &serde_json::to_value(c.claim.reading)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                c.claim.job.as_deref().unwrap_or(""),
                &c.implied_mfu
                    .map(|m| m.round_dp(6).normalize().to_string())
                    .unwrap_or_default(),
            ];
            let serve = [c.claim.serve.as_deref().unwrap_or("")];
            let _ = w.write_record(record.iter().chain(&serve[..usize::from(serves)]));
        }
    }
    finish(w)
}
