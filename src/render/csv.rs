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
/// and `break_even_utilization_percent` (when a rent is known).
pub fn costs(reports: &[Report]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "file", "scenario", "date", "currency", "fleet", "item", "bound", "amount", "job",
    ];
    let _ = w.write_record(header);
    for r in reports {
        let s = &r.scenario;
        let (date, currency) = (s.date.to_string(), s.currency.code());
        let mut row = |fleet: &str, item: &str, low: Decimal, high: Decimal, job: &str| {
            for (bound, value) in [("low", low), ("high", high)] {
                let _ = w.write_record([
                    &r.file,
                    &s.name,
                    &date,
                    currency,
                    fleet,
                    item,
                    bound,
                    &cents(value),
                    job,
                ]);
            }
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
    }
    finish(w)
}

/// A claim's bound in cents, empty on the open side of a one-sided claim (`open`).
fn bound(c: &ClaimResult, open: Reading, value: Decimal) -> String {
    if c.claim.reading == open {
        String::new()
    } else {
        cents(value)
    }
}

/// `check --format csv`: one row per claim.
pub fn claims(reports: &[Report]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
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
    ]);
    for r in reports {
        for c in &r.claims {
            let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
            let verdict = serde_json::to_value(c.verdict.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = w.write_record([
                r.file.as_str(),
                &r.scenario.name,
                r.scenario.currency.code(),
                &c.claim.id,
                c.claim.scope.key(),
                c.claim.fleet.as_deref().unwrap_or(""),
                &bound(c, Reading::AtMost, c.claim.value.low()),
                &bound(c, Reading::AtLeast, c.claim.value.high()),
                &cents(c.range.low()),
                &cents(c.range.high()),
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
            ]);
        }
    }
    finish(w)
}
