//! `--set` overrides and `gpucost set`: each kind of path checked against a hand
//! calculation, comments and layout kept, invalid edits leaving the file untouched, and
//! `set` followed by `run` agreeing with `run --set` on the original.

mod common;

use common::gpucost;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

fn run_json(args: &[&str]) -> Value {
    let (code, out, err) = gpucost(args);
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    let mut doc: Value = serde_json::from_str(&out).expect("valid JSON");
    // The file name differs between a copy and the original; nothing else may.
    if let Some(first) = doc.get_mut("scenarios").and_then(|s| s.get_mut(0)) {
        first["file"] = Value::Null;
    }
    doc
}

fn bounds(v: &Value) -> (String, String) {
    let s = |x: &Value| x.as_str().unwrap_or("?").to_string();
    (s(&v["low"]), s(&v["high"]))
}

/// A private copy of a shipped scenario.
fn copy_of(name: &str, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gpucost-edit-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let to = dir.join(name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name),
        &to,
    )
    .expect("copy");
    to
}

#[test]
fn set_overrides_each_kind_of_path_for_one_run() {
    let xai = "scenarios/xai2024.toml";
    // fleet: 50,000 × $20k–30k = $1B–1.5B
    let doc = run_json(&[
        "run",
        xai,
        "--format",
        "json",
        "--set",
        "fleet.colossus.count=50000",
    ]);
    let colossus = &doc["scenarios"][0]["fleets"][1];
    assert_eq!(
        bounds(&colossus["parts"]["gpus"]),
        ("1000000000".into(), "1500000000".into())
    );
    // defaults: PUE 1.5 exactly; energy = 127,500 kW × load 0.75 × 1.5 × 43,830–52,596 h
    // (5–6 years of 8,766 h) × $0.0815–0.081683 (the mean price of 2024–2028 and of
    // 2024–2029): low 127,500 × 0.75 × 1.5 × 43,830 × 0.0815 = 512,379,548.4375 →
    // 512,379,548.44; high 127,500 × 0.75 × 1.5 × 52,596 × 0.081683 = 616,236,053.81625
    // → 616,236,053.82
    let doc = run_json(&["run", xai, "--format", "json", "--set", "defaults.pue=1.5"]);
    let colossus = &doc["scenarios"][0]["fleets"][1];
    assert_eq!(
        bounds(&colossus["parts"]["energy"]),
        ("512379548.44".into(), "616236053.82".into())
    );
    // claim: $13B is above the B200 range $9B–12B: overstates 13 / 12 = 1.08
    let doc = run_json(&[
        "check",
        xai,
        "--format",
        "json",
        "--set",
        "claim.huang-9b.value=\"$13B\"",
    ]);
    let claim = &doc["scenarios"][0]["claims"][0];
    assert_eq!(
        (claim["verdict"].as_str(), claim["factor"].as_str()),
        (Some("overstates"), Some("1.08"))
    );
    // fx: at 1 EUR = 1.25 USD the V100 market $2,500–7,500 is €2,000–6,000
    let v100 = "scenarios/twitter2023-v100.toml";
    let doc = run_json(&["run", v100, "--format", "json", "--set", "fx.EUR=1.25"]);
    let market = &doc["scenarios"][0]["fleets"][0]["market"];
    assert_eq!(bounds(market), ("2000".into(), "6000".into()));
    // scenario: on 2024-02-01 the H100 cards and boards of the year to 2023-09-06 are
    // $25,000 (Raymond James) to $31,119.50 (an HGX board): 10,000 × that
    let doc = run_json(&[
        "run",
        "scenarios/twitter2023.toml",
        "--format",
        "json",
        "--set",
        "scenario.date=2024-02-01",
    ]);
    assert_eq!(
        bounds(&doc["scenarios"][0]["totals"]["gpus"]),
        ("250000000".into(), "311195000".into())
    );
    // gpu: a model defined on the fly, used by a fleet switched to it
    let doc = run_json(&[
        "run",
        xai,
        "--format",
        "json",
        "--set",
        "gpu.MI300X.tdp_w=750",
        "--set",
        "gpu.MI300X.unit_price=[\"$10k\", \"$15k\"]",
        "--set",
        "fleet.blackwell.gpu=\"MI300X\"",
    ]);
    let blackwell = &doc["scenarios"][0]["fleets"][2];
    // 300,000 × $10k–15k = $3B–4.5B
    assert_eq!(
        bounds(&blackwell["parts"]["gpus"]),
        ("3000000000".into(), "4500000000".into())
    );
}

#[test]
fn currency_converts_the_report_and_keeps_edge_verdicts() {
    for code in ["EUR", "GBP"] {
        let doc = run_json(&[
            "check",
            "scenarios/xai2024.toml",
            "--format",
            "json",
            "--currency",
            code,
        ]);
        let s = &doc["scenarios"][0];
        assert_eq!(s["currency"], code);
        // $9B is exactly the low edge of 300,000 × $30k–40k in any currency.
        let huang = &s["claims"][0];
        assert_eq!(
            (huang["verdict"].as_str(), huang["position"].as_str()),
            (Some("consistent"), Some("0")),
            "{code}"
        );
    }
    // 1 EUR = 1.0844 USD (ECB, July 2024): $9B = €8,299,520,472.15
    let doc = run_json(&[
        "check",
        "scenarios/xai2024.toml",
        "--format",
        "json",
        "--currency",
        "EUR",
    ]);
    assert_eq!(doc["scenarios"][0]["claims"][0]["claim"], "8299520472.15");
    let (code, _, err) = gpucost(&["run", "scenarios/xai2024.toml", "--currency", "XYZ"]);
    assert_eq!(code, 2);
    assert!(err.contains("`AUD` or `SEK`"), "{err}");
}

#[test]
fn bad_paths_and_values_exit_2_with_suggestions() {
    let xai = "scenarios/xai2024.toml";
    let cases = [
        ("fleet.colosus.count=1", "did you mean `fleet.colossus`?"),
        ("fleet.colossus.cont=1", "did you mean `count`?"),
        ("defalts.pue=1.2", "did you mean `defaults`?"),
        ("defaults.pue=0.5", "`pue` must be at least 1"),
        ("fleet.colossus.count", "expected `PATH=VALUE`"),
        ("fleet.colossus.unit_price=[1,", "is not a TOML value"),
    ];
    for (arg, expected) in cases {
        let (code, out, err) = gpucost(&["run", xai, "--set", arg]);
        assert_eq!(code, 2, "{arg}: {err}");
        assert!(out.is_empty(), "{arg}");
        assert!(
            err.contains(expected),
            "{arg}: expected `{expected}` in {err}"
        );
    }
}

#[test]
fn set_keeps_comments_and_layout_outside_the_edited_value() {
    let file = copy_of("xai2024.toml", "layout");
    let before = std::fs::read_to_string(&file).expect("read");
    let path = file.to_string_lossy().into_owned();
    let (code, _, err) = gpucost(&[
        "set",
        &path,
        "fleet.colossus.count=50000",
        "defaults.pue=1.3",
    ]);
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(&file).expect("read");
    let expected = before.replace(
        "count = 100_000             # \"un cluster GPU con 100.000 unità\"",
        "count = 50000             # \"un cluster GPU con 100.000 unità\"",
    ) + "\n[defaults]\npue = 1.3\n";
    assert_eq!(after, expected);
    insta::assert_snapshot!(after);
}

#[test]
fn an_invalid_edit_leaves_the_file_byte_identical() {
    let file = copy_of("meta2024.toml", "invalid");
    let before = std::fs::read(&file).expect("read");
    let path = file.to_string_lossy().into_owned();
    for arg in [
        "fleet.meta.count=0",
        "fleet.meta.gpu=\"H1000\"",
        "fleet.nope.count=1",
        "defaults.server_share=2",
    ] {
        let (code, _, err) = gpucost(&["set", &path, arg]);
        assert_eq!(code, 2, "{arg}: {err}");
        assert_eq!(
            std::fs::read(&file).expect("read"),
            before,
            "{arg} changed the file"
        );
    }
    let (code, out, _) = gpucost(&["set", &path, "fleet.meta.count=1000", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("-count = 350_000") && out.contains("+count = 1000"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(&file).expect("read"),
        before,
        "--dry-run changed the file"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn set_then_run_equals_run_with_set(count in 1u64..1_000_000, pue in 10u32..20, years in 1u32..10) {
        let sets = [
            format!("fleet.colossus.count={count}"),
            format!("defaults.pue={}.{}", pue / 10, pue % 10),
            format!("fleet.blackwell.years={years}"),
        ];
        let mut with_set = vec!["run", "scenarios/xai2024.toml", "--format", "json"];
        for s in &sets {
            with_set.extend(["--set", s.as_str()]);
        }
        let mut expected = run_json(&with_set);
        // What `--set` gave says so; written into the file, it is the file's.
        for fleet in expected["scenarios"][0]["fleets"].as_array_mut().into_iter().flatten() {
            fleet["count_set"] = Value::Null;
            for input in fleet["inputs"].as_object_mut().into_iter().flat_map(|i| i.values_mut()) {
                if input["origin"] == "--set" {
                    let from = input["source"].as_str().unwrap_or("");
                    input["origin"] = if from.starts_with("defaults.") { "defaults" } else { "scenario" }.into();
                    input["source"] = Value::Null;
                }
            }
        }
        let file = copy_of("xai2024.toml", &format!("prop-{count}-{pue}-{years}"));
        let path = file.to_string_lossy().into_owned();
        let mut set_args = vec!["set", path.as_str()];
        set_args.extend(sets.iter().map(String::as_str));
        let (code, _, err) = gpucost(&set_args);
        prop_assert_eq!(code, 0, "{}", err);
        let actual = run_json(&["run", &path, "--format", "json"]);
        prop_assert_eq!(actual, expected);
        let _ = std::fs::remove_file(&file);
    }
}

const SHIPPED: [&str; 4] = [
    "scenarios/twitter2023.toml",
    "scenarios/twitter2023-v100.toml",
    "scenarios/xai2024.toml",
    "scenarios/meta2024.toml",
];

#[test]
fn compare_of_the_shipped_scenarios_in_each_format() {
    for format in ["table", "markdown", "json", "csv"] {
        let mut args = vec!["compare"];
        args.extend(SHIPPED);
        args.extend(["--format", format]);
        let (code, out, err) = gpucost(&args);
        assert_eq!(code, 0, "{format}: {err}");
        insta::with_settings!({ snapshot_suffix => format }, {
            insta::assert_snapshot!("compare_shipped", out);
        });
        match format {
            "json" => {
                let doc: Value = serde_json::from_str(&out).expect("valid JSON");
                assert_eq!(doc["columns"].as_array().map(Vec::len), Some(4));
            }
            "csv" => {
                let mut reader = csv::Reader::from_reader(out.as_bytes());
                let header: Vec<String> = reader
                    .headers()
                    .expect("header")
                    .iter()
                    .map(str::to_string)
                    .collect();
                assert_eq!(header, ["row", "scenario", "value", "midpoint"]);
                let rows: Vec<csv::StringRecord> = reader
                    .records()
                    .collect::<Result<_, _>>()
                    .expect("valid CSV");
                let meta = rows
                    .iter()
                    .find(|r| &r[0] == "gpus" && r[1].starts_with("Meta"))
                    .expect("Meta gpus row");
                // 350,000 × $25,000–31,119.50 = $8.75B–10,891,825,000, midpoint
                // $9,820,912,500
                assert_eq!(&meta[3], "9820912500");
            }
            _ => {}
        }
    }
}

#[test]
fn vary_makes_one_column_per_value() {
    let doc = run_json(&[
        "compare",
        "scenarios/xai2024.toml",
        "--format",
        "json",
        "--vary",
        "fleet.colossus.count=50000,200000",
    ]);
    let columns: Vec<&str> = doc["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        columns,
        [
            "as written",
            "fleet.colossus.count=50000",
            "fleet.colossus.count=200000"
        ]
    );
    let gpus = doc["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["label"] == "gpus"))
        .expect("gpus row");
    // $2B–3B + $9B–12B ; 50,000 × $20k–30k + $9B–12B = $10B–13.5B ; 200,000 × … = $13B–18B
    let mids: Vec<&str> = gpus["midpoints"]
        .as_array()
        .expect("midpoints")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(mids, ["13000000000", "11750000000", "15500000000"]);
}

#[test]
fn diff_answers_what_if_xai_paid_20k_for_6_years() {
    let (code, out, err) = gpucost(&[
        "compare",
        "scenarios/xai2024.toml",
        "--diff",
        "--variant",
        "fleet.colossus.unit_price=\"$20k\"; fleet.colossus.years=6",
    ]);
    assert_eq!(code, 0, "{err}");
    // Colossus GPUs fall from $2B–3B to exactly $2B: midpoint −$500M.
    assert!(out.contains("-$500,000,000"), "{out}");
    // Rows that do not change are left out.
    assert!(!out.contains("blackwell · unit_price"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn compare_shows_each_job_and_what_changing_it_does() {
    let doc = run_json(&[
        "compare",
        "scenarios/deepseek-v3.toml",
        "--format",
        "json",
        "--vary",
        "job.v3.gpu_hours=3000000",
    ]);
    let row = |label: &str| -> Vec<String> {
        doc["rows"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["label"] == label))
            .unwrap_or_else(|| panic!("no row {label}: {doc}"))["midpoints"]
            .as_array()
            .expect("midpoints")
            .iter()
            .map(|v| v.as_str().unwrap_or("").to_string())
            .collect()
    };
    // The paper's 2,788,000 GPU-hours at $2 = $5,576,000; 3,000,000 × $2 = $6,000,000.
    assert_eq!(row("job v3 · gpu_hours"), ["2788000", "3000000"]);
    assert_eq!(row("job v3 · cloud"), ["5576000", "6000000"]);
    assert_eq!(row("job v3 · cloud per GPU-hour"), ["2", "2"]);
    // On all 2,048 GPUs: 2,788,000 / 2,048 = 1,361.33 → 1,361 hours; 3,000,000 / 2,048
    // = 1,464.84 → 1,465.
    assert_eq!(row("job v3 · hours"), ["1361", "1465"]);

    // The table's Δ: +$424,000 is +7.6% of $5,576,000; FLOP differences in powers of ten.
    let (code, out, err) = gpucost(&[
        "compare",
        "scenarios/deepseek-v3.toml",
        "--diff",
        "--vary",
        "job.v3.gpu_hours=3000000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("+$424,000") && out.contains("+7.6%"), "{out}");
    let (code, out, err) = gpucost(&[
        "compare",
        "scenarios/llama31.toml",
        "--diff",
        "--vary",
        "job.llama-3.1-405b.flop=1e26",
    ]);
    assert_eq!(code, 0, "{err}");
    // 1e26 − 3.8e25 = 6.2e25, +163.2%.
    assert!(out.contains("+6.2e25") && out.contains("+163.2%"), "{out}");
}

/// Two fleets; the second's `pue` (line 14, column 7) is reversed.
const TWO_FLEETS: &str = "[scenario]\ndate = 2024-07-15\n\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\n\
                          count = 10\n\n[[fleet]]\nid = \"b\"\ngpu = \"H100\"\ncount = 10\n\
                          unit_price = [20000, 30000]\npue = [1.5, 1.2]\n";

#[test]
fn values_from_the_command_line_say_so_and_file_lines_stay_the_files() {
    let (_dir, file) = common::scenario_file("two.toml", TWO_FLEETS);
    // A key inserted into fleet `a` adds a line to the edited text; the error in
    // fleet `b` is still shown at the file's own line 14.
    let (code, _, err) = gpucost(&["run", &file, "--set", "fleet.a.pue=1.3"]);
    assert_eq!(code, 2);
    assert!(err.contains("two.toml:14:7"), "{err}");
    assert!(err.contains("14 │ pue = [1.5, 1.2]"), "{err}");
    // A reversed range given with --set is shown in the assignment, at column 20
    // (after the 19 characters of `fleet.a.unit_price=`), never at a file line.
    let fix = "fleet.b.pue=[1.2, 1.5]";
    let (code, _, err) = gpucost(&[
        "run",
        &file,
        "--set",
        fix,
        "--set",
        "fleet.a.unit_price=[\"$30k\", \"$20k\"]",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("┌─ command line:1:20"), "{err}");
    assert!(
        err.contains("1 │ fleet.a.unit_price=[\"$30k\", \"$20k\"]"),
        "{err}"
    );
    assert!(!err.contains("two.toml:"), "{err}");
    // Origins: `--set` in the table, JSON and explain; file lines as in the file.
    let sets = [
        "--set",
        "fleet.a.pue=1.3",
        "--set",
        fix,
        "--set",
        "fleet.a.years=6",
    ];
    let mut args = vec!["run", &*file];
    args.extend(sets);
    let (code, out, err) = gpucost(&args);
    assert_eq!(code, 0, "{err}");
    let years = out
        .lines()
        .find(|l| l.contains("6 years"))
        .expect("years row");
    assert!(years.contains("--set"), "{out}");
    args.extend(["--format", "json"]);
    let doc = run_json(&args);
    let inputs = &doc["scenarios"][0]["fleets"][0]["inputs"];
    assert_eq!(inputs["pue"]["origin"], "--set");
    assert_eq!(inputs["pue"]["source"], "fleet.a.pue=1.3");
    let mut args = vec!["explain", &*file];
    args.extend(sets);
    let (code, out, err) = gpucost(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("from the command line, `--set fleet.a.years=6`"),
        "{out}"
    );
    assert!(
        out.contains("from the command line, `--set fleet.b.pue=[1.2, 1.5]`"),
        "{out}"
    );
    // Fleet b's unit price is the file's line 13, though two lines were inserted above.
    assert!(out.contains("from the fleet, line 13"), "{out}");
}

/// A scenario of 1,000 GPUs at one exact price in one currency, with nothing else.
fn priced_at(tag: &str, price: &str, currency: &str) -> (tempfile::TempDir, String) {
    let text = format!(
        "[scenario]\nname = \"{tag}\"\ndate = 2023-04-14\ncurrency = \"{currency}\"\n\n\
         [[fleet]]\nid = \"f\"\ngpu = \"H100\"\ncount = 1_000\nunit_price = \"{price}\"\n"
    );
    common::scenario_file(&format!("{tag}.toml"), &text)
}

#[test]
fn compare_diff_never_subtracts_euros_from_dollars() {
    let (_eur_dir, eur) = priced_at("eur", "€100,000", "EUR");
    let (_usd_dir, usd) = priced_at("usd", "$100,000", "USD");
    // Before: Δ gpus was €0 for €100M against $100M.
    let doc = run_json(&["compare", &eur, &usd, "--format", "json"]);
    assert_eq!(doc["currency"], "EUR", "the first column's currency");
    let gpus = doc["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["label"] == "gpus"))
        .expect("gpus row");
    // 1,000 × $100,000 = $100M at 1 EUR = 1.0968 USD (ECB, April 2023)
    // = €91,174,325.31 (100,000,000 / 1.0968 = 91,174,325.3099…).
    assert_eq!(gpus["midpoints"][0], "100000000");
    assert_eq!(gpus["midpoints"][1], "91174325.31");
    assert_eq!(doc["converted"][0]["from"], "USD");
    assert_eq!(doc["converted"][0]["rate"], "0.911743");
    // The table says which currency, and what was converted at which rate.
    let (code, out, err) = gpucost(&["compare", &eur, &usd, "--diff"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("-€8,825,675"), "{out}");
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("money in EUR"), "{out}");
    assert!(
        words.contains(
            "`usd` is written in USD, converted at 1 USD = 0.911743 EUR (ECB monthly mean 2023-04)"
        ),
        "{out}"
    );
    // `--currency` puts every column in the currency asked for.
    let doc = run_json(&[
        "compare",
        &eur,
        &usd,
        "--format",
        "json",
        "--currency",
        "USD",
    ]);
    let gpus = doc["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["label"] == "gpus"))
        .expect("gpus row");
    // €100M × 1.0968 = $109,680,000
    assert_eq!(gpus["midpoints"][0], "109680000");
    assert_eq!(gpus["midpoints"][1], "100000000");
}

#[test]
fn width_forces_a_table_width_and_pipes_are_not_wrapped() {
    let widest = |out: &str| out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut args = vec!["compare"];
    args.extend(SHIPPED);
    // Piped (as here) and without --width: no wrapping, the four columns stay on one line.
    let (_, out, _) = gpucost(&args);
    assert!(widest(&out) > 150, "piped output was wrapped");
    args.extend(["--width", "100"]);
    let (code, out, err) = gpucost(&args);
    assert_eq!(code, 0, "{err}");
    assert!(widest(&out) <= 100, "widest line {}", widest(&out));
    let (_, out, _) = gpucost(&["run", "scenarios/xai2024.toml", "--width", "60"]);
    assert!(widest(&out) <= 78, "widest line {}", widest(&out));
}

fn solve_value(args: &[&str]) -> String {
    let mut all = vec!["solve"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let (code, out, err) = gpucost(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    let doc: Value = serde_json::from_str(&out).expect("valid JSON");
    doc["value"].as_str().unwrap_or("?").to_string()
}

#[test]
fn solve_answers_plug_back_to_make_the_claim_exact() {
    // €200M for 10,000 V100 ⇒ €20,000 per GPU.
    let v = solve_value(&[
        "scenarios/twitter2023-v100.toml",
        "--claim",
        "nl-200-million-euro",
    ]);
    assert_eq!(v, "20000");
    let set = format!("fleet.twitter.unit_price={v}");
    let doc = run_json(&[
        "check",
        "scenarios/twitter2023-v100.toml",
        "--format",
        "json",
        "--set",
        &set,
    ]);
    let c = &doc["scenarios"][0]["claims"][0];
    assert_eq!(
        (c["low"].as_str(), c["high"].as_str()),
        (Some("200000000"), Some("200000000"))
    );
    assert_eq!(c["verdict"], "consistent");

    // A tco claim solved for PUE, checked with every other blackwell input pinned to
    // its midpoint: the tco then equals the claim exactly.
    let tco = [
        "--set",
        "claim.huang-9b.scope=\"tco\"",
        "--set",
        "claim.huang-9b.value=\"$40B\"",
    ];
    let mut args = vec![
        "scenarios/xai2024.toml",
        "--claim",
        "huang-9b",
        "--input",
        "fleet.blackwell.pue",
    ];
    args.extend(tco);
    let pue = solve_value(&args);
    let pinned = [
        "fleet.blackwell.unit_price=35000".to_string(),
        "fleet.blackwell.server_share=0.65".into(),
        "fleet.blackwell.network_share=0.365".into(),
        "fleet.blackwell.facility_per_mw=17000000".into(),
        "fleet.blackwell.kw_per_gpu=1.8".into(),
        "fleet.blackwell.electricity_per_kwh=0.0815915".into(),
        "fleet.blackwell.years=5.5".into(),
        format!("fleet.blackwell.pue={pue}"),
    ];
    let mut run = vec!["check", "scenarios/xai2024.toml", "--format", "json"];
    run.extend(tco);
    for p in &pinned {
        run.extend(["--set", p.as_str()]);
    }
    let doc = run_json(&run);
    let c = &doc["scenarios"][0]["claims"][0];
    assert_eq!(
        (c["low"].as_str(), c["high"].as_str()),
        (Some("40000000000"), Some("40000000000")),
        "pue {pue}"
    );
}

#[test]
fn solve_answers_values_outside_the_domain_and_refuses_unknown_names() {
    // $1B of capex for 300,000 B200: facility alone costs more, so no price can do it:
    // an answer (exit 0), not an error. At a price of 0 the capex is the facility,
    // 300,000 × 1.8 kW / 1000 × $17M (the midpoint of $10M–24M) = $9.18B.
    let (code, out, err) = gpucost(&[
        "solve",
        "scenarios/xai2024.toml",
        "--claim",
        "huang-9b",
        "--set",
        "claim.huang-9b.scope=\"capex\"",
        "--set",
        "claim.huang-9b.value=\"$1B\"",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("cannot be true by fleet.blackwell.unit_price")
            && out.contains("$9,180,000,000"),
        "{out}"
    );
    let (code, _, err) = gpucost(&["solve", "scenarios/xai2024.toml", "--claim", "huang-9"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `huang-9b`?"), "{err}");
}

#[test]
fn set_reaches_a_jobs_inputs_for_one_run_and_in_the_file() {
    // GPT-4 at 60M GPU-hours instead of 57M: amortized = $40,155,933.94 × 60 / 57
    // = $42,269,404.15 (every part is proportional to the GPU-hours)
    let doc = run_json(&[
        "run",
        "scenarios/gpt4-epoch.toml",
        "--format",
        "json",
        "--set",
        "job.gpt-4.gpu_hours=60000000",
    ]);
    let job = &doc["scenarios"][0]["jobs"][0];
    assert_eq!(
        bounds(&job["estimates"]["amortized"]),
        ("42269404.15".into(), "42269404.15".into())
    );
    assert_eq!(job["inputs"]["gpu_hours"]["origin"], "--set");
    // `gpucost set` writes it into the file, and a job the file lacks is named.
    let file = copy_of("gpt4-epoch.toml", "job");
    let path = file.to_string_lossy().into_owned();
    let (code, _, err) = gpucost(&["set", &path, "job.gpt-4.mfu=0.375"]);
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(&file).expect("read");
    assert!(after.contains("mfu = 0.375"), "{after}");
    let (code, _, err) = gpucost(&["set", &path, "job.gpt4.mfu=0.4"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `job.gpt-4`?"), "{err}");
}
