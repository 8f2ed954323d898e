//! Jobs end to end: Epoch AI's worked rows reproduced to the cent from their inputs,
//! the FLOP and 6·N·D paths, straight-line depreciation, and claims on every job scope.

mod common;

use common::{exact, gpucost, low_high, run, scenario_file};
use serde_json::Value;

#[test]
fn epochs_gpt4_row_comes_out_to_the_cent() {
    // Epoch AI (Cottier et al. 2024), GPT-4: value at start = $24,875 × 10^(−0.14 ×
    // 638 / 365.25) = $14,165.05; hardware = 14,165.05… × 0.14 × ln 10 / 8,766 × 57M
    // GPU-hours / 0.81 = $36,656,445.66; energy = 0.4 kW × 2.03125 × 0.75 × 1.25 × 57M
    // × $0.0806 = $3,499,488.28; total $40,155,933.94 (Epoch's figure).
    let s = run("scenarios/gpt4-epoch.toml", &[]);
    let job = &s["jobs"][0];
    let amortized = &job["estimates"]["amortized"];
    assert_eq!(exact(&amortized["hardware"]), "36656445.66");
    assert_eq!(exact(&amortized["energy"]), "3499488.28");
    assert_eq!(exact(amortized), "40155933.94");
    assert_eq!(job["years_held"], "1.746749"); // 638 / 365.25
    // acquisition = 25,000 × $24,875 / 0.81 = $767,746,913.58 (Epoch: ≈ $778M, which
    // also counts what this scenario leaves out)
    assert_eq!(exact(&job["estimates"]["acquisition"]), "767746913.58");
    // In 2023 dollars, indexed from GPT-4's release month (2023-03) to 2023-12:
    // Epoch's $40,586,592.58.
    let s = run("scenarios/gpt4-epoch.toml", &["--dollars", "2023"]);
    assert_eq!(
        exact(&s["jobs"][0]["estimates"]["amortized"]),
        "40586592.58"
    );
}

#[test]
fn epochs_opt175b_row_comes_out_to_the_cent() {
    // Epoch AI, OPT-175B: 1,024 A100 SXM4 80 GB, 812,544 GPU-hours from 2022-01-28,
    // bought 2021-02-14 at $24,875 per GPU in a DGX; value at start = $18,296.79;
    // hardware = 18,296.79… × 0.14 × ln 10 / 8,766 × 812,544 / 0.81 = $674,961.69;
    // energy = 0.8125 kW × 0.75 × PUE 1.10 × 812,544 × $0.0832 = $45,315.58;
    // total $720,277.27 (Epoch's figure).
    let text = r#"
[scenario]
date = 2022-05-03
[[fleet]]
id = "meta-a100"
gpu = "A100-80GB"
count = 1_024
acquired = 2021-02-14
unit_price = 24_875
server_share = 0
network_share = 0.2345679012345679012345679
facility_per_mw = 0
kw_per_gpu = 0.8125
load = 0.75
pue = 1.10
electricity_per_kwh = 0.0832
[[job]]
id = "opt-175b"
fleet = "meta-a100"
gpu_hours = 812_544
start = 2022-01-28
"#;
    let (_dir, file) = scenario_file("opt.toml", text);
    let s = run(&file, &[]);
    let amortized = &s["jobs"][0]["estimates"]["amortized"];
    assert_eq!(exact(&amortized["hardware"]), "674961.69");
    assert_eq!(exact(&amortized["energy"]), "45315.58");
    assert_eq!(exact(amortized), "720277.27");
}

/// A bought fleet of 16,384 H100 (peak 989.4 TFLOP/s dense BF16) at round figures, and
/// one job written as `job`.
fn h100_with(job: &str) -> String {
    format!(
        r#"
[scenario]
date = 2024-07-23
[[fleet]]
id = "meta"
gpu = "H100"
count = 16_384
unit_price = 30_000
server_share = 0.5
network_share = 0.1
facility_per_mw = 10_000_000
kw_per_gpu = 1.4
load = 0.75
pue = 1.2
electricity_per_kwh = 0.08
years = 5
[[job]]
id = "run"
fleet = "meta"
{job}
"#
    )
}

#[test]
fn flop_at_an_mfu_gives_gpu_hours_and_wall_clock() {
    // Llama 3.1 405B: 3.8e25 FLOP at 38–43% MFU on H100 (989.4e12 FLOP/s):
    // GPU-hours low  = 3.8e25 / (989.4e12 × 0.43 × 3,600) = 24,810,798.08
    // GPU-hours high = 3.8e25 / (989.4e12 × 0.38 × 3,600) = 28,075,376.77
    // wall clock = GPU-hours / 16,384 = 1,514.33 – 1,713.59 hours
    let (_dir, file) = scenario_file("flop.toml", &h100_with("flop = 3.8e25\nmfu = [0.38, 0.43]"));
    let job = &run(&file, &[])["jobs"][0];
    assert_eq!(
        low_high(&job["gpu_hours"]),
        ("24810798.08".into(), "28075376.77".into())
    );
    assert_eq!(
        low_high(&job["hours"]),
        ("1514.33".into(), "1713.59".into())
    );
    assert_eq!(exact(&job["flop"]), "38000000000000000000000000");
}

#[test]
fn params_and_tokens_give_six_n_d_flop() {
    // DeepSeek-V3: 37B active parameters × 14.8T tokens × 6 = 3.2856e24 FLOP; at MFU
    // 0.4 on 989.4e12 FLOP/s: 3.2856e24 / (989.4e12 × 0.4 × 3,600) = 2,306,111.45
    // GPU-hours
    let (_dir, file) = scenario_file(
        "6nd.toml",
        &h100_with("params = 37e9\ntokens = 14.8e12\nmfu = 0.4"),
    );
    let job = &run(&file, &[])["jobs"][0];
    assert_eq!(exact(&job["flop"]), "3285600000000000000000000");
    assert_eq!(exact(&job["gpu_hours"]), "2306111.45");
}

#[test]
fn straight_line_charges_value_over_years_of_8766_hours() {
    // 1,000,000 GPU-hours; hardware per GPU = $30,000 × (1 + 0.5 + 0.1) = $48,000,
    // charged over 5 × 8,766 = 43,830 hours: 48,000 / 43,830 × 1M = $1,095,140.31;
    // energy = 1.4 × 0.75 × 1.2 × $0.08 = $0.1008 per GPU-hour, $100,800. As Epoch AI
    // prices a run, no facility: amortized = $1,195,940.31.
    let (_dir, file) = scenario_file(
        "sl.toml",
        &h100_with("gpu_hours = 1_000_000\ndepreciation = \"straight-line\""),
    );
    let job = &run(&file, &[])["jobs"][0];
    let a = &job["estimates"]["amortized"];
    assert_eq!(exact(&a["hardware"]), "1095140.31");
    assert_eq!(exact(&a["facility"]), "0");
    assert_eq!(exact(&a["energy"]), "100800");
    assert_eq!(exact(a), "1195940.31");
    // acquisition = 16,384 × 48,000 = $786,432,000
    assert_eq!(exact(&job["estimates"]["acquisition"]), "786432000");
    // Bought on the scenario date, started on it: nothing lost before the start.
    assert_eq!(job["value_left"], "1");

    // Asked for, the facility (1.4 kW / 1000 × $10M = $14,000 per GPU) is written off
    // straight over its own life, 20 years: 14,000 / (20 × 8,766) × 1M = $79,853.98
    // (before: over the GPUs' 5 years, $319,415.93); amortized $1,275,794.30, and
    // acquisition 16,384 × (48,000 + 14,000) = $1,015,808,000.
    let text =
        h100_with("gpu_hours = 1_000_000\ndepreciation = \"straight-line\"\nfacility = true")
            .replace("years = 5\n", "years = 5\nfacility_years = 20\n");
    let (_dir, file) = scenario_file("slf.toml", &text);
    let job = &run(&file, &[])["jobs"][0];
    let a = &job["estimates"]["amortized"];
    assert_eq!(exact(&a["facility"]), "79853.98");
    assert_eq!(exact(a), "1275794.3");
    assert_eq!(exact(&job["estimates"]["acquisition"]), "1015808000");
}

#[test]
fn hours_and_days_run_on_the_jobs_gpus() {
    // 54 days × 24 h × 8,192 GPUs = 10,616,832 GPU-hours; wall clock 1,296 hours
    let (_dir, file) = scenario_file(
        "days.toml",
        &h100_with("days = 54\ngpus = 8_192\ncloud_rate = 2"),
    );
    let job = &run(&file, &[])["jobs"][0];
    assert_eq!(exact(&job["gpu_hours"]), "10616832");
    assert_eq!(exact(&job["hours"]), "1296");
    // cloud = 10,616,832 × $2 = $21,233,664, $2 per GPU-hour
    let cloud = &job["estimates"]["cloud"];
    assert_eq!(exact(cloud), "21233664");
    assert_eq!(exact(&cloud["per_gpu_hour"]), "2");
}

/// A job of exactly 2,788,000 GPU-hours at $2 on a bought fleet of 2,048 GPUs, with a
/// claim `value` on `scope`.
fn deepseek_claim(value: &str, scope: &str) -> Value {
    let text = format!(
        r#"
[scenario]
date = 2024-12-26
[[fleet]]
id = "ds"
gpu = "H100"
count = 2_048
unit_price = 30_000
[[job]]
id = "v3"
fleet = "ds"
gpu_hours = 2_788_000
cloud_rate = 2
mfu = 0.4
[[claim]]
id = "c"
value = {value}
job = "v3"
scope = "{scope}"
"#
    );
    let (_dir, file) = scenario_file("claim.toml", &text);
    run(&file, &[])["claims"][0].clone()
}

fn verdict(c: &Value) -> (String, String) {
    (
        c["verdict"].as_str().unwrap_or("?").into(),
        c["factor"]
            .as_str()
            .or(c["position"].as_str())
            .unwrap_or("-")
            .into(),
    )
}

#[test]
fn claims_on_every_job_scope_are_judged_with_their_edges() {
    // cloud = 2,788,000 × $2 = $5,576,000 exactly: DeepSeek's claim sits on it.
    let c = deepseek_claim("\"$5.576M\"", "cloud");
    assert_eq!(verdict(&c), ("consistent".into(), "50".into()));
    // the rate that makes it true: $5,576,000 / 2,788,000 = $2 per GPU-hour
    assert_eq!(
        (c["implied_unit"].as_str(), c["implied_unit_price"].as_str()),
        (Some("rental"), Some("2"))
    );
    // a cent more overstates by 5,576,000.01 / 5,576,000 = ×1.0000000018
    let c = deepseek_claim("\"$5,576,000.01\"", "cloud");
    assert_eq!(verdict(&c).0, "overstates");
    // "over $5M" holds; "under $5M" understates by 5.576 / 5 = ×1.12
    assert_eq!(
        verdict(&deepseek_claim("\"over $5M\"", "cloud")).0,
        "consistent"
    );
    assert_eq!(
        verdict(&deepseek_claim("\"under $5M\"", "cloud")),
        ("understates".into(), "1.12".into())
    );
    // GPU-hours as numbers: "2.788M" sits on the figure; 3M overstates 3 / 2.788 = ×1.08
    let c = deepseek_claim("\"2.788M\"", "gpu_hours");
    assert_eq!(verdict(&c), ("consistent".into(), "50".into()));
    assert_eq!(
        verdict(&deepseek_claim("3_000_000", "gpu_hours")),
        ("overstates".into(), "1.08".into())
    );
    // wall clock = 2,788,000 / 2,048 = 1,361.33 hours; "about 57 days" in hours is
    // not a word gpucost reads, so claim 1,000 hours: understates 1,361.33 / 1,000 = ×1.36
    assert_eq!(
        verdict(&deepseek_claim("1000", "hours")),
        ("understates".into(), "1.36".into())
    );
    // FLOP = 2,788,000 × 3,600 × 989.4e12 × 0.4 = 3.972241…e24; "3e24" understates
    // by 3.9722 / 3 = ×1.32
    assert_eq!(
        verdict(&deepseek_claim("\"3e24\"", "flop")),
        ("understates".into(), "1.32".into())
    );
    // amortized: bought on the scenario date with the catalog's overheads, a range;
    // acquisition = 2,048 × $30,000 × (1 + shares) + facility: $1 is far below it.
    assert_eq!(
        verdict(&deepseek_claim("1", "acquisition")).0,
        "understates"
    );
    assert_eq!(verdict(&deepseek_claim("1", "amortized")).0, "understates");
}

/// 24,000 rented H100s at $2–3 an hour and a 30-day job on them.
const RENTED: &str = r#"
[scenario]
date = 2024-07-15
[[fleet]]
id = "cloud"
gpu = "H100"
count = 24_000
acquisition = "rent"
rate_per_gpu_hour = [2, 3]
[[job]]
id = "grok-2"
fleet = "cloud"
days = 30
"#;

#[test]
fn a_rented_fleets_job_has_only_cloud() {
    let (_dir, file) = scenario_file("rented.toml", RENTED);
    let job = &run(&file, &[])["jobs"][0];
    let estimates: Vec<&String> = job["estimates"]
        .as_object()
        .expect("object")
        .keys()
        .collect();
    assert_eq!(estimates, ["cloud"]);
    // 30 × 24 × 24,000 = 17,280,000 GPU-hours × $2–3 = $34,560,000 – $51,840,000
    assert_eq!(
        low_high(&job["estimates"]["cloud"]),
        ("34560000".into(), "51840000".into())
    );
    assert_eq!(job["value_left"], Value::Null);
}

#[test]
fn solve_finds_the_unit_price_behind_a_claim_on_a_job() {
    // GPT-4's amortized cost is up × A + B: A = $36,656,445.66 / $24,875 = 1,473.626…
    // per dollar of unit price, B = energy $3,499,488.28. Altman's $100M needs
    // up = (100,000,000 − 3,499,488.28) / 1,473.626… = $65,485.08 per GPU; "more than"
    // keeps its bound: it holds from that price up.
    let (code, out, err) = gpucost(&[
        "solve",
        "--claim",
        "altman-over-100m",
        "scenarios/gpt4-epoch.toml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("amortized of job `gpt-4`") && out.contains("≥ $65,485.08 per GPU"),
        "{out}"
    );
    // The same figure `check` implies.
    let claim = &run("scenarios/gpt4-epoch.toml", &[])["claims"][0];
    assert_eq!(claim["implied_unit_price"], "65485.08");
}

/// `gpucost sensitivity FILE --format json ARGS…`.
fn sensitivity(file: &str, args: &[&str]) -> Value {
    let mut all = vec!["sensitivity", file, "--format", "json", "--samples", "2000"];
    all.extend_from_slice(args);
    let (code, out, err) = gpucost(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("valid JSON")
}

#[test]
fn sensitivity_examines_a_jobs_estimate_through_its_inputs_and_its_fleets() {
    // Llama 3.1: GPU-hours = 3.8e25 FLOP / (989.4e12 FLOP/s × mfu × 3,600 s); only the
    // MFU is uncertain. At 0.405: 26,342,328.82; at 0.38: 28,075,376.77; at 0.43:
    // 24,810,798.08.
    let doc = sensitivity(
        "scenarios/llama31.toml",
        &["--job", "llama-3.1-405b", "--scope", "gpu_hours"],
    );
    assert_eq!(doc["job"], "llama-3.1-405b");
    assert_eq!(doc["base"], "26342328.82");
    let inputs = doc["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 1, "{doc}");
    assert_eq!(inputs[0]["input"], "mfu");
    assert_eq!(inputs[0]["total_at_low"], "28075376.77");
    assert_eq!(inputs[0]["total_at_high"], "24810798.08");
    assert_eq!(inputs[0]["rank_correlation"], -1.0);

    // DeepSeek-V3's amortized cost (the default with `--job`) moves with its fleet's
    // server share: 0.3 → 1.0 adds 0.7 × $33,800 (the catalog's H800 card) per GPU,
    // charged at 0.14 × ln 10 / 8,766 an hour (bought the day the run starts: nothing
    // lost yet) over 2,788,000 GPU-hours: 23,660 × 0.322362 / 8,766 × 2,788,000
    // = $2,425,770.82.
    let doc = sensitivity("scenarios/deepseek-v3.toml", &["--job", "v3"]);
    assert_eq!(doc["scope"], "amortized");
    let share = doc["inputs"]
        .as_array()
        .and_then(|i| i.iter().find(|i| i["input"] == "server_share"))
        .expect("server_share");
    assert_eq!(share["swing"], "2425770.82");
    // The cloud rate is exact, and does not move the amortized cost either way.
    assert!(!doc.to_string().contains("cloud_rate"), "{doc}");

    // Grok 2 rents at its fleet's rate: moving the fleet's rate moves the job's cloud
    // cost (before: listed as not moving it). 24,000 GPUs × 6,570 hours (the midpoint of
    // 4,380–8,760) = 157,680,000 GPU-hours × $2.49 = $392,623,200; × $10 =
    // $1,576,800,000 (the catalog's Hopper rents of the year to July 2024).
    let doc = sensitivity("scenarios/xai2024.toml", &["--job", "grok-2"]);
    assert_eq!(doc["scope"], "cloud");
    let rate = &doc["inputs"][0];
    assert_eq!(rate["input"], "rate_per_gpu_hour");
    assert_eq!(rate["total_at_low"], "392623200");
    assert_eq!(rate["total_at_high"], "1576800000");

    // Naming things wrong: exit 2, with what would be right.
    for (args, says) in [
        (vec!["--job", "grok2"], "did you mean `grok-2`?"),
        (vec!["--scope", "amortized"], "name the job: `--job ID`"),
        (
            vec!["--job", "grok-2", "--scope", "tco"],
            "is a scenario total",
        ),
        (
            vec!["--job", "grok-2", "--scope", "amortized"],
            "it has cloud, gpu_hours, hours",
        ),
    ] {
        let mut all = vec!["sensitivity", "scenarios/xai2024.toml"];
        all.extend(args);
        let (code, _, err) = gpucost(&all);
        assert_eq!(code, 2, "{all:?}");
        assert!(err.contains(says), "{all:?}: {err}");
    }
}

/// `gpucost solve FILE --claim ID --format json ARGS…`: the value found.
fn solved(file: &str, claim: &str, args: &[&str]) -> String {
    let mut all = vec!["solve", file, "--claim", claim, "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = gpucost(&all);
    assert_eq!(code, 0, "{all:?}: {err}");
    let doc: Value = serde_json::from_str(&out).expect("valid JSON");
    doc["value"].as_str().expect("value").to_string()
}

#[test]
fn solve_reaches_a_jobs_own_inputs_and_inverse_ones() {
    // The MFU behind the model card's 30.84M GPU-hours (the default input for a claim
    // in GPU-hours when the job has an MFU): 3.8e25 / (989.4e12 × 3,600 × 30.84e6)
    // = 0.34593525204900727069962207557 (GPU-hours go as 1 / MFU).
    let mfu = solved("scenarios/llama31.toml", "model-card-hours", &[]);
    assert!(mfu.starts_with("0.345935252049007270699622075"), "{mfu}");
    // Put back, it makes the claim exact.
    let job = &run(
        "scenarios/llama31.toml",
        &["--set", &format!("job.llama-3.1-405b.mfu={mfu}")],
    )["jobs"][0];
    let hours: f64 = exact(&job["gpu_hours"]).parse().expect("a number");
    assert!((hours - 30_840_000.0).abs() < 0.01, "{hours}");

    // A cloud claim defaults to the job's rate: $5,576,000 / 2,788,000 GPU-hours = $2.
    assert_eq!(solved("scenarios/deepseek-v3.toml", "5.576m", &[]), "2");

    // Altman's $100M as GPU-hours: amortized is $40,155,933.94 for 57,000,000
    // GPU-hours, so 57e6 × 1e8 / 40,155,933.94 = 141,946,642.50 GPU-hours.
    let hours = solved(
        "scenarios/gpt4-epoch.toml",
        "altman-over-100m",
        &["--input", "job.gpt-4.gpu_hours"],
    );
    assert!(hours.starts_with("141946642.50"), "{hours}");

    // Straight-line over 4 years, the hardware share is $49,921,941.68 and goes as
    // 1 / years; energy $3,499,488.28 stays. $100M needs
    // 4 × 49,921,941.68 / (100,000,000 − 3,499,488.28) = 2.06929231 years (the figures
    // in cents: to about 1e-10).
    let years = solved(
        "scenarios/gpt4-epoch.toml",
        "altman-over-100m",
        &[
            "--input",
            "fleet.azure-a100.years",
            "--set",
            "job.gpt-4.depreciation=\"straight-line\"",
        ],
    );
    let years: f64 = years.parse().expect("a number");
    assert!((years - 2.069_292_31).abs() < 1e-8, "{years}");

    // A rented fleet's job rents at the fleet's rate: $50M for 30 days × 24 h × 24,000
    // GPUs = 17,280,000 GPU-hours needs $2.8935185… an hour.
    let text = format!(
        "{RENTED}[[claim]]\nid = \"c\"\njob = \"grok-2\"\nscope = \"cloud\"\nvalue = \"$50M\"\n"
    );
    let (_dir, file) = scenario_file("rented.toml", &text);
    let (code, out, err) = gpucost(&["solve", &file, "--claim", "c"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("fleet.cloud.rate_per_gpu_hour = $2.89 per GPU-hour"),
        "{out}"
    );

    // What cannot be solved says why, exit 2.
    for (args, says) in [
        (
            vec![
                "scenarios/xai2024.toml",
                "--claim",
                "huang-9b",
                "--input",
                "job.grok-2.mfu",
            ],
            "job `grok-2` has no `mfu`",
        ),
        (
            vec![
                "scenarios/xai2024.toml",
                "--claim",
                "huang-9b",
                "--input",
                "job.grok.hours",
            ],
            "did you mean `grok-2`?",
        ),
        (
            vec![
                "scenarios/gpt4-epoch.toml",
                "--claim",
                "altman-over-100m",
                "--input",
                "fleet.azure-a100.years",
            ],
            "does not depend on fleet.azure-a100.years",
        ),
    ] {
        let mut all = vec!["solve"];
        all.extend(args);
        let (code, _, err) = gpucost(&all);
        assert_eq!(code, 2, "{all:?}");
        assert!(err.contains(says), "{all:?}: {err}");
    }
}

/// The claims of `gpucost check FILE --format json`.
fn claims(file: &str) -> Vec<Value> {
    let (_code, out, err) = gpucost(&["check", file, "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    doc["scenarios"][0]["claims"]
        .as_array()
        .expect("claims")
        .clone()
}

#[test]
fn a_claim_in_gpu_hours_hours_or_flop_implies_an_mfu() {
    // The model card's 30.84M GPU-hours: 3.8e25 / (989.4e12 × 3,600 × 30.84e6) =
    // 0.345935 MFU, the same `solve` finds.
    let card = &claims("scenarios/llama31.toml")[0];
    assert_eq!(card["implied_mfu"], "0.345935");

    let claim = |scope: &str, value: &str| {
        format!("[[claim]]\nid = \"c\"\njob = \"run\"\nscope = \"{scope}\"\nvalue = \"{value}\"\n")
    };
    // 10M GPU-hours for 3.8e25 FLOP would need 0.405 × 26,342,328.82 / 10,000,000 =
    // 1.0669 MFU: more than the hardware can do.
    let text = h100_with("flop = 3.8e25\nmfu = [0.38, 0.43]") + &claim("gpu_hours", "10M");
    let (_dir, file) = scenario_file("fast.toml", &text);
    assert_eq!(claims(&file)[0]["implied_mfu"], "1.066864");
    let (_, out, _) = gpucost(&["check", &file]);
    assert!(out.contains("MFU 1.067 (above 1: no MFU can)"), "{out}");
    // The wall clock likewise: 30.84e6 / 16,384 = 1,882.32 hours on all 16,384 GPUs
    // are the same 30.84M GPU-hours, so the same 0.345935.
    let text = h100_with("flop = 3.8e25\nmfu = [0.38, 0.43]")
        + &claim("hours", &(30_840_000.0_f64 / 16_384.0).to_string());
    let (_dir, file) = scenario_file("wall.toml", &text);
    assert_eq!(claims(&file)[0]["implied_mfu"], "0.345935");

    // Compute given as time: FLOP go as MFU. 1,000,000 GPU-hours at 0.4 MFU are
    // 1e6 × 3,600 × 989.4e12 × 0.4 = 1.4247e24 FLOP; a claim of 1e24 needs
    // 1e24 / (1e6 × 3,600 × 989.4e12) = 0.280754 MFU.
    let text = h100_with("gpu_hours = 1_000_000\nmfu = 0.4") + &claim("flop", "1e24");
    let (_dir, file) = scenario_file("time.toml", &text);
    let c = &claims(&file)[0];
    assert_eq!(c["implied_mfu"], "0.280754");
    // A claim on money, or on a count the MFU does not move, implies none.
    let text = h100_with("gpu_hours = 1_000_000\nmfu = 0.4") + &claim("gpu_hours", "2M");
    let (_dir, file) = scenario_file("none.toml", &text);
    assert_eq!(claims(&file)[0]["implied_mfu"], Value::Null);
}
