//! Money converted once, right: every figure of a file is in the file's `currency`,
//! bare numbers included, and `--currency` converts all of it at the scenario date's
//! rate. So no verdict, factor or position depends on the currency a report is shown
//! in, and an implied unit price is the same price in another unit.
//!
//! Before: `--currency` relabelled the file's bare numbers (`unit_price = 25000` became
//! €25,000), and `check scenarios/deepseek-v3.toml --currency GBP` said "understates
//! ×1.27" of a claim that is consistent in USD.

mod common;

use common::gpucost;
use gpucost::catalog::Catalog;
use gpucost::judge::report;
use gpucost::money::Currency;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

const CURRENCIES: [&str; 6] = ["USD", "EUR", "GBP", "CNY", "JPY", "CHF"];

fn shipped() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("scenarios/")
        .map(|e| {
            let name = e.expect("entry").file_name().to_string_lossy().into_owned();
            format!("scenarios/{name}")
        })
        .filter(|f| f.ends_with(".toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    files
}

fn check_json(file: &str, currency: Option<&str>) -> Value {
    let mut args = vec!["check", file, "--format", "json"];
    if let Some(c) = currency {
        args.extend(["--currency", c]);
    }
    let (code, out, err) = gpucost(&args);
    assert!(code == 0 || code == 1, "{file} {currency:?}: {err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    doc["scenarios"][0].clone()
}

fn decimal(v: &Value) -> Option<Decimal> {
    v.as_str().and_then(|s| Decimal::from_str(s).ok())
}

/// US dollars per unit of `code` in a scenario's JSON (1 for the dollar itself).
fn usd_per(scenario: &Value, code: &str) -> Decimal {
    if code == "USD" {
        return Decimal::ONE;
    }
    scenario["exchange_rates"]
        .as_array()
        .and_then(|rates| rates.iter().find(|r| r["currency"] == code))
        .and_then(|r| decimal(&r["usd_per_unit"]))
        .unwrap_or_else(|| panic!("no rate for {code}"))
}

#[test]
fn every_shipped_verdict_is_the_same_in_every_report_currency() {
    let mut claims = 0;
    for file in shipped() {
        let base = check_json(&file, None);
        let written = base["currency"].as_str().expect("currency").to_string();
        for code in CURRENCIES {
            let other = check_json(&file, Some(code));
            assert_eq!(other["currency"], code, "{file}");
            let (a, b) = (
                base["claims"].as_array().expect("claims"),
                other["claims"].as_array().expect("claims"),
            );
            assert_eq!(a.len(), b.len(), "{file}");
            for (x, y) in a.iter().zip(b) {
                let what = format!("{file} {} in {code}", x["id"]);
                for key in ["verdict", "factor", "position", "implied_mfu"] {
                    assert_eq!(x[key], y[key], "{what}: {key}");
                }
                // The implied price is one price: in USD per unit, the same to the
                // rates' six shown digits (the JSON rate is rounded; the run uses the
                // exact one).
                if let (Some(p), Some(q)) = (
                    decimal(&x["implied_unit_price"]),
                    decimal(&y["implied_unit_price"]),
                ) {
                    let p_usd = p * usd_per(&base, &written);
                    let q_usd = q * usd_per(&other, code);
                    let gap = (p_usd - q_usd).abs();
                    let tolerance = p_usd.abs() * Decimal::new(1, 5) + Decimal::new(1, 2);
                    assert!(gap <= tolerance, "{what}: {p_usd} vs {q_usd}");
                }
                claims += 1;
            }
        }
    }
    assert!(claims >= 60, "{claims} claims checked");
}

#[test]
fn compare_gives_the_same_verdicts_in_every_currency() {
    let files = shipped();
    let verdicts = |currency: &str| -> Vec<(String, Vec<Value>)> {
        let mut args: Vec<&str> = vec!["compare"];
        args.extend(files.iter().map(String::as_str));
        args.extend(["--format", "json", "--currency", currency]);
        let (code, out, err) = gpucost(&args);
        assert_eq!(code, 0, "{err}");
        let doc: Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(doc["currency"], currency);
        doc["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["label"].as_str().is_some_and(|l| l.starts_with("claim ")))
            .map(|r| {
                let label = r["label"].as_str().unwrap_or_default().to_string();
                let values = r["values"].as_array().cloned().unwrap_or_default();
                (label, values)
            })
            .collect()
    };
    let usd = verdicts("USD");
    assert!(usd.len() >= 10, "{usd:?}");
    for code in ["EUR", "GBP", "JPY"] {
        assert_eq!(verdicts(code), usd, "{code}");
    }
}

#[test]
fn a_bare_number_is_in_the_files_currency() {
    // 10 GPUs at a bare 25000 in a USD file: $250,000. Reported in EUR at the July
    // 2024 mean, 1 EUR = 1.0844 USD: €230,542.24 (250,000 / 1.0844 = 230,542.2353), never €250,000.
    let text = "[scenario]\ndate = 2024-07-15\n[[fleet]]\ngpu = \"H100\"\ncount = 10\nunit_price = 25000\n[[claim]]\nid = \"c\"\nvalue = 250000\nscope = \"gpus\"\n";
    let (_dir, file) = common::scenario_file("bare.toml", text);
    let usd = check_json(&file, None);
    let eur = check_json(&file, Some("EUR"));
    assert_eq!(usd["claims"][0]["low"], "250000");
    assert_eq!(eur["claims"][0]["low"], "230542.24");
    // The claim's bare 250000 is dollars too: consistent, exactly at the figure.
    assert_eq!(eur["claims"][0]["claim"], "230542.24");
    assert_eq!(eur["claims"][0]["verdict"], "consistent");
    // `run` names the rate that converted the file's figures.
    let (_, out, _) = gpucost(&["run", &file, "--currency", "EUR"]);
    assert!(out.contains("1 EUR = 1.0844 USD"), "{out}");
}

fn catalog() -> &'static Catalog {
    Catalog::builtin().expect("built-in catalog")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any small scenario in any currency, with bare and labelled figures, judges its
    /// claims alike in every report currency.
    #[test]
    fn the_report_currency_never_changes_a_verdict(
        written in prop::sample::select(vec!["USD", "EUR", "GBP", "JPY"]),
        report in prop::sample::select(vec!["USD", "EUR", "GBP", "CNY", "KRW"]),
        count in 1u64..200_000,
        price in 1_000u32..60_000,
        claim in 1u32..5_000,
        scale in prop::sample::select(vec!["k", "M", " milioni di euro", " million dollars", ""]),
        scope in prop::sample::select(vec!["gpus", "capex", "tco"]),
    ) {
        let text = format!(
            "[scenario]\ndate = 2024-03-15\ncurrency = \"{written}\"\n[[fleet]]\ngpu = \"H100\"\ncount = {count}\nunit_price = {price}\n[[claim]]\nid = \"c\"\nvalue = \"{claim}{scale}\"\nscope = \"{scope}\"\n"
        );
        let Ok(base) = report::evaluate("p.toml", &text, catalog()) else {
            return Ok(());
        };
        let to = Currency::from_code(report).expect("code");
        let other = report::evaluate_in("p.toml", &text, Some(to), catalog())
            .expect("converts when the file reads");
        prop_assert_eq!(other.scenario.currency, to);
        let (a, b) = (&base.claims[0], &other.claims[0]);
        prop_assert_eq!(a.verdict, b.verdict, "{}", text);
    }
}
