//! `gpucost report`: the chart's positions against the numbers, the page's
//! self-containment, and the page in headless Chromium (no console output, no request
//! but the page itself, a screenshot at phone width, a PDF print).

mod common;

use common::gpucost;
use gpucost::render::chart::{LEFT, RIGHT, WIDTH};

const XAI: &str = "scenarios/xai2024.toml";

fn attr(node: &roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .parse()
        .expect("a number")
}

fn number(v: &serde_json::Value) -> f64 {
    v.as_str()
        .expect("a decimal string")
        .parse()
        .expect("a number")
}

#[test]
fn chart_bars_and_claim_marks_sit_where_the_numbers_say() {
    let (code, svg, err) = gpucost(&["report", XAI, "--format", "svg"]);
    assert_eq!(code, 0, "{err}");
    let (_, json, _) = gpucost(&["run", XAI, "--format", "json"]);
    let run: serde_json::Value = serde_json::from_str(&json).expect("json");
    let scenario = &run["scenarios"][0];
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    // The totals' panel, the first: its axis from zero to `data-axis-max`.
    let panel = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("panel"))
        .expect("a panel");
    let axis_max = attr(&panel, "data-axis-max");
    let plot = WIDTH - LEFT - RIGHT;
    let x = |v: f64| LEFT + v / axis_max * plot;
    let close = |a: f64, b: f64| (a - b).abs() < 0.01;

    // The axis reaches past every bar and claim.
    let bars: Vec<_> = panel
        .descendants()
        .filter(|n| n.attribute("class") == Some("range"))
        .collect();
    let totals = scenario["totals"].as_object().expect("totals");
    assert!(bars.len() >= totals.len());
    // A bar per scenario total, positioned from the JSON figures.
    for (scope, range) in totals {
        let bar = bars
            .iter()
            .find(|b| b.attribute("data-total") == Some(&format!("all · {scope}")))
            .unwrap_or_else(|| panic!("no bar for {scope}"));
        let (low, high) = (number(&range["low"]), number(&range["high"]));
        assert!(high <= axis_max, "{scope}");
        assert!(
            close(attr(bar, "x"), x(low)),
            "{scope}: x {}",
            attr(bar, "x")
        );
        assert!(
            close(attr(bar, "width"), (x(high) - x(low)).max(1.0)),
            "{scope}: width {}",
            attr(bar, "width")
        );
    }
    // Each claim is marked at its figure: a line for a figure, a band for a range.
    for claim in scenario["claims"].as_array().expect("claims") {
        let id = claim["id"].as_str().expect("id");
        let mark = panel
            .descendants()
            .find(|n| n.attribute("data-claim") == Some(id))
            .unwrap_or_else(|| panic!("no mark for {id}"));
        // A bound's open side is null: its figure stands there.
        let side = |key: &str| match &claim[key] {
            serde_json::Value::Null => number(&claim["claim"]),
            v => number(v),
        };
        let (low, high) = (side("claim_low"), side("claim_high"));
        if claim["claim"].is_null() {
            assert_eq!(mark.tag_name().name(), "rect", "{id}");
            assert!(close(attr(&mark, "x"), x(low)), "{id}");
            assert!(
                close(attr(&mark, "width"), (x(high) - x(low)).max(1.0)),
                "{id}"
            );
        } else {
            assert_eq!(mark.tag_name().name(), "line", "{id}");
            assert!(close(attr(&mark, "x1"), x(low)), "{id}");
        }
        let verdict = claim["verdict"].as_str().expect("verdict");
        assert!(
            mark.attribute("class").expect("class").contains(verdict),
            "{id}"
        );
    }
    // Huang's $9B by hand: the tco reaches $60.9B, so the axis ends at $80B;
    // 150 + 9e9 / 8e10 × 466 = 202.425.
    assert_eq!(axis_max, 8e10);
    let huang = doc
        .descendants()
        .find(|n| n.attribute("data-claim") == Some("huang-9b"))
        .expect("huang");
    assert!(close(attr(&huang, "x1"), 202.425));
}

#[test]
fn each_job_has_its_own_axis_and_its_claims_marked_on_it() {
    // GPT-4 (Epoch's inputs): amortized $40.16M, acquisition $767.7M, cloud $77.52M –
    // $233.7M (57M GPU-hours × the A100-40GB rents of the year to 2022-02-26, $1.36
    // Azure 3-year to $4.10 AWS on demand); Altman's "more than $100 million" on amortized. The largest, $767.7M,
    // rounds the axis up to $800M in steps of $200M.
    let (code, svg, err) = gpucost(&["report", "scenarios/gpt4-epoch.toml", "--format", "svg"]);
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let panels: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("panel"))
        .collect();
    let job = panels
        .iter()
        .find(|p| {
            p.descendants()
                .any(|n| n.text() == Some("Job gpt-4 on fleet azure-a100"))
        })
        .expect("a panel for the job");
    assert_eq!(attr(job, "data-axis-max"), 8e8);
    let x = |v: f64| LEFT + v / 8e8 * (WIDTH - LEFT - RIGHT);
    let bar = |name: &str| {
        job.descendants()
            .find(|n| n.attribute("data-total") == Some(name))
            .unwrap_or_else(|| panic!("no bar {name}"))
    };
    // 150 + 40,155,933.94 / 8e8 × 466 = 173.39
    assert!((attr(&bar("amortized"), "x") - 173.39).abs() < 0.01);
    assert!((attr(&bar("cloud"), "x") - x(77_520_000.0)).abs() < 0.01);
    assert!((attr(&bar("acquisition"), "x") - x(767_746_914.0)).abs() < 0.1);
    // Altman's bound: a line at $100M, red (the range stays below it).
    let altman = job
        .descendants()
        .find(|n| n.attribute("data-claim") == Some("altman-over-100m"))
        .expect("Altman's claim on the job's panel");
    assert!((attr(&altman, "x1") - x(1e8)).abs() < 0.01);
    assert!(
        altman
            .attribute("class")
            .is_some_and(|c| c.contains("overstates"))
    );

    // Llama 3.1: the model card's 30.84M GPU-hours on an axis of GPU-hours, beside
    // 3.8e25 / (16,384 × 989.4e12 × 0.43 × 3,600) = 24.81M to 28.08M at 38%.
    let (code, svg, err) = gpucost(&["report", "scenarios/llama31.toml", "--format", "svg"]);
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let hours = doc
        .descendants()
        .find(|p| {
            p.attribute("class") == Some("panel")
                && p.descendants()
                    .any(|n| n.text() == Some("Job llama-3.1-405b in GPU-hours"))
        })
        .expect("a panel in GPU-hours");
    assert_eq!(attr(&hours, "data-axis-max"), 4e7);
    assert!(
        hours
            .descendants()
            .any(|n| n.text() == Some("24.81M – 28.08M GPU-hours"))
    );
    let card = hours
        .descendants()
        .find(|n| n.attribute("data-claim") == Some("model-card-hours"))
        .expect("the model card's claim");
    // 150 + 30.84e6 / 4e7 × 466 = 509.29
    assert!((attr(&card, "x1") - 509.29).abs() < 0.01);

    // The page lists the job's estimates and inputs, and the claim in GPU-hours (before:
    // "$24.81M – $28.08M").
    let (code, page, err) = gpucost(&["report", "scenarios/llama31.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(page.contains("<h3>Jobs</h3>"), "{page}");
    assert!(
        page.contains("<td>job llama-3.1-405b · gpu_hours</td>"),
        "{page}"
    );
    assert!(page.contains(">24.81M – 28.08M GPU-hours<"), "{page}");
    assert!(!page.contains("$24.81M"), "{page}");
    assert!(
        page.contains("<td>job llama-3.1-405b</td><td>flop</td>"),
        "{page}"
    );
}

/// About how wide a label is: 0.6 em a character, as the chart reckons.
fn text_width(node: &roxmltree::Node<'_, '_>) -> f64 {
    let size: f64 = node
        .attribute("font-size")
        .map_or(12.0, |s| s.parse().unwrap_or(12.0));
    let chars = node.text().unwrap_or("").chars().count() as f64;
    node.attribute("textLength")
        .map_or(chars * size * 0.6, |l| l.parse().unwrap_or(0.0))
}

#[test]
fn every_chart_label_stays_inside_the_drawing_and_claims_are_named() {
    // Every figure exact: each bar is a point, the largest at the axis's end, where its
    // figures used to start and run past the right edge.
    let (_dir, exact) = common::scenario_file(
        "exact.toml",
        "[scenario]\ndate = 2024-07-15\n[defaults]\nserver_share = 0\nnetwork_share = 0\n\
         facility_per_mw = 0\nelectricity_per_kwh = 0\n[[fleet]]\nid = \"a-fleet-with-a-long-name\"\n\
         gpu = \"H100\"\ncount = 1_000\nunit_price = 30_000\n[[claim]]\nid = \"at-the-very-end\"\n\
         value = \"$30M\"\nfleet = \"a-fleet-with-a-long-name\"\nscope = \"gpus\"\n",
    );
    for file in [
        "scenarios/twitter2023.toml",
        "scenarios/twitter2023-v100.toml",
        XAI,
        "scenarios/meta2024.toml",
        "scenarios/gpt4-epoch.toml",
        "scenarios/llama31.toml",
        "scenarios/deepseek-v3.toml",
        "scenarios/deepseek-inference.toml",
        &exact,
    ] {
        let (code, svg, err) = gpucost(&["report", file, "--format", "svg"]);
        assert_eq!(code, 0, "{err}");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let x = attr(&text, "x");
            let w = text_width(&text);
            let (left, right) = match text.attribute("text-anchor") {
                Some("end") => (x - w, x),
                Some("middle") => (x - w / 2.0, x + w / 2.0),
                _ => (x, x + w),
            };
            // Before: a range's figures near the right edge ran past it, cut off.
            assert!(
                left >= -0.5 && right <= WIDTH + 0.5,
                "{file}: `{}` spans {left:.1}–{right:.1}",
                text.text().unwrap_or("")
            );
        }
        // Claim ids on one line never run into each other (before: twitter2023's two
        // ids were printed over each other).
        let labels: Vec<(f64, f64, f64)> = doc
            .descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("claim-label"))
            })
            .map(|n| {
                let (x, w) = (attr(&n, "x"), text_width(&n));
                let left = if n.attribute("text-anchor") == Some("end") {
                    x - w
                } else {
                    x
                };
                (attr(&n, "y"), left, left + w)
            })
            .collect();
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                let overlap = a.0 == b.0 && a.1 < b.2 && b.1 < a.2;
                assert!(!overlap, "{file}: labels at {a:?} and {b:?} overlap");
            }
        }
        // Each claim's mark has its id beside it, which prints (a <title> does not).
        let (_, json, _) = gpucost(&["check", file, "--format", "json"]);
        let run: serde_json::Value = serde_json::from_str(&json).expect("json");
        for claim in run["scenarios"][0]["claims"].as_array().expect("claims") {
            let id = claim["id"].as_str().expect("id");
            let labelled = doc.descendants().any(|n| {
                n.has_tag_name("text")
                    && n.attribute("class")
                        .is_some_and(|c| c.starts_with("claim-label"))
                    && n.text() == Some(id)
            });
            assert!(labelled, "{file}: no label for {id}");
        }
    }
}

#[test]
fn the_page_shows_rates_aligned_figures_and_one_precision() {
    let (code, page, err) = gpucost(&["report", "scenarios/twitter2023-v100.toml"]);
    assert_eq!(code, 0, "{err}");
    // Before: a EUR report did not say at which rate catalog dollars became euro.
    assert!(
        page.contains("rate: 1 EUR = 1.0968 USD (ECB monthly mean 2023-04)"),
        "{page}"
    );
    // Headers of figure columns are right-aligned like the figures.
    assert!(
        page.contains("<th class=\"num\">low</th><th class=\"num\">high</th>"),
        "{page}"
    );
    // The chart fills the column (before: at most 640 px, 55% of a wide page).
    assert!(!page.contains("max-width:640px"), "{page}");
    // The capex range, 10,000 × €10k–20k × (1 + 0.3–1.0 + 0.09–0.64) + facility
    // (€45,587,162.65 – €109,409,190.37): €184,587,162.65 – €637,409,190.37, to four
    // figures €184.6M – €637.4M, the same in the chart and the table.
    let figures = "€184.6M – €637.4M";
    let in_chart = page
        .split("<svg")
        .nth(1)
        .is_some_and(|svg| svg.contains(figures));
    assert!(in_chart, "{page}");
    assert!(
        page.contains("<td class=\"num\">€184.6M</td><td class=\"num\">€637.4M</td>"),
        "{page}"
    );
}

#[test]
fn the_page_is_self_contained_and_shows_every_claim() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    let page_arg = page.to_str().expect("utf-8");
    let files = [
        "scenarios/twitter2023.toml",
        "scenarios/twitter2023-v100.toml",
        XAI,
        "scenarios/meta2024.toml",
    ];
    let mut args = vec!["report"];
    args.extend(files);
    args.extend(["-o", page_arg]);
    let (code, out, err) = gpucost(&args);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote") && out.is_empty(), "{out}\n{err}");
    let html = std::fs::read_to_string(&page).expect("written");
    for banned in [
        "<script",
        "<link rel=\"stylesheet\"",
        "src=",
        "url(",
        "@import",
        "href=\"http",
    ] {
        assert!(!html.contains(banned), "the page has `{banned}`");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("name=\"viewport\"") && html.contains("@media print"));
    for file in files {
        let (_, json, _) = gpucost(&["check", file, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
        let scenario = &doc["scenarios"][0];
        let name = scenario["name"].as_str().expect("name");
        assert!(html.contains(name), "{name}");
        for claim in scenario["claims"].as_array().expect("claims") {
            let id = claim["id"].as_str().expect("id");
            assert!(html.contains(id), "{id}");
        }
    }
    assert_eq!(html.matches("<svg").count(), files.len());
    // Each chart inside the page is well-formed too.
    for chunk in html.split("<svg").skip(1) {
        let svg = format!(
            "<svg{}</svg>",
            chunk.split("</svg>").next().expect("closed")
        );
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
    }
    // Writing again replaces the file.
    let (code, _, _) = gpucost(&["report", XAI, "-o", page_arg]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read_to_string(&page)
            .expect("read")
            .matches("<svg")
            .count(),
        1
    );
    // The chart alone is for one scenario.
    let (code, _, err) = gpucost(&["report", XAI, XAI, "--format", "svg"]);
    assert_eq!(code, 2);
    assert!(err.contains("one scenario"), "{err}");
}

/// Serves `page` on 127.0.0.1 and records every request: its path, and whether it
/// came from a page (it then names its referrer; the browser's own background
/// requests do not).
struct Server {
    port: u16,
    requests: std::sync::Arc<std::sync::Mutex<Vec<(String, bool)>>>,
}

impl Server {
    fn start(page: String) -> Server {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                let mut from_page = false;
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    from_page |= header.to_ascii_lowercase().starts_with("referer:");
                    header.clear();
                }
                seen.lock().expect("lock").push((path.clone(), from_page));
                let (status, body) = if path == "/report.html" {
                    ("200 OK", page.as_str())
                } else {
                    ("404 Not Found", "")
                };
                let mut stream = &stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Server { port, requests }
    }
}

fn chromium() -> Option<std::path::PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
}

#[test]
#[ignore = "needs Chromium (Debian package `chromium`): `cargo test -- --include-ignored`, as .ci/run does"]
fn the_page_renders_in_headless_chromium_offline() {
    // Ignored unless asked for, so a run without Chromium says so instead of "ok".
    let browser = chromium().expect("Chromium is required: install the `chromium` Debian package");
    let (code, page, err) = gpucost(&["report", XAI, "scenarios/meta2024.toml"]);
    assert_eq!(code, 0, "{err}");
    let server = Server::start(page);
    let dir = tempfile::tempdir().expect("temp dir");
    let phone = dir.path().join("phone.png");
    let desktop = dir.path().join("desktop.png");
    let pdf = dir.path().join("print.pdf");
    let url = format!("http://127.0.0.1:{}/report.html", server.port);
    for (output, size) in [
        (format!("--screenshot={}", phone.display()), "390,2400"),
        (format!("--screenshot={}", desktop.display()), "1280,2400"),
        (format!("--print-to-pdf={}", pdf.display()), "1280,2400"),
    ] {
        let profile = tempfile::tempdir().expect("profile dir");
        let run = std::process::Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--enable-logging=stderr",
                "--v=0",
                &format!("--window-size={size}"),
                // Every host name resolves to the test server: any request the page
                // made to the outside world would be recorded below.
                &format!("--host-resolver-rules=MAP * 127.0.0.1:{}", server.port),
                &format!("--user-data-dir={}", profile.path().display()),
                &output,
                &url,
            ])
            .output()
            .expect("chromium runs");
        let log = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{log}");
        let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
        assert!(console.is_empty(), "console output: {console:?}");
    }
    for shot in [&phone, &desktop] {
        let png = std::fs::read(shot).expect("screenshot written");
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{} bytes",
            png.len()
        );
    }
    let printed = std::fs::read(&pdf).expect("PDF written");
    assert!(printed.starts_with(b"%PDF") && printed.len() > 10_000);
    let requests = server.requests.lock().expect("lock").clone();
    let by_page: Vec<&String> = requests
        .iter()
        .filter(|(_, p)| *p)
        .map(|(r, _)| r)
        .collect();
    assert!(by_page.is_empty(), "the page made requests: {by_page:?}");
    let loads = requests.iter().filter(|(r, _)| r == "/report.html").count();
    assert_eq!(loads, 3, "{requests:?}");
}

#[test]
fn the_page_opens_with_every_verdict_linked_to_its_scenario() {
    let files = ["scenarios/gpt4-epoch.toml", XAI];
    let (code, html, err) = gpucost(&["report", files[0], files[1], "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    let summary_at = html.find("<nav class=\"summary\"").expect("a summary");
    let first_section = html.find("<section").expect("a section");
    assert!(summary_at < first_section, "the summary comes first");
    let summary = &html[summary_at..html.find("</nav>").expect("closed")];
    // gpt4-epoch: 1 claim, overstated; xai2024: its claims, as `check` counts them.
    let (_, said, _) = gpucost(&["check", files[0], files[1]]);
    let counts = said.lines().last().expect("the summary line");
    assert!(
        summary.contains(&format!("{}.", counts)),
        "{summary}\n{counts}"
    );
    assert!(
        summary.contains("<td class=\"overstates\">overstates ×2.49</td>"),
        "{summary}"
    );
    for (i, file) in files.iter().enumerate() {
        let (_, json, _) = gpucost(&["check", file, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
        let name = doc["scenarios"][0]["name"].as_str().expect("name");
        let id = format!("scenario-{}", i + 1);
        assert!(
            summary.contains(&format!("<a href=\"#{id}\">")),
            "{summary}"
        );
        let heading = format!(
            "<section id=\"{id}\">\n<h2>{}</h2>",
            name.replace('\'', "&#39;")
        );
        assert!(html.contains(&heading), "{heading}");
        for claim in doc["scenarios"][0]["claims"].as_array().expect("claims") {
            let id = claim["id"].as_str().expect("id");
            assert!(summary.contains(&format!("<td>{id}</td>")), "{id}");
        }
    }
}
