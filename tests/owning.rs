//! Owning a GPU-hour against renting one: the cost per hour owned, the annuity, the
//! break-even utilization and claims on them, against hand figures.

mod common;

use common::{gpucost, scenario_file};
use serde_json::Value;

/// Eight GPUs at round figures, rented elsewhere at $2.50 an hour; `extra` is added to
/// the fleet.
fn fleet_with(extra: &str) -> String {
    format!(
        r#"
[scenario]
date = 2024-10-01
[gpu.GPU]
tdp_w = 700
unit_price = 30_000
rate_per_gpu_hour = 2.5
[[fleet]]
id = "hgx"
gpu = "GPU"
count = 8
server_share = 0.5
network_share = 0.1
facility_per_mw = 10_000_000
kw_per_gpu = 1.4
load = 0.75
pue = 1.2
electricity_per_kwh = 0.08
years = 5
facility_years = 5  # the facility over the same five years: round figures below
{extra}
[[claim]]
id = "three"
value = "$3"
fleet = "hgx"
scope = "owned_per_gpu_hour"
"#
    )
}

/// The fleet's `owned` object and the claim of `check --format json`.
fn owned(extra: &str) -> (Value, Value) {
    let (_dir, file) = scenario_file("own.toml", &fleet_with(extra));
    let (_, out, err) = gpucost(&["run", &file, "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let s = &doc["scenarios"][0];
    (s["fleets"][0]["owned"].clone(), s["claims"][0].clone())
}

fn exact(v: &Value) -> String {
    assert_eq!(v["low"], v["high"], "{v}");
    v["low"].as_str().unwrap_or("?").to_string()
}

#[test]
fn owned_per_gpu_hour_and_break_even_against_hand_figures() {
    // Per GPU: 30,000 × (1 + 0.5 + 0.1) + 1.4 kW / 1,000 × $10M = 48,000 + 14,000 =
    // $62,000, charged 1 / (5 × 8,766) an hour: $1.414556 an hour. Energy: 1.4 × 0.75 ×
    // 1.2 × $0.08 = $0.1008 an hour. At half use: (1.414556 + 0.1008) / 0.5 = $3.030712.
    let (o, claim) = owned("utilization = 0.5");
    assert_eq!(exact(&o["per_gpu"]), "62000");
    assert_eq!(exact(&o["hardware_per_hour"]), "1.414556");
    assert_eq!(exact(&o["energy_per_hour"]), "0.1008");
    assert_eq!(exact(&o["per_gpu_hour"]), "3.030712");
    // Break-even against the $2.50 rent: 1.515356 / 2.5 = 60.6142% of hours.
    assert_eq!(exact(&o["break_even"]), "0.606142");
    assert_eq!(o["rent"]["low"], "2.5");
    assert_eq!(o["rent"]["origin"], "scenario");
    // "$3" for $3.030712 understates it, by 3.030712 / 3 = ×1.01; it is exact when the
    // GPU costs up: (3 × 0.5 − 0.1008) × 43,830 = 1.6 up + 14,000 → up = $29,579.335,
    // a hair below with the charge 1 / 43,830 cut at 28 digits: $29,579.33.
    assert_eq!(claim["verdict"], "understates");
    assert_eq!(claim["factor"], "1.01");
    assert_eq!(claim["implied_unit_price"], "29579.33");

    // Every hour used when not said: 1.515356; the break-even does not depend on it.
    let (o, _) = owned("");
    assert_eq!(exact(&o["utilization"]), "1");
    assert_eq!(exact(&o["per_gpu_hour"]), "1.515356");
    assert_eq!(exact(&o["break_even"]), "0.606142");
}

#[test]
fn the_facility_is_charged_over_its_own_life() {
    // Before: the building was written off over the GPUs' 5 years. Over a facility life
    // of 20 years: hardware 48,000 / (5 × 8,766) = $1.095140 an hour, facility 14,000 /
    // (20 × 8,766) = $0.079854: $1.174994 an hour (was $1.414556); with energy
    // $0.1008, $1.275794; break-even against $2.50, 1.275794 / 2.5 = 51.0318%.
    let (o, _) = owned_with_facility_years("20");
    assert_eq!(exact(&o["hardware"]), "48000");
    assert_eq!(exact(&o["facility"]), "14000");
    assert_eq!(exact(&o["hardware_per_hour"]), "1.174994");
    assert_eq!(exact(&o["per_gpu_hour"]), "1.275794");
    assert_eq!(exact(&o["break_even"]), "0.510318");
    // Left to the catalog, 14-30 years (Epoch AI's 14; buildings up to 30 in filings):
    // facility 14,000 / (30 × 8,766) = $0.053236 to 14,000 / (14 × 8,766) = $0.114077.
    let (o, _) = owned_with_facility_years("");
    assert_eq!(
        o["facility_charge"]["low"].as_str().map(|c| &c[..9]),
        Some("0.0000038")
    );
    let per_hour = (
        o["hardware_per_hour"]["low"].as_str(),
        o["hardware_per_hour"]["high"].as_str(),
    );
    assert_eq!(per_hour, (Some("1.148376"), Some("1.209217")));
}

/// [`owned`] with the fixture's `facility_years` replaced (left out when empty).
fn owned_with_facility_years(years: &str) -> (Value, Value) {
    let line = match years {
        "" => String::new(),
        y => format!("facility_years = {y}"),
    };
    let text = fleet_with("").replace(
        "facility_years = 5  # the facility over the same five years: round figures below",
        &line,
    );
    let (_dir, file) = scenario_file("own.toml", &text);
    let (_, out, err) = gpucost(&["run", &file, "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let s = &doc["scenarios"][0];
    (s["fleets"][0]["owned"].clone(), s["claims"][0].clone())
}

#[test]
fn a_cost_of_capital_charges_the_hardware_as_an_annuity() {
    // At 8% over 5 years: 0.08 / (1 − 1.08^−5) = 0.2504565 a year; 62,000 × 0.2504565 /
    // 8,766 = $1.771424 an hour, against $1.414556 straight-line. At half use:
    // (1.771424 + 0.1008) / 0.5 = $3.744447.
    let (o, _) = owned("utilization = 0.5\ncost_of_capital = 0.08");
    assert_eq!(exact(&o["hardware_per_hour"]), "1.771424");
    assert_eq!(exact(&o["per_gpu_hour"]), "3.744447");
    // Zero is straight-line.
    let (o, _) = owned("cost_of_capital = 0");
    assert_eq!(exact(&o["hardware_per_hour"]), "1.414556");
    // A range of rates gives a range: the annuity grows with the rate.
    let (o, _) = owned("cost_of_capital = [0, 0.08]");
    assert_eq!(o["hardware_per_hour"]["low"], "1.414556");
    assert_eq!(o["hardware_per_hour"]["high"], "1.771424");
}

#[test]
fn the_table_says_when_renting_is_cheaper_at_any_use() {
    // At $1 an hour, owning at full use ($1.515356) costs more than renting: the
    // break-even is 151.5356%, past every hour.
    let text = fleet_with("").replace("rate_per_gpu_hour = 2.5", "rate_per_gpu_hour = 1");
    let (_dir, file) = scenario_file("cheap.toml", &text);
    let (code, out, err) = gpucost(&["run", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("152%: renting is cheaper at any use"), "{out}");
    // `explain` derives it.
    let (_, out, _) = gpucost(&["explain", &file]);
    assert!(out.contains("owning a GPU-hour of fleet `hgx`"), "{out}");
    assert!(out.contains("($1.41 + $0.10) / $1 = 152%"), "{out}");
    // A rented fleet has no cost of owning.
    let (_, out, _) = gpucost(&["run", "scenarios/xai2024.toml", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(doc["scenarios"][0]["fleets"][0]["owned"], Value::Null);
}

#[test]
fn a_claim_on_owning_reads_as_rent_against_buy() {
    // Owning at full use costs $1.515356 an hour (above): renting at the claim's $3 is
    // cheaper than owning below 1.515356 / 3 = 50.5119% of hours, dearer above.
    let (_, claim) = owned("");
    assert_eq!(exact(&claim["rent_cheaper_below"]), "0.505119");
    let (_dir, file) = scenario_file("own.toml", &fleet_with(""));
    let (_, out, _) = gpucost(&["check", &file]);
    assert!(
        out.contains("renting at $3 is cheaper than owning below 50.5% use, owning cheaper above"),
        "{out}"
    );
    // At $1, owning costs more even at full use: renting is cheaper at any use.
    let text = fleet_with("").replace("value = \"$3\"", "value = \"$1\"");
    let (_dir, file) = scenario_file("own.toml", &text);
    let (_, out, _) = gpucost(&["check", &file]);
    assert!(
        out.contains("renting at $1 is cheaper than owning at any use"),
        "{out}"
    );
}

#[test]
fn owning_a_gpu_hour_is_simulated_and_ranked() {
    // Before: `sensitivity --scope owned_per_gpu_hour` was refused and `simulate` left
    // the claim out. The fixture's owning is exact but for the unit price range given
    // here: $20,000-40,000 → per GPU 20,000 × 1.6 + 14,000 = $46,000 to $78,000, an
    // hour over 43,830 h: $1.049509 to $1.779603, plus $0.1008 energy = $1.150309 to
    // $1.880403. At the midpoint $30,000: $1.515356.
    let text = fleet_with("").replace("unit_price = 30_000", "unit_price = [20_000, 40_000]");
    let (_dir, file) = scenario_file("own.toml", &text);
    let (code, out, err) = gpucost(&[
        "sensitivity",
        &file,
        "--scope",
        "owned_per_gpu_hour",
        "--fleet",
        "hgx",
        "--samples",
        "2000",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        (doc["fleet"].as_str(), doc["base"].as_str()),
        (Some("hgx"), Some("1.515356"))
    );
    let bar = &doc["inputs"][0];
    assert_eq!(bar["input"], "unit_price");
    assert_eq!(
        (bar["total_at_low"].as_str(), bar["total_at_high"].as_str()),
        (Some("1.150309"), Some("1.880403"))
    );
    // The claim "$3" is simulated: every draw is at most $1.880403, below $3.
    let (code, out, err) = gpucost(&["simulate", &file, "--samples", "2000", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    let claim = &doc["simulations"][0]["claims"][0];
    assert_eq!(claim["id"], "three");
    assert_eq!(claim["p_below"], 1.0);
}
