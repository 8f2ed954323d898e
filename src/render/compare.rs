//! `gpucost compare`: the comparison as a table (terminal or Markdown), JSON or CSV;
//! with `--diff`, only the rows that differ, with Δ and Δ% against the first column.

use rust_decimal::Decimal;
use serde::Serialize;

use super::json::Lazy;
use super::table::Look;
use crate::analysis::compare::{Comparison, Value, delta};
use crate::money::{format_decimal, format_money};

fn signed(d: Decimal, v: Option<&Value>) -> String {
    let sign = if d.is_sign_positive() && !d.is_zero() {
        "+"
    } else {
        ""
    };
    match v.and_then(|v| v.currency) {
        Some(c) => format!("{sign}{}", format_money(d, c)),
        // FLOP: a power of ten, as the figures are shown.
        None if d.abs() >= Decimal::from(1_000_000_000_000_000u64) => {
            format!("{sign}{}", crate::show::count(d))
        }
        None => format!("{sign}{}", format_decimal(d.round_dp(4))),
    }
}

/// The Δ and Δ% cells of a row against its first column (`diff` only).
fn deltas(values: &[Option<Value>]) -> Vec<String> {
    let first = values.first().and_then(Option::as_ref);
    values
        .iter()
        .skip(1)
        .flat_map(|v| match delta(first, v.as_ref()) {
            Some((d, pct)) => vec![
                signed(d, v.as_ref()),
                pct.map_or(String::new(), |p| {
                    format!("{}{}%", if p > Decimal::ZERO { "+" } else { "" }, p)
                }),
            ],
            None => vec![String::new(), String::new()],
        })
        .collect()
}

/// The comparison as a table.
pub fn table(c: &Comparison, diff: bool, look: Look) -> String {
    let mut header: Vec<String> = vec![String::new()];
    header.extend(c.columns.iter().cloned());
    if diff {
        for col in c.columns.iter().skip(1) {
            header.push(format!("Δ {col}"));
            header.push("Δ%".into());
        }
    }
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = look.table(&header_refs);
    for row in &c.rows {
        let mut cells = vec![row.label.clone()];
        cells.extend(
            row.values
                .iter()
                .map(|v| v.as_ref().map_or("—".into(), |v| v.text.clone())),
        );
        if diff {
            cells.extend(deltas(&row.values));
        }
        t.add_row(cells.iter().map(|s| look.cell(s)).collect::<Vec<_>>());
    }
    let notes = notes(c)
        .iter()
        .map(|n| format!("{}\n", look.note(n)))
        .collect::<String>();
    if c.rows.is_empty() {
        return format!("no differences\n{notes}");
    }
    let t = t.into_string();
    format!("{t}\n{notes}")
}

/// What currency the money is in, and each column converted into it.
fn notes(c: &Comparison) -> Vec<String> {
    let Some(currency) = c.currency else {
        return Vec::new();
    };
    let mut notes = vec![
        format!("money in {currency}"),
        format!(
            "{}; Δ and Δ% are taken between mid-ranges",
            super::table::MID_RANGE
        ),
    ];
    for v in &c.converted {
        notes.push(format!(
            "`{}` is written in {}, converted at {}",
            v.column,
            v.from,
            super::rate_text(v.from, v.rate, currency, &v.source)
        ));
    }
    notes
}

/// A cell's number for machines, as rounded by the comparison.
fn plain(v: &Value) -> Option<String> {
    v.number.map(|n| n.normalize().to_string())
}

#[derive(Serialize)]
struct JsonConverted<'a> {
    column: &'a str,
    from: &'static str,
    rate: String,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    label: &'a str,
    values: Vec<Option<&'a str>>,
    midpoints: Vec<Option<String>>,
}

#[derive(Serialize)]
struct JsonComparison<'a> {
    columns: &'a [String],
    currency: Option<&'static str>,
    converted: Vec<JsonConverted<'a>>,
    rows: Lazy<'a, JsonRow<'a>>,
}

fn document(c: &Comparison) -> JsonComparison<'_> {
    let rows = c.rows.iter().map(|r| JsonRow {
        label: &r.label,
        values: r
            .values
            .iter()
            .map(|v| v.as_ref().map(|v| v.text.as_str()))
            .collect(),
        midpoints: r
            .values
            .iter()
            .map(|v| v.as_ref().and_then(plain))
            .collect(),
    });
    let converted = c
        .converted
        .iter()
        .map(|v| JsonConverted {
            column: &v.column,
            from: v.from.code(),
            rate: crate::money::shown_rate(v.rate).to_string(),
            source: &v.source,
        })
        .collect();
    JsonComparison {
        columns: &c.columns,
        currency: c.currency.map(|c| c.code()),
        converted,
        rows: Lazy::new(rows),
    }
}

/// The comparison as JSON, `{"columns": [...], "rows": [{label, values, midpoints}]}`,
/// written to `w` row by row.
pub fn write_json(c: &Comparison, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::json::write_to(&document(c), w)
}

/// The comparison as CSV in long form, one line per row and scenario:
/// `row,scenario,value,midpoint` (`midpoint` is a plain decimal where the row is a number).
pub fn csv(c: &Comparison) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["row", "scenario", "value", "midpoint"]);
    for r in &c.rows {
        for (column, value) in c.columns.iter().zip(&r.values) {
            let Some(v) = value else { continue };
            let midpoint = plain(v).unwrap_or_default();
            let _ = w.write_record([r.label.as_str(), column, &v.text, &midpoint]);
        }
    }
    super::csv::finish(w)
}
