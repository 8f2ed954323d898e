//! Fuzzes the whole pipeline a scenario file goes through: read, resolve, price,
//! judge, render. Any panic is a bug; errors are the expected answer to bad input.
#![no_main]

use gpucost::catalog::Catalog;
use gpucost::render;
use gpucost::report;
use gpucost::scenario::Scope;
use gpucost::{sensitivity, simulate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match report::evaluate("fuzz.toml", text, catalog) {
        Ok(r) => {
            for fleet in &r.costs.fleets {
                for (_, range) in &fleet.parts {
                    assert!(range.low() <= range.high());
                }
            }
            // A few draws: simulation and tornado must not panic either.
            let simulated = simulate::simulate(&r, 64, 1, &|_| {});
            let _ = sensitivity::tornado(&r, Scope::Tco, 64, 1, &|_| {});
            let _ = render::chart::svg(&r);
            let reports = [r];
            let _ = render::table::run(&reports, render::table::Look::TERMINAL);
            let _ = render::json::render(&reports, false);
            let _ = render::html::page(&reports);
            if let (Ok(sim), [r]) = (simulated, reports) {
                let _ = render::simulate::json(&[(r, sim)]);
            }
        }
        Err(e) => {
            let _ = e.render(false);
            let _ = e.to_json();
        }
    }
});
