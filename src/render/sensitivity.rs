//! `gpucost sensitivity` in every format: the tornado table, widest swing first.

use serde::Serialize;

use super::input_text;
use super::json::{Lazy, scoped};
use super::simulate::fleets_text;
use super::table::{Look, heading};
use crate::analysis::sensitivity::Tornado;
use crate::judge::report::Report;
use crate::money::{Currency, format_decimal};
use crate::scenario::Scope;

/// What the table shows, in words.
fn preamble(report: &Report, t: &Tornado, c: Currency) -> String {
    let subject = t.subject();
    let mid_range = t
        .range(report)
        .filter(|r| r.midpoint() != t.base)
        .map(|r| {
            format!(
                " (not the mid-range of {subject}, (low + high) / 2 = {}: a product of \
                 inputs at their midpoints is not the middle of its range)",
                t.short(r.midpoint(), c)
            )
        })
        .unwrap_or_default();
    let unit = match t.scope.unit() {
        "" | "%" => String::new(),
        unit => format!(" {unit}"),
    };
    format!(
        "Base case, every input at its midpoint: {subject} = {base}{unit}{mid_range}. Each \
         row moves one input to its low, then its high, the others at midpoint (exact). ρ \
         is Spearman's rank correlation of the input's draws with {subject} over {} \
         samples, seed {}.",
        format_decimal(t.samples.into()),
        t.seed,
        base = t.short(t.base, c),
    )
}

/// A bar as long as `swing` is of `widest`, up to `width` characters.
fn bar(swing: rust_decimal::Decimal, widest: rust_decimal::Decimal, width: usize) -> String {
    if widest.is_zero() {
        return String::new();
    }
    let cells = (swing / widest * rust_decimal::Decimal::from(width))
        .round()
        .try_into()
        .unwrap_or(0usize);
    "█".repeat(cells.max(1))
}

/// The tornado as a table (terminal or Markdown).
pub fn table(report: &Report, t: &Tornado, look: Look) -> String {
    let s = &report.scenario;
    let c = s.currency;
    let mut out = heading(look, s, &report.file);
    out.push_str(&look.note(&preamble(report, t, c)));
    out.push('\n');
    let at_low = format!("{} at low", t.scope);
    let at_high = format!("{} at high", t.scope);
    let mut table = look.table(&["input", "range", &at_low, &at_high, "swing", "rank ρ", ""]);
    let widest = t.bars.first().map(|b| b.swing).unwrap_or_default();
    // A bar is one word, never wrapped: shorter bars where columns are few.
    let bar_width = match look.columns() {
        Some(columns) if columns < 100 => 8,
        _ => 16,
    };
    for b in &t.bars {
        let v = &t.variables[b.variable];
        let money = v.param.is_money().then_some(c);
        table.add_row(vec![
            look.cell(&format!("{} · {}", v.param.key(), fleets_text(v, s))),
            look.cell(&input_text(&v.input, money, v.param.unit())),
            look.right(t.short(b.at_low, c)),
            look.right(t.short(b.at_high, c)),
            look.right(t.short(b.swing, c)),
            look.right(format!("{:+.2}", b.rank_correlation)),
            look.cell(&bar(b.swing, widest, bar_width)),
        ]);
    }
    out.push_str(&look.title(&format!("What moves {} most", t.subject())));
    if t.bars.is_empty() {
        // Before: an empty table.
        out.push_str(&look.note(&format!(
            "Nothing: no input that {} depends on is uncertain, so it is exactly {}.",
            t.subject(),
            t.short(t.base, c)
        )));
        out.push('\n');
    } else {
        let table = table.into_string();
        out.push_str(&format!("{table}\n"));
    }
    let named = |list: &[usize]| -> Vec<String> {
        list.iter()
            .map(|&i| {
                let v = &t.variables[i];
                format!("{} ({})", v.param.key(), fleets_text(v, s))
            })
            .collect()
    };
    let (unmoved, exact) = (named(&t.unmoved), named(&t.exact));
    for (what, list) in [
        (format!("Do not move {}", t.subject()), unmoved),
        ("Exact, so not ranked".to_string(), exact),
    ] {
        if !list.is_empty() {
            out.push('\n');
            out.push_str(&look.note(&format!("{what}: {}.", list.join(", "))));
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    gpucost: &'static str,
    file: &'a str,
    scenario: &'a str,
    currency: Currency,
    scope: Scope,
    #[serde(skip_serializing_if = "Option::is_none")]
    job: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fleet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    serve: Option<&'a str>,
    base: String,
    samples: usize,
    seed: u64,
    inputs: Vec<JsonBar<'a>>,
}

#[derive(Serialize)]
struct JsonBar<'a> {
    input: &'static str,
    fleets: Lazy<'a, std::borrow::Cow<'a, str>>,
    #[serde(flatten)]
    value: super::json::JsonInput,
    total_at_low: String,
    total_at_high: String,
    swing: String,
    rank_correlation: f64,
}

/// `sensitivity --format json`: the bars, widest first; exact inputs are left out.
pub fn json(report: &Report, t: &Tornado) -> String {
    let s = &report.scenario;
    super::json::to_string(&Document {
        schema_version: super::json::SCHEMA_VERSION,
        gpucost: env!("CARGO_PKG_VERSION"),
        file: &report.file,
        scenario: &s.name,
        currency: s.currency,
        scope: t.scope,
        job: t.job.as_deref(),
        serve: t.serve.as_deref(),
        fleet: t.fleet.as_deref(),
        base: scoped(t.scope, t.base),
        samples: t.samples,
        seed: t.seed,
        inputs: t
            .bars
            .iter()
            .map(|b| {
                let v = &t.variables[b.variable];
                JsonBar {
                    input: v.param.key(),
                    fleets: Lazy::new(v.reader_names(s)),
                    value: super::json::input(v.param, &v.input),
                    total_at_low: scoped(t.scope, b.at_low),
                    total_at_high: scoped(t.scope, b.at_high),
                    swing: scoped(t.scope, b.swing),
                    rank_correlation: b.rank_correlation,
                }
            })
            .collect(),
    })
}

/// `sensitivity --format csv`: one row per input, widest swing first.
pub fn csv(report: &Report, t: &Tornado) -> String {
    let s = &report.scenario;
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "file",
        "scenario",
        "currency",
        "scope",
        "input",
        "fleets",
        "low",
        "high",
        "dist",
        "total_at_low",
        "total_at_high",
        "swing",
        "rank_correlation",
        "job",
    ]);
    for b in &t.bars {
        let v = &t.variables[b.variable];
        let value = super::json::input(v.param, &v.input);
        let _ = w.write_record([
            report.file.as_str(),
            &s.name,
            s.currency.code(),
            t.scope.key(),
            v.param.key(),
            &v.reader_names(s).collect::<Vec<_>>().join(" "),
            &value.low,
            &value.high,
            value.dist,
            &scoped(t.scope, b.at_low),
            &scoped(t.scope, b.at_high),
            &scoped(t.scope, b.swing),
            &b.rank_correlation.to_string(),
            &(t.serve.as_ref().map(|s| format!("serve {s}")))
                .or_else(|| t.job.clone())
                .unwrap_or_default(),
        ]);
    }
    super::csv::finish(w)
}
