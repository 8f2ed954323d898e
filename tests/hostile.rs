//! What a hostile tester found (round three): figures at the edge of what exact
//! decimals hold, in every command and format; text that must not reach a terminal
//! as it is (bidi controls, invisible characters, tabs and newlines in a cell); very
//! long words in a table; messages that named the wrong thing. Files written and read
//! are in `tests/files.rs`.

mod common;

use common::{gpucost, scenario_file};

/// A scenario with a bought fleet (with a cost of capital), a fleet of a `[gpu.X]`
/// with its own rent, a rented fleet, jobs and claims of every kind; `{COST}`,
/// `{RATE}` and `{CLAIM}` are replaced by each case.
const EXTREMES: &str = r#"[scenario]
date = 2024-07-15

[gpu.X]
tdp_w = 700
unit_price = 20000
rate_per_gpu_hour = {RATE}
peak_flops = 1e15

[[fleet]]
id = "own"
gpu = "H100"
count = 1000
unit_price = ["$20k", "$30k"]
cost_of_capital = {COST}

[[fleet]]
id = "x"
gpu = "X"
count = 100

[[fleet]]
id = "cloud"
gpu = "H100"
count = 100
acquisition = "rent"
rate_per_gpu_hour = [2.0, 4.0]

[[job]]
id = "j"
fleet = "own"
gpu_hours = ["2M", "3M"]

[[claim]]
id = "c1"
value = {CLAIM}
fleet = "own"
scope = "gpus"

[[claim]]
id = "c2"
value = "$2"
fleet = "own"
scope = "owned_per_gpu_hour"

[[claim]]
id = "c3"
value = "$300M"
job = "j"
scope = "amortized"
"#;

/// Every command and format a report goes through.
const COMMANDS: [&[&str]; 12] = [
    &["check"],
    &["run"],
    &["run", "--format", "json"],
    &["run", "--format", "csv"],
    &["run", "--format", "markdown"],
    &["explain"],
    &["report"],
    &["compare", "SELF"],
    &["simulate", "--samples", "200"],
    &["sensitivity", "--samples", "200"],
    &["solve", "--claim", "c1"],
    &["solve", "--claim", "c2"],
];

#[test]
fn figures_at_the_edge_of_exact_decimals_never_panic() {
    // Each panicked before in some command: a cost of capital of 1e27 (a break-even as
    // a percentage overflowed), a rent of 1e-28 (the same), a claimed range down to
    // 1e-28 (rounding it to 20 digits made a decimal of scale 47, whose next sum
    // panicked inside rust_decimal), the largest decimal as a rate (1 + r).
    let cases = [
        ("1e27", "2", "\"$2B\""),
        ("0.08", "1e-28", "\"$2B\""),
        ("0.08", "2", "[1e-28, 1e27]"),
        ("79228162514264337593543950335", "2", "\"$2B\""),
        ("0.08", "[1e-28, 1e27]", "0.0000000000000000000000000001"),
    ];
    for (cost, rate, claim) in cases {
        let text = EXTREMES
            .replace("{COST}", cost)
            .replace("{RATE}", rate)
            .replace("{CLAIM}", claim);
        let (_dir, file) = scenario_file("edge.toml", &text);
        for command in COMMANDS {
            let mut args = vec![command[0], file.as_str()];
            args.extend(
                command[1..]
                    .iter()
                    .map(|&a| if a == "SELF" { file.as_str() } else { a }),
            );
            let (code, _, err) = gpucost(&args);
            let case = format!("{args:?} with cost {cost}, rate {rate}, claim {claim}");
            assert!(!err.contains("panicked"), "{case}: {err}");
            assert!((0..=2).contains(&code), "{case}: exit {code}\n{err}");
            if err.contains("overflow") {
                // An overflow names the line of what overflowed.
                let placed = err.contains("edge.toml:") || err.contains("\"line\": ");
                assert!(placed && !err.contains("\"line\": null"), "{case}: {err}");
            }
        }
    }
}

#[test]
fn a_break_even_past_a_trillion_per_cent_reads_as_a_power_of_ten() {
    let text = EXTREMES
        .replace("{COST}", "1e27")
        .replace("{RATE}", "2")
        .replace("{CLAIM}", "\"$2B\"");
    let (_dir, file) = scenario_file("edge.toml", &text);
    let (code, out, err) = gpucost(&["run", &file]);
    assert_eq!(code, 0, "{err}");
    let row = out
        .lines()
        .find(|l| l.contains("renting is cheaper"))
        .unwrap_or_default();
    // Before: a panic ("Multiplication overflowed").
    assert!(row.contains("e2") && row.contains('%'), "{out}");
}

#[test]
fn an_inline_array_of_fleets_is_edited_like_tables() {
    let text = "scenario = {date = 2024-07-15}\nfleet = [{id = \"a\", gpu = \"H100\", count = 10}, {id = \"b\", gpu = \"H100\", count = 5}]\n";
    let (_dir, file) = scenario_file("inline.toml", text);
    // Before: `run` priced it, while `--set` and `set` said "the file has no `[[fleet]]`".
    let (code, out, err) = gpucost(&["run", &file, "--set", "fleet.b.count=7", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"count\": 7"), "{out}");
    let (code, _, err) = gpucost(&["set", &file, "fleet.b.count=7", "scenario.name=\"x\""]);
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        after,
        text.replace("count = 5}", "count = 7}")
            .replace("2024-07-15}", "2024-07-15, name = \"x\"}")
    );
}

#[test]
fn messages_quote_what_was_typed_at_its_place() {
    let (_dir, file) = scenario_file(
        "s.toml",
        "[scenario]\ndate = 2024-07-15\n\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\ncount = 10\n",
    );
    // `gpucost set` takes bare assignments: its messages do not say `--set`.
    let (code, _, err) = gpucost(&["set", &file, "fleet.b.count=1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: `fleet.b.count=1`: no fleet `b`"),
        "{err}"
    );
    let (_, _, err) = gpucost(&["run", &file, "--set", "fleet.b.count=1"]);
    assert!(
        err.contains("error: `--set fleet.b.count=1`: no fleet `b`"),
        "{err}"
    );
    // `--dollars 2024` is quoted as typed, not as `scenario.dollar_year=2024`.
    let (code, _, err) = gpucost(&["run", &file, "--dollars", "2024", "--currency", "EUR"]);
    assert_eq!(code, 2);
    assert!(err.contains("1 │ --dollars 2024"), "{err}");
    // A table a `--set` creates has its problems shown in the assignment: before, at
    // line 8 of this 7-line file.
    let (code, _, err) = gpucost(&["run", &file, "--set", "gpu.X1.unit_price=1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing key `tdp_w`") && err.contains("command line:1:"),
        "{err}"
    );
    assert!(!err.contains("s.toml:8"), "{err}");
}

/// A scenario with one claim whose `id`, `quote` and `value` are given.
fn with_claim(id: &str, quote: &str, value: &str) -> String {
    format!(
        "[scenario]\ndate = 2024-07-15\n\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\ncount = 10\n\n\
         [[claim]]\nid = \"{id}\"\nquote = \"{quote}\"\nvalue = \"{value}\"\nfleet = \"a\"\nscope = \"gpus\"\n"
    )
}

#[test]
fn a_very_long_word_or_quote_is_shown_cut_in_a_table() {
    // Before: laying out a claim id of 10M characters took 2.1 s, of 20M 9.7 s (the
    // square of the word); a 50 MB quote made `run` take a minute.
    let id = "x".repeat(3_000_000);
    let quote = "word ".repeat(400_000);
    let (_dir, file) = scenario_file("long.toml", &with_claim(&id, &quote, "$300k"));
    for args in [vec!["check", &file], vec!["--width", "80", "run", &file]] {
        let (code, out, err) = gpucost(&args);
        assert_eq!(code, 0, "{err}");
        let cut = format!("{}…", "x".repeat(gpucost::show::CELL_WORD - 1));
        assert!(out.contains(&cut), "{args:?}: the id is not cut");
        assert!(!out.contains(&"x".repeat(gpucost::show::CELL_WORD)));
        let words = out.matches("word").count();
        assert!(
            words < gpucost::show::CELL_LINE / 4,
            "{args:?}: the quote is not cut"
        );
        // Every line of the report is bounded: a cell of each column at most.
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        let most = gpucost::show::CELL_LINE + gpucost::show::CELL_WORD + 100;
        assert!(widest < most, "{args:?}: {widest}");
    }
    // JSON keeps the text whole.
    let (_, out, _) = gpucost(&["check", &file, "--format", "json"]);
    assert!(out.contains(&id));
}

#[test]
fn tabs_line_breaks_and_invisible_characters_are_shown_not_sent() {
    // A tab and a line break in a claim's value and quote, a right-to-left override
    // and a zero-width space in its id, a second byte order mark in the quote.
    let text = with_claim(
        "c\\u202egnp\\u200b",
        "said\\tso\\nthen\\ufeff",
        "about\\t$300k\\n",
    );
    let (_dir, file) = scenario_file("hidden.toml", &text);
    for args in [
        vec!["check", file.as_str()],
        vec!["run", file.as_str()],
        vec!["check", file.as_str(), "--format", "markdown"],
        vec!["explain", file.as_str()],
        vec!["check", file.as_str(), "--format", "json"],
    ] {
        let (code, out, err) = gpucost(&args);
        assert_eq!(code, 0, "{err}");
        for hidden in ['\u{202e}', '\u{200b}', '\u{feff}', '\t'] {
            assert!(!out.contains(hidden), "{args:?}: {hidden:?} sent as it is");
        }
        if args.len() == 2 && args[0] != "explain" {
            // Before: the line break split the table's row in two.
            assert!(out.contains("about␉$300k␤"), "{args:?}: {out}");
            assert!(out.contains("c<U+202E>gnp<U+200B>"), "{args:?}: {out}");
        }
    }
    // An error quoting an invisible word shows it.
    let text = "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\ncount = 10\n\"c\u{200b}ount\" = 5\n";
    let (_dir, file) = scenario_file("key.toml", text);
    let (code, _, err) = gpucost(&["run", &file]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown key `c<U+200B>ount`"), "{err}");
    assert!(!err.contains('\u{200b}'), "{err}");
}

#[test]
fn a_catalog_override_is_never_dropped_without_a_word() {
    let catalog = r#"[assumptions.electricity_per_kwh]
by_year = { 2023 = 0.08, 2024 = -1, 99999 = 5, 2025 = [0.07, 0.09] }
source = "test"
date = "2024"

[[gpu]]
name = "EX-1"
family = "Hopper"
aliases = ["H100", "ex-one"]
launch = 2024-01-01
launch_source = "test"
tdp_w = 500
tdp_source = "test"
"#;
    let (_dir, file) = scenario_file("mine.toml", catalog);
    let (code, _, err) = gpucost(&["--catalog", &file, "run", "scenarios/xai2024.toml"]);
    // Before: all four were ignored, and 2024 was priced at $5 as "the nearest year".
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("mine.toml:2:33") && err.contains("negative"),
        "{err}"
    );
    assert!(err.contains("`99999` is no year of prices"), "{err}");
    assert!(
        err.contains("`electricity_per_kwh` for 2025 is a range"),
        "{err}"
    );
    assert!(
        err.contains("alias `H100` of `EX-1` already names the model `H100-SXM`")
            && err.contains("mine.toml:9:12"),
        "{err}"
    );
    // `ex-one` is free: no error names it.
    assert!(!err.contains("alias `ex-one`"), "{err}");
}

#[test]
fn a_stale_catalog_rent_behind_a_break_even_is_warned_of() {
    for date in ["2030-01-01", "9999-01-01"] {
        let text = format!(
            "[scenario]\ndate = {date}\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\ncount = 10\nunit_price = 25000\n"
        );
        let (_dir, file) = scenario_file("late.toml", &text);
        let (code, out, err) = gpucost(&["run", &file]);
        assert_eq!(code, 0, "{err}");
        // Before: the break-even was set against a rent years old, without a word.
        assert!(
            out.contains("Break-even") || out.contains("break-even"),
            "{out}"
        );
        assert!(
            out.contains("the catalog's newest rental rate for `H100-SXM`")
                && out.contains("`[gpu.H100-SXM]`"),
            "{date}: {out}"
        );
    }
}

#[test]
fn a_doubled_qualifier_is_named_as_such() {
    let (_dir, file) = scenario_file("circa.toml", &with_claim("c", "q", "circa circa"));
    let (code, _, err) = gpucost(&["run", &file]);
    assert_eq!(code, 2);
    // Before: "no number in ``", then "no number in `circa`".
    assert!(err.contains("`circa` is written twice"), "{err}");
    assert!(err.contains("circa.toml:12:16"), "{err}");
}

#[test]
fn simulate_shows_every_figure_that_exists() {
    let text = "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\ncount = 1_000_000\n\
                unit_price = { low = \"$0.001\", high = \"$9,000,000,000,000,000\", dist = \"lognormal\" }\n";
    let (_dir, file) = scenario_file("wide.toml", text);
    let (code, out, err) = gpucost(&["simulate", &file, "--samples", "2000"]);
    assert_eq!(code, 0, "{err}");
    let row = out
        .lines()
        .find(|l| l.contains("│ gpus "))
        .unwrap_or_default();
    // Before: the mean (past what an exact decimal holds) was "—", and the 95th
    // percentile "$12,870,000,000,000,000,000B".
    assert!(!row.contains('—') && !row.contains(",000B"), "{row}");
    assert!(row.contains("e2"), "{row}");
    // JSON gives the lognormal's low as it is (before: "0").
    let (_, out, _) = gpucost(&["simulate", &file, "--samples", "200", "--format", "json"]);
    assert!(out.contains("\"low\": \"0.001\""), "{out}");
}
