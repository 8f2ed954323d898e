//! Fuzzes the whole pipeline a scenario file goes through: read, resolve, price,
//! judge, render in every format (tables, Markdown, CSV, JSON, explain, compare, the
//! page and chart, simulate and sensitivity). Any panic is a bug; errors are the
//! expected answer to bad input.
//!
//! One input in three is also run with one of its numbers replaced by a figure at the
//! edge of what an exact decimal holds (`79228162514264337593543950335`, `1e-28`,
//! `1e27`, …), whichever number and figure the input's bytes pick: overflow-sized
//! decimals reach every numeric key the fuzzer writes, and must end in a diagnostic
//! that has a place, never in a panic.
#![no_main]

use gpucost::catalog::Catalog;
use gpucost::analysis::compare;
use gpucost::render::{self, table::Look};
use gpucost::judge::report::{self, Report};
use gpucost::scenario::Scope;
use gpucost::analysis::{sensitivity, simulate};
use libfuzzer_sys::fuzz_target;

/// Figures at the edge of `rust_decimal`: its largest, its smallest step, and powers
/// of ten either side of what products and quotients of them hold.
const EDGES: [&str; 8] = [
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "1e-28",
    "1e27",
    "7.9e28",
    "[1e-28, 1e27]",
    "\"$79,228,162,514,264,337,593,543,950,335\"",
];

/// `text` with its `n`-th bare number (a value after `= `) replaced by `figure`.
fn with_edge(text: &str, n: usize, figure: &str) -> Option<String> {
    let mut seen = 0;
    let mut at = 0;
    while let Some(i) = text[at..].find("= ") {
        let start = at + i + 2;
        let rest = &text[start..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')))
            .unwrap_or(rest.len());
        if len > 0 && rest.as_bytes()[0].is_ascii_digit() {
            if seen == n {
                return Some(format!("{}{figure}{}", &text[..start], &rest[len..]));
            }
            seen += 1;
        }
        at = start;
    }
    None
}

fn every_format(r: Report) {
    for fleet in &r.costs.fleets {
        for (_, range) in &fleet.parts {
            assert!(range.low() <= range.high());
        }
    }
    // A few draws: simulation and tornado must not panic either.
    let simulated = simulate::simulate(&r.scenario, 64, 1, &|_| {});
    if let Ok(t) = sensitivity::tornado(&r, Scope::Tco, 64, 1, &|_| {}) {
        let _ = render::sensitivity::table(&r, &t, Look::TERMINAL);
        let _ = render::sensitivity::csv(&r, &t);
    }
    let _ = render::chart::svg(&r);
    let reports = [r.clone(), r];
    let _ = render::table::run(&reports[..1], Look::TERMINAL);
    let _ = render::table::run(&reports[..1], Look::MARKDOWN.with_width(Some(40)));
    let _ = render::table::check(&reports[..1], Look::TERMINAL.with_width(Some(60)));
    let _ = render::csv::costs(&reports[..1]);
    let _ = render::csv::claims(&reports[..1]);
    let _ = render::json::write(&reports[..1], false, &mut std::io::sink());
    let _ = render::explain::explain(&reports[..1], Some(80));
    let _ = render::html::page(&reports[..1]);
    let columns = vec!["a".to_string(), "b".to_string()];
    let comparison = compare::compare(&reports, columns, Vec::new());
    let _ = render::compare::table(&comparison, false, Look::TERMINAL);
    let _ = render::compare::csv(&comparison);
    if let (Ok(sim), [r, _]) = (simulated, reports) {
        let runs = [(r.into_scenario(), sim)];
        let _ = render::simulate::table(&runs, Look::TERMINAL);
        let _ = render::simulate::csv(&runs);
        let _ = render::simulate::write_json(&runs, &mut std::io::sink());
    }
}

fn pipeline(text: &str, catalog: &Catalog, edge: bool) {
    match report::evaluate("fuzz.toml", text, catalog) {
        Ok(r) => every_format(r),
        Err(e) => {
            let _ = e.render(false);
            for d in e.to_json() {
                // An overflow is always placed in the file.
                if edge && d.message.contains("overflow") {
                    assert!(d.line.is_some(), "an overflow without a line: {d:?}");
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    pipeline(text, catalog, false);
    if data.len() % 3 == 0 {
        let sum: usize = data.iter().map(|&b| usize::from(b)).sum();
        let figure = EDGES[sum % EDGES.len()];
        if let Some(edged) = with_edge(text, sum / EDGES.len() % 8, figure) {
            pipeline(&edged, catalog, true);
        }
    }
});
