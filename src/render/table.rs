//! Tables for people (comfy-table): per scenario, the fleets' inputs, the cost
//! breakdown per fleet and part, the totals per scope, and the claims with verdicts.
//! Cells are kept narrow so a report reads on an 80-column terminal.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::{input_range, money_range, off_market_text, per, verdict_text};
use crate::catalog::PriceKind;
use crate::claims::ClaimResult;
use crate::money::{Currency, RateOrigin, format_decimal, format_money};
use crate::report::Report;
use crate::scenario::{Acquisition, Scenario};

/// A table in the house style, with a header row.
pub fn plain_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(Cell::new));
    t
}

fn right(text: String) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}

fn heading(s: &Scenario, file: &str) -> String {
    let mut out = format!("{}\n{} · {} · {file}\n", s.name, s.date, s.currency);
    if !s.sources.is_empty() {
        let line = format!("sources: {}", s.sources.join(", "));
        out.push_str(&textwrap::fill(
            &line,
            textwrap::Options::new(78).subsequent_indent("  "),
        ));
        out.push('\n');
    }
    // The report currency's rate converts every catalog figure; `[fx]` rates are the
    // scenario's own. Both are worth a line.
    for (currency, rate, origin) in s.rates.listed() {
        let from = match origin {
            RateOrigin::Ecb(month) if *currency == s.currency => {
                format!("ECB monthly mean {month}")
            }
            RateOrigin::Scenario => "scenario [fx]".into(),
            _ => continue,
        };
        out.push_str(&format!(
            "rate: 1 {currency} = {} USD ({from})\n",
            rate.normalize()
        ));
    }
    out
}

/// The full report of `gpucost run`.
pub fn run(reports: &[Report]) -> String {
    let blocks: Vec<String> = reports.iter().map(run_one).collect();
    blocks.join("\n")
}

fn run_one(r: &Report) -> String {
    let s = &r.scenario;
    let c = s.currency;
    let mut out = heading(s, &r.file);

    for f in &s.fleets {
        let how = match f.inputs.acquisition() {
            Acquisition::Buy => "bought",
            Acquisition::Rent => "rented",
        };
        out.push_str(&format!(
            "\nFleet `{}`: {} × {}, {how}\n",
            f.id,
            format_decimal(f.count.into()),
            f.gpu
        ));
        let mut inputs = plain_table(&["input", "value", "from"]);
        for (param, input) in f.inputs.list() {
            let currency = param.is_money().then_some(c);
            let value = format!("{} {}", input_range(input.value, currency), param.unit());
            inputs.add_row(vec![
                Cell::new(param.key()),
                Cell::new(value.trim_end()),
                Cell::new(input.origin.label()),
            ]);
        }
        out.push_str(&inputs.to_string());
        out.push('\n');
    }

    out.push_str("\nCost by fleet and part\n");
    let mut parts = plain_table(&["fleet", "part", "low", "high"]);
    for cost in &r.costs.fleets {
        let mut first = true;
        for (part, range) in &cost.parts {
            let fleet = if first {
                cost.id.clone()
            } else {
                String::new()
            };
            first = false;
            parts.add_row(vec![
                Cell::new(fleet),
                Cell::new(part.key()),
                right(format_money(range.low(), c)),
                right(format_money(range.high(), c)),
            ]);
        }
    }
    out.push_str(&parts.to_string());
    out.push('\n');

    out.push_str("\nTotals by scope\n");
    let mut totals = plain_table(&["scope", "low", "midpoint", "high"]);
    for (scope, range) in &r.costs.totals {
        totals.add_row(vec![
            Cell::new(scope.key()),
            right(format_money(range.low(), c)),
            right(format_money(range.midpoint(), c)),
            right(format_money(range.high(), c)),
        ]);
    }
    out.push_str(&totals.to_string());
    out.push('\n');

    if !r.claims.is_empty() {
        out.push_str("\nClaims\n");
        out.push_str(&claims_table(&r.claims, c));
        out.push('\n');
    }
    let notes: Vec<String> = r
        .off_market
        .iter()
        .map(|o| format!("! {}", off_market_text(o, c)))
        .collect();
    if !notes.is_empty() {
        out.push_str("\nAssumptions off the market\n");
        for n in notes {
            out.push_str(&textwrap::fill(
                &n,
                textwrap::Options::new(78).subsequent_indent("  "),
            ));
            out.push('\n');
        }
    }
    out
}

fn claims_table(claims: &[ClaimResult], c: Currency) -> String {
    let mut t = plain_table(&["claim", "verdict"]);
    for r in claims {
        let subject = match &r.claim.fleet {
            Some(f) => format!("{} of {f}", r.claim.scope),
            None => format!("{}, all fleets", r.claim.scope),
        };
        let mut lines = vec![verdict_text(&r.verdict)];
        if let Some(q) = &r.claim.quote {
            lines.push(textwrap::fill(&format!("“{q}”"), 50));
        }
        lines.push(format!("claimed  {}", money_range(r.claim.value, c)));
        lines.push(format!("range    {}", money_range(r.range, c)));
        if let Some(i) = &r.implied {
            let unit = match (i.point, i.range) {
                (Some(p), _) => format!("{} {}", format_money(p, c), per(i.kind)),
                (None, _) => match i.kind {
                    PriceKind::Purchase => "no price: the other parts alone exceed it".into(),
                    PriceKind::Rental => "no rate: the other parts alone exceed it".into(),
                },
            };
            lines.push(format!("implies  {unit}"));
            if let Some(m) = i.market {
                lines.push(format!("market   {}", money_range(m, c)));
            }
        }
        for o in &r.off_market {
            lines.push(textwrap::fill(&format!("! {}", off_market_text(o, c)), 50));
        }
        t.add_row(vec![
            Cell::new(format!("{}\n{subject}", r.claim.id)),
            Cell::new(lines.join("\n")),
        ]);
    }
    t.to_string()
}

/// The claims-only report of `gpucost check`.
pub fn check(reports: &[Report]) -> String {
    let blocks: Vec<String> = reports
        .iter()
        .map(|r| {
            let mut out = heading(&r.scenario, &r.file);
            if r.claims.is_empty() {
                out.push_str("no claims\n");
            } else {
                out.push_str(&claims_table(&r.claims, r.scenario.currency));
                out.push('\n');
            }
            out
        })
        .collect();
    blocks.join("\n")
}

/// The one-line summary `check` ends with.
pub fn check_summary(reports: &[Report]) -> String {
    let all: Vec<&ClaimResult> = reports.iter().flat_map(|r| &r.claims).collect();
    let outside = all
        .iter()
        .filter(|r| r.verdict.kind != crate::claims::VerdictKind::Consistent)
        .count();
    let noun = if all.len() == 1 { "claim" } else { "claims" };
    format!(
        "{} {noun}: {} consistent, {} outside their range\n",
        all.len(),
        all.len() - outside,
        outside
    )
}
