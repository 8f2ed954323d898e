//! `simulate` and `sensitivity`: reproducibility, the distributions against their closed
//! forms (tolerances from the sample count), the shared-input rule, and the tornado's
//! order on a scenario built so that it is known.

mod common;

use gpucost::analysis::sensitivity;
use gpucost::analysis::simulate::{self, Simulation, Summary};
use gpucost::catalog::Catalog;
use gpucost::judge::report::{self, Report};
use gpucost::scenario::Scope;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const XAI: &str = include_str!("../scenarios/xai2024.toml");

fn report(text: &str) -> Report {
    let catalog = Catalog::builtin().expect("catalog");
    report::evaluate("test.toml", text, catalog).expect("valid scenario")
}

fn simulate(r: &Report, samples: usize, seed: u64) -> Simulation {
    simulate::simulate(&r.scenario, samples, seed, &|_| {}).expect("simulates")
}

fn on_threads<T: Send>(threads: usize, job: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool")
        .install(job)
}

fn totals(sim: &Simulation) -> Vec<Summary> {
    sim.model
        .totals
        .iter()
        .map(|&(_, q)| sim.summaries[q].clone())
        .collect()
}

/// One bought fleet of a single GPU whose price has the given distribution: the `gpus`
/// total is then the price itself.
fn one_gpu(unit_price: &str) -> Report {
    report(&format!(
        "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"one\"\ngpu = \"H100\"\ncount = 1\nunit_price = {unit_price}\n"
    ))
}

fn gpus(sim: &Simulation) -> &Summary {
    let q = sim
        .model
        .claim_quantity(None, Scope::Gpus)
        .expect("gpus total");
    &sim.summaries[q]
}

/// Checks mean and percentiles against closed forms: the mean within 5 standard errors
/// (sd / √n), each percentile within 5 standard errors of a sample quantile
/// (√(p(1−p)/n) / density at the quantile).
fn assert_matches(
    s: &Summary,
    n: usize,
    mean: f64,
    sd: f64,
    quantile: impl Fn(f64) -> f64,
    density: impl Fn(f64) -> f64,
) {
    let n = n as f64;
    let tolerance = 5.0 * sd / n.sqrt();
    assert!(
        (s.mean - mean).abs() < tolerance,
        "mean {} vs {mean} (± {tolerance})",
        s.mean
    );
    for (p, got) in simulate::PERCENTILES.iter().zip(s.percentiles) {
        let p = p / 100.0;
        let want = quantile(p);
        let tolerance = 5.0 * (p * (1.0 - p) / n).sqrt() / density(want);
        assert!(
            (got - want).abs() < tolerance,
            "p{} {got} vs {want} (± {tolerance})",
            p * 100.0
        );
    }
}

#[test]
fn same_seed_same_numbers_on_any_thread_count() {
    let r = report(XAI);
    let one = on_threads(1, || simulate(&r, 50_000, 7));
    let two = on_threads(2, || simulate(&r, 50_000, 7));
    let five = on_threads(5, || simulate(&r, 50_000, 7));
    assert_eq!(one.summaries, two.summaries);
    assert_eq!(one.summaries, five.summaries);
    assert_eq!(one.claims, five.claims);
    // And again, a second run.
    assert_eq!(simulate(&r, 50_000, 7).summaries, one.summaries);
    // Another seed, other numbers.
    assert_ne!(simulate(&r, 50_000, 8).summaries, one.summaries);
}

#[test]
fn uniform_input_matches_its_closed_form() {
    let n = 200_000;
    let sim = simulate(&one_gpu("[\"$20k\", \"$30k\"]"), n, 11);
    let (a, b) = (20_000.0, 30_000.0);
    assert_matches(
        gpus(&sim),
        n,
        (a + b) / 2.0,
        (b - a) / 12f64.sqrt(),
        |p| a + p * (b - a),
        |_| 1.0 / (b - a),
    );
}

#[test]
fn lognormal_input_matches_its_closed_form() {
    let n = 200_000;
    let sim = simulate(
        &one_gpu("{ low = \"$20k\", high = \"$40k\", dist = \"lognormal\" }"),
        n,
        12,
    );
    let z95 = simulate::sample::Z95;
    let mu = (20_000f64.ln() + 40_000f64.ln()) / 2.0;
    let sigma = (40_000f64.ln() - 20_000f64.ln()) / (2.0 * z95);
    let mean = (mu + sigma * sigma / 2.0).exp();
    let sd = mean * ((sigma * sigma).exp() - 1.0).sqrt();
    let z = |p: f64| normal_quantile(p);
    let s = gpus(&sim);
    assert_matches(
        s,
        n,
        mean,
        sd,
        |p| (mu + sigma * z(p)).exp(),
        |x| {
            let t = (x.ln() - mu) / sigma;
            (-t * t / 2.0).exp() / (x * sigma * (2.0 * std::f64::consts::PI).sqrt())
        },
    );
    // (The closed-form 5th and 95th percentiles are the bounds as written.)
    assert!((z(0.95) - z95).abs() < 1e-9);
}

#[test]
fn pert_input_matches_its_closed_form() {
    let n = 200_000;
    let sim = simulate(
        &one_gpu("{ low = \"$20k\", high = \"$40k\", dist = \"pert\", mode = \"$25k\" }"),
        n,
        13,
    );
    let (a, m, b): (f64, f64, f64) = (20_000.0, 25_000.0, 40_000.0);
    let alpha = 1.0 + 4.0 * (m - a) / (b - a);
    let beta = 1.0 + 4.0 * (b - m) / (b - a);
    let mean = (a + 4.0 * m + b) / 6.0;
    let sd = ((mean - a) * (b - mean) / 7.0).sqrt();
    let beta_fn = integrate(
        |t| t.powf(alpha - 1.0) * (1.0 - t).powf(beta - 1.0),
        0.0,
        1.0,
    );
    let density01 = |t: f64| t.powf(alpha - 1.0) * (1.0 - t).powf(beta - 1.0) / beta_fn;
    let cdf = |x: f64| integrate(density01, 0.0, (x - a) / (b - a));
    let quantile = |p: f64| bisect(|x| cdf(x) - p, a, b);
    assert_matches(gpus(&sim), n, mean, sd, quantile, |x| {
        density01((x - a) / (b - a)) / (b - a)
    });
}

#[test]
fn exact_inputs_give_zero_spread() {
    let text = "[scenario]\ndate = 2024-07-15\n[defaults]\nserver_share = 0.3\nnetwork_share = 0.15\nfacility_per_mw = \"$12M\"\npue = 1.2\nelectricity_per_kwh = 0.08\nyears = 4\n[[fleet]]\ngpu = \"H100\"\ncount = 1000\nunit_price = \"$25k\"\nkw_per_gpu = 1.3\n";
    let r = report(text);
    let sim = simulate(&r, 10_000, 1);
    for ((scope, exact), s) in r.costs.totals.iter().zip(totals(&sim)) {
        let want = simulate::sample::to_f64(exact.low());
        assert!(exact.is_exact(), "{scope}");
        for v in s.percentiles.iter().chain([&s.min, &s.max, &s.mean]) {
            assert!((v - want).abs() <= want * 1e-12, "{scope}: {v} vs {want}");
        }
        assert_eq!(s.min, s.max, "{scope}");
    }
}

#[test]
fn uniform_draws_stay_within_the_exact_range() {
    let r = report(XAI);
    let sim = simulate(&r, 100_000, 3);
    for ((scope, exact), s) in r.costs.totals.iter().zip(totals(&sim)) {
        let (low, high) = (
            simulate::sample::to_f64(exact.low()),
            simulate::sample::to_f64(exact.high()),
        );
        // Up to the rounding of f64 products.
        assert!(s.min >= low * (1.0 - 1e-12), "{scope}: {} < {low}", s.min);
        assert!(s.max <= high * (1.0 + 1e-12), "{scope}: {} > {high}", s.max);
        assert!(
            s.min < s.percentiles[0] && s.percentiles[4] < s.max,
            "{scope}"
        );
    }
}

#[test]
fn job_draws_stay_within_their_exact_ranges_and_share_the_fleets_inputs() {
    // Llama 3.1: FLOP at MFU 0.38–0.43 on a bought H100 fleet priced by the catalog;
    // every estimate and measure of the job is drawn, and stays in its exact range.
    let r = report(include_str!("../scenarios/llama31.toml"));
    let sim = simulate(&r, 50_000, 7);
    let cost = &r.costs.jobs[0];
    for scope in Scope::JOB {
        let Some(exact) = cost.scope(scope) else {
            continue;
        };
        let q = sim.model.job_quantity(0, scope).expect("drawn");
        let s = &sim.summaries[q];
        let (low, high) = (
            simulate::sample::to_f64(exact.low()),
            simulate::sample::to_f64(exact.high()),
        );
        assert!(s.min >= low * (1.0 - 1e-12), "{scope}: {} < {low}", s.min);
        assert!(s.max <= high * (1.0 + 1e-12), "{scope}: {} > {high}", s.max);
    }
    // The job's amortized cost reads the fleet's unit price: one variable, used by the
    // fleet and by the job.
    let price = sim
        .model
        .variables
        .iter()
        .find(|v| v.param.key() == "unit_price")
        .expect("unit_price");
    let readers: Vec<_> = price.reader_names(&r.scenario).collect();
    assert_eq!(readers, ["meta-h100", "job llama-3.1-405b"]);
    // Every draw of the GPU-hours (at most 28,075,377) is below the model card's 30.84M.
    assert_eq!(sim.claims[0].below, 1.0);
}

#[test]
fn an_input_written_once_is_drawn_once_for_every_fleet() {
    // Two identical fleets: the catalog price and [defaults] are one quantity each, so
    // both fleets cost the same in every draw.
    let shared = "[scenario]\ndate = 2024-07-15\n[defaults]\npue = [1.1, 1.5]\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\ncount = 1000\n[[fleet]]\nid = \"b\"\ngpu = \"H100\"\ncount = 1000\n";
    let r = report(shared);
    let sim = simulate(&r, 20_000, 5);
    let fleet_tco = |sim: &Simulation, f: usize| {
        let q = sim.model.claim_quantity(Some(f), Scope::Tco).expect("tco");
        sim.summaries[q].clone()
    };
    assert_eq!(fleet_tco(&sim, 0), fleet_tco(&sim, 1));
    let pue = sim
        .model
        .variables
        .iter()
        .find(|v| v.param.key() == "pue")
        .expect("pue");
    let readers: Vec<_> = pue.reader_names(&r.scenario).collect();
    assert_eq!(readers, ["a", "b"]);
    // Prices written on each fleet are two quantities, drawn apart.
    let apart = shared.replace(
        "count = 1000\n",
        "count = 1000\nunit_price = [\"$20k\", \"$30k\"]\n",
    );
    let sim = simulate(&report(&apart), 20_000, 5);
    assert_ne!(fleet_tco(&sim, 0), fleet_tco(&sim, 1));
}

#[test]
fn tornado_ranks_inputs_by_their_swing() {
    // capex = count × price × (1 + servers + network) + count × kW / 1000 × $/MW.
    let text = "[scenario]\ndate = 2024-07-15\n[defaults]\nserver_share = [0.2, 0.4]\nnetwork_share = [0.1, 0.12]\nfacility_per_mw = [\"$10M\", \"$11M\"]\n[[fleet]]\nid = \"f\"\ngpu = \"H100\"\ncount = 1000\nunit_price = [\"$20k\", \"$40k\"]\nkw_per_gpu = [1.3, 1.3]\n";
    let r = report(text);
    let t = sensitivity::tornado(&r, Scope::Capex, 20_000, 9, &|_| {}).expect("tornado");
    let names: Vec<&str> = t
        .bars
        .iter()
        .map(|b| t.variables[b.variable].param.key())
        .collect();
    // Swings by hand, others at midpoint (price $30k, shares 0.3 and 0.11, kW 1.3, $10.5M):
    // unit_price: 1000 × $20k × 1.41 = $28.2M
    // server_share: 1000 × $30k × 0.2 = $6M
    // facility_per_mw: 1000 × 1.3 / 1000 × $1M = $1.3M
    // network_share: 1000 × $30k × 0.02 = $0.6M
    assert_eq!(
        names,
        [
            "unit_price",
            "server_share",
            "facility_per_mw",
            "network_share"
        ]
    );
    let swings: Vec<Decimal> = t.bars.iter().map(|b| b.swing).collect();
    assert_eq!(
        swings,
        [dec!(28200000), dec!(6000000), dec!(1300000), dec!(600000)]
    );
    // Every input raises capex; the widest swing correlates most.
    assert!(t.bars.iter().all(|b| b.rank_correlation > 0.0));
    assert!(t.bars[0].rank_correlation > t.bars[1].rank_correlation);
    assert!(t.bars[1].rank_correlation > t.bars[3].rank_correlation);
}

/// Φ⁻¹ by bisection on Φ, itself integrated numerically.
fn normal_quantile(p: f64) -> f64 {
    let cdf = |z: f64| {
        integrate(|t| (-t * t / 2.0).exp(), -12.0, z) / (2.0 * std::f64::consts::PI).sqrt()
    };
    bisect(|z| cdf(z) - p, -10.0, 10.0)
}

/// Simpson's rule with 20,000 intervals.
fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    let n = 20_000;
    let h = (b - a) / n as f64;
    let mut sum = f(a) + f(b);
    for i in 1..n {
        sum += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    sum * h / 3.0
}

fn bisect(f: impl Fn(f64) -> f64, mut low: f64, mut high: f64) -> f64 {
    for _ in 0..60 {
        let mid = (low + high) / 2.0;
        if f(mid) < 0.0 {
            low = mid;
        } else {
            high = mid;
        }
    }
    (low + high) / 2.0
}

mod cli {
    //! The commands as a user runs them.

    use super::common::gpucost;

    const XAI: &str = "scenarios/xai2024.toml";

    fn json(args: &[&str]) -> serde_json::Value {
        let (code, out, err) = gpucost(args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).expect("valid JSON")
    }

    #[test]
    fn simulate_reports_odds_of_the_xai_claims() {
        let doc = json(&[
            "simulate",
            XAI,
            "--samples",
            "20000",
            "--seed",
            "3",
            "--format",
            "json",
        ]);
        let sim = &doc["simulations"][0];
        assert_eq!(sim["samples"], 20000);
        assert_eq!(sim["seed"], 3);
        assert!(
            sim["interpretation"]
                .as_str()
                .expect("text")
                .contains("uniform")
        );
        let huang = &sim["claims"][0];
        assert_eq!(huang["id"], "huang-9b");
        // $9B is 300,000 × $30k, the floor of the B200 range: no draw is below it.
        assert_eq!(huang["p_cost_at_or_below"], 0.0);
        assert_eq!(huang["p_above"], 1.0);
        let colossus = &sim["claims"][1];
        assert_eq!(colossus["p_within"], 1.0, "{colossus}");
        let tco = &sim["totals"]["tco"];
        let p = |k: &str| tco[k].as_f64().expect("number");
        assert!(p("min") <= p("p5") && p("p5") <= p("p50") && p("p50") <= p("p95"));
        let counts = tco["histogram"]["counts"].as_array().expect("counts");
        let total: u64 = counts.iter().map(|c| c.as_u64().expect("count")).sum();
        assert_eq!(total, 20000);
    }

    #[test]
    fn thread_count_does_not_change_the_output() {
        let run = |threads: &str| {
            gpucost(&[
                "simulate",
                XAI,
                "--samples",
                "30000",
                "--threads",
                threads,
                "--format",
                "json",
            ])
            .1
        };
        assert_eq!(run("1"), run("3"));
    }

    #[test]
    fn simulate_table_and_sensitivity_table() {
        let (code, out, err) = gpucost(&["simulate", XAI, "--samples", "20000"]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!("simulate_xai", out);
        let (code, out, err) = gpucost(&["sensitivity", XAI, "--samples", "20000"]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!("sensitivity_xai", out);
    }

    #[test]
    fn an_all_exact_scenario_says_nothing_is_uncertain() {
        // 1,000 H100 at exactly $30,000 with every overhead exact: gpus = $30M.
        let (_dir, file) = super::common::scenario_file(
            "exact.toml",
            "[scenario]\ndate = 2024-07-15\n[defaults]\nserver_share = 0.2\nnetwork_share = 0.1\n\
             facility_per_mw = 10_000_000\nelectricity_per_kwh = 0.08\npue = 1.2\nkw_per_gpu = 1.3\n\
             years = 5\n[[fleet]]\ngpu = \"H100\"\ncount = 1000\nunit_price = 30000\n",
        );
        // Before: an empty tornado table.
        let (code, out, err) = gpucost(&["sensitivity", &file, "--samples", "1000"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("Nothing: no input that `tco` depends on is uncertain"),
            "{out}"
        );
        assert!(!out.contains('┌'), "{out}");
        // Before: 16 identical histogram rows per total.
        let (code, out, err) = gpucost(&["simulate", &file, "--samples", "1000"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("every draw is $30M: nothing in it is uncertain"),
            "{out}"
        );
        assert!(!out.contains("$30M – $30M"), "{out}");
    }

    #[test]
    fn other_formats_parse() {
        let (code, out, _) = gpucost(&["simulate", XAI, "--samples", "5000", "--format", "csv"]);
        assert_eq!(code, 0);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert!(rows.iter().any(|r| &r[6] == "tco" && &r[8] == "p50"));
        assert!(
            rows.iter()
                .any(|r| &r[7] == "huang-9b" && &r[8] == "p_above" && &r[9] == "1")
        );
        let (code, out, _) =
            gpucost(&["simulate", XAI, "--samples", "5000", "--format", "markdown"]);
        assert_eq!(code, 0);
        assert!(
            out.contains("### Totals by scope") && out.contains("```text"),
            "{out}"
        );
        let doc = json(&["sensitivity", XAI, "--samples", "5000", "--format", "json"]);
        assert_eq!(doc["inputs"][0]["input"], "facility_per_mw");
        let (code, out, _) = gpucost(&["sensitivity", XAI, "--samples", "5000", "--format", "csv"]);
        assert_eq!(code, 0);
        assert!(
            out.starts_with("file,scenario,currency,scope,input"),
            "{out}"
        );
    }

    #[test]
    fn long_runs_show_no_progress_bar_when_piped() {
        // 2,000,000 samples would show a bar on a terminal; here stderr is a pipe.
        let (code, out, err) = gpucost(&["simulate", XAI, "--samples", "2e6", "--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        assert!(err.is_empty(), "{err}");
        assert!(
            out.contains(",2000000,"),
            "the sample count is in every row"
        );
    }

    #[test]
    fn bad_sampling_arguments_exit_2() {
        for args in [
            &["simulate", XAI, "--samples", "0"][..],
            &["simulate", XAI, "--samples", "many"],
            &["simulate", XAI, "--threads", "0"],
            &["sensitivity", XAI, "--scope", "tcoo"],
        ] {
            let (code, _, err) = gpucost(args);
            assert_eq!(code, 2, "{args:?}: {err}");
        }
        // Before: 1e13 samples aborted allocating the blocks' streams (SIGABRT),
        // 65,535 threads hung, and sensitivity's memory grew with the samples.
        let (code, _, err) = gpucost(&["simulate", XAI, "--samples", "1e13"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("at most 1,000,000,000 samples"), "{err}");
        let (code, _, err) = gpucost(&["simulate", XAI, "--threads", "65535"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("at most 256 worker threads"), "{err}");
        let (code, _, err) = gpucost(&["sensitivity", XAI, "--samples", "1e9"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("samples for this scenario (512 MiB)"), "{err}");
        let (_, _, err) = gpucost(&["sensitivity", XAI, "--scope", "tcoo"]);
        assert!(err.contains("did you mean `tco`?"), "{err}");
        let (code, _, err) = gpucost(&[
            "sensitivity",
            "scenarios/meta2024.toml",
            "--scope",
            "rental",
        ]);
        assert_eq!(code, 2);
        assert!(err.contains("has no `rental` total"), "{err}");
    }
}

#[test]
fn the_memory_budget_does_not_change_the_numbers() {
    // xai2024 (three fleets, a job, claims) and llama31 (a job on a bought fleet):
    // the totals kept and read once, kept 3 at a time, or taken 1 or 3 at a time and
    // drawn twice, give the same draws, the same sums in the same order, the same
    // percentiles.
    for text in [XAI, include_str!("../scenarios/llama31.toml")] {
        let r = report(text);
        let run = |budget| {
            simulate::simulate_within(&r.scenario, 10_000, 4, budget, &|_| {}).expect("simulates")
        };
        let kept = run(simulate::Budget::DEFAULT);
        let budgets = [(usize::MAX, 3), (0, 1), (0, 3)];
        for (keep_bytes, group) in budgets {
            let other = run(simulate::Budget { keep_bytes, group });
            assert_eq!(other.summaries, kept.summaries, "{keep_bytes} {group}");
            assert_eq!(other.claims, kept.claims, "{keep_bytes} {group}");
        }
    }
}

#[test]
fn progress_adds_up_to_the_samples_whatever_the_passes() {
    let r = report(XAI);
    for budget in [
        simulate::Budget::DEFAULT,
        simulate::Budget {
            keep_bytes: 0,
            group: 2,
        },
    ] {
        let told = std::sync::atomic::AtomicUsize::new(0);
        let tell = |n: usize| {
            told.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        };
        simulate::simulate_within(&r.scenario, 5_000, 1, budget, &tell).expect("simulates");
        assert_eq!(told.into_inner(), 5_000, "{budget:?}");
    }
}
