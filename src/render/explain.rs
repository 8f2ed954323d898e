//! `gpucost explain`: every figure derived step by step, for both bounds: each input
//! with where it comes from (a line of the file, `[defaults]`, the catalog with its
//! source and date, or how it was derived), each part's formula with the bounds put
//! in, the totals, and the rule behind each verdict and implied price.
//!
//! Over 600 lines, and one idea: each step of `explain` is a few lines of one
//! derivation, read top to bottom as the user reads its output.

use rust_decimal::Decimal;

use super::{Pieces, Sink, count, money_range, per, verdict_text};
use crate::diagnostic::Lines;
use crate::judge::claims::VerdictKind;
use crate::judge::report::Report;
use crate::model::Part;
use crate::model::jobs::JobCost;
use crate::model::owning::Owned;
use crate::model::{HOURS_PER_MONTH, HOURS_PER_YEAR};
use crate::money::{Currency, Range, Reading, format_decimal, format_money};
use crate::scenario::{
    Compute, Depreciation, Dist, Fleet, FleetInputs, Job, Origin, Resolved, Scope,
};

mod serve;

/// Where an input comes from, in words; `lines` indexes the scenario's text.
pub(crate) fn origin(o: &Origin, lines: &Lines) -> String {
    match o {
        Origin::Fleet(span) => format!("the fleet, line {}", lines.line(span.start)),
        Origin::Gpu(span) => format!("[gpu.*], line {}", lines.line(span.start)),
        Origin::Job(span) => format!("the job, line {}", lines.line(span.start)),
        Origin::Serve(span) => format!("the serve, line {}", lines.line(span.start)),
        Origin::Defaults(span) => format!("[defaults], line {}", lines.line(span.start)),
        Origin::Catalog { source, date } if date.is_empty() => format!("catalog: {source}"),
        Origin::Catalog { source, date } => format!("catalog ({date}): {source}"),
        Origin::Derived(how) => how.clone(),
        Origin::Set(assignment) => format!("the command line, `--set {assignment}`"),
    }
}

/// A bound as shown in a formula: money with its symbol, other numbers plain.
fn shown(value: Decimal, money: Option<Currency>) -> String {
    let v = crate::money::round_sf(value, 8).normalize();
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
    super::gathered(|sink| explain_to(reports, width, sink))
}

/// [`explain`] handed to `sink` piece by piece as it is drawn.
pub fn explain_to(reports: &[Report], width: Option<u16>, sink: Sink<'_>) -> std::io::Result<()> {
    let Some(width) = width else {
        return derivations(reports, sink);
    };
    // Whole lines are wrapped as they come; each ends with a line break.
    let wrap = |lines: &str| -> String {
        lines
            .lines()
            .map(|l| wrapped(l, width.into()) + "\n")
            .collect()
    };
    let mut partial = String::new();
    derivations(reports, &mut |piece| {
        partial.push_str(piece);
        let Some(end) = partial.rfind('\n') else {
            return Ok(());
        };
        let done = wrap(&partial[..=end]);
        partial.drain(..=end);
        sink(&done)
    })?;
    match partial.is_empty() {
        true => Ok(()),
        false => sink(&wrap(&partial)),
    }
}

/// Each report's derivation, a blank line between them.
fn derivations(reports: &[Report], sink: Sink<'_>) -> std::io::Result<()> {
    let mut out = Pieces::new(sink);
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        one(r, &mut out);
    }
    out.finish()
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

/// Every input with its value, spread and origin.
fn inputs(
    list: Vec<(crate::input::param::Param, &Resolved)>,
    c: Currency,
    lines: &Lines,
) -> String {
    let mut out = String::from("  inputs\n");
    for (param, input) in list {
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
            origin(&input.origin, lines)
        ));
    }
    out
}

/// `name = formula`, then the formula with the low and the high bounds put in.
fn step(name: &str, formula: &str, lo: String, hi: String, result: (String, String)) -> String {
    format!(
        "    {name} = {formula}\n      low:  {lo} = {}\n      high: {hi} = {}\n",
        result.0, result.1
    )
}

fn money_pair(r: Range, c: Currency) -> (String, String) {
    (format_money(r.low(), c), format_money(r.high(), c))
}

fn count_pair(r: Range) -> (String, String) {
    (count(r.low()), count(r.high()))
}

/// Owning a GPU-hour of a bought fleet, step by step.
fn owning(id: &str, o: &Owned, c: Currency, lines: &Lines) -> String {
    let mut out = format!("\nowning a GPU-hour of fleet `{id}` (low | high)\n");
    let pair = |r: Range| (rate(r.low(), c), rate(r.high(), c));
    let (g_l, g_h) = money_pair(o.hardware, c);
    let (f_l, f_h) = money_pair(o.facility, c);
    let six = |r: Range| {
        (
            crate::money::round_sf(r.low(), 6),
            crate::money::round_sf(r.high(), 6),
        )
    };
    let (c_l, c_h) = six(o.charge);
    let (fc_l, fc_h) = six(o.facility_charge);
    out.push_str(&step(
        "hardware per hour",
        "unit_price × (1 + server_share + network_share) × charge + kw_per_gpu / 1000 × \
         facility_per_mw × facility charge, charge = 1 / (years × 8,766 h) or r / (1 − (1 + \
         r)^−years) / 8,766 h with cost_of_capital r; the facility's over facility_years",
        format!("{g_l} × {c_l} + {f_l} × {fc_l}"),
        format!("{g_h} × {c_h} + {f_h} × {fc_h}"),
        pair(o.hardware_per_hour),
    ));
    let (h_l, h_h) = pair(o.hardware_per_hour);
    let (e_l, e_h) = pair(o.energy_per_hour);
    let (u_l, u_h) = (
        format_decimal(o.utilization.high()),
        format_decimal(o.utilization.low()),
    );
    out.push_str(&step(
        "owned per GPU-hour",
        "(hardware per hour + kw_per_gpu × load × pue × electricity_per_kwh) / utilization",
        format!("({h_l} + {e_l}) / {u_l}"),
        format!("({h_h} + {e_h}) / {u_h}"),
        pair(o.per_gpu_hour),
    ));
    match (&o.rent, o.break_even) {
        (Some(rent), Some(b)) => {
            out.push_str(&format!(
                "    rent {} – {} per GPU-hour\n      from {}\n",
                rate(rent.value.low(), c),
                rate(rent.value.high(), c),
                origin(&rent.origin, lines)
            ));
            let (r_l, r_h) = (rate(rent.value.high(), c), rate(rent.value.low(), c));
            out.push_str(&step(
                "break-even utilization",
                "(hardware per hour + energy per hour) / rent",
                format!("({h_l} + {e_l}) / {r_l}"),
                format!("({h_h} + {e_h}) / {r_h}"),
                (
                    super::percent_range(Range::exact(b.low())),
                    super::percent_range(Range::exact(b.high())),
                ),
            ));
        }
        _ => out.push_str("    no rent known for the model: no break-even\n"),
    }
    out
}

/// A rate per hour to the cent, or to four significant digits below a cent.
fn rate(value: Decimal, c: Currency) -> String {
    if value.abs() >= Decimal::new(1, 2) {
        format_money(value, c)
    } else {
        format_money(crate::money::round_sf(value, 4), c)
    }
}

/// A job's derivation: its compute, then each estimate step by step.
fn job(j: &Job, cost: &JobCost, fleet: &Fleet, c: Currency, lines: &Lines) -> String {
    let mut out = format!(
        "\njob `{}` on fleet `{}`, from {}\n",
        j.id, j.fleet, j.start
    );
    out.push_str(&inputs(j.list(), c, lines));
    out.push_str("  compute (low | high)\n");
    let n = |r: &Resolved| (shown(r.value.low(), None), shown(r.value.high(), None));
    let (g_l, g_h) = n(&j.gpus);
    let per_second = |lo: bool| {
        let pick = |r: &Option<Resolved>| {
            r.as_ref().map_or("?".into(), |r| {
                let (l, h) = n(r);
                if lo { h } else { l }
            })
        };
        format!("({} × {} × 3,600 s)", pick(&j.peak_flops), pick(&j.mfu))
    };
    out.push_str(&match &j.compute {
        Compute::GpuHours(h) => {
            let (l, h_) = n(h);
            step(
                "gpu_hours",
                "as reported",
                l,
                h_,
                count_pair(cost.gpu_hours),
            )
        }
        Compute::Hours(h) => {
            let (l, h_) = n(h);
            step(
                "gpu_hours",
                "hours × gpus",
                format!("{l} × {g_l}"),
                format!("{h_} × {g_h}"),
                count_pair(cost.gpu_hours),
            )
        }
        Compute::Days(d) => {
            let (l, h_) = n(d);
            step(
                "gpu_hours",
                "days × 24 × gpus",
                format!("{l} × 24 × {g_l}"),
                format!("{h_} × 24 × {g_h}"),
                count_pair(cost.gpu_hours),
            )
        }
        Compute::Flop(_) | Compute::Training { .. } => {
            let flop = cost.flop.unwrap_or(Range::ZERO);
            let mut s = String::new();
            if let Compute::Training { params, tokens } = &j.compute {
                let ((p_l, p_h), (t_l, t_h)) = (n(params), n(tokens));
                s.push_str(&step(
                    "flop",
                    "6 × params × tokens",
                    format!("6 × {p_l} × {t_l}"),
                    format!("6 × {p_h} × {t_h}"),
                    count_pair(flop),
                ));
            }
            s.push_str(&step(
                "gpu_hours",
                "flop / (peak_flops × mfu × 3,600 s)",
                format!("{} / {}", count(flop.low()), per_second(true)),
                format!("{} / {}", count(flop.high()), per_second(false)),
                count_pair(cost.gpu_hours),
            ));
            s
        }
    });
    let hours_formula = match j.compute {
        Compute::Hours(_) => "hours",
        Compute::Days(_) => "days × 24",
        _ => "gpu_hours / gpus",
    };
    out.push_str(&format!(
        "    hours (wall clock) = {hours_formula} = {}\n",
        super::figure_range(cost.hours, Scope::Hours, c)
    ));
    if let (Some(flop), Compute::GpuHours(_) | Compute::Hours(_) | Compute::Days(_)) =
        (cost.flop, &j.compute)
    {
        out.push_str(&format!(
            "    flop = gpu_hours × 3,600 s × peak_flops × mfu = {}\n",
            super::figure_range(flop, Scope::Flop, c)
        ));
    }
    if let (Some(a), FleetInputs::Buy(b)) = (&cost.amortized, &fleet.inputs) {
        let days = (j.start - fleet.acquired).num_days();
        out.push_str(&format!("  amortized ({})\n", j.depreciation.key()));
        out.push_str(&format!(
            "    years held = ({} − {}) = {days} days / 365.25 = {}\n",
            j.start,
            fleet.acquired,
            shown(a.years_held, None)
        ));
        match j.depreciation {
            Depreciation::Epoch => out.push_str(&format!(
                "    value left = 10^(−0.14 × {}) = {}\n    charge = 0.14 × ln 10 / 8,766 h = {} of the value per GPU-hour\n",
                shown(a.years_held, None),
                shown(a.value_left, None),
                shown(a.charge.low(), None)
            )),
            Depreciation::StraightLine => {
                let (y_l, y_h) = n(&b.years);
                out.push_str(&format!(
                    "    value left = 1 (straight-line: nothing lost before the start)\n    charge = 1 / (years × 8,766 h): {} – {} of the value per GPU-hour (years {y_h} – {y_l})\n",
                    shown(a.charge.low(), None),
                    shown(a.charge.high(), None)
                ));
            }
        }
        let (up_l, up_h) = bounds(&b.unit_price, Some(c));
        let ((ss_l, ss_h), (ns_l, ns_h)) = (n(&b.server_share), n(&b.network_share));
        out.push_str(&step(
            "hardware per GPU",
            "unit_price × (1 + server_share + network_share)",
            format!("{up_l} × (1 + {ss_l} + {ns_l})"),
            format!("{up_h} × (1 + {ss_h} + {ns_h})"),
            money_pair(a.hardware_per_gpu, c),
        ));
        let ((kw_l, kw_h), (mw_l, mw_h)) = (n(&b.kw_per_gpu), bounds(&b.facility_per_mw, Some(c)));
        if j.facility {
            out.push_str(&step(
                "facility per GPU",
                "kw_per_gpu / 1000 × facility_per_mw",
                format!("{kw_l} / 1000 × {mw_l}"),
                format!("{kw_h} / 1000 × {mw_h}"),
                money_pair(a.facility_per_gpu, c),
            ));
        } else {
            out.push_str(
                "    facility: not counted, as Epoch AI counts none (`facility = true` on the job counts it)\n",
            );
        }
        let ((ld_l, ld_h), (pue_l, pue_h), (e_l, e_h)) = (
            n(&b.load),
            n(&b.pue),
            bounds(&b.electricity_per_kwh, Some(c)),
        );
        out.push_str(&step(
            "energy per GPU-hour",
            "kw_per_gpu × load × pue × electricity_per_kwh",
            format!("{kw_l} × {ld_l} × {pue_l} × {e_l}"),
            format!("{kw_h} × {ld_h} × {pue_h} × {e_h}"),
            (
                shown(a.energy_per_hour.low(), Some(c)),
                shown(a.energy_per_hour.high(), Some(c)),
            ),
        ));
        let (h_l, h_h) = count_pair(cost.gpu_hours);
        let left = shown(a.value_left, None);
        let (ch_l, ch_h) = (shown(a.charge.low(), None), shown(a.charge.high(), None));
        out.push_str(&step(
            "hardware",
            "gpu_hours × hardware per GPU × value left × charge",
            format!(
                "{h_l} × {} × {left} × {ch_l}",
                format_money(a.hardware_per_gpu.low(), c)
            ),
            format!(
                "{h_h} × {} × {left} × {ch_h}",
                format_money(a.hardware_per_gpu.high(), c)
            ),
            money_pair(a.hardware, c),
        ));
        if j.facility {
            let (fc_l, fc_h) = (
                shown(a.facility_charge.low(), None),
                shown(a.facility_charge.high(), None),
            );
            out.push_str(&step(
                "facility",
                "gpu_hours × facility per GPU / (facility_years × 8,766 h)",
                format!(
                    "{h_l} × {} × {fc_l}",
                    format_money(a.facility_per_gpu.low(), c)
                ),
                format!(
                    "{h_h} × {} × {fc_h}",
                    format_money(a.facility_per_gpu.high(), c)
                ),
                money_pair(a.facility, c),
            ));
        }
        out.push_str(&step(
            "energy",
            "gpu_hours × energy per GPU-hour",
            format!("{h_l} × {}", shown(a.energy_per_hour.low(), Some(c))),
            format!("{h_h} × {}", shown(a.energy_per_hour.high(), Some(c))),
            money_pair(a.energy, c),
        ));
        out.push_str(&format!(
            "    amortized = hardware + facility + energy = {}\n",
            money_range(a.total, c)
        ));
        if let Some(acq) = cost.acquisition {
            out.push_str("  acquisition\n");
            out.push_str(&step(
                "acquisition",
                "gpus × (hardware per GPU + facility per GPU)",
                format!(
                    "{g_l} × ({} + {})",
                    format_money(a.hardware_per_gpu.low(), c),
                    format_money(a.facility_per_gpu.low(), c)
                ),
                format!(
                    "{g_h} × ({} + {})",
                    format_money(a.hardware_per_gpu.high(), c),
                    format_money(a.facility_per_gpu.high(), c)
                ),
                money_pair(acq, c),
            ));
        }
    }
    match (cost.cloud, &j.cloud_rate) {
        (Some(cloud), Some(rate)) => {
            let (r_l, r_h) = bounds(rate, Some(c));
            let (h_l, h_h) = count_pair(cost.gpu_hours);
            out.push_str("  cloud\n");
            out.push_str(&step(
                "cloud",
                "gpu_hours × rate per GPU-hour",
                format!("{h_l} × {r_l}"),
                format!("{h_h} × {r_h}"),
                money_pair(cloud, c),
            ));
        }
        _ => out.push_str("  cloud: no rate (set `cloud_rate` on the job)\n"),
    }
    out
}

fn one(r: &Report, out: &mut Pieces<'_>) {
    let s = &r.scenario;
    let lines = Lines::new(&r.text);
    let c = s.currency;
    out.push_str(&format!(
        "{}\n{} · {} · {}\n",
        crate::show::one_line(&s.name),
        s.date,
        c,
        r.file
    ));
    for note in super::heading_notes(s) {
        out.push_str(&format!("{}\n", crate::show::one_line(&note)));
    }
    for (f, cost) in s.fleets.iter().zip(&r.costs.fleets) {
        out.push_str(&format!("\nfleet {}\n", super::fleet_title(f)));
        out.push_str(&inputs(f.inputs.list(), c, &lines));
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
                    step(name, formula, lo, hi, money_pair(result, c))
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
                    "count × kw_per_gpu × load × pue × years × 8,766 h × electricity_per_kwh",
                    format!("{count} × {kw_l} × {load_l} × {pue_l} × {y_l} × {hours} × {e_l}"),
                    format!("{count} × {kw_h} × {load_h} × {pue_h} × {y_h} × {hours} × {e_h}"),
                    part(Part::Energy),
                ));
            }
            FleetInputs::Rent(rent) => {
                let (r_l, r_h) = bounds(&rent.rate_per_gpu_hour, Some(c));
                let (m_l, m_h) = bounds(&rent.months, None);
                let hours = format_decimal(HOURS_PER_MONTH);
                let total = part(Part::Rental);
                out.push_str(&format!(
                    "    rental = count × rate_per_gpu_hour × months × 730.5 h\n      low:  {count} × {r_l} × {m_l} × {hours} = {}\n      high: {count} × {r_h} × {m_h} × {hours} = {}\n",
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
    for (id, o) in r.costs.owned() {
        out.push_str(&owning(id, o, c, &lines));
    }
    for (j, cost) in s.jobs.iter().zip(&r.costs.jobs) {
        if let Some(fleet) = s.fleet(&j.fleet) {
            out.push_str(&job(j, cost, fleet, c, &lines));
        }
    }
    for (sv, cost) in s.serves.iter().zip(&r.costs.serves) {
        out.push_str(&serve::serve(sv, cost, c, &lines));
    }
    if !r.claims.is_empty() {
        out.push_str("\nclaims\n");
    }
    for cr in &r.claims {
        let v = cr.claim.value;
        let what = match (&cr.claim.job, &cr.claim.fleet) {
            _ if cr.claim.serve.is_some() => crate::show::claim_subject(&cr.claim),
            (Some(j), _) => format!("`{}` of job `{j}`", cr.claim.scope),
            (None, Some(f)) => format!("`{}` of fleet `{f}`", cr.claim.scope),
            (None, None) => format!("`{}` of the scenario", cr.claim.scope),
        };
        out.push_str(&format!(
            "  {}: {} against {what} = {}\n",
            cr.claim.id,
            crate::show::one_line(&super::claim_text(&cr.claim, c)),
            super::figure_range(cr.range, cr.claim.scope, c)
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
            (VerdictKind::Consistent, _) if v.is_exact() && cr.claim.serve.is_some() => format!(
                "{} ≤ claim ≤ {}; position = (claim − low) / (high − low) × 100",
                super::figure(cr.range.low(), cr.claim.scope, c),
                super::figure(cr.range.high(), cr.claim.scope, c)
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
            let how = match cr.claim.serve {
                Some(_) => "the rate per GPU-hour that makes the serve's figure the claim",
                None => "solve claim = unit × A + B",
            };
            out.push_str(&format!(
                "    implied: {how} with the other inputs at their midpoints → {unit}\n"
            ));
        }
        if let Some(mfu) = cr.implied_mfu {
            let rule = match cr.claim.scope {
                Scope::Flop => "FLOP go as MFU",
                _ => "GPU-hours go as 1 / MFU",
            };
            out.push_str(&format!(
                "    implied: {rule}; MFU at its midpoint scaled to the claim → {}\n",
                super::mfu_text(mfu)
            ));
        }
        for o in &cr.off_market {
            out.push_str(&format!("    ! {}\n", super::off_market_text(o, c)));
        }
    }
}
