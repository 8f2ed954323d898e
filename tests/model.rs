//! The cost model an analyst can defend: prices at the date a fleet was bought, one
//! year length, like compared with like, options not sums. Each test works its figures
//! by hand in the comments.

mod common;

use common::{gpucost, scenario_file};
use serde_json::Value;

/// The first scenario of `gpucost CMD FILE --format json ARGS…` on `text`, and the
/// exit status.
fn json_of(cmd: &str, text: &str, args: &[&str]) -> (i32, Value) {
    let (_dir, file) = scenario_file("model.toml", text);
    let mut all = vec![cmd, file.as_str(), "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = gpucost(&all);
    assert!(code == 0 || code == 1, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    (code, doc["scenarios"][0].clone())
}

fn run(text: &str) -> Value {
    json_of("run", text, &[]).1
}

fn low_high(v: &Value) -> (String, String) {
    (
        v["low"].as_str().unwrap_or("?").to_string(),
        v["high"].as_str().unwrap_or("?").to_string(),
    )
}

fn pair(low: &str, high: &str) -> (String, String) {
    (low.to_string(), high.to_string())
}

/// Errors of `gpucost run` on `text` (exit 2).
fn refused(text: &str) -> String {
    let (_dir, file) = scenario_file("model.toml", text);
    let (code, out, err) = gpucost(&["run", &file]);
    assert_eq!(code, 2, "{out}{err}");
    err
}

const A100_BOUGHT_2022: &str = "[scenario]\ndate = 2023-07-10\n[[fleet]]\nid = \"f\"\ngpu = \"A100-40GB\"\ncount = 1000\nacquired = 2022-05-01\n";

#[test]
fn a_bought_fleet_is_priced_at_the_market_of_the_day_it_was_bought() {
    // Bought 2022-05-01, reported 2023-07-10: the catalog's A100-40GB price of
    // 2022-05-01 (its newest point then, 2020-07-01: $15,000), the price a file dated
    // 2022-05-01 gets; not the market of 2023.
    let bought = run(A100_BOUGHT_2022);
    let then = run(&A100_BOUGHT_2022.replace("2023-07-10", "2022-05-01"));
    let price = |s: &Value| low_high(&s["fleets"][0]["inputs"]["unit_price"]);
    assert_eq!(price(&bought), price(&then));
    assert_eq!(price(&bought), pair("15000", "15000"));
    // Its stale-price warning says when it was bought.
    let warnings = bought["warnings"].to_string();
    assert!(
        warnings.contains("2022-05-01, when the fleet was bought"),
        "{warnings}"
    );
    // Energy over the years it runs, 2022 on for 5-6 years: Epoch's table gives 2022
    // $0.0832, 2023 $0.0806, 2024 $0.0771, 2025 $0.0826 and later years the 2025
    // figure: 2022-2026 (0.0832 + 0.0806 + 0.0771 + 2 × 0.0826) / 5 = $0.08122,
    // 2022-2027 (0.0832 + 0.0806 + 0.0771 + 3 × 0.0826) / 6 = $0.08145.
    assert_eq!(
        low_high(&bought["fleets"][0]["inputs"]["electricity_per_kwh"]),
        pair("0.08122", "0.08145")
    );
}

#[test]
fn without_acquired_a_fleet_is_bought_by_its_first_jobs_start() {
    // Before: "the job starts before the fleet was acquired" (acquired defaulted to the
    // scenario date, 2024-07-23, after the job's start).
    let text = "[scenario]\ndate = 2024-07-23\n[[fleet]]\nid = \"f\"\ngpu = \"H100\"\ncount = 16384\n[[job]]\nid = \"pre\"\nfleet = \"f\"\nstart = 2024-01-15\ngpu_hours = 30_840_000\n[[job]]\nid = \"later\"\nfleet = \"f\"\nstart = 2024-03-01\ngpu_hours = 1_000_000\n";
    let s = run(text);
    // The earliest start, 2024-01-15: no time held before the first job, 46 days
    // (46 / 365.25 = 0.12594 years) before the second.
    let held = |i: usize| {
        s["jobs"][i]["years_held"]
            .as_str()
            .unwrap_or("?")
            .to_string()
    };
    assert_eq!(held(0), "0");
    assert_eq!(&held(1)[..7], "0.12594");
}

#[test]
fn acquired_before_the_models_launch_is_an_error() {
    // The H100 was announced 2022-03-22.
    let err = refused(
        "[scenario]\ndate = 2024-07-15\n[[fleet]]\ngpu = \"H100\"\ncount = 8\nacquired = 2021-06-01\n",
    );
    assert!(
        err.contains("was launched after the fleet was acquired on 2021-06-01"),
        "{err}"
    );
    assert!(err.contains("6:12"), "{err}");
    // Defaulted from a job's start: said at the `gpu`.
    let err = refused(
        "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"f\"\ngpu = \"H100\"\ncount = 8\n[[job]]\nid = \"j\"\nfleet = \"f\"\nstart = 2021-06-01\ngpu_hours = 10\n",
    );
    assert!(err.contains("acquired by its first job's start"), "{err}");
}

#[test]
fn a100_means_the_a100_not_the_a800() {
    // Before: `A100` was the whole Ampere family, so an A100 rent on 2025-03-10 ran
    // from the A800's $0.80. Now the A100 in either memory size: from $1.29.
    let s = run(
        "[scenario]\ndate = 2025-03-10\n[[fleet]]\ngpu = \"A100\"\ncount = 8\nacquisition = \"rent\"\n",
    );
    let rate = low_high(&s["fleets"][0]["inputs"]["rate_per_gpu_hour"]);
    assert_eq!(rate, pair("1.29", "5.12"));
    let source = s["fleets"][0]["inputs"]["rate_per_gpu_hour"]["source"].to_string();
    assert!(
        source.contains("A100-80GB") && !source.contains("A800"),
        "{source}"
    );
}

#[test]
fn a_gpu_table_of_a_catalog_model_overrides_the_keys_it_gives() {
    // Before: ignored for `gpu = "H100"` (its alias), and alone it demanded `tdp_w`.
    let text = "[scenario]\ndate = 2024-07-15\n[gpu.H100-SXM]\nunit_price = 15000\nrate_per_gpu_hour = 2\n[[fleet]]\nid = \"f\"\ngpu = \"H100\"\ncount = 10\n";
    let s = run(text);
    let inputs = &s["fleets"][0]["inputs"];
    assert_eq!(low_high(&inputs["unit_price"]), pair("15000", "15000"));
    assert_eq!(inputs["unit_price"]["origin"], "scenario");
    // Everything it does not give stays the catalog's: the DGX H100's 1.275 kW.
    assert_eq!(low_high(&inputs["kw_per_gpu"]), pair("1.275", "1.275"));
    assert_eq!(inputs["kw_per_gpu"]["origin"], "catalog");
    assert_eq!(s["fleets"][0]["gpu"], "H100-SXM");
    // Its rate is the rent owning is compared with.
    assert_eq!(s["fleets"][0]["owned"]["rent"]["low"], "2");
    // A table no fleet uses is said to price nothing.
    let s = run(&text.replace("gpu = \"H100\"", "gpu = \"B200\""));
    assert!(
        s["warnings"]
            .to_string()
            .contains("`[gpu.H100-SXM]` is used by no fleet"),
        "{}",
        s["warnings"]
    );
}

#[test]
fn a_bought_fleets_rent_to_compare_with_is_rent_per_gpu_hour() {
    let text = "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"f\"\ngpu = \"H100\"\ncount = 10\nrent_per_gpu_hour = 2.25\n";
    let s = run(text);
    let rent = &s["fleets"][0]["owned"]["rent"];
    assert_eq!(
        (rent["low"].as_str(), rent["origin"].as_str()),
        (Some("2.25"), Some("scenario"))
    );
    // `rate_per_gpu_hour` on a bought fleet says where the rent goes.
    let err = refused(&text.replace("rent_per_gpu_hour", "rate_per_gpu_hour"));
    assert!(err.contains("`rent_per_gpu_hour`"), "{err}");
    // And on a rented fleet, `rent_per_gpu_hour` is not its rate.
    let err = refused(&text.replace(
        "count = 10\n",
        "count = 10\nacquisition = \"rent\"\nrate_per_gpu_hour = 2\n",
    ));
    assert!(
        err.contains("a rented fleet's rent is its `rate_per_gpu_hour`"),
        "{err}"
    );
}

const LEONARDO: &str = "[scenario]\ndate = 2022-11-16\ncurrency = \"EUR\"\n[[fleet]]\nid = \"leonardo\"\ngpu = \"A100-40GB\"\ncount = 13824\nunit_price = \"€15.000\"\n";

#[test]
fn electricity_is_priced_where_the_fleet_is() {
    // Before: a euro scenario in Europe's energy crisis got the US industrial average,
    // €0.08 a kWh, without a word. Without a region it still does, and says so.
    let s = run(LEONARDO);
    assert!(
        s["warnings"]
            .to_string()
            .contains("electricity is priced at the US industrial average"),
        "{}",
        s["warnings"]
    );
    // In the EU (Eurostat, band IC, excluding VAT): 2022 €0.1968, 2023 €0.2080, 2024
    // €0.1913, 2025 €0.1870 and later years at 2025's: over 2022-2026, 0.9701 / 5 =
    // €0.19402; over 2022-2027, 1.1571 / 6 = €0.19285. The region's own currency: no
    // conversion in a euro file.
    let s = run(&LEONARDO.replace("[[fleet]]", "[defaults]\nregion = \"EU\"\n[[fleet]]"));
    let kwh = &s["fleets"][0]["inputs"]["electricity_per_kwh"];
    assert_eq!(low_high(kwh), pair("0.19285", "0.19402"));
    assert!(
        kwh["source"].to_string().contains("Eurostat nrg_pc_205"),
        "{kwh}"
    );
    assert_eq!(
        s["warnings"]
            .as_array()
            .map(|w| w.iter().any(|w| w.to_string().contains("US industrial"))),
        Some(false)
    );
    // A fleet's own region wins over `[defaults]`; an unknown one is an error.
    let err = refused(&LEONARDO.replace("count = 13824", "count = 13824\nregion = \"EUR\""));
    assert!(
        err.contains("unknown region `EUR`") && err.contains("`EU`"),
        "{err}"
    );
}

#[test]
fn a_rent_is_of_one_term() {
    // Before: a rented H100 on 2024-07-15 got $2.59-10, Oblivus's 3-year commitment
    // beside Oracle's on-demand list price. On demand by default: the year of on-demand
    // points to 2024-07-11, $3.45 (Oblivus, 2024-06-25) to $10 (Oracle, 2023-10-23).
    let rented = "[scenario]\ndate = 2024-07-15\n[[fleet]]\ngpu = \"H100\"\ncount = 8\nacquisition = \"rent\"\n";
    let rate = |text: &str| low_high(&run(text)["fleets"][0]["inputs"]["rate_per_gpu_hour"]);
    assert_eq!(rate(rented), pair("3.45", "10"));
    // A commitment's own points: Oblivus's 1-year $3.62 and 3-year $2.59 (2024-02-26).
    assert_eq!(
        rate(&format!("{rented}rent_term = \"one_year\"\n")),
        pair("3.62", "3.62")
    );
    assert_eq!(
        rate(&format!("{rented}rent_term = \"three_year\"\n")),
        pair("2.59", "2.59")
    );
    // A bought fleet's break-even compares with the same term.
    let bought = "[scenario]\ndate = 2024-07-15\n[[fleet]]\ngpu = \"H100\"\ncount = 8\nrent_term = \"three_year\"\n";
    assert_eq!(
        low_high(&run(bought)["fleets"][0]["owned"]["rent"]),
        pair("2.59", "2.59")
    );
    let err = refused(&format!("{rented}rent_term = \"monthly\"\n"));
    assert!(err.contains("unknown rent term `monthly`"), "{err}");
}

const HUANG_2026: &str = "[scenario]\ndate = 2026-07-15\n[[fleet]]\nid = \"blackwell\"\ngpu = \"B200\"\ncount = 300_000\n[[claim]]\nid = \"huang-9b\"\nvalue = \"$9B\"\nfleet = \"blackwell\"\nscope = \"gpus\"\n";

#[test]
fn a_claim_on_gpus_is_judged_against_the_gpus_alone() {
    // Dated 2026, the catalog's only B200 points are per GPU in a DGX server: $47,409.13.
    // Before: "300,000 B200 for $9B" understated ×1.58 (the servers counted in). The
    // `gpus` total is the GPUs alone: 300,000 × 47,409.13 = $14,222,739,000 with the
    // servers, ÷ (1 + the catalog's server share 0.3–1) = $7,111,369,500 (÷ 2) to
    // $10,940,568,461.54 (÷ 1.3); $9B is consistent, at (9 − 7.1113695) /
    // (10.9405685 − 7.1113695) = 49.3%.
    let (_, s) = json_of("check", HUANG_2026, &[]);
    let c = &s["claims"][0];
    assert_eq!(low_high(c), pair("7111369500", "10940568461.54"));
    assert_eq!(
        (c["verdict"].as_str(), c["position"].as_str()),
        (Some("consistent"), Some("49.3"))
    );
    let alone = &c["gpus_alone"];
    assert_eq!(
        low_high(&alone["with_servers"]),
        pair("14222739000", "14222739000")
    );
    assert_eq!(low_high(&alone["divisor"]), pair("1.3", "2"));
    // The implied price is in the fleet's own basis, per GPU in a server: $9B × 1.65
    // (1 + the share's midpoint) / 300,000 = $49,500, beside the server market.
    assert_eq!(c["implied_unit_price"], "49500");
    // The page of `run` says what the gpus total is.
    let (_dir, file) = scenario_file("huang.toml", HUANG_2026);
    let (_, out, _) = gpucost(&["run", &file]);
    assert!(out.contains("gpus = the GPUs alone"), "{out}");
    assert!(out.contains("judged against the GPUs alone"), "{out}");
}

#[test]
fn a_fleet_says_what_its_price_includes_and_the_market_is_compared_like_with_like() {
    // $45,000 per H100 in a server, 2024-07-15: no server added (server_share 0), the
    // network a share of the server (0.07–0.32); the card market $25,000–33,819.37 is
    // taken to GPUs in servers, × 1.3–2 = $32,500–67,638.74, which holds it.
    let text = "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"f\"\ngpu = \"H100\"\ncount = 8\nunit_price = 45000\nunit_price_includes = \"server\"\n[[claim]]\nid = \"c\"\nvalue = \"$400k\"\nfleet = \"f\"\nscope = \"capex\"\n";
    let (_, s) = json_of("run", text, &[]);
    let inputs = &s["fleets"][0]["inputs"];
    assert_eq!(low_high(&inputs["server_share"]), pair("0", "0"));
    assert_eq!(low_high(&inputs["network_share"]), pair("0.07", "0.32"));
    assert_eq!(s["claims"][0]["off_market"], Value::Array(vec![]));
    // Said to be of the GPU alone (the default), $45,000 lies above the card market.
    let (_, s) = json_of(
        "run",
        &text.replace("unit_price_includes = \"server\"\n", ""),
        &[],
    );
    let off = &s["claims"][0]["off_market"][0];
    assert_eq!(off["placement"], "above");
    assert_eq!(off["rebased_by"], Value::Null);
    // Only the file's own price can say what it includes.
    let err = refused(&text.replace("unit_price = 45000\n", ""));
    assert!(
        err.contains("says what the fleet's own `unit_price` includes"),
        "{err}"
    );
}

#[test]
fn a_consistent_about_claim_says_it_holds_only_through_its_band() {
    // 8 GPUs at $30,000 = $240,000 (gpus). "about $263k" = $236,700–289,300 overlaps it,
    // but $263,000 itself lies above: consistent only through the ±10% of "about".
    let text = "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"f\"\ngpu = \"H100\"\ncount = 8\nunit_price = 30000\n[[claim]]\nid = \"c\"\nvalue = \"about $263k\"\nfleet = \"f\"\nscope = \"gpus\"\n";
    let (_, s) = json_of("check", text, &[]);
    assert_eq!(s["claims"][0]["verdict"], "consistent");
    assert_eq!(s["claims"][0]["within_band"], true);
    let (_dir, file) = scenario_file("about.toml", text);
    let (_, out, _) = gpucost(&["check", &file]);
    assert!(
        out.contains("consistent only within the ±10% that “about” allows"),
        "{out}"
    );
    // Its figure inside the range needs no band: "about $240k".
    let (_, s) = json_of("check", &text.replace("about $263k", "about $240k"), &[]);
    assert_eq!(s["claims"][0]["within_band"], false);
}

fn solve(file: &str, claim: &str, args: &[&str]) -> (String, Value) {
    let mut all = vec!["solve", file, "--claim", claim];
    all.extend_from_slice(args);
    let (code, out, err) = gpucost(&all);
    assert_eq!(code, 0, "{err}");
    let mut json = all.clone();
    json.extend(["--format", "json"]);
    let (_, doc, _) = gpucost(&json);
    (out, serde_json::from_str(&doc).expect("JSON"))
}

#[test]
fn solve_says_how_many_gpus_a_sum_buys() {
    // "$40B of B200 at $30k–40k": 40e9 / 30,000 = 1,333,333.3 at the low price, 40e9 /
    // 40,000 = 1,000,000 at the high, 40e9 / 35,000 = 1,142,857.1 at the midpoint:
    // whole GPUs, as many as it buys.
    let (out, doc) = solve(
        "scenarios/xai2024.toml",
        "huang-9b",
        &[
            "--input",
            "fleet.blackwell.count",
            "--set",
            "claim.huang-9b.value=\"$40B\"",
        ],
    );
    assert!(
        out.contains("fleet.blackwell.count = 1,142,857 GPUs"),
        "{out}"
    );
    assert_eq!(doc["value"], "1142857");
    assert_eq!(
        (doc["range"]["low"].as_str(), doc["range"]["high"].as_str()),
        (Some("1000000"), Some("1333333"))
    );
}

#[test]
fn solve_answers_where_no_value_can_and_keeps_a_bound() {
    // Owning h100-hour's GPU-hour at full use costs $1.47 (the midpoints): a $1 claim
    // needs 1.47 utilization, more than every hour: renting at $1 is cheaper at any use.
    let (out, doc) = solve(
        "scenarios/h100-hour.toml",
        "two-dollars",
        &[
            "--input",
            "fleet.hgx.utilization",
            "--set",
            "claim.two-dollars.value=\"$1\"",
        ],
    );
    assert!(out.contains("renting at $1 is cheaper at any use"), "{out}");
    assert_eq!(doc["answer"], "never");
    // "up to $20B" for Meta's 350,000 H100: true for unit prices up to 20e9 / 350,000
    // = $57,142.86, not "exactly" there.
    let (out, doc) = solve(
        "scenarios/meta2024.toml",
        "nearly-9b",
        &["--set", "claim.nearly-9b.value=\"up to $20B\""],
    );
    assert!(out.contains("fleet.meta.unit_price ≤ $57,142.86"), "{out}");
    assert_eq!(doc["answer"], "up_to_value");
    // "more than $100M" of capex for 300,000 B200, whose facility alone (300,000 × 1.8
    // kW × $17M / MW = $9.18B) passes it: it holds at any price.
    let (out, doc) = solve(
        "scenarios/xai2024.toml",
        "huang-9b",
        &[
            "--set",
            "claim.huang-9b.scope=\"capex\"",
            "--set",
            "claim.huang-9b.value=\"more than $100M\"",
        ],
    );
    assert!(out.contains("already holds"), "{out}");
    assert_eq!(doc["answer"], "always");
}

#[test]
fn overrides_are_marked_wherever_they_show() {
    // Before: a `--set` count or claim value looked like the file's own.
    let args = [
        "--set",
        "fleet.colossus.count=50000",
        "--set",
        "claim.huang-9b.value=\"$10B\"",
    ];
    let mut run = vec!["run", "scenarios/xai2024.toml"];
    run.extend(args);
    let (_, out, _) = gpucost(&run);
    assert!(
        out.contains("50,000 × H100-SXM (from --set fleet.colossus.count=50000)"),
        "{out}"
    );
    assert!(
        out.contains("(from --set claim.huang-9b.value=\"$10B\")"),
        "{out}"
    );
    let mut explain = vec!["explain", "scenarios/xai2024.toml"];
    explain.extend(args);
    let (_, out, _) = gpucost(&explain);
    assert!(
        out.contains("(from --set fleet.colossus.count=50000)"),
        "{out}"
    );
    // explain says where the rent the break-even uses comes from.
    assert!(
        out.contains("    rent $3.45 – $10 per GPU-hour\n      from catalog"),
        "{out}"
    );
    run.extend(["--format", "json"]);
    let (_, json, _) = gpucost(&run);
    let doc: Value = serde_json::from_str(&json).expect("JSON");
    let s = &doc["scenarios"][0];
    assert_eq!(s["fleets"][1]["count_set"], "fleet.colossus.count=50000");
    assert_eq!(s["fleets"][0]["count_set"], Value::Null);
    assert_eq!(s["claims"][0]["value_set"], "claim.huang-9b.value=\"$10B\"");
}

const BUY_OR_RENT: &str = "[scenario]\ndate = 2024-07-15\nname = \"Buy or rent\"\n[[fleet]]\nid = \"bought\"\ngpu = \"H100\"\ncount = 1000\nunit_price = 30000\noption = \"buy\"\n[[fleet]]\nid = \"rented\"\ngpu = \"H100\"\ncount = 1000\nacquisition = \"rent\"\nrate_per_gpu_hour = 2\nmonths = 36\noption = \"rent\"\n[[claim]]\nid = \"rent-tco\"\nvalue = \"$50M\"\noption = \"rent\"\nscope = \"tco\"\n";

#[test]
fn alternatives_are_options_side_by_side_never_summed() {
    // Before: a bought and a rented fleet added into one tco. Now one report per
    // option: rent = 1,000 × $2 × 36 × 730.5 h = $52,596,000, judged alone.
    let (_dir, file) = scenario_file("options.toml", BUY_OR_RENT);
    let (code, out, err) = gpucost(&["run", &file, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    let views = doc["scenarios"].as_array().expect("scenarios");
    assert_eq!(views.len(), 2);
    assert_eq!(
        (views[0]["option"].as_str(), views[1]["option"].as_str()),
        (Some("buy"), Some("rent"))
    );
    assert_eq!(
        low_high(&views[1]["totals"]["tco"]),
        pair("52596000", "52596000")
    );
    // The buy option holds the bought fleet alone: gpus 1,000 × $30,000.
    assert_eq!(
        low_high(&views[0]["totals"]["gpus"]),
        pair("30000000", "30000000")
    );
    assert_eq!(views[0]["fleets"].as_array().map(Vec::len), Some(1));
    // The claim on the rent option's tco: $50M understates $52,596,000 by ×1.05.
    let claim = &views[1]["claims"][0];
    assert_eq!(
        (claim["verdict"].as_str(), claim["factor"].as_str()),
        (Some("understates"), Some("1.05"))
    );
    // The table sets them side by side, with the difference of mid-ranges.
    let (_, out, _) = gpucost(&["run", &file]);
    assert!(
        out.contains("Options of Buy or rent, side by side (never summed)"),
        "{out}"
    );
    assert!(out.contains("rent − buy (mid-range)"), "{out}");
    // `compare` gives each option a column.
    let (_, out, _) = gpucost(&["compare", &file, "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["columns"].as_array().map(Vec::len), Some(2));
    // A claim on the whole scenario must say which option it is of.
    let err = refused(&BUY_OR_RENT.replace("option = \"rent\"\nscope", "scope"));
    assert!(
        err.contains("which?") && err.contains("`option = \"buy\"`"),
        "{err}"
    );
    // `sensitivity` of a total asks which option.
    let (code, _, err) = gpucost(&["sensitivity", &file, "--samples", "100"]);
    assert_eq!(code, 2);
    assert!(err.contains("--option NAME"), "{err}");
    let (code, _, err) = gpucost(&["sensitivity", &file, "--samples", "100", "--option", "buy"]);
    assert_eq!(code, 0, "{err}");
}
