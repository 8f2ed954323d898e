//! Serves end to end: DeepSeek's published day of inference reproduced from its inputs,
//! a bought fleet serving at its cost of owning a GPU-hour, volume from throughput,
//! margins claimed as percentages as written, and the implied rate.

mod common;

use common::{exact, gpucost, low_high, run, scenario_file};
use serde_json::Value;

fn pair(low: &str, high: &str) -> (String, String) {
    (low.to_string(), high.to_string())
}

fn claim<'a>(s: &'a Value, id: &str) -> &'a Value {
    s["claims"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no claim {id}"))
}

const DEEPSEEK: &str = "scenarios/deepseek-inference.toml";

#[test]
fn deepseeks_day_of_inference_comes_out_as_published() {
    let s = run(DEEPSEEK, &[]);
    let serve = &s["serves"][0];
    // 226.75 nodes × 8 = 1,814 GPUs × 24 h = 43,536 GPU-hours × $2 = $87,072, DeepSeek's
    // "total daily cost".
    assert_eq!(exact(&serve["gpu_hours"]), "43536");
    assert_eq!(exact(&serve["cost"]), "87072");
    assert_eq!(serve["rate_basis"], "rented");
    // Revenue with the counts as rounded (342B cached, 608 − 342 = 266B missed, 168B
    // out): 342e9 × 0.14 + 266e9 × 0.55 + 168e9 × 2.19, per million, = 47,880 + 146,300
    // + 367,920 = $562,100, $73 above DeepSeek's $562,027. With each count ±0.5B:
    // low  = 341.5e3 × 0.14 + 265e3 × 0.55 + 167.5e3 × 2.19 = 47,810 + 145,750 + 366,825
    //      = $560,385 (uncached low = 607.5B − 342.5B = 265B);
    // high = 342.5e3 × 0.14 + 267e3 × 0.55 + 168.5e3 × 2.19 = 47,950 + 146,850 + 369,015
    //      = $563,815.
    assert_eq!(low_high(&serve["revenue"]), pair("560385", "563815"));
    assert_eq!(
        low_high(&serve["uncached_input_tokens"]),
        pair("265000000000", "267000000000")
    );
    // Margin = revenue / cost − 1: 560,385 / 87,072 − 1 = 5.43588… → 543.59%;
    // 563,815 / 87,072 − 1 = 5.47527… → 547.53%. DeepSeek's 545% lies inside.
    assert_eq!(low_high(&serve["margin"]), pair("543.59", "547.53"));
    // Cost per million output tokens: 87,072 / 168.5e9 × 1e6 = $0.516748; / 167.5e9 ×
    // 1e6 = $0.519833.
    assert_eq!(
        low_high(&serve["cost_per_million_output"]),
        pair("0.516748", "0.519833")
    );
    // Output tokens per GPU-second: 167.5e9 / (43,536 × 3,600) = 1,068.7196.
    assert_eq!(serve["output_tokens_per_gpu_second"]["low"], "1068.7196");
    for id in ["cost-87k", "revenue-562k", "margin-545"] {
        assert_eq!(claim(&s, id)["verdict"], "consistent", "{id}");
        assert_eq!(claim(&s, id)["serve"], "v3-r1", "{id}");
    }
    // 545% at the midpoints: revenue $562,100 / 43,536 GPU-hours = $12.911595 per
    // GPU-hour, / 6.45 = $2.0018 → $2: the claimed margin implies DeepSeek's own rate.
    let margin = claim(&s, "margin-545");
    assert_eq!(margin["implied_unit_price"], "2");
    // Over the ranges: $12.871761 / 6.45 = $1.9956 → $2; $12.950547 / 6.45 = $2.0078.
    assert_eq!(
        low_high(&margin["implied_unit_price_range"]),
        pair("2", "2.01")
    );
    let (code, _, err) = gpucost(&["check", DEEPSEEK]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_margin_is_judged_as_written() {
    // "circa il 500%": about = ±10%, [450%, 550%]: overlaps [543.59%, 547.53%].
    let s = run(
        DEEPSEEK,
        &["--set", "claim.margin-545.value=\"circa il 500%\""],
    );
    let c = claim(&s, "margin-545");
    assert_eq!(c["verdict"], "consistent");
    assert_eq!(
        (c["claim_low"].as_str(), c["claim_high"].as_str()),
        (Some("450"), Some("550"))
    );
    assert_eq!(c["reading"], "about");
    // "more than 600%": the range tops out at 547.53%: overstates by 600 / 547.53 = 1.10.
    let s = run(
        DEEPSEEK,
        &["--set", "claim.margin-545.value=\"more than 600%\""],
    );
    let c = claim(&s, "margin-545");
    assert_eq!(c["verdict"], "overstates");
    assert_eq!(c["factor"], "1.1");
    // At the catalog's $3.42 rather than $2, the same day: cost = 43,536 × 3.42 =
    // $148,893.12; margin = 560,385 / 148,893.12 − 1 = 276.37% to 563,815 / 148,893.12 −
    // 1 = 278.67%: the 545% understates by nothing; it overstates by 545 / 278.67 = 1.96.
    let s = run(DEEPSEEK, &["--set", "fleet.h800.rate_per_gpu_hour=3.42"]);
    assert_eq!(
        low_high(&s["serves"][0]["margin"]),
        pair("276.37", "278.67")
    );
    let c = claim(&s, "margin-545");
    assert_eq!(
        (c["verdict"].as_str(), c["factor"].as_str()),
        (Some("overstates"), Some("1.96"))
    );
    // A range of percentages, and the words for per cent: [400%, 600%] overlaps.
    let s = run(
        DEEPSEEK,
        &["--set", r#"claim.margin-545.value=["400%","600%"]"#],
    );
    let c = claim(&s, "margin-545");
    assert_eq!(
        (c["claim_low"].as_str(), c["claim_high"].as_str()),
        (Some("400"), Some("600"))
    );
    assert_eq!(c["verdict"], "consistent");
    let s = run(
        DEEPSEEK,
        &[
            "--set",
            "claim.margin-545.value=\"between 550 and 600 per cent\"",
        ],
    );
    // [550%, 600%] starts above 547.53%: overstates by 550 / 547.53 = 1.0045.
    let c = claim(&s, "margin-545");
    assert_eq!(c["verdict"], "overstates");
    assert_eq!(c["factor"], "1.0045");
    // A margin written without its `%` is refused, both readings shown.
    let (code, _, err) = gpucost(&["run", DEEPSEEK, "--set", "claim.margin-545.value=5.45"]);
    assert_eq!(code, 2);
    assert!(err.contains("5.45% or 545%"), "{err}");
}

#[test]
fn a_bought_fleet_serves_at_its_owned_cost() {
    // Owned per GPU-hour = $25,000 / (4 × 8,766 h) + 1 kW × 1 × 1 × $0.10 = $0.712982
    // + $0.10 = $0.812982; 100 GPUs × 10 h = 1,000 GPU-hours → $812.98.
    let (_dir, file) = scenario_file(
        "owned.toml",
        r#"
[scenario]
date = 2024-07-15
[[fleet]]
id = "own"
gpu = "H100"
count = 100
unit_price = 25_000
server_share = 0
network_share = 0
facility_per_mw = 0
kw_per_gpu = 1
load = 1
pue = 1
electricity_per_kwh = 0.1
years = 4
[[serve]]
id = "chat"
fleet = "own"
hours = 10
output_tokens = "1.8B"
price_per_million_output = "$1"
[[claim]]
id = "cost"
value = "$813"
serve = "chat"
scope = "cost"
"#,
    );
    let s = run(&file, &[]);
    let serve = &s["serves"][0];
    assert_eq!(serve["rate_basis"], "owned");
    assert_eq!(exact(&serve["rate_per_gpu_hour"]), "0.812982");
    assert_eq!(exact(&serve["cost"]), "812.98");
    // Revenue 1.8e9 × $1 / 1e6 = $1,800; margin = 1,800 / 812.98 − 1 = 121.41%.
    assert_eq!(exact(&serve["revenue"]), "1800");
    assert_eq!(exact(&serve["margin"]), "121.41");
    // Cost per million output = 812.98 / 1,800 = $0.451657.
    assert_eq!(exact(&serve["cost_per_million_output"]), "0.451657");
    // $813 is $0.02 above $812.98: overstates by a factor a hair above 1; the rate it
    // implies is $813 / 1,000 GPU-hours = $0.81 per GPU-hour owned.
    let c = claim(&s, "cost");
    assert_eq!(c["verdict"], "overstates");
    assert_eq!(c["implied_unit_price"], "0.81");
}

#[test]
fn throughput_gives_the_volume() {
    // 1,000 output tokens per GPU-second × 0.5 utilization × 10 GPUs × 2 h × 3,600 s =
    // 36,000,000 tokens; cost = 20 GPU-hours × $2 = $40; per million output = 40 / 36
    // = $1.111111; revenue = 36 × $2.19 = $78.84; margin = 78.84 / 40 − 1 = 97.1%.
    let (_dir, file) = scenario_file(
        "throughput.toml",
        r#"
[scenario]
date = 2025-02-28
[[fleet]]
id = "h800"
gpu = "H800"
count = 10
acquisition = "rent"
rate_per_gpu_hour = 2
[[serve]]
id = "decode"
fleet = "h800"
hours = 2
output_tokens_per_gpu_second = 1_000
utilization = 0.5
price_per_million_output = "$2.19"
[[claim]]
id = "per-million"
value = "$1.11"
serve = "decode"
scope = "cost_per_million_output"
"#,
    );
    let s = run(&file, &[]);
    let serve = &s["serves"][0];
    assert_eq!(exact(&serve["output_tokens"]), "36000000");
    assert_eq!(exact(&serve["cost"]), "40");
    assert_eq!(exact(&serve["cost_per_million_output"]), "1.111111");
    assert_eq!(exact(&serve["revenue"]), "78.84");
    assert_eq!(exact(&serve["margin"]), "97.1");
    // $1.11 is just under $1.111111: understates; the rate it implies is $1.11 × 1,800
    // tokens per GPU-hour... per million: 1.11 × (500 × 3,600) / 1e6 = $1.998 → $2.
    let c = claim(&s, "per-million");
    assert_eq!(c["verdict"], "understates");
    assert_eq!(c["implied_unit_price"], "2");
    // A range of GPU-hours cancels out of the margin: [5, 15] GPUs give [10, 30]
    // GPU-hours, yet the margin stays 97.1% (revenue and cost both scale with them).
    let s = run(&file, &["--set", "serve.decode.gpus=[5,10]"]);
    assert_eq!(exact(&s["serves"][0]["margin"]), "97.1");
}

#[test]
fn the_templates_serve_runs_once_uncommented() {
    let (code, template, _) = gpucost(&["init", "-"]);
    assert_eq!(code, 0);
    let mut text = String::new();
    let mut in_serve = false;
    for line in template.lines() {
        if line == "# [[serve]]" {
            in_serve = true;
        }
        if in_serve && line.is_empty() {
            in_serve = false;
        }
        let line = match in_serve {
            true => line.strip_prefix("# ").unwrap_or(line),
            false => line,
        };
        text.push_str(line);
        text.push('\n');
    }
    assert!(text.contains("\n[[serve]]\n"), "{text}");
    let (_dir, file) = scenario_file("template.toml", &text);
    let s = run(&file, &[]);
    let serve = &s["serves"][0];
    // 800 GPUs × 24 h = 19,200 GPU-hours at the `cloud` fleet's $2–$4 = $38,400–$76,800.
    assert_eq!(low_high(&serve["cost"]), pair("38400", "76800"));
    // Revenue = 30e3 × 0.55 + 30e3 × 0.14 + 15e3 × 2.19 = 16,500 + 4,200 + 32,850 =
    // $53,550 (thousands of millions of tokens × dollars per million).
    assert_eq!(exact(&serve["revenue"]), "53550");
}

#[test]
fn set_edits_a_serve_in_its_file() {
    let text = std::fs::read_to_string(DEEPSEEK).expect("the scenario");
    let (_dir, file) = scenario_file("ds.toml", &text);
    let (code, _, err) = gpucost(&["set", &file, "serve.v3-r1.gpus=2224"]);
    assert_eq!(code, 0, "{err}");
    let edited = std::fs::read_to_string(&file).expect("edited");
    // The comment on the line is kept.
    assert!(
        edited.contains("gpus = 2224                  # \"an average occupancy"),
        "{edited}"
    );
    // 2,224 × 24 × $2 = $106,752.
    assert_eq!(exact(&run(&file, &[])["serves"][0]["cost"]), "106752");
    // A key a serve does not have is refused, with the nearest.
    let (code, _, err) = gpucost(&["set", &file, "serve.v3-r1.output_token=1"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `output_tokens`?"), "{err}");
}

#[test]
fn solve_simulate_and_sensitivity_reach_a_serve() {
    // Margin 545% at the midpoints: rate = $12.911595 / 6.45 = $2.0018 per GPU-hour.
    let (code, out, err) = gpucost(&[
        "solve",
        DEEPSEEK,
        "--claim",
        "margin-545",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["input"], "fleet.h800.rate_per_gpu_hour");
    assert!(
        v["value"].as_str().is_some_and(|x| x.starts_with("2.001")),
        "{v}"
    );
    // Simulated: every draw's margin lies within the exact [543.59%, 547.53%], and the
    // mean is near the midpoints' 562,100 / 87,072 − 1 = 545.56%.
    let (code, out, err) = gpucost(&[
        "simulate",
        DEEPSEEK,
        "--samples",
        "4000",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let margin = &v["simulations"][0]["serves"][0]["totals"]["margin"];
    let (min, max, mean) = (
        margin["min"].as_f64().unwrap_or(0.0),
        margin["max"].as_f64().unwrap_or(0.0),
        margin["mean"].as_f64().unwrap_or(0.0),
    );
    assert!(min >= 543.58 && max <= 547.54, "{margin}");
    assert!((mean - 545.56).abs() < 0.1, "{margin}");
    // The tornado of the margin: the output tokens move it most (their ±0.5B × $2.19
    // is $2,190 of revenue, against ±$70 and ±$550 for the cached and input tokens).
    let (code, out, err) = gpucost(&[
        "sensitivity",
        DEEPSEEK,
        "--serve",
        "v3-r1",
        "--samples",
        "500",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["scope"], "margin");
    assert_eq!(v["serve"], "v3-r1");
    assert_eq!(v["inputs"][0]["input"], "output_tokens");
    // Output at its low, 167.5B, the rest at their midpoints: revenue = 562,100 −
    // 0.5e3 × 2.19 = $561,005; margin = 561,005 / 87,072 − 1 = 544.30%.
    assert_eq!(v["inputs"][0]["total_at_low"], "544.3");
}

#[test]
fn a_file_without_serves_reports_as_before() {
    // No `serves` key, no `serve` column: the JSON and CSV of a file without serves
    // keep their shape.
    let s = run("scenarios/xai2024.toml", &[]);
    assert!(s.get("serves").is_none());
    assert!(s["claims"][0].get("serve").is_none());
    let (_, out, _) = gpucost(&["run", "scenarios/xai2024.toml", "--format", "csv"]);
    assert!(out.starts_with("file,scenario,date,currency,fleet,item,bound,amount,job\n"));
    let (_, out, _) = gpucost(&["run", DEEPSEEK, "--format", "csv"]);
    assert!(out.starts_with("file,scenario,date,currency,fleet,item,bound,amount,job,serve\n"));
    // A serve's row: 87,072 / 168.5e9 × 1e6 = $0.516748 per million output tokens.
    assert!(
        out.contains(",h800,cost_per_million_output,low,0.516748,,v3-r1\n"),
        "{out}"
    );
}

#[test]
fn a_loss_can_be_claimed() {
    // "-20%": below the 543.59% low, so it understates, with no factor (a ratio across
    // zero means nothing); the rate it implies: revenue per GPU-hour at the midpoints,
    // $562,100 / 43,536 = $12.911595, / (1 − 0.20) = $16.14.
    let s = run(DEEPSEEK, &["--set", "claim.margin-545.value=\"-20%\""]);
    let c = claim(&s, "margin-545");
    assert_eq!(
        (c["verdict"].as_str(), c["factor"].as_str()),
        (Some("understates"), None)
    );
    assert_eq!(c["implied_unit_price"], "16.14");
    // A loss of $5,000 on the day: rate = ($562,100 + $5,000) / 43,536 = $13.03.
    let s = run(
        DEEPSEEK,
        &[
            "--set",
            "claim.revenue-562k.scope=\"profit\"",
            "--set",
            "claim.revenue-562k.value=-5000",
        ],
    );
    let c = claim(&s, "revenue-562k");
    assert_eq!(c["verdict"], "understates");
    assert_eq!(c["implied_unit_price"], "13.03");
}

/// A serve's figures from its JSON, as decimals: `(low, high)` of `key`.
fn figure(serve: &Value, key: &str) -> (rust_decimal::Decimal, rust_decimal::Decimal) {
    let d = |v: &Value| {
        v.as_str()
            .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
            .unwrap_or_default()
    };
    (d(&serve[key]["low"]), d(&serve[key]["high"]))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Every figure of a serve is an ordered range; a dearer output price never
    /// lowers its revenue, profit or margin, and never changes its cost.
    #[test]
    fn serve_figures_are_ordered_and_grow_with_the_price(
        rate in 1u32..500,
        spread in 0u32..300,
        gpus in 1u32..5_000,
        hours in 1u32..200,
        input in 0u64..1_000_000,
        cached_share in 0u32..100,
        output in 1u64..1_000_000,
        price in 1u32..1_000,
        more in 0u32..1_000,
    ) {
        let serve = |price: u32| {
            let text = format!(
                "[scenario]\ndate = 2025-02-28\n[[fleet]]\nid = \"f\"\ngpu = \"H800\"\ncount = 5000\n\
                 acquisition = \"rent\"\nrate_per_gpu_hour = [{}, {}]\n[[serve]]\nid = \"s\"\n\
                 fleet = \"f\"\ngpus = {gpus}\nhours = {hours}\ninput_tokens = \"{input}M\"\n\
                 cached_input_tokens = \"{}M\"\noutput_tokens = [\"{output}M\", \"{}M\"]\n\
                 price_per_million_input = 0.5\nprice_per_million_output = {}\n",
                f64::from(rate) / 100.0,
                f64::from(rate + spread) / 100.0,
                input * u64::from(cached_share) / 100,
                output * 2,
                f64::from(price) / 100.0,
            );
            let (_dir, file) = scenario_file("p.toml", &text);
            run(&file, &[])["serves"][0].clone()
        };
        let (a, b) = (serve(price), serve(price + more));
        for key in ["cost", "revenue", "profit", "margin", "cost_per_million_output"] {
            let (low, high) = figure(&a, key);
            proptest::prop_assert!(low <= high, "{key}: {low} > {high}");
        }
        proptest::prop_assert_eq!(figure(&a, "cost"), figure(&b, "cost"));
        for key in ["revenue", "profit", "margin"] {
            let ((l1, h1), (l2, h2)) = (figure(&a, key), figure(&b, key));
            proptest::prop_assert!(l1 <= l2 && h1 <= h2, "{key}: {l1}–{h1} then {l2}–{h2}");
        }
    }
}
