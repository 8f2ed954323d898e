//! The built-in catalog keeps itself honest: every number has a source and a date,
//! every range a scenario gets is traceable to the points it rests on, every model
//! has what pricing it needs; and `gpucost catalog`'s views show it.

mod common;

use chrono::{Datelike, NaiveDate};
use common::gpucost;
use gpucost::catalog::{CATALOG_TOML, Catalog, Form, PriceKind};
use gpucost::input::param::Param;

fn catalog() -> &'static Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(e) => panic!("built-in catalog: {}", e.render(false)),
    }
}

/// The key that carries `key`'s source in the same table.
fn source_key(key: &str) -> String {
    match key {
        "tdp_w" => "tdp_source".into(),
        "memory_gb" => "memory_source".into(),
        _ => format!("{key}_source"),
    }
}

fn is_number(v: &toml::Value) -> bool {
    match v {
        toml::Value::Integer(_) | toml::Value::Float(_) => true,
        toml::Value::Array(items) => items.iter().any(is_number),
        // Money written as text: "$10M".
        toml::Value::String(s) => s.starts_with('$'),
        _ => false,
    }
}

/// Every number of `table` (at `path`) has a source and a date, its own or its
/// table's; a `[[gpu]]`'s figures are dated by its launch.
fn check_table(path: &str, table: &toml::Table, problems: &mut Vec<String>) {
    let dated = table.contains_key("date") || table.contains_key("launch");
    for (key, value) in table {
        let here = format!("{path}.{key}");
        match value {
            toml::Value::Table(inner) if key == "by_year" => {
                // Figures by year: the year is their date, the table's source theirs.
                if !table.contains_key("source") {
                    problems.push(format!("{here}: figures by year without a source"));
                }
                if inner.values().any(|v| !is_number(v)) {
                    problems.push(format!("{here}: a year without a figure"));
                }
            }
            toml::Value::Table(inner) => check_table(&here, inner, problems),
            toml::Value::Array(items) if items.iter().all(toml::Value::is_table) => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(inner) = item.as_table() {
                        check_table(&format!("{here}[{i}]"), inner, problems);
                    }
                }
            }
            v if is_number(v) && key != "launch" => {
                let sourced = table.contains_key("source") || table.contains_key(&source_key(key));
                if !sourced {
                    problems.push(format!("{here}: a number without a source"));
                }
                if !dated {
                    problems.push(format!("{here}: a number without a date"));
                }
            }
            _ => {}
        }
    }
}

#[test]
fn every_number_in_the_catalog_file_has_a_source_and_a_date() {
    let doc: toml::Table = toml::from_str(CATALOG_TOML).expect("the catalog is TOML");
    let mut problems = Vec::new();
    check_table("catalog", &doc, &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
    // The check can fail: a rent without its source, and a model's figure without its
    // `*_source`, are both caught.
    let broken: toml::Table = toml::from_str(
        "[[gpu]]\nname = \"X\"\nlaunch = 2024-01-01\ntdp_w = 700\n\
         [[gpu.rent]]\ndate = 2024-01-01\non_demand = 2.0\n",
    )
    .expect("TOML");
    let mut problems = Vec::new();
    check_table("broken", &broken, &mut problems);
    assert_eq!(
        problems,
        [
            "broken.gpu[0].tdp_w: a number without a source",
            "broken.gpu[0].rent[0].on_demand: a number without a source",
        ]
    );
}

#[test]
fn every_model_has_a_launch_power_memory_and_peak_flops_each_sourced() {
    let c = catalog();
    for m in &c.models {
        assert!(m.launch.source.len() > 10, "{}: launch source", m.name);
        match (&m.tdp_w, &m.tdp_missing) {
            (Some(tdp), _) => assert!(tdp.source.len() > 10, "{}: TDP source", m.name),
            // No TDP only where the maker does not publish one, and the catalog says so.
            (None, Some(why)) => assert!(why.contains("does not publish"), "{}", m.name),
            (None, None) => panic!("{} has no TDP and no reason", m.name),
        }
        // FLOP/s with a source, or the catalog says why it has none (the MI350X: no
        // BF16 figure in reach).
        match (&m.peak_flops, &m.peak_flops_missing) {
            (Some(f), _) => assert!(f.source.len() > 10, "{}: FLOP/s source", m.name),
            (None, Some(why)) => assert!(why.contains("found"), "{}: {why}", m.name),
            (None, None) => panic!("{} has no FLOP/s and no reason", m.name),
        }
        // A model without a purchase price says why, and never gets one by a guess.
        if m.points(PriceKind::Purchase).count() == 0 {
            let why = m.price_missing.as_deref().unwrap_or_default();
            assert!(why.len() > 20, "{} has no price and no reason", m.name);
        }
        let memory = m.memory_gb.as_ref();
        assert!(
            memory.is_some_and(|g| g.source.len() > 10),
            "{}: memory",
            m.name
        );
        for p in &m.points {
            assert!(
                p.date >= m.launch.value,
                "{}: a point before launch",
                m.name
            );
            assert!(p.source.len() > 10, "{}: a point's source", m.name);
            assert!(p.usd.low() > rust_decimal::Decimal::ZERO, "{}", m.name);
        }
    }
    // The chips of today's headlines are there, with FLOP/s.
    for name in [
        "H800",
        "H20",
        "A800",
        "MI300X",
        "MI325X",
        "H200",
        "B200",
        "GB200",
        "TPU v4",
        "TPU v5e",
        "TPU v5p",
        "TPU v6e",
        "Trainium2",
        // Added in 2026 (issue 28).
        "B100",
        "B300",
        "GB300",
        "GH200",
        "H100 NVL",
        "H200 NVL",
        "MI250X",
        "MI350X",
        "MI355X",
        "Ironwood",
        "TPU v7",
        "Gaudi 2",
        "Gaudi 3",
        "Ascend 910B",
        "Ascend 910C",
    ] {
        assert!(c.lookup(name).is_some(), "{name} missing");
    }
    // H200 and H800 have rents; GB200 and MI325X only an analyst's three-year rent, no
    // price (none found); Trainium2, never sold, one rent (trn2.48xlarge's / 16); the
    // H200 NVL no point at all.
    let model = |name: &str| {
        c.models
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert!(model("H200").points(PriceKind::Rental).count() > 0);
    assert!(model("H800").points(PriceKind::Rental).count() > 0);
    assert_eq!(model("GB200").points(PriceKind::Purchase).count(), 0);
    assert_eq!(model("GB200").points.len(), 1);
    assert_eq!(model("Trainium2").points.len(), 1);
    assert_eq!(model("Trainium2").points(PriceKind::Purchase).count(), 0);
    assert_eq!(model("H200-NVL").points.len(), 0);
    // TPU v4's energy is at Google's measured maximum, 192 W, not the mean 170 W.
    let tpu4 = model("TPU-v4").tdp_w.as_ref().map(|t| t.value.to_string());
    assert_eq!(tpu4.as_deref(), Some("192"));
    // Every default a scenario may leave out is in the catalog, sourced and dated.
    for param in [
        Param::ServerShare,
        Param::NetworkShare,
        Param::FacilityPerMw,
        Param::Load,
        Param::Pue,
        Param::ElectricityPerKwh,
        Param::Years,
    ] {
        let day = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap_or_default();
        let a = c.assumption(param, day);
        assert!(
            a.is_some_and(|a| a.source.len() > 20 && !a.date.is_empty()),
            "{param}"
        );
    }
}

#[test]
fn every_range_a_date_gets_is_traceable_to_its_points() {
    // Every month from 2017 to 2026, for every model and kind: the range's bounds are
    // the lowest and highest of the points it names, each in the model's own list,
    // all of one form group and within a year of each other.
    let c = catalog();
    let mut checked = 0;
    for m in &c.models {
        for kind in [PriceKind::Purchase, PriceKind::Rental] {
            for year in 2017..=2026 {
                for month in 1..=12 {
                    let day = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
                    let Some(d) = m.market(kind, day) else {
                        continue;
                    };
                    checked += 1;
                    let low = d.points.iter().map(|p| p.usd.low()).min();
                    let high = d.points.iter().map(|p| p.usd.high()).max();
                    assert_eq!(low, Some(d.range.low()), "{} {day}", m.name);
                    assert_eq!(high, Some(d.range.high()), "{} {day}", m.name);
                    for p in &d.points {
                        assert!(m.points.contains(p), "{} {day}", m.name);
                        assert!((d.newest - p.date).num_days() < 365, "{} {day}", m.name);
                        assert_eq!(p.form.kind(), kind);
                    }
                    let held = d.points.iter().filter(|p| p.form.label() == "server");
                    assert!(
                        held.count() == 0 || d.points.iter().all(|p| p.form.label() == "server"),
                        "{} {day}: cards and servers mixed",
                        m.name
                    );
                    // The description names the point behind each bound.
                    let text = d.describe();
                    assert!(
                        text.contains(&d.points[0].date.year().to_string()),
                        "{text}"
                    );
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} ranges checked");
}

#[test]
fn catalog_history_lists_every_point_with_the_range_of_its_day() {
    let (code, out, err) = gpucost(&["catalog", "H800", "--history"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
    // JSON: every point with its source; the latest range traced to its points.
    let (code, out, _) = gpucost(&["catalog", "B200", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let b200 = &doc["models"][0];
    // Huang's range, the DGX B200, AWS's p6-b200 on demand of 2026-01-21, SemiAnalysis's
    // three-year rent of 2026-03-18, Spheron's on-demand $6.03 of 2026-03-19 and Google's
    // A4 of 2026-09-24.
    assert_eq!(b200["points"].as_array().map(Vec::len), Some(6));
    // The newest point is the DGX B200's $47,409.13 a GPU (2024-12-17), but Huang's
    // card price of 2024-03-19 is 273 days older, less than a year: the latest range
    // is the card's, $30,000–40,000, and does not hold a server.
    assert_eq!(b200["latest_purchase"]["low_usd"], "30000");
    assert_eq!(b200["latest_purchase"]["high_usd"], "40000");
    assert_eq!(b200["latest_purchase"]["holds_server"], false);
    assert_eq!(b200["latest_purchase"]["newest"], "2024-03-19");
    // CSV: one row per point.
    let (code, out, _) = gpucost(&["catalog", "TPU", "--format", "csv"]);
    assert_eq!(code, 0);
    let rows = out.lines().filter(|l| l.starts_with("TPU-v5e,")).count();
    assert_eq!(rows, 19, "{out}");
}

#[test]
fn catalog_stale_names_the_models_a_date_is_past() {
    // On 2026-06-01 the H100's purchases end with the listings of 2025-03-03 (365 +
    // 31 + 30 + 29 = 455 days before); its rents do not: SemiAnalysis's three-year rate
    // of 2026-03-18 is 75 days old.
    let (code, out, err) = gpucost(&["catalog", "--stale", "2026-06-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Newest points more than 365 days before 2026-06-01"),
        "{out}"
    );
    let h100 = |kind: &str| {
        out.lines()
            .find(|l| l.contains("H100-SXM") && l.contains(kind))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        h100("purchase").contains("2025-03-03") && h100("purchase").contains("455"),
        "{out}"
    );
    assert_eq!(h100("rent"), "", "{out}");
    // On 2025-06-01 the H100's points are recent: it is not listed.
    let (_, out, _) = gpucost(&["catalog", "--stale", "2025-06-01"]);
    assert!(!out.contains("H100-SXM"), "{out}");
    // JSON lists the stale models only: on 2025-12-01 the A100-40GB's newest purchase
    // is Business Insider's of 2023-04-12.
    let (_, out, _) = gpucost(&["catalog", "--stale", "2025-12-01", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let names: Vec<&str> = doc["models"]
        .as_array()
        .map(|m| m.iter().filter_map(|m| m["name"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        names.contains(&"A100-40GB") && !names.contains(&"H100-SXM"),
        "{names:?}"
    );
    let (code, _, err) = gpucost(&["catalog", "--stale", "June"]);
    assert_eq!(code, 2);
    assert!(err.contains("`June` is not a date"), "{err}");
}

#[test]
fn catalog_stale_at_the_end_of_2026_lists_exactly_the_kinds_without_a_point_that_year() {
    // Each (model, kind) row of the CSV is a newest point over 365 days before the date;
    // every model and kind whose newest point is that old is there, and no other.
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let (code, out, err) = gpucost(&["catalog", "--stale", "2026-12-01", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let listed: std::collections::HashSet<(String, String)> = out
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cells = l.split(',');
            let model = cells.next()?.to_string();
            let kind = cells.nth(1)?.to_string();
            Some((model, kind))
        })
        .collect();
    let c = catalog();
    let mut stale = 0;
    for m in &c.models {
        for (label, kind) in [
            ("purchase", PriceKind::Purchase),
            ("rental", PriceKind::Rental),
        ] {
            let newest = m
                .points(kind)
                .filter(|p| p.date <= day)
                .map(|p| p.date)
                .max();
            let expected = newest.is_some_and(|d| (day - d).num_days() > 365);
            stale += usize::from(expected);
            let key = (m.name.clone(), label.to_string());
            assert_eq!(listed.contains(&key), expected, "{} {label}", m.name);
        }
    }
    assert_eq!(listed.len(), stale);
    // The rents SemiAnalysis's model dates 2026-03-18 keep these off the list, and the
    // rents of 2026-08 (the Akash blog's snapshots) the H100 NVL.
    for fresh in [
        "H100-SXM", "H200", "B200", "GB200", "MI300X", "MI325X", "MI355X", "H100-NVL",
    ] {
        assert!(
            !listed.contains(&(fresh.into(), "rental".into())),
            "{fresh}"
        );
    }
    // The table names the models with no point at all.
    let (_, table, _) = gpucost(&["catalog", "--stale", "2026-12-01"]);
    assert!(
        table.contains("No price or rent point at all by 2026-12-01: B100, GB300, H200-NVL,"),
        "{table}"
    );
}

#[test]
fn every_model_added_in_2026_shows_its_history_and_its_sources() {
    for name in [
        "B100",
        "B300",
        "GB300",
        "GH200",
        "H100-NVL",
        "H200-NVL",
        "MI250X",
        "MI350X",
        "MI355X",
        "TPU-v7",
        "Gaudi2",
        "Gaudi3",
        "Ascend-910B",
        "Ascend-910C",
    ] {
        let (code, out, err) = gpucost(&["catalog", name, "--history"]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains(&format!("{name}: ")), "{name}: {out}");
        let (code, entry, err) = gpucost(&["catalog", name]);
        assert_eq!(code, 0, "{name}: {err}");
        // A model with no price says why in its entry.
        let m = catalog().models.iter().find(|m| m.name == name);
        if m.is_some_and(|m| m.price_missing.is_some()) {
            assert!(entry.contains("price missing"), "{name}: {entry}");
        }
    }
}

#[test]
fn h100_rents_at_2026_09_01_run_from_an_analysts_three_year_rate_to_azures_on_demand() {
    // The newest H100-SXM rent on or before 2026-09-01 is of 2026-08-19 (the Akash
    // blog's snapshot); the year up to it (after 2025-08-19) holds nine points:
    // SemiAnalysis's one-year $1.70 (2025-10) and $2.35 (2026-03), AWS's p5.48xlarge
    // $55.04 / 8 = $6.88 (2026-01-21), SemiAnalysis's three-year $1.30 (2026-03-18),
    // Lambda's $3.78 (2026-05-07), and of 2026-08-19 Lambda $3.99–4.29, CoreWeave $6.16,
    // Google $11.06 and Azure $12.29. All terms: $1.30 – $12.29; on demand only: Lambda's
    // $3.78 of 2026-05-07 to Azure's $12.29.
    let c = catalog();
    let model = |name: &str| {
        c.models
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or_default();
    let h100 = model("H100-SXM");
    let d = h100.market(PriceKind::Rental, day).expect("a rent range");
    assert_eq!(d.newest.to_string(), "2026-08-19");
    assert_eq!(d.points.len(), 9, "{}", d.describe());
    let bounds = |r: &gpucost::money::Range| (r.low().to_string(), r.high().to_string());
    assert_eq!(bounds(&d.range), ("1.3".into(), "12.29".into()));
    let on_demand = h100
        .market_term(PriceKind::Rental, day, Some(Form::OnDemand))
        .expect("an on-demand range");
    assert_eq!(bounds(&on_demand.range), ("3.78".into(), "12.29".into()));
    // AWS's newest rent per GPU is the instance's price over its GPUs: p5.48xlarge
    // $55.04 / 8 H100 = $6.88; trn2.48xlarge $35.76 / 16 Trainium2 = $2.235;
    // p6-b300.48xlarge $142.416 / 8 B300 = $17.802.
    let aws = |name: &str| {
        model(name)
            .points
            .iter()
            .filter(|p| p.vendor.as_deref() == Some("Amazon Web Services"))
            .filter(|p| p.form == Form::OnDemand)
            .max_by_key(|p| p.date)
            .map(|p| p.usd.low())
    };
    let per_gpu = |instance: &str, gpus: i64| {
        instance
            .parse::<rust_decimal::Decimal>()
            .ok()
            .map(|p| p / rust_decimal::Decimal::from(gpus))
    };
    assert_eq!(aws("H100-SXM"), per_gpu("55.04", 8));
    assert_eq!(aws("Trainium2"), per_gpu("35.76", 16));
    assert_eq!(aws("B300"), per_gpu("142.416", 8));
}
