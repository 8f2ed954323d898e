//! Fuzzes `--catalog`: any text as a catalog override gives a diagnostic, or a catalog
//! that passes the checks scenario files pass (TDP and kW above zero, PUE at least 1,
//! shares within 0–1, ordered non-negative price ranges), which then prices a
//! scenario of each of its first models and renders without a panic.
#![no_main]

use gpucost::catalog::{Catalog, PriceKind};
use gpucost::input::param::Param;
use gpucost::render::{self, catalog::View, table::Look};
use gpucost::judge::report;
use gpucost::money::Range;
use libfuzzer_sys::fuzz_target;

fn check(catalog: &Catalog) {
    for (param, assumption) in &catalog.assumptions {
        let ranges = assumption
            .value
            .into_iter()
            .chain(assumption.by_year.iter().map(|&(_, v)| Range::exact(v)));
        for range in ranges {
            let problem = param.out_of_domain(param.key(), range, 0..0);
            assert!(problem.is_none(), "{param}: {range:?}");
        }
    }
    if let Some(factor) = &catalog.server_power_factor {
        let problem = Param::KwPerGpu.out_of_domain("server_power_factor", factor.value, 0..0);
        assert!(problem.is_none(), "server power factor {:?}", factor.value);
    }
    for model in &catalog.models {
        if let Some(tdp) = &model.tdp_w {
            assert!(tdp.value > rust_decimal::Decimal::ZERO, "{}: TDP", model.name);
        }
        if let Some(kw) = &model.kw_per_gpu {
            let problem = Param::KwPerGpu.out_of_domain("kw_per_gpu", kw.value, 0..0);
            assert!(problem.is_none(), "{}: kW {:?}", model.name, kw.value);
        }
        for kind in [PriceKind::Purchase, PriceKind::Rental] {
            for point in model.points(kind) {
                assert!(point.usd.low() >= rust_decimal::Decimal::ZERO, "{}", model.name);
                assert!(point.usd.low() <= point.usd.high(), "{}", model.name);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let catalog = match Catalog::with_override("fuzz.toml", text) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.render(false);
            let _ = e.to_json();
            return;
        }
    };
    check(&catalog);
    for model in catalog.models.iter().rev().take(3) {
        let scenario = format!(
            "[scenario]\ndate = {}\n[[fleet]]\ngpu = \"{}\"\ncount = 10\n",
            model.launch.value,
            model.name.replace(['"', '\\', '\n', '\r'], "")
        );
        match report::evaluate("fuzz.toml", &scenario, &catalog) {
            Ok(r) => {
                let _ = render::table::run(&[r], Look::TERMINAL);
            }
            Err(e) => {
                let _ = e.render(false);
            }
        }
    }
    let _ = render::catalog::table(&catalog, View::Overview, Look::TERMINAL);
    let _ = render::catalog::json(&catalog, View::Overview);
    let _ = render::catalog::csv(&catalog, View::Overview);
    if let Some(model) = catalog.models.last().and_then(|m| catalog.lookup(&m.name)) {
        let _ = render::catalog::table(&catalog, View::History(model), Look::TERMINAL);
    }
});
