//! `gpucost simulate` in every format: what the draws mean, the inputs drawn, each
//! total's mean and percentiles with a text histogram, and each claim's odds.
//!
//! Over 600 lines, and one idea: the simulation's one report (inputs drawn,
//! percentiles, histograms, claims' odds) in every format.

use serde::Serialize;

use super::json::Lazy;
use super::table::{Look, Style, heading};
use super::{approx_money, input_text, share};
use crate::analysis::simulate::{HISTOGRAM_BINS, Odds, PERCENTILES, Simulation, Summary, Variable};
use crate::judge::report::ScenarioFile;
use crate::money::to_f64;
use crate::money::{Currency, Reading};
use crate::scenario::{Claim, Scenario, Scope};

/// What the draws were taken to mean, for every report.
pub fn interpretation(samples: usize, seed: u64) -> String {
    format!(
        "{} samples, seed {seed}. Each [low, high] is uniform unless the file gives a `dist`; \
         normal and lognormal bounds are the 5th and 95th percentiles (draws clamped to the \
         input's domain), triangular and PERT bounds the extremes. An input written once \
         (in [defaults], a [gpu.NAME] table or the catalog) is drawn once per sample for \
         every fleet that uses it.",
        crate::money::format_decimal(samples.into())
    )
}

/// A variable's fleets (and jobs), or `all` when every fleet of several reads it (their
/// jobs may too); past four, the first three and how many more: a cell of ten thousand
/// names would widen every row of its table to match.
pub(crate) fn fleets_text(v: &Variable, scenario: &Scenario) -> String {
    const SHOWN: usize = 3;
    let fleets = scenario.fleets.len();
    let names: Vec<_> = v.reader_names(scenario).take(SHOWN + 1).collect();
    if v.users.len() == fleets && fleets > 1 {
        "all".into()
    } else if v.readers() <= SHOWN + 1 {
        names.join(", ")
    } else {
        let more = crate::money::format_decimal((v.readers() - SHOWN).into());
        format!("{} and {more} more", names[..SHOWN].join(", "))
    }
}

/// Each claim's odds with the claim, matched by id: a claim on owning a GPU-hour is
/// priced exactly and not drawn, so the lists need not line up.
fn odds_of<'a>(
    sim: &'a crate::analysis::simulate::Simulation,
    s: &'a crate::scenario::Scenario,
) -> Vec<(
    &'a crate::analysis::simulate::Odds,
    &'a crate::scenario::Claim,
)> {
    let by_id: std::collections::HashMap<&str, &crate::scenario::Claim> =
        s.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    sim.claims
        .iter()
        .filter_map(|o| Some((o, *by_id.get(o.id.as_str())?)))
        .collect()
}

/// The stats header: `mean, 5%, 25%, …`.
fn stat_header() -> Vec<String> {
    let mut h = vec!["mean".to_string()];
    h.extend(PERCENTILES.iter().map(|p| format!("{p}%")));
    h
}

fn stat_cells(s: &Summary, c: Currency) -> Vec<String> {
    let mut cells = vec![approx_money(s.mean, c)];
    cells.extend(s.percentiles.iter().map(|&v| approx_money(v, c)));
    cells
}

/// The claim's odds in words: `P(cost ≤ $9B) = 3.1%`, or below/within/above a range.
pub fn odds_text(o: &Odds, claim: &Claim, c: Currency) -> String {
    // Money to four figures; GPU-hours, hours and FLOP as counts with their unit.
    let (what, bound) = if claim.scope.is_money() {
        // A serve's money figures by their name: its revenue is no cost.
        let what = if claim.serve.is_some() {
            claim.scope.key()
        } else {
            "cost"
        };
        (what, approx_money(to_f64(claim.value.low()), c))
    } else {
        (
            claim.scope.key(),
            super::figure(claim.value.low(), claim.scope, c),
        )
    };
    match claim.reading {
        // The share of draws for which the claim holds.
        Reading::AtLeast => return format!("P({what} ≥ {bound}) = {}", share(1.0 - o.below)),
        Reading::AtMost => return format!("P({what} ≤ {bound}) = {}", share(1.0 - o.above)),
        _ => {}
    }
    if claim.value.is_exact() {
        format!("P({what} ≤ {bound}) = {}", share(o.at_or_below()))
    } else {
        format!(
            "below {} · within {} · above {}",
            share(o.below),
            share(o.within),
            share(o.above)
        )
    }
}

/// Scopes that are the same total (a rented fleet's `tco` is its `rental`) on one
/// row: `tco = rental`.
fn same_totals(totals: &[(Scope, usize)]) -> Vec<(String, usize)> {
    let mut rows: Vec<(String, usize)> = Vec::new();
    for &(scope, q) in totals {
        match rows.iter_mut().find(|(_, r)| *r == q) {
            Some((label, _)) => label.push_str(&format!(" = {scope}")),
            None => rows.push((scope.to_string(), q)),
        }
    }
    rows
}

/// A text histogram of one total; one line for a total every draw gives the same.
fn histogram(s: &Summary, bounded: bool, c: Currency) -> String {
    const WIDTH: usize = 40;
    // Before: 16 identical rows of a zero-width range.
    if s.span.0 == s.span.1 {
        return format!(
            "  every draw is {}: nothing in it is uncertain\n",
            approx_money(s.span.0, c)
        );
    }
    let total: u64 = s.histogram.iter().sum();
    let most = s.histogram.iter().copied().max().unwrap_or(0).max(1);
    let step = (s.span.1 - s.span.0) / HISTOGRAM_BINS as f64;
    let labels: Vec<String> = (0..s.histogram.len())
        .map(|i| {
            let (from, to) = (s.span.0 + step * i as f64, s.span.0 + step * (i + 1) as f64);
            match i {
                0 if !bounded => format!("≤ {}", approx_money(to, c)),
                i if i + 1 == s.histogram.len() && !bounded => {
                    format!("≥ {}", approx_money(from, c))
                }
                _ => format!("{} – {}", approx_money(from, c), approx_money(to, c)),
            }
        })
        .collect();
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, &count) in labels.iter().zip(&s.histogram) {
        let eighths = (count as f64 / most as f64 * (WIDTH * 8) as f64).round() as usize;
        let bar = bar(eighths);
        let pct = share(count as f64 / total.max(1) as f64);
        out.push_str(&format!(
            "  {label:>label_width$} │{bar:<WIDTH$} {pct:>6}\n",
            label_width = label_width
        ));
    }
    out
}

/// A bar `eighths`/8 characters long, in block elements.
fn bar(eighths: usize) -> String {
    const PARTIAL: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    format!("{}{}", "█".repeat(eighths / 8), PARTIAL[eighths % 8])
}

/// The report of `gpucost simulate` as tables (terminal or Markdown).
pub fn table(runs: &[(ScenarioFile, Simulation)], look: Look) -> String {
    let blocks: Vec<String> = runs.iter().map(|(r, s)| table_one(r, s, look)).collect();
    super::join_blocks(blocks)
}

fn table_one(r: &ScenarioFile, sim: &Simulation, look: Look) -> String {
    let s = &r.scenario;
    let c = s.currency;
    let mut out = heading(look, s, &r.file);
    out.push_str(&look.note(&interpretation(sim.samples, sim.seed)));
    out.push('\n');

    out.push_str(&look.title("Inputs drawn"));
    let mut t = look.table(&["input", "fleets", "distribution", "from"]);
    for v in &sim.model.variables {
        let money = v.param.is_money().then_some(c);
        t.add_row(vec![
            look.cell(v.param.key()),
            look.cell(&fleets_text(v, s)),
            look.cell(&input_text(&v.input, money, v.param.unit())),
            look.cell(v.input.origin.label()),
        ]);
    }
    let t = t.into_string();
    out.push_str(&format!("{t}\n"));

    let header = |first: &[&str]| {
        let mut h: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        h.extend(stat_header());
        h
    };
    out.push_str(&look.title("Totals by scope"));
    let h = header(&["scope"]);
    let mut t = look.table(&h.iter().map(String::as_str).collect::<Vec<_>>());
    let row = |mut first: Vec<comfy_table::Cell>, q: usize| {
        first.extend(
            stat_cells(&sim.summaries[q], c)
                .into_iter()
                .map(|v| look.right(v)),
        );
        first
    };
    for (scopes, q) in same_totals(&sim.model.totals) {
        t.add_row(row(vec![look.cell(&scopes)], q));
    }
    let t = t.into_string();
    out.push_str(&format!("{t}\n"));

    if s.fleets.len() > 1 {
        out.push_str(&look.title("By fleet"));
        let h = header(&["fleet", "scope"]);
        let mut t = look.table(&h.iter().map(String::as_str).collect::<Vec<_>>());
        for (fleet, totals) in s.fleets.iter().zip(&sim.model.fleet_totals) {
            for (i, (scopes, q)) in same_totals(totals).into_iter().enumerate() {
                let name = if i == 0 { fleet.id.as_str() } else { "" };
                t.add_row(row(vec![look.cell(name), look.cell(&scopes)], q));
            }
        }
        let t = t.into_string();
        out.push_str(&format!("{t}\n"));
    }

    if !s.jobs.is_empty() {
        out.push_str(&look.title("By job"));
        let h = header(&["job", "estimate"]);
        let mut t = look.table(&h.iter().map(String::as_str).collect::<Vec<_>>());
        for (job, totals) in s.jobs.iter().zip(&sim.model.job_totals) {
            let mut first = true;
            for &(scope, q) in totals.iter().filter(|(scope, _)| scope.is_money()) {
                let name = if first { job.id.as_str() } else { "" };
                first = false;
                t.add_row(row(vec![look.cell(name), look.cell(scope.key())], q));
            }
        }
        let t = t.into_string();
        out.push_str(&format!("{t}\n"));
    }

    if !s.serves.is_empty() {
        out.push_str(&look.title("By serve"));
        let h = header(&["serve", "figure"]);
        let mut t = look.table(&h.iter().map(String::as_str).collect::<Vec<_>>());
        for (serve, totals) in s.serves.iter().zip(&sim.model.serve_totals) {
            for (i, &(scope, q)) in totals.iter().enumerate() {
                let name = if i == 0 { serve.id.as_str() } else { "" };
                let mut cells = vec![look.cell(name), look.cell(scope.key())];
                let sum = &sim.summaries[q];
                let shown = |v: f64| match scope {
                    // A margin in per cent, to one decimal; counts to four figures.
                    Scope::Margin => format!("{v:.1}%"),
                    _ if !scope.is_money() => rust_decimal::Decimal::try_from(v)
                        .map(|d| crate::show::compact_count(crate::money::round_sf(d, 4)))
                        .unwrap_or_else(|_| "—".into()),
                    _ => approx_money(v, c),
                };
                cells.push(look.right(shown(sum.mean)));
                cells.extend(sum.percentiles.iter().map(|&v| look.right(shown(v))));
                t.add_row(cells);
            }
        }
        let t = t.into_string();
        out.push_str(&format!("{t}\n"));
    }

    if !sim.claims.is_empty() {
        out.push_str(&look.title("Claims"));
        let mut t = look.table(&["claim", "claimed", "total", "draws"]);
        for (odds, claim) in odds_of(sim, s) {
            let of = match (&claim.job, &claim.fleet) {
                _ if claim.serve.is_some() => {
                    format!(
                        "serve {} {}",
                        claim.serve.as_deref().unwrap_or(""),
                        claim.scope
                    )
                }
                (Some(j), _) => format!("job {j} {}", claim.scope),
                (None, Some(f)) => format!("{f} {}", claim.scope),
                (None, None) => claim.scope.to_string(),
            };
            t.add_row(vec![
                look.cell(&claim.id),
                look.cell(&super::claim_text(claim, c)),
                look.cell(&of),
                look.cell(&odds_text(odds, claim, c)),
            ]);
        }
        let t = t.into_string();
        out.push_str(&format!("{t}\n"));
    }

    let bounded = sim.model.is_bounded();
    out.push_str(&look.title("Histograms"));
    for (scope, q) in same_totals(&sim.model.totals) {
        let body = histogram(&sim.summaries[q], bounded, c);
        match look.style {
            Style::Terminal => out.push_str(&format!("{scope}\n{body}")),
            Style::Markdown => out.push_str(&format!("`{scope}`\n\n```text\n{body}```\n\n")),
        }
    }
    out
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    gpucost: &'static str,
    simulations: Vec<JsonSimulation<'a>>,
}

#[derive(Serialize)]
struct JsonSimulation<'a> {
    file: &'a str,
    scenario: &'a str,
    date: String,
    currency: Currency,
    samples: usize,
    seed: u64,
    interpretation: String,
    inputs: Lazy<'a, JsonVariable<'a>>,
    totals: super::json::Keyed<Scope, JsonSummary<'a>>,
    fleets: Lazy<'a, JsonFleet<'a>>,
    /// Per job: its estimates and measures (`gpu_hours`, `hours`, `flop` are counts).
    jobs: Lazy<'a, JsonFleet<'a>>,
    /// Per serve: its figures (`margin` in per cent); left out without serves.
    #[serde(skip_serializing_if = "Option::is_none")]
    serves: Option<Lazy<'a, JsonFleet<'a>>>,
    claims: Vec<JsonOdds<'a>>,
}

#[derive(Serialize)]
struct JsonVariable<'a> {
    input: &'static str,
    fleets: Lazy<'a, std::borrow::Cow<'a, str>>,
    #[serde(flatten)]
    value: super::json::JsonInput,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    mean: f64,
    min: f64,
    max: f64,
    p5: f64,
    p25: f64,
    p50: f64,
    p75: f64,
    p95: f64,
    histogram: JsonHistogram<'a>,
}

#[derive(Serialize)]
struct JsonHistogram<'a> {
    low: f64,
    high: f64,
    counts: &'a [u64],
}

#[derive(Serialize)]
struct JsonFleet<'a> {
    id: &'a str,
    totals: super::json::Keyed<Scope, JsonSummary<'a>>,
}

#[derive(Serialize)]
struct JsonOdds<'a> {
    id: &'a str,
    fleet: Option<&'a str>,
    job: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    serve: Option<&'a str>,
    scope: Scope,
    #[serde(flatten)]
    claim: super::json::ClaimValue,
    p_below: f64,
    p_within: f64,
    p_above: f64,
    p_cost_at_or_below: f64,
    total: JsonSummary<'a>,
}

fn summary(s: &Summary) -> JsonSummary<'_> {
    let [p5, p25, p50, p75, p95] = s.percentiles;
    JsonSummary {
        mean: s.mean,
        min: s.min,
        max: s.max,
        p5,
        p25,
        p50,
        p75,
        p95,
        histogram: JsonHistogram {
            low: s.span.0,
            high: s.span.1,
            counts: &s.histogram,
        },
    }
}

fn totals<'a>(
    list: &[(Scope, usize)],
    sim: &'a Simulation,
) -> super::json::Keyed<Scope, JsonSummary<'a>> {
    super::json::Keyed(
        list.iter()
            .map(|&(scope, q)| (scope, summary(&sim.summaries[q])))
            .collect(),
    )
}

/// `simulate --format json`, written to `w` fleet by fleet.
pub fn write_json(
    runs: &[(ScenarioFile, Simulation)],
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    super::json::write_to(&document(runs), w)
}

fn document(runs: &[(ScenarioFile, Simulation)]) -> Document<'_> {
    let simulations =
        runs.iter()
            .map(|(r, sim)| {
                let s = &r.scenario;
                JsonSimulation {
                    file: &r.file,
                    scenario: &s.name,
                    date: s.date.to_string(),
                    currency: s.currency,
                    samples: sim.samples,
                    seed: sim.seed,
                    interpretation: interpretation(sim.samples, sim.seed),
                    inputs: Lazy::new(sim.model.variables.iter().map(|v| JsonVariable {
                        input: v.param.key(),
                        fleets: Lazy::new(v.reader_names(s)),
                        value: super::json::input(v.param, &v.input),
                    })),
                    totals: totals(&sim.model.totals, sim),
                    fleets: Lazy::new(s.fleets.iter().zip(&sim.model.fleet_totals).map(
                        |(f, list)| JsonFleet {
                            id: &f.id,
                            totals: totals(list, sim),
                        },
                    )),
                    jobs: Lazy::new(s.jobs.iter().zip(&sim.model.job_totals).map(|(j, list)| {
                        JsonFleet {
                            id: &j.id,
                            totals: totals(list, sim),
                        }
                    })),
                    serves: (!s.serves.is_empty()).then(|| {
                        Lazy::new(
                            s.serves
                                .iter()
                                .zip(&sim.model.serve_totals)
                                .map(|(sv, list)| JsonFleet {
                                    id: &sv.id,
                                    totals: totals(list, sim),
                                }),
                        )
                    }),
                    claims: odds_of(sim, s)
                        .into_iter()
                        .map(|(o, c)| JsonOdds {
                            id: &c.id,
                            fleet: c.fleet.as_deref(),
                            job: c.job.as_deref(),
                            serve: c.serve.as_deref(),
                            scope: c.scope,
                            claim: super::json::claim_value(c),
                            p_below: o.below,
                            p_within: o.within,
                            p_above: o.above,
                            p_cost_at_or_below: o.at_or_below(),
                            total: summary(&sim.summaries[o.quantity]),
                        })
                        .collect(),
                }
            })
            .collect();
    Document {
        schema_version: super::json::SCHEMA_VERSION,
        gpucost: env!("CARGO_PKG_VERSION"),
        simulations,
    }
}

/// `simulate --format csv`: long form, columns
/// `file,scenario,currency,samples,seed,fleet,scope,claim,statistic,value`; a scenario
/// total has `fleet` empty, a job's figures `fleet` = `job ID`, a claim's row its id.
pub fn csv(runs: &[(ScenarioFile, Simulation)]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "file",
        "scenario",
        "currency",
        "samples",
        "seed",
        "fleet",
        "scope",
        "claim",
        "statistic",
        "value",
    ]);
    for (r, sim) in runs {
        let s = &r.scenario;
        let (samples, seed) = (sim.samples.to_string(), sim.seed.to_string());
        let mut row = |fleet: &str, scope: Scope, claim: &str, stat: &str, value: f64| {
            let _ = w.write_record([
                r.file.as_str(),
                &s.name,
                s.currency.code(),
                &samples,
                &seed,
                fleet,
                scope.key(),
                claim,
                stat,
                &value.to_string(),
            ]);
        };
        let mut stats = |fleet: &str, scope: Scope, q: usize| {
            let sum = &sim.summaries[q];
            row(fleet, scope, "", "mean", sum.mean);
            row(fleet, scope, "", "min", sum.min);
            for (p, v) in PERCENTILES.iter().zip(sum.percentiles) {
                row(fleet, scope, "", &format!("p{p}"), v);
            }
            row(fleet, scope, "", "max", sum.max);
        };
        for &(scope, q) in &sim.model.totals {
            stats("", scope, q);
        }
        for (f, list) in s.fleets.iter().zip(&sim.model.fleet_totals) {
            for &(scope, q) in list {
                stats(&f.id, scope, q);
            }
        }
        for (j, list) in s.jobs.iter().zip(&sim.model.job_totals) {
            for &(scope, q) in list {
                stats(&format!("job {}", j.id), scope, q);
            }
        }
        for (sv, list) in s.serves.iter().zip(&sim.model.serve_totals) {
            for &(scope, q) in list {
                stats(&format!("serve {}", sv.id), scope, q);
            }
        }
        for (o, c) in odds_of(sim, s) {
            let job = (c.serve.as_ref().map(|s| format!("serve {s}")))
                .or_else(|| c.job.as_ref().map(|j| format!("job {j}")));
            let fleet = job.as_deref().or(c.fleet.as_deref()).unwrap_or("");
            row(fleet, c.scope, &c.id, "p_below", o.below);
            row(fleet, c.scope, &c.id, "p_within", o.within);
            row(fleet, c.scope, &c.id, "p_above", o.above);
        }
    }
    super::csv::finish(w)
}

#[cfg(test)]
mod tests {
    use super::fleets_text;
    use crate::analysis::simulate::Model;
    use crate::catalog::Catalog;
    use crate::input::param::Param;

    /// Each variable's reader cell, keyed by its input.
    fn cells(fleets: &str) -> Vec<(Param, String)> {
        let text = format!("[scenario]\ndate = 2024-07-15\n{fleets}");
        let catalog = Catalog::builtin().expect("catalog");
        let report = crate::judge::report::evaluate("t.toml", &text, catalog).expect("valid");
        let model = Model::new(&report.scenario).expect("model");
        let mut cells: Vec<(Param, String)> = Vec::new();
        for v in &model.variables {
            if !cells.iter().any(|(p, _)| *p == v.param) {
                cells.push((v.param, fleets_text(v, &report.scenario)));
            }
        }
        cells
    }

    fn cell(cells: &[(Param, String)], param: Param) -> &str {
        let found = cells.iter().find(|(p, _)| *p == param);
        found.map(|(_, c)| c.as_str()).expect("a variable")
    }

    #[test]
    fn readers_are_all_only_when_every_fleet_reads_and_long_lists_are_cut() {
        let fleet = |id: &str, rented: bool| {
            let rent = if rented {
                "acquisition = \"rent\"\n"
            } else {
                ""
            };
            format!("[[fleet]]\nid = \"{id}\"\ngpu = \"H100\"\ncount = 8\n{rent}")
        };
        let job =
            |id: &str, on: &str| format!("[[job]]\nid = \"{id}\"\nfleet = \"{on}\"\nhours = 10\n");
        // Two bought fleets: both read the catalog's unit price.
        let two = cells(&(fleet("b1", false) + &fleet("b2", false)));
        assert_eq!(cell(&two, Param::UnitPrice), "all");
        // Two rented and two bought, a job on each rented one: the rate has four
        // readers in four fleets' scenario, but only half the fleets read it.
        let mixed = [
            fleet("r1", true),
            fleet("r2", true),
            fleet("b1", false),
            fleet("b2", false),
            job("j1", "r1"),
            job("j2", "r2"),
        ]
        .concat();
        let mixed = cells(&mixed);
        assert_eq!(
            cell(&mixed, Param::RatePerGpuHour),
            "r1, r2, job j1, job j2"
        );
        assert_eq!(cell(&mixed, Param::UnitPrice), "b1, b2");
        // Five of six fleets: the first three, and two more.
        let many: String = ["b1", "b2", "b3", "b4", "b5"]
            .iter()
            .map(|id| fleet(id, false))
            .chain([fleet("r1", true)])
            .collect();
        let many = cells(&many);
        assert_eq!(cell(&many, Param::UnitPrice), "b1, b2, b3 and 2 more");
    }
}
