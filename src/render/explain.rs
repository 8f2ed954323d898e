//! `gpucost explain`: every figure derived step by step, for both bounds: each input
//! with where it comes from (a line of the file, `[defaults]`, the catalog with its
//! source and date, or how it was derived), each part's formula with the bounds put
//! in, the totals, and the rule behind each verdict and implied price.

use rust_decimal::Decimal;

use super::{money_range, per, verdict_text};
use crate::claims::VerdictKind;
use crate::model::Part;
use crate::money::{Currency, Range, Reading, format_decimal, format_money};
use crate::report::Report;
use crate::scenario::resolve::{HOURS_PER_MONTH, HOURS_PER_YEAR};
use crate::scenario::{Dist, FleetInputs, Origin, Resolved};

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(1, |t| t.matches('\n').count() + 1)
}

pub(crate) fn origin(o: &Origin, text: &str) -> String {
    match o {
        Origin::Fleet(span) => format!("the fleet, line {}", line_of(text, span.start)),
        Origin::Gpu(span) => format!("[gpu.*], line {}", line_of(text, span.start)),
        Origin::Job(span) => format!("the job, line {}", line_of(text, span.start)),
        Origin::Defaults(span) => format!("[defaults], line {}", line_of(text, span.start)),
        Origin::Catalog { source, date } if date.is_empty() => format!("catalog: {source}"),
        Origin::Catalog { source, date } => format!("catalog ({date}): {source}"),
        Origin::Derived(how) => how.clone(),
        Origin::Set(assignment) => format!("the command line, `--set {assignment}`"),
    }
}

/// A bound as shown in a formula: money with its symbol, other numbers plain.
fn shown(value: Decimal, money: Option<Currency>) -> String {
    let v = value.round_sf(8).unwrap_or(value).normalize();
    match money {
        Some(c) => crate::money::format_amount(v, c),
        None => format_decimal(v),
    }
}

fn bounds(r: &Resolved, money: Option<Currency>) -> (String, String) {
    (shown(r.value.low(), money), shown(r.value.high(), money))
}

/// A distribution in words, for simulations (the exact model uses the bounds alone).
fn dist_text(dist: Dist, money: Option<Currency>) -> String {
    match dist.mode() {
        Some(mode) => format!(
            "{}, mode {}; bounds are the extremes",
            dist.name(),
            shown(mode, money)
        ),
        None if dist.is_unbounded() => {
            format!("{}, bounds are the 5th and 95th percentiles", dist.name())
        }
        None => dist.name().to_string(),
    }
}

/// The derivation of every report, as text, each line wrapped to `width` columns
/// (between words, never inside one) when a width is given.
pub fn explain(reports: &[Report], width: Option<u16>) -> String {
    let text = reports.iter().map(one).collect::<Vec<_>>().join("\n");
    match width {
        Some(width) => text
            .lines()
            .map(|l| wrapped(l, width.into()) + "\n")
            .collect(),
        None => text,
    }
}

/// A line wrapped to `width`, its continuation lines indented two more than it.
fn wrapped(line: &str, width: usize) -> String {
    if line.chars().count() <= width {
        return line.to_string();
    }
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let more = format!("{indent}  ");
    let options = super::wrapping(width)
        .initial_indent(indent)
        .subsequent_indent(&more);
    textwrap::fill(body, options)
}

fn one(r: &Report) -> String {
    let s = &r.scenario;
    let c = s.currency;
    let mut out = format!("{}\n{} · {} · {}\n", s.name, s.date, c, r.file);
    for note in super::heading_notes(s) {
        out.push_str(&format!("{note}\n"));
    }
    for (f, cost) in s.fleets.iter().zip(&r.costs.fleets) {
        out.push_str(&format!(
            "\nfleet `{}`: {} × {}\n",
            f.id,
            format_decimal(f.count.into()),
            f.gpu
        ));
        out.push_str("  inputs\n");
        for (param, input) in f.inputs.list() {
            let money = param.is_money().then_some(c);
            let (low, high) = bounds(input, money);
            let mut value = if low == high {
                low
            } else {
                format!("{low} – {high}")
            };
            if input.dist != Dist::Uniform {
                value = format!("{value} ({})", dist_text(input.dist, money));
            }
            out.push_str(&format!(
                "    {:<20} {value}\n      from {}\n",
                param.key(),
                origin(&input.origin, &r.text)
            ));
        }
        out.push_str("  parts (low | high)\n");
        let part = |p: Part| {
            cost.parts
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, r)| *r)
                .unwrap_or(Range::ZERO)
        };
        let count = format_decimal(f.count.into());
        match &f.inputs {
            FleetInputs::Buy(b) => {
                let gpus = part(Part::Gpus);
                let line = |name: &str, formula: &str, lo: String, hi: String, result: Range| {
                    format!(
                        "    {name} = {formula}\n      low:  {lo} = {}\n      high: {hi} = {}\n",
                        format_money(result.low(), c),
                        format_money(result.high(), c)
                    )
                };
                let (up_l, up_h) = bounds(&b.unit_price, Some(c));
                out.push_str(&line(
                    "gpus",
                    "count × unit_price",
                    format!("{count} × {up_l}"),
                    format!("{count} × {up_h}"),
                    gpus,
                ));
                for (p, share) in [
                    (Part::Servers, &b.server_share),
                    (Part::Network, &b.network_share),
                ] {
                    let (l, h) = bounds(share, None);
                    let key = if p == Part::Servers {
                        "server_share"
                    } else {
                        "network_share"
                    };
                    out.push_str(&line(
                        p.key(),
                        &format!("gpus × {key}"),
                        format!("{} × {l}", format_money(gpus.low(), c)),
                        format!("{} × {h}", format_money(gpus.high(), c)),
                        part(p),
                    ));
                }
                let (kw_l, kw_h) = bounds(&b.kw_per_gpu, None);
                let (mw_l, mw_h) = bounds(&b.facility_per_mw, Some(c));
                out.push_str(&line(
                    "facility",
                    "count × kw_per_gpu / 1000 × facility_per_mw",
                    format!("{count} × {kw_l} / 1000 × {mw_l}"),
                    format!("{count} × {kw_h} / 1000 × {mw_h}"),
                    part(Part::Facility),
                ));
                let (load_l, load_h) = bounds(&b.load, None);
                let (pue_l, pue_h) = bounds(&b.pue, None);
                let (y_l, y_h) = bounds(&b.years, None);
                let (e_l, e_h) = bounds(&b.electricity_per_kwh, Some(c));
                let hours = format_decimal(HOURS_PER_YEAR.into());
                out.push_str(&line(
                    "energy",
                    "count × kw_per_gpu × load × pue × years × 8,760 h × electricity_per_kwh",
                    format!("{count} × {kw_l} × {load_l} × {pue_l} × {y_l} × {hours} × {e_l}"),
                    format!("{count} × {kw_h} × {load_h} × {pue_h} × {y_h} × {hours} × {e_h}"),
                    part(Part::Energy),
                ));
            }
            FleetInputs::Rent(rent) => {
                let (r_l, r_h) = bounds(&rent.rate_per_gpu_hour, Some(c));
                let (m_l, m_h) = bounds(&rent.months, None);
                let hours = format_decimal(HOURS_PER_MONTH.into());
                let total = part(Part::Rental);
                out.push_str(&format!(
                    "    rental = count × rate_per_gpu_hour × months × 730 h\n      low:  {count} × {r_l} × {m_l} × {hours} = {}\n      high: {count} × {r_h} × {m_h} × {hours} = {}\n",
                    format_money(total.low(), c),
                    format_money(total.high(), c)
                ));
            }
        }
    }
    out.push_str("\ntotals\n");
    for (scope, range) in &r.costs.totals {
        let parts: Vec<&str> = Part::ALL
            .into_iter()
            .filter(|p| p.in_scope(*scope))
            .map(Part::key)
            .collect();
        out.push_str(&format!(
            "  {scope} = sum over fleets of {} = {}\n",
            parts.join(" + "),
            money_range(*range, c)
        ));
    }
    if !r.claims.is_empty() {
        out.push_str("\nclaims\n");
    }
    for cr in &r.claims {
        let v = cr.claim.value;
        let what = match &cr.claim.fleet {
            Some(f) => format!("`{}` of fleet `{f}`", cr.claim.scope),
            None => format!("`{}` of the scenario", cr.claim.scope),
        };
        out.push_str(&format!(
            "  {}: {} against {what} = {}\n",
            cr.claim.id,
            super::claim_text(&cr.claim, c),
            money_range(cr.range, c)
        ));
        let rule = match (cr.verdict.kind, cr.claim.reading) {
            (VerdictKind::Consistent, Reading::AtLeast) => format!(
                "a lower bound: the range reaches it (high {} ≥ bound)",
                format_money(cr.range.high(), c)
            ),
            (VerdictKind::Consistent, Reading::AtMost) => format!(
                "an upper bound: the range reaches down to it (low {} ≤ bound)",
                format_money(cr.range.low(), c)
            ),
            (VerdictKind::Consistent, _) if v.is_exact() => format!(
                "{} ≤ claim ≤ {}; position = (claim − low) / (high − low) × 100",
                format_money(cr.range.low(), c),
                format_money(cr.range.high(), c)
            ),
            (VerdictKind::Consistent, _) => {
                "the claimed range overlaps the computed range; position of its midpoint".into()
            }
            (VerdictKind::Understates, _) => {
                "claim below low; factor = low / claim (its high end for a range)".into()
            }
            (VerdictKind::Overstates, _) => {
                "claim above high; factor = claim (its low end for a range) / high".into()
            }
        };
        out.push_str(&format!("    {rule} → {}\n", verdict_text(&cr.verdict)));
        if let Some(i) = &cr.implied {
            let unit = i.point.map_or(
                "none (the other parts alone exceed the claim)".into(),
                |p| format!("{} {}", format_money(p, c), per(i.kind)),
            );
            out.push_str(&format!(
                "    implied: solve claim = unit × A + B with the other inputs at their midpoints → {unit}\n"
            ));
        }
        for o in &cr.off_market {
            out.push_str(&format!("    ! {}\n", super::off_market_text(o, c)));
        }
    }
    out
}
