//! Runs the built binary on the shipped scenarios and on broken ones, and checks
//! totals and verdicts from the JSON output against figures worked out by hand.

mod common;

use common::{gpucost, gpucost_with_env};

use std::path::Path;

use serde_json::Value;

fn json(file: &str) -> Value {
    let (code, out, err) = gpucost(&["run", file, "--format", "json"]);
    assert_eq!(code, 0, "{file}: {err}");
    let doc: Value = serde_json::from_str(&out).expect("valid JSON");
    doc["scenarios"][0].clone()
}

fn claim<'a>(scenario: &'a Value, id: &str) -> &'a Value {
    scenario["claims"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("claim {id}"))
}

fn bounds(v: &Value) -> (&str, &str) {
    (
        v["low"].as_str().unwrap_or("?"),
        v["high"].as_str().unwrap_or("?"),
    )
}

#[test]
fn v100_at_article_prices_makes_200m_euro_consistent_at_the_top_but_off_market() {
    let s = json("scenarios/twitter2023-v100.toml");
    assert_eq!(s["currency"], "EUR");
    // gpus = 10,000 × €10,000–20,000 = €100M–200M
    assert_eq!(bounds(&s["totals"]["gpus"]), ("100000000", "200000000"));
    let c = claim(&s, "nl-200-million-euro");
    assert_eq!(c["verdict"], "consistent");
    assert_eq!(c["position"], "100");
    assert_eq!(c["factor"], Value::Null);
    // €200M / 10,000 = €20,000 per card
    assert_eq!(c["implied_unit_price"], "20000");
    // The catalog's V100 card points of the year to 2022-07-01 (287 days before
    // 2023-04-14): Next Platform's 2022 list, $2,500 (SXM3) and $7,500 (PCIe);
    // ÷ 1.0968 (ECB April 2023) = €2,279.36–6,838.07. €10k–20k lies above it.
    let off = &c["off_market"][0];
    assert_eq!(off["placement"], "above");
    assert_eq!(bounds(&off["market"]), ("2279.36", "6838.07"));
}

#[test]
fn twitter_h100_claims_are_judged_against_the_gpus_alone() {
    let s = json("scenarios/twitter2023.toml");
    // The catalog's only H100 point on or before 2023-04-11 is a DGX H100's price per
    // GPU, $44,489.88 (Delta Computer, 2022-09-29), which holds the server: the `gpus`
    // part is 10,000 × $44,489.88 = $444,898,800, with no server part. The `gpus`
    // total counts the GPUs alone: ÷ (1 + the catalog's server share 0.3–1) =
    // $444,898,800 / 2 = $222,449,400 to / 1.3 = $342,229,846.15.
    let fleet = &s["fleets"][0];
    assert_eq!(bounds(&fleet["parts"]["gpus"]), ("444898800", "444898800"));
    assert_eq!(bounds(&s["totals"]["gpus"]), ("222449400", "342229846.15"));
    assert_eq!(bounds(&fleet["parts"]["servers"]), ("0", "0"));
    assert_eq!(fleet["market"]["holds_server"], true);
    // The network is a share of the server, 0.07–0.32 (Epoch):
    // $444,898,800 × 0.07 = $31,142,916; × 0.32 = $142,367,616.
    assert_eq!(
        bounds(&fleet["parts"]["network"]),
        ("31142916", "142367616")
    );
    // "decine di milioni di dollari" read as $10M–100M: understates the GPUs alone by
    // 222.4494 / 100 = 2.224494 → 2.22 (before: the servers' price too, ×4.45)
    let tens = claim(&s, "ambrosi-tens-of-millions");
    assert_eq!(tens["written"], "decine di milioni di dollari");
    assert_eq!(tens["reading"], "magnitude");
    assert_eq!(
        (tens["verdict"].as_str(), tens["factor"].as_str()),
        (Some("understates"), Some("2.22"))
    );
    // "circa 200 milioni di euro" = €180M–220M (±10%) × 1.0968 = $197,424,000–241,296,000
    // overlaps the GPUs alone, $222,449,400–342,229,846: consistent, but only within
    // the ±10% of "circa" ($219,360,000 itself is below), at 0% (its midpoint below the
    // low end). It implies, per GPU in a server as the catalog prices it, $219,360,000
    // × 1.65 (1 + the share's midpoint 0.65) / 10,000 = $36,194.40.
    let nl = claim(&s, "nl-200-million-euro");
    assert_eq!(nl["reading"], "about");
    assert_eq!(
        (nl["claim_low"].as_str(), nl["claim_high"].as_str()),
        (Some("197424000"), Some("241296000"))
    );
    assert_eq!(
        (nl["verdict"].as_str(), nl["position"].as_str()),
        (Some("consistent"), Some("0"))
    );
    assert_eq!(nl["within_band"], true);
    assert_eq!(nl["implied_unit_price"], "36194.4");
    assert_eq!(nl["gpus_alone"]["fleets"][0], "twitter");
    assert_eq!(
        bounds(&nl["gpus_alone"]["with_servers"]),
        ("444898800", "444898800")
    );
}

#[test]
fn xai_parts_and_the_9b_claim_match_hand_calculations() {
    let s = json("scenarios/xai2024.toml");
    let huang = claim(&s, "huang-9b");
    // 300,000 × $30,000–40,000 (Huang to CNBC, 2024-03-19) = $9B–12B; $9B sits at the
    // low edge
    assert_eq!(bounds(huang), ("9000000000", "12000000000"));
    assert_eq!(
        (huang["verdict"].as_str(), huang["position"].as_str()),
        (Some("consistent"), Some("0"))
    );
    assert_eq!(huang["implied_unit_price"], "30000");
    let colossus = &s["fleets"][1];
    assert_eq!(colossus["id"], "colossus");
    // facility = 100,000 × 1.275 kW (DGX H100 10.2 kW / 8) / 1000 × $10M–24M per MW
    // = $1.275B–3.06B
    assert_eq!(
        bounds(&colossus["parts"]["facility"]),
        ("1275000000", "3060000000")
    );
    // energy over years 5–6 of 8,766 h (43,830–52,596 h) at the mean price of the
    // years the fleet runs, $0.0815 (2024–2028) to $0.081683 (2024–2029), each year after
    // 2025 at the table's 2025 $0.0826:
    // low = 127,500 kW × load 0.75 × PUE 1.1 × 43,830 h × $0.0815 = $375,745,002.19
    // high = 127,500 kW × 0.75 × 1.58 × 52,596 h × $0.081683 = $649,101,976.69
    assert_eq!(
        bounds(&colossus["parts"]["energy"]),
        ("375745002.19", "649101976.69")
    );
    // oracle rental = 24,000 × 6–12 months × 730.5 h × $2.49–10 (the Hopper rents of
    // the year to 2024-07-11: Lambda's H100 PCIe on demand to Oracle's H100 on demand)
    // = $261,928,080 – $2,103,840,000
    assert_eq!(
        bounds(&s["fleets"][0]["parts"]["rental"]),
        ("261928080", "2103840000")
    );
    // gpus total = $2B–3B (Colossus) + $9B–12B (B200) = $11B–15B
    assert_eq!(bounds(&s["totals"]["gpus"]), ("11000000000", "15000000000"));
    // Colossus at $20k–30k reaches below the card and board points of the year to
    // 2024-03-27: Raymond James $25,000–30,000 to an HGX board's $33,819.37
    let c = claim(&s, "colossus-2-to-3b");
    assert_eq!(c["off_market"][0]["placement"], "partly_below");
    assert_eq!(bounds(&c["off_market"][0]["market"]), ("25000", "33819.37"));
    assert_eq!(c["position"], "50");
}

#[test]
fn meta_estimates_fall_inside_the_early_2024_range() {
    let s = json("scenarios/meta2024.toml");
    // The card and board points of the year to 2023-09-06 (the newest before
    // 2024-01-18): Raymond James $25,000–30,000 and an HGX board's $31,119.50.
    // 350,000 × $25,000–31,119.50 = $8.75B–10,891,825,000
    assert_eq!(bounds(&s["totals"]["gpus"]), ("8750000000", "10891825000"));
    // "nearly $9 billion" = $8.1B–9B overlaps it: consistent, its midpoint $8.55B
    // below the range's low end (position 0); $10.5B at (10.5 − 8.75) / 2.141825
    // = 81.7%
    assert_eq!(claim(&s, "nearly-9b")["verdict"], "consistent");
    assert_eq!(claim(&s, "nearly-9b")["position"], "0");
    assert_eq!(claim(&s, "10.5b-at-30k")["position"], "81.7");
}

#[test]
fn check_exits_1_when_a_claim_is_outside_and_0_otherwise() {
    let (code, out, _) = gpucost(&["check", "scenarios/twitter2023.toml"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("2 claims: 1 consistent, 1 outside their range"),
        "{out}"
    );
    let (code, _, _) = gpucost(&["check", "scenarios/xai2024.toml", "scenarios/meta2024.toml"]);
    assert_eq!(code, 0);
}

#[test]
fn a_claim_just_outside_shows_the_digits_that_differ_from_one() {
    // €200,000,099 against a high of 10,000 × €20,000 = €200,000,000:
    // factor 200,000,099 / 200,000,000 = 1.000000495, shown to two significant digits
    // of its distance from 1. Before: "overstates ×1" and exit 1 with no visible reason.
    let over = "claim.nl-200-million-euro.value=\"€200,000,099\"";
    let (code, out, _) = gpucost(&["check", "scenarios/twitter2023-v100.toml", "--set", over]);
    assert_eq!(code, 1);
    assert!(out.contains("overstates ×1.0000005"), "{out}");
    let (_, out, _) = gpucost(&[
        "check",
        "scenarios/twitter2023-v100.toml",
        "--set",
        over,
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(
        claim(&doc["scenarios"][0], "nl-200-million-euro")["factor"],
        "1.0000005"
    );
    // €199,999,901 is inside, at (199,999,901 − 100,000,000) / 100,000,000 × 100
    // = 99.999901% (two significant digits of its distance 0.000099 from 100): not
    // "100% of the range".
    let inside = "claim.nl-200-million-euro.value=\"€199,999,901\"";
    let (code, out, _) = gpucost(&["check", "scenarios/twitter2023-v100.toml", "--set", inside]);
    assert_eq!(code, 0);
    assert!(
        out.contains("consistent, at 99.999901% of the range"),
        "{out}"
    );
}

#[test]
fn rates_are_shown_to_six_decimals_and_check_json_leaves_out_fleets() {
    // 1 GBP = 1.0968 / 0.8812 USD (ECB, April 2023) = 1.244666363…: six decimals.
    let (code, out, err) = gpucost(&["run", "scenarios/twitter2023.toml", "--currency", "GBP"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("rate: 1 GBP = 1.244666 USD (ECB monthly mean 2023-04)"),
        "{out}"
    );
    // Every JSON `exchange_rates`, even of a USD run, has six decimals at most, or
    // below 0.1 (a yen, a won) six significant digits: `0.000695` would keep three.
    let s = json("scenarios/xai2024.toml");
    for rate in s["exchange_rates"].as_array().expect("rates") {
        let text = rate["usd_per_unit"].as_str().unwrap_or("");
        let fraction = text.split_once('.').map_or("", |(_, f)| f);
        let leading_zeros = fraction.len() - fraction.trim_start_matches('0').len();
        let significant = fraction.len() - leading_zeros;
        assert!(fraction.len() <= 6 || significant <= 6, "{rate}");
    }
    let krw = s["exchange_rates"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["currency"] == "KRW"))
        .and_then(|r| r["usd_per_unit"].as_str())
        .unwrap_or("");
    assert!(krw.starts_with("0.000") && krw.len() >= 10, "{krw}");
    // `check` gives run's document without `fleets` and `totals`, as documented.
    let (_, out, _) = gpucost(&["check", "scenarios/xai2024.toml", "--format", "json"]);
    let doc: Value = serde_json::from_str(&out).expect("valid JSON");
    let mut keys: Vec<&str> = doc["scenarios"][0]
        .as_object()
        .expect("scenario")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "claims",
            "constant_dollars",
            "currency",
            "date",
            "exchange_rates",
            "file",
            "name",
            "sources",
            "warnings"
        ]
    );
}

#[test]
fn control_characters_in_names_never_reach_the_terminal() {
    // A name that would retitle the window and an id that would turn text red.
    let text = "[scenario]\ndate = 2024-07-15\nname = \"\\u001b]0;pwned\\u0007\"\n\
                [[fleet]]\nid = \"\\u001b[31mred\"\ngpu = \"H100\"\ncount = 10\n";
    let (_dir, file) = common::scenario_file("ansi.toml", text);
    for format in ["table", "markdown", "csv", "json"] {
        let (code, out, err) = gpucost(&["run", &file, "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format}: {out:?}"
        );
    }
    let (_, out, _) = gpucost(&["run", &file]);
    assert!(out.contains("␛]0;pwned␇"), "{out}");
    assert!(out.contains("Fleet `␛[31mred`"), "{out}");
}

#[test]
fn json_escapes_del_and_c1_controls_and_keeps_the_text() {
    // U+009B is a one-character CSI (terminal command), DEL 0x7F: serde_json leaves
    // both raw; gpucost writes them as \u escapes, so the JSON is safe on a terminal
    // and a script reading it still gets the name exactly.
    let text = "[scenario]\ndate = 2024-07-15\nname = \"a\\u009b31mb\\u007fc\\u0085\"\n\
                [[fleet]]\nid = \"x\"\ngpu = \"H100\"\ncount = 10\n";
    let (_dir, file) = common::scenario_file("c1.toml", text);
    let (code, out, err) = gpucost(&["run", &file, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains(['\u{9b}', '\u{7f}', '\u{85}']),
        "raw controls: {out:?}"
    );
    assert!(
        out.contains(r#""name": "a\u009b31mb\u007fc\u0085""#),
        "{out}"
    );
    let doc: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(doc["scenarios"][0]["name"], "a\u{9b}31mb\u{7f}c\u{85}");
    // Errors as JSON alike: the unknown key is named as written.
    let text = "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"x\"\ngpu = \"H100\"\n\
                count = 10\n\"b\\u009bad\" = 1\n";
    let (_dir, file) = common::scenario_file("c1-key.toml", text);
    let (code, _, err) = gpucost(&["run", &file, "--format", "json"]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains('\u{9b}'), "raw control: {err:?}");
    let doc: serde_json::Value = serde_json::from_str(&err).expect("valid JSON");
    assert_eq!(
        doc["errors"][0]["message"],
        "unknown key `b\u{9b}ad` in `[[fleet]]`"
    );
}

/// The words of a report: what lies between blanks and table borders.
fn words(text: &str) -> std::collections::HashSet<String> {
    text.split(|c: char| c.is_whitespace() || "│┆┌┬┐└┴┘├┼┤╞╪╡═─|".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn at_80_columns_no_number_or_identifier_is_split() {
    let commands: [&[&str]; 8] = [
        &["run", "scenarios/xai2024.toml"],
        &["check", "scenarios/twitter2023.toml"],
        &["simulate", "scenarios/xai2024.toml", "--samples", "2000"],
        &["sensitivity", "scenarios/xai2024.toml", "--samples", "2000"],
        &["catalog"],
        &["catalog", "H100"],
        &["explain", "scenarios/xai2024.toml"],
        &[
            "compare",
            "scenarios/xai2024.toml",
            "scenarios/meta2024.toml",
        ],
    ];
    for args in commands {
        // Piped without --width, nothing wraps: every word is whole.
        let (_, whole, _) = gpucost(args);
        let mut narrow = args.to_vec();
        narrow.extend(["--width", "80"]);
        let (code, wrapped, err) = gpucost(&narrow);
        assert!(code == 0 || code == 1, "{args:?}: {err}");
        let known = words(&whole);
        // Before: `$2.071` / `B`, `colossu` / `s`, `electrici` / `ty_per_kw` / `h`.
        // (Tornado bars are shorter at 80 columns by design.)
        let split: Vec<String> = words(&wrapped)
            .difference(&known)
            .filter(|w| !w.chars().all(|c| c == '█'))
            .cloned()
            .collect();
        assert!(split.is_empty(), "{args:?} split {split:?}:\n{wrapped}");
    }
    // explain honours --width (before: 428-column lines).
    let (_, out, _) = gpucost(&["explain", "scenarios/xai2024.toml", "--width", "80"]);
    let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 80, "explain line of {widest} columns");
    // Piped, the catalog does not wrap: a source stays on one line.
    let doc: Value =
        serde_json::from_str(&gpucost(&["catalog", "--format", "json"]).1).expect("valid JSON");
    let source = doc["models"][0]["launch"]["source"]
        .as_str()
        .unwrap_or("?")
        .to_string();
    let (_, out, _) = gpucost(&["catalog", doc["models"][0]["name"].as_str().unwrap_or("?")]);
    assert!(
        out.lines().any(|l| l.contains(&source)),
        "{source} wrapped:\n{out}"
    );
    // Markdown rows never break inside a word with `<br>`.
    let (_, md, _) = gpucost(&["catalog", "--format", "markdown", "--width", "80"]);
    assert!(!md.contains("<br>"), "{md}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_standard_output_is_reported() {
    // Before: `gpucost run x > /dev/full` exited 0 with nothing written.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gpucost"))
        .args(["run", "scenarios/xai2024.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdout(full)
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot write the output: no space left on device"),
        "{err}"
    );
    // A closed pipe is not an error: `gpucost run … | head -1` exits 0, silently.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gpucost"))
        .args(["catalog"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("exits");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn run_table_for_xai_matches_its_snapshot() {
    let (code, out, err) = gpucost(&["run", "scenarios/xai2024.toml"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn catalog_lists_models_with_sources_and_shows_one() {
    let (code, out, _) = gpucost(&["catalog"]);
    assert_eq!(code, 0);
    for model in [
        "V100",
        "A100-40GB",
        "A100-80GB",
        "H100-SXM",
        "H100-PCIe",
        "H200",
        "B200",
    ] {
        assert!(out.contains(model), "{model}");
    }
    // One model: its latest range names the points behind its bounds, with URLs.
    let (code, out, _) = gpucost(&["catalog", "H100"]);
    assert_eq!(code, 0);
    // (Its rents of 2025-10 to 2026-08: SemiAnalysis's three-year $1.30 to Azure's $12.29.)
    assert!(
        out.contains("lowest SemiAnalysis AI Cloud TCO Model (analyst estimate) 3-year $1.30")
            && out.contains("highest Microsoft Azure on-demand $12.29"),
        "{out}"
    );
    assert!(out.contains("--history"), "{out}");
    // Its history holds every point, the 2023 analyst estimate among them.
    let (code, out, _) = gpucost(&["catalog", "H100", "--history"]);
    assert_eq!(code, 0);
    assert!(out.contains("Raymond James"), "{out}");
    let (code, _, err) = gpucost(&["catalog", "H1000"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `H100`?"), "{err}");
}

/// Each broken file under tests/scenarios/invalid/ must exit 2 without a report or a
/// panic, name itself in the message, contain the text its first line gives as
/// `# expect: …` (if it has one), and match its reviewed snapshot.
#[test]
fn every_broken_scenario_exits_2_with_its_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/invalid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("invalid/ exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 30, "only {} broken scenarios", names.len());
    for name in &names {
        // Relative, so messages (and snapshots) do not depend on where the repo lives.
        let file = format!("tests/scenarios/invalid/{name}");
        let bytes = std::fs::read(dir.join(name)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let (code, out, err) = gpucost(&["run", &file]);
        assert_eq!(code, 2, "{file}: {err}");
        assert!(out.is_empty(), "{file} printed a report");
        assert!(!err.contains("panicked"), "{file}: {err}");
        // Control characters from a file are shown as symbols, never sent raw.
        assert!(!err.contains('\u{1b}'), "{file}: {err:?}");
        assert!(
            err.contains(&file),
            "{file}: message does not name the file"
        );
        if let Some(expect) = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
        {
            assert!(
                err.contains(expect),
                "{file}: expected `{expect}` in:\n{err}"
            );
        }
        let stem = name.trim_end_matches(".toml").to_string();
        insta::with_settings!({ snapshot_suffix => stem, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("invalid", err);
        });
    }
}

#[test]
fn unreadable_inputs_exit_2_without_panicking() {
    let (code, _, err) = gpucost(&["run", "no/such/file.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read `no/such/file.toml`: no such file or directory"),
        "{err}"
    );
    insta::assert_snapshot!("missing_file", err);
    let (code, _, err) = gpucost(&["run", "scenarios"]);
    assert_eq!(code, 2);
    assert!(err.contains("is a directory"), "{err}");
    insta::assert_snapshot!("directory", err);
    let dir = std::env::temp_dir().join(format!("gpucost-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let binary = dir.join("binary.toml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).expect("write");
    let (code, _, err) = gpucost(&["run", &binary.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.contains("is not UTF-8 text"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn markdown_report_matches_its_snapshot() {
    let (code, out, err) = gpucost(&[
        "run",
        "scenarios/twitter2023-v100.toml",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("## Twitter, April 2023"), "{out}");
    // Every table row is one line: multi-line cells are joined with <br>.
    assert!(
        out.lines()
            .filter(|l| l.starts_with('|'))
            .all(|l| l.ends_with('|'))
    );
    insta::assert_snapshot!(out);
}

#[test]
fn csv_parses_back_with_one_row_per_fleet_part_and_bound() {
    let (code, out, err) = gpucost(&["run", "scenarios/xai2024.toml", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "file", "scenario", "date", "currency", "fleet", "item", "bound", "amount", "job"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    // parts: oracle 1 + colossus 5 + blackwell 5, totals: 4 scopes, owning a GPU-hour:
    // colossus (with a catalog rent, so a break-even) 2 + blackwell (no rent) 1, the
    // Grok 2 job on the rented fleet: cloud, gpu_hours, hours; each low and high
    assert_eq!(rows.len(), (1 + 5 + 5 + 4 + 3 + 3) * 2);
    // Grok 2: 24,000 GPUs × 4,380–8,760 h = 105,120,000–210,240,000 GPU-hours
    let grok: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[8] == "grok-2").collect();
    assert_eq!((&grok[2][5], &grok[2][7]), ("gpu_hours", "105120000"));
    assert_eq!((&grok[3][5], &grok[3][7]), ("gpu_hours", "210240000"));
    let amount = |fleet: &str, item: &str, bound: &str| {
        rows.iter()
            .find(|r| &r[4] == fleet && &r[5] == item && &r[6] == bound)
            .map(|r| r[7].to_string())
    };
    // 100,000 × 1.275 kW / 1000 × $10M = $1.275B
    assert_eq!(
        amount("colossus", "facility", "low").as_deref(),
        Some("1275000000")
    );
    // scenario gpus total high: $3B + $12B
    assert_eq!(amount("", "gpus", "high").as_deref(), Some("15000000000"));

    let (code, out, _) = gpucost(&["check", "scenarios/twitter2023.toml", "--format", "csv"]);
    assert_eq!(code, 1);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let claims: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(claims.len(), 2);
    // circa €200M = €180M–220M at 1.0968 = $197,424,000–241,296,000: consistent with
    // the GPUs alone at 0%, implies $36,194.40 per GPU in a server (see
    // twitter_h100_claims_are_judged_against_the_gpus_alone); the words as written, and how
    // read.
    let nl = claims
        .iter()
        .find(|r| &r[3] == "nl-200-million-euro")
        .expect("claim");
    assert_eq!(
        (&nl[6], &nl[10], &nl[11], &nl[13]),
        ("197424000", "consistent", "0", "36194.4")
    );
    assert_eq!((&nl[14], &nl[15]), ("circa 200 milioni di euro", "about"));
}

#[test]
fn explain_derives_every_part_and_verdict_for_xai() {
    let (code, out, err) = gpucost(&["explain", "scenarios/xai2024.toml"]);
    assert_eq!(code, 0, "{err}");
    // The formula with the bounds put in reaches the same figures as `run`.
    assert!(
        out.contains("high: 100,000 × 1.275 × 0.75 × 1.58 × 6 × 8,766 × $0.081683 = $649,101,977"),
        "{out}"
    );
    assert!(
        out.contains("low:  24,000 × $2.49 × 6 × 730.5 = $261,928,080"),
        "{out}"
    );
    // Inputs say where they come from: a line of the file or the catalog with its date,
    // and a catalog range names the points behind its bounds.
    assert!(out.contains("from the fleet, line 33"), "{out}");
    assert!(
        out.contains(
            "from catalog (2024-03-19): 1 point: Nvidia (Jensen Huang to CNBC) card $30,000 – $40,000 (2024-03-19)"
        ),
        "{out}"
    );
    // A rented fleet pays on-demand rents unless it says `rent_term`: Oblivus's
    // 3-year $2.59 is not among the points (before: it was the range's low).
    assert!(
        out.contains("lowest Oblivus Cloud on-demand $3.45 (2024-06-25)"),
        "{out}"
    );
    assert!(!out.contains("3-year $2.59"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn init_writes_a_template_that_runs_and_never_overwrites() {
    let dir = std::env::temp_dir().join(format!("gpucost-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("new.toml");
    let _ = std::fs::remove_file(&file);
    let path = file.to_string_lossy().into_owned();
    let (code, _, err) = gpucost(&["init", &path]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = gpucost(&["check", &path]);
    assert_eq!(
        code, 0,
        "the template must run and its claim hold: {err}{out}"
    );
    std::fs::write(&file, "mine").expect("write");
    let (code, _, err) = gpucost(&["init", &path]);
    assert_eq!(code, 2);
    assert!(err.contains("init never overwrites a file"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "mine");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_and_man_page_generate() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = gpucost(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(
            out.contains("gpucost") && out.contains("compare"),
            "{shell}"
        );
    }
    let (code, out, _) = gpucost(&["man"]);
    assert_eq!(code, 0);
    for section in [".TH gpucost 1", ".SH NAME", ".SH SYNOPSIS", ".SH COMMANDS"] {
        assert!(out.contains(section), "man page lacks {section}");
    }
    // Every command is described on this page; before, it pointed to `gpucost-run(1)`
    // and other pages that do not exist.
    assert!(
        !out.contains("gpucost\\-run(1)") && !out.contains("(1)\n"),
        "{out}"
    );
    for command in [
        "run",
        "check",
        "compare",
        "explain",
        "simulate",
        "sensitivity",
    ] {
        assert!(
            out.contains(&format!(".SS \"gpucost {command}\"")),
            "{command}"
        );
    }
    for command in [
        "report",
        "solve",
        "init",
        "completions",
        "schema",
        "man",
        "set",
        "catalog",
    ] {
        assert!(
            out.contains(&format!(".SS \"gpucost {command}\"")),
            "{command}"
        );
    }
}

#[test]
fn a_catalog_override_adds_a_gpu_and_a_price() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("uses-override.toml");
    let scenario = path.to_str().expect("utf-8 path");
    std::fs::write(
        scenario,
        "[scenario]\ndate = 2025-06-01\n[[fleet]]\nid = \"new\"\ngpu = \"EX-1\"\ncount = 100\n[[fleet]]\nid = \"old\"\ngpu = \"H100\"\ncount = 100\n[[fleet]]\nid = \"rented\"\ngpu = \"H200\"\ncount = 10\nacquisition = \"rent\"\nmonths = 1\n",
    )
    .expect("write");
    let gpus = |doc: &serde_json::Value, fleet: usize| {
        let b = &doc["scenarios"][0]["fleets"][fleet]["parts"];
        let part = if b.get("gpus").is_some() {
            "gpus"
        } else {
            "rental"
        };
        (
            b[part]["low"].as_str().expect("low").to_string(),
            b[part]["high"].as_str().expect("high").to_string(),
        )
    };
    let (code, out, err) = gpucost(&[
        "--catalog",
        "tests/catalogs/override.toml",
        "run",
        scenario,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    // 100 × $10,000–12,000, the new model's price.
    assert_eq!(gpus(&doc, 0), ("1000000".into(), "1200000".into()));
    // Points add to points: the added H100 card of 2025-04-01, $18,000–22,000, is the
    // newest on or before 2025-06-01, and its year holds the built-in cards and boards
    // from 2024-04-01 on (Sherwood's $20,000–40,000 of 2024-07-31 the highest):
    // 100 × $18,000–40,000.
    assert_eq!(gpus(&doc, 1), ("1800000".into(), "4000000".into()));
    // 10 × 730.5 h × $5.408–10.60: the added H200 rent beside AWS's $10.60 (2025-03-17).
    assert_eq!(gpus(&doc, 2), ("39505.44".into(), "77433".into()));

    // Without the override, EX-1 is unknown; with the variable, it is known again.
    let (code, _, err) = gpucost(&["run", scenario]);
    assert_eq!(code, 2);
    assert!(err.contains("EX-1"), "{err}");
    let (code, _, err) = gpucost_with_env(
        &["check", scenario],
        &[("GPUCOST_CATALOG", "tests/catalogs/override.toml")],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn messages_a_fuzzer_or_tester_found_odd() {
    // An empty GPUCOST_CATALOG is no catalog (before: "a value is required for
    // '--catalog <FILE>'", a flag the user did not pass); a bad one says where it came from.
    let (code, out, err) = gpucost_with_env(
        &["run", "scenarios/xai2024.toml"],
        &[("GPUCOST_CATALOG", "")],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("xAI, July 2024"), "{out}");
    let (code, _, err) = gpucost_with_env(&["catalog"], &[("GPUCOST_CATALOG", "tests/none.toml")]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("catalog_variable_names_a_missing_file", err);
    // A catalog path that is a directory (before: "not a scenario file").
    let (code, _, err) = gpucost(&["--catalog", "tests", "catalog"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("catalog_is_a_directory", err);
    // `--vary PATH=` with nothing to vary (before: exit status 0).
    let (code, _, err) = gpucost(&[
        "compare",
        "scenarios/xai2024.toml",
        "--vary",
        "defaults.pue=",
    ]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("vary_without_values", err);
    // A scenario dated over a year past the catalog's newest A100-80GB price
    // (2025-03-04) is priced with it, and says so (before: silently).
    let late = "[scenario]\nname = \"late\"\ndate = 2026-10-15\n[[fleet]]\ngpu = \"A100-80GB\"\ncount = 10\n";
    let (_dir, file) = common::scenario_file("late.toml", late);
    let (code, out, err) = gpucost(&["run", &file]);
    assert_eq!(code, 0, "{err}");
    let heading: String = out.lines().skip(2).take(3).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("scenario_past_the_newest_catalog_price", heading);
    let (_, json, _) = gpucost(&["run", &file, "--format", "json"]);
    let doc: Value = serde_json::from_str(&json).expect("valid JSON");
    let warning = doc["scenarios"][0]["warnings"][0].as_str().unwrap_or("");
    assert!(
        warning.contains("is from 2025-03-04, 1 year 7 months before"),
        "{warning}"
    );
    // A narrow no-break space groups thousands (before: "unknown word `0`").
    let spaced = "[scenario]\ndate = 2024-07-15\n[[fleet]]\ngpu = \"H100\"\ncount = 10\nunit_price = \"25\u{202f}000\"\n";
    let (_dir, file) = common::scenario_file("spaced.toml", spaced);
    let (code, out, err) = gpucost(&["run", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("$25,000 per GPU"), "{out}");
}

#[test]
fn json_gives_a_price_per_kwh_or_per_gpu_hour_to_six_decimals() {
    // xai2024 is dated 2024 and Colossus runs 5-6 years: the catalog's electricity is
    // the mean of Epoch AI's 2024 $0.0771 and 2025 $0.0826 (the table's last year) over
    // 2024-2028, (0.0771 + 4 × 0.0826) / 5 = $0.0815, to 2024-2029, (0.0771 + 5 ×
    // 0.0826) / 6 = $0.081683; cents would make both "0.08" (before: 2024's $0.0771
    // read "0.08"); the Hopper rent stays "2.49".
    let (code, json, err) = gpucost(&["run", "scenarios/xai2024.toml", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&json).expect("valid JSON");
    let fleets = &doc["scenarios"][0]["fleets"];
    let colossus = fleets
        .as_array()
        .expect("fleets")
        .iter()
        .find(|f| f["id"] == "colossus");
    let kwh = &colossus.expect("colossus")["inputs"]["electricity_per_kwh"];
    assert_eq!(
        (kwh["low"].as_str(), kwh["high"].as_str()),
        (Some("0.0815"), Some("0.081683")),
        "{kwh}"
    );
    assert_eq!(fleets[0]["inputs"]["rate_per_gpu_hour"]["low"], "2.49");
}

#[test]
fn a_stale_catalog_price_is_said_once_however_many_fleets_it_prices() {
    // Two bought and two rented H100 fleets dated past the catalog's newest price
    // (2025-03-03) and rent (Lambda's 2026-05-07; 526 days before 2027-10-15): one
    // warning for each, not one per fleet (before: four, and ten thousand for ten
    // thousand fleets).
    let fleet = |id: &str, rent: &str| {
        format!("[[fleet]]\nid = \"{id}\"\ngpu = \"H100\"\ncount = 10\n{rent}")
    };
    let rented = "acquisition = \"rent\"\nmonths = 12\n";
    let text = format!(
        "[scenario]\ndate = 2027-10-15\n{}{}{}{}",
        fleet("a", ""),
        fleet("b", ""),
        fleet("c", rented),
        fleet("d", rented)
    );
    let (_dir, file) = common::scenario_file("stale.toml", &text);
    let (code, json, err) = gpucost(&["run", &file, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&json).expect("valid JSON");
    let warnings: Vec<&str> = doc["scenarios"][0]["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].contains("newest purchase price"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].contains("newest rental rate"),
        "{}",
        warnings[1]
    );
}

#[test]
fn constant_dollars_reproduce_epochs_gpt4_in_2023_dollars() {
    // Epoch's GPT-4: $40,155,933.94 nominal; $40,586,592.58 in 2023 USD. A fleet whose
    // GPUs cost exactly the nominal figure, dated at GPT-4's release (2023-03-15):
    // × PPI 2023-12 / 2023-03 = 119.029 / 117.766 = 1.0107246…
    // → $40,586,592.5729 → $40,586,592.57, within 0.1% of Epoch's (a cent off).
    let text = "[scenario]\ndate = 2023-03-15\n[defaults]\nserver_share = 0\nnetwork_share = 0\n\
                facility_per_mw = 0\nelectricity_per_kwh = 0\n[[fleet]]\nid = \"gpt4\"\ngpu = \"A100\"\n\
                count = 1\nunit_price = 40155933.94\n";
    let (_dir, file) = common::scenario_file("gpt4.toml", text);
    let s = |args: &[&str]| {
        let (code, out, err) = gpucost(args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).expect("valid JSON")["scenarios"][0].clone()
    };
    let nominal = s(&["run", &file, "--format", "json"]);
    assert_eq!(nominal["totals"]["gpus"]["low"], "40155933.94");
    assert_eq!(nominal["constant_dollars"], Value::Null);
    let restated = s(&["run", &file, "--format", "json", "--dollars", "2023"]);
    assert_eq!(restated["totals"]["gpus"]["low"], "40586592.57");
    let cd = &restated["constant_dollars"];
    assert_eq!(
        (cd["from"].as_str(), cd["to"].as_str()),
        (Some("2023-03"), Some("2023-12"))
    );
    assert_eq!(cd["factor"], "1.010725");
    // The same from the file: `[scenario] dollar_year = 2023`.
    let in_file = text.replace(
        "date = 2023-03-15\n",
        "date = 2023-03-15\ndollar_year = 2023\n",
    );
    let (_dir2, file2) = common::scenario_file("gpt4-2023.toml", &in_file);
    let from_file = s(&["run", &file2, "--format", "json"]);
    assert_eq!(from_file["totals"]["gpus"]["low"], "40586592.57");
    // Every report says so.
    let (_, out, _) = gpucost(&["run", &file, "--dollars", "2023"]);
    assert!(
        out.contains("money in 2023 US dollars: × 1.010725"),
        "{out}"
    );
    // Constant dollars are US dollars; the index does not reach 2030.
    let (code, _, err) = gpucost(&["run", &file, "--dollars", "2023", "--currency", "EUR"]);
    assert_eq!(code, 2);
    assert!(err.contains("constant dollars restate US dollars"), "{err}");
    let (code, _, err) = gpucost(&["run", &file, "--dollars", "2030"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no price index for 2023-03 or for December 2030"),
        "{err}"
    );
}

#[test]
fn a_catalog_override_is_held_to_the_scenario_rules() {
    // Before: PUE below 1, a TDP of 0 and a kW of 0 were accepted from `--catalog`.
    let (code, out, err) = gpucost(&[
        "--catalog",
        "tests/catalogs/out-of-domain.toml",
        "run",
        "scenarios/xai2024.toml",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("out-of-domain.toml:4:9"), "{err}");
    assert!(err.contains("`pue` must be at least 1"), "{err}");
    assert!(err.contains("`tdp_w` must be above zero"), "{err}");
    assert!(err.contains("`kw_per_gpu` must be above zero"), "{err}");
}

#[test]
fn a_malformed_catalog_override_is_rejected_with_its_place() {
    let (code, out, err) = gpucost(&[
        "--catalog",
        "tests/catalogs/broken.toml",
        "run",
        "scenarios/xai2024.toml",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("tests/catalogs/broken.toml:8:1"), "{err}");
    assert!(err.contains("every price needs a source"), "{err}");
    assert!(err.contains("missing key `tdp_source`"), "{err}");
    // A catalog in the format before price points says what replaced each old key.
    let (code, _, err) = gpucost(&["--catalog", "tests/catalogs/old-format.toml", "catalog"]);
    assert_eq!(code, 2);
    assert!(err.contains("old-format.toml:5:1"), "{err}");
    assert!(err.contains("write `date = …`"), "{err}");
    assert!(err.contains("`usd = …` for a price"), "{err}");
    let (code, _, err) = gpucost(&["--catalog", "tests/catalogs/none.toml", "catalog"]);
    assert_eq!(code, 2);
    assert!(err.contains("none.toml"), "{err}");
}

#[test]
fn colour_only_where_asked_and_never_in_json_or_pipes() {
    let file = "scenarios/gpt4-epoch.toml";
    let esc = |s: &str| s.contains('\u{1b}');
    // Piped (the tests' stdout is a pipe) and auto: plain, even without NO_COLOR.
    let (_, out, _) = gpucost_with_env(&["check", file], &[("NO_COLOR", "")]);
    assert!(!esc(&out), "{out}");
    // --color always: the verdict in red (overstates), the title bold.
    let (code, out, _) = gpucost(&["check", file, "--color", "always"]);
    assert_eq!(code, 1);
    assert!(out.contains("\u{1b}[31moverstates ×2.49\u{1b}[0m"), "{out}");
    assert!(
        out.starts_with("\u{1b}[1mGPT-4, Epoch AI's inputs\u{1b}[0m\n"),
        "{out}"
    );
    // CLICOLOR_FORCE colours a pipe; NO_COLOR (set by the helper) wins over it on auto.
    let (_, out, _) = gpucost_with_env(
        &["check", file],
        &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")],
    );
    assert!(esc(&out), "{out}");
    let (_, out, _) = gpucost_with_env(&["check", file], &[("CLICOLOR_FORCE", "1")]);
    assert!(!esc(&out), "{out}");
    // Never JSON, CSV or a file's text, whatever the flag says.
    for args in [
        vec!["check", file, "--format", "json", "--color", "always"],
        vec!["run", file, "--format", "csv", "--color", "always"],
        vec!["run", file, "--format", "markdown", "--color", "always"],
        vec!["schema", "--color", "always"],
    ] {
        let (_, out, _) = gpucost(&args);
        assert!(!esc(&out), "{args:?}");
    }
    // `draft --check` paints its check when the draft went to a file, never the TOML
    // it prints without `-o`.
    let dir = tempfile::tempdir().expect("temp dir");
    let out_file = dir.path().join("d.toml");
    let article = "tests/articles/en-price-each.txt";
    let written = out_file.to_str().expect("utf-8");
    let (_, out, _) = gpucost(&[
        "draft", article, "-o", written, "--check", "--color", "always",
    ]);
    assert!(esc(&out), "{out}");
    let (_, out, _) = gpucost(&["draft", article, "--check", "--color", "always"]);
    assert!(!esc(&out), "{out}");
    // Painting adds codes and nothing else: without them, the text is the plain one.
    let (_, plain, _) = gpucost(&["run", file]);
    let (_, painted, _) = gpucost(&["run", file, "--color", "always"]);
    assert_ne!(plain, painted);
    let mut stripped = String::new();
    let mut chars = painted.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            stripped.push(c);
        }
    }
    assert_eq!(stripped, plain);
}

#[test]
fn check_names_and_counts_the_files_it_could_not_check() {
    // Before: a file that failed printed "0 claims: 0 consistent, 0 outside their
    // range", which reads as a pass.
    let bad = "tests/scenarios/invalid/overflow.toml";
    let (code, out, err) = gpucost(&["check", bad]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        out,
        format!("no claim checked; 1 file not checked (errors below): {bad}\n")
    );
    // One good file (gpt4-epoch: 1 claim, overstated) and two bad ones.
    let other = "tests/scenarios/invalid/claim-double-bound.toml";
    let (code, out, _) = gpucost(&["check", "scenarios/gpt4-epoch.toml", bad, other]);
    assert_eq!(code, 2);
    assert!(
        out.ends_with(&format!(
            "\n1 claim: 0 consistent, 1 outside their range; 2 files not checked (errors below): {bad}, {other}\n"
        )),
        "{out}"
    );
}
