//! Tables for people (comfy-table): per scenario, the fleets' inputs, the cost
//! breakdown per fleet and part, the totals per scope, and the claims with verdicts.
//! Cells are kept narrow so a report reads on an 80-column terminal. The same report
//! renders as Markdown, to paste into a report or an issue.

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

use super::{
    Pieces, Sink, band_text, count, figure_range, gpus_alone_lines, input_text, measure,
    money_range, off_market_text, per, verdict_text,
};
use crate::catalog::PriceKind;
use crate::input::param::Param;
use crate::judge::claims::ClaimResult;
use crate::judge::report::Report;
use crate::model::jobs::JobCost;
use crate::money::{Currency, format_decimal, format_money};
use crate::scenario::{Acquisition, Depreciation, Job, Resolved, Scenario, Scope};

/// Terminal tables, or Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Box-drawn tables for a terminal.
    Terminal,
    /// Markdown headings and pipe tables.
    Markdown,
}

/// How a report looks: its style, and a forced table width (`--width`). Without a
/// width, tables fit the terminal, and do not wrap at all when output is piped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Look {
    /// Terminal or Markdown.
    pub style: Style,
    /// Wrap tables to this many columns.
    pub width: Option<u16>,
}

impl Look {
    /// Terminal tables fitted to the terminal.
    pub const TERMINAL: Look = Look {
        style: Style::Terminal,
        width: None,
    };
    /// Markdown.
    pub const MARKDOWN: Look = Look {
        style: Style::Markdown,
        width: None,
    };

    /// The width text is fitted to: `--width`, else the terminal's; `None` when
    /// output is piped (then nothing wraps).
    pub fn columns(self) -> Option<u16> {
        self.width.or_else(|| Table::new().width())
    }

    /// The same look with tables wrapped to `width` columns, if given.
    pub fn with_width(self, width: Option<u16>) -> Look {
        Look { width, ..self }
    }

    /// An empty table in this look, with a header row. A terminal table wraps to the
    /// width (given, or the terminal's; none when piped) between words only; a
    /// Markdown table never wraps, since a Markdown viewer lays it out.
    pub fn table(self, header: &[&str]) -> WholeWords {
        let mut t = Table::new();
        match self.style {
            Style::Terminal => {
                t.load_style(UTF8_FULL_CONDENSED)
                    .set_content_arrangement(ContentArrangement::Dynamic);
                if let Some(width) = self.width {
                    t.set_width(width);
                }
            }
            Style::Markdown => {
                t.load_style(ASCII_MARKDOWN)
                    .set_content_arrangement(ContentArrangement::Disabled);
            }
        };
        t.set_header(header.iter().map(|h| self.cell(h)));
        WholeWords(t)
    }

    /// A cell of one line: a tab or line break in it (from a file: a claim's value,
    /// a quote) is shown as a symbol, never splitting the row, and what it shows is
    /// capped (see [`crate::show::in_a_cell`]). In Markdown, pipes are escaped.
    pub fn cell(self, text: &str) -> Cell {
        let shown = crate::show::in_a_cell(text);
        match self.style {
            Style::Terminal => Cell::new(shown),
            Style::Markdown => Cell::new(shown.replace('|', "\\|")),
        }
    }

    /// A cell of several lines, each as [`Look::cell`] shows one; in Markdown they
    /// are joined with `<br>`, so the cell stays one table row.
    pub fn lines<S: AsRef<str>>(self, lines: &[S]) -> Cell {
        let shown: Vec<_> = lines
            .iter()
            .map(|l| crate::show::in_a_cell(l.as_ref()))
            .collect();
        match self.style {
            Style::Terminal => Cell::new(shown.join("\n")),
            Style::Markdown => Cell::new(shown.join("<br>").replace('|', "\\|")),
        }
    }

    pub(crate) fn right(self, text: String) -> Cell {
        self.cell(&text).set_alignment(CellAlignment::Right)
    }

    /// A section title (one line: a line break from a file is shown as a symbol).
    pub fn title(self, text: &str) -> String {
        let text = crate::show::one_line(text);
        match self.style {
            Style::Terminal => format!("\n{text}\n"),
            Style::Markdown => format!("\n### {text}\n\n"),
        }
    }

    /// A paragraph of notes, wrapped for a terminal (one paragraph: a line break from
    /// a file is shown as a symbol).
    pub(crate) fn note(self, text: &str) -> String {
        let text = crate::show::one_line(text);
        match self.style {
            Style::Terminal => textwrap::fill(&text, super::wrapping(78).subsequent_indent("  ")),
            Style::Markdown => format!("- {text}"),
        }
    }
}

/// A terminal table in the house style, with a header row.
pub fn plain_table(header: &[&str]) -> WholeWords {
    Look::TERMINAL.table(header)
}

/// A table that, when wrapped to fit a width, never splits a word: no column is
/// narrower than its widest word (a figure such as `$2.071B`, an id, an input name),
/// so wrapping happens between words, and a table that cannot fit runs wider. It is
/// shown only by [`WholeWords::into_string`], which sets those bounds (it has no
/// `Display`, nor a way to the comfy-table `Table` inside, whose `Display` does not).
pub struct WholeWords(Table);

impl WholeWords {
    /// Adds a row (of [`Look::cell`]s).
    pub fn add_row(&mut self, cells: impl Into<comfy_table::Row>) -> &mut Self {
        self.0.add_row(cells);
        self
    }

    /// The table as it is displayed, each column at least as wide as its widest word.
    pub fn into_string(mut self) -> String {
        whole_words(&mut self.0);
        self.0.to_string()
    }
}

/// Sets each column's lower bound to its widest word (with the padding).
fn whole_words(t: &mut Table) {
    {
        let mut widest: Vec<usize> = Vec::new();
        for row in t.header().into_iter().chain(t.row_iter()) {
            for (i, cell) in row.cell_iter().enumerate() {
                let word = cell
                    .content()
                    .split_whitespace()
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0);
                if widest.len() <= i {
                    widest.resize(i + 1, 0);
                }
                widest[i] = widest[i].max(word);
            }
        }
        for (column, word) in t.column_iter_mut().zip(widest) {
            // A lower boundary counts the padding, one space on each side.
            let width = u16::try_from(word + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
        }
    }
}

/// What "mid-range" means, wherever a mid-range is shown.
pub const MID_RANGE: &str = "mid-range = (low + high) / 2, the centre of the range; not the \
     total with every input at its midpoint (the base case of `gpucost sensitivity`)";

pub(crate) fn heading(look: Look, s: &Scenario, file: &str) -> String {
    let mut lines = vec![match look.style {
        Style::Terminal => format!("{} · {} · {file}", s.date, s.currency),
        Style::Markdown => format!("{} · {} · `{file}`", s.date, s.currency),
    }];
    if !s.sources.is_empty() {
        lines.push(format!("sources: {}", s.sources.join(", ")));
    }
    lines.extend(super::heading_notes(s));
    let name = crate::show::one_line(&s.name);
    match look.style {
        Style::Terminal => {
            let wrapped: Vec<String> = lines.iter().map(|l| look.note(l)).collect();
            format!("{name}\n{}\n", wrapped.join("\n"))
        }
        // Hard line breaks, and a blank line before whatever table follows.
        Style::Markdown => {
            let lines: Vec<_> = lines.iter().map(|l| crate::show::one_line(l)).collect();
            format!("## {name}\n\n{}\n\n", lines.join("  \n"))
        }
    }
}

/// The full report of `gpucost run`.
pub fn run(reports: &[Report], look: Look) -> String {
    super::gathered(|sink| run_to(reports, look, sink))
}

/// [`run`] handed to `sink` piece by piece as it is drawn.
pub fn run_to(reports: &[Report], look: Look, sink: Sink<'_>) -> std::io::Result<()> {
    let compared = super::options_compared(reports);
    let mut out = Pieces::new(sink);
    for (i, r) in reports.iter().enumerate() {
        // A blank line between scenarios.
        if i > 0 {
            out.push('\n');
        }
        run_one(r, look, &mut out);
        // After the last option of a scenario of alternatives: the options side by
        // side, never summed.
        for (_, o) in compared.iter().filter(|(last, _)| *last == i) {
            out.push_str(&options_table(o, r.scenario.currency, look));
        }
    }
    out.finish()
}

/// The options of a scenario of alternatives side by side, with each option's
/// mid-range less the first's.
fn options_table(o: &super::OptionsCompared, c: Currency, look: Look) -> String {
    let mut out = look.title(&format!(
        "Options of {}, side by side (never summed)",
        o.name
    ));
    let mut header: Vec<String> = vec!["scope".into()];
    header.extend(o.options.iter().map(|n| format!("option {n}")));
    header.extend(
        o.options[1..]
            .iter()
            .map(|n| format!("{n} − {} (mid-range)", o.options[0])),
    );
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = look.table(&header);
    for (scope, totals, deltas) in &o.rows {
        let mut row = vec![look.cell(scope.key())];
        let none = || look.right("—".to_string());
        row.extend(
            totals
                .iter()
                .map(|r| r.map_or_else(none, |r| look.right(money_range(r, c)))),
        );
        row.extend(deltas[1..].iter().map(|d| match d {
            Some(d) => {
                let sign = if d.is_sign_positive() && !d.is_zero() {
                    "+"
                } else {
                    ""
                };
                look.right(format!("{sign}{}", format_money(*d, c)))
            }
            None => none(),
        }));
        t.add_row(row);
    }
    out.push_str(&t.into_string());
    out.push('\n');
    out
}

fn run_one(r: &Report, look: Look, out: &mut Pieces<'_>) {
    let s = &r.scenario;
    let c = s.currency;
    out.push_str(&heading(look, s, &r.file));

    for f in &s.fleets {
        let how = match f.inputs.acquisition() {
            Acquisition::Buy => "bought",
            Acquisition::Rent => "rented",
        };
        out.push_str(&look.title(&format!("Fleet {}, {how}", super::fleet_title(f))));
        out.push_str(&inputs_table(f.inputs.list(), c, look));
    }

    out.push_str(&look.title("Cost by fleet and part"));
    let mut parts = look.table(&["fleet", "part", "low", "high"]);
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
                look.cell(&fleet),
                look.cell(part.key()),
                look.right(format_money(range.low(), c)),
                look.right(format_money(range.high(), c)),
            ]);
        }
    }
    out.push_str(&parts.into_string());
    out.push('\n');

    out.push_str(&look.title("Totals by scope"));
    let mut totals = look.table(&["scope", "low", "mid-range", "high"]);
    for (scope, range) in &r.costs.totals {
        totals.add_row(vec![
            look.cell(scope.key()),
            look.right(format_money(range.low(), c)),
            look.right(format_money(range.midpoint(), c)),
            look.right(format_money(range.high(), c)),
        ]);
    }
    out.push_str(&totals.into_string());
    out.push('\n');
    out.push_str(&look.note(MID_RANGE));
    out.push('\n');
    if let Some(note) = super::gpus_alone_note(s, &r.costs) {
        out.push_str(&look.note(&note));
        out.push('\n');
    }

    if r.costs.owned().next().is_some() {
        out.push_str(&owning_section(r, look));
    }

    for (job, cost) in s.jobs.iter().zip(&r.costs.jobs) {
        out.push_str(&job_section(job, cost, c, look));
    }
    for (serve, cost) in s.serves.iter().zip(&r.costs.serves) {
        out.push_str(&super::serve::section(serve, cost, c, look));
    }

    if !r.claims.is_empty() {
        out.push_str(&look.title("Claims"));
        out.push_str(&claims_table(&r.claims, c, look));
        out.push('\n');
    }
    let notes: Vec<String> = r
        .off_market
        .iter()
        .map(|o| format!("! {}", off_market_text(o, c)))
        .collect();
    if !notes.is_empty() {
        out.push_str(&look.title("Assumptions off the market"));
        for n in notes {
            out.push_str(&look.note(&n));
            out.push('\n');
        }
    }
}

/// A fleet's or job's inputs: value with unit and spread, and where each comes from.
fn inputs_table(list: Vec<(Param, &Resolved)>, c: Currency, look: Look) -> String {
    let mut inputs = look.table(&["input", "value", "from"]);
    for (param, input) in list {
        let currency = param.is_money().then_some(c);
        let value = input_text(input, currency, param.unit());
        inputs.add_row(vec![
            look.cell(param.key()),
            look.cell(value.trim_end()),
            look.cell(input.origin.label()),
        ]);
    }
    let inputs = inputs.into_string();
    format!("{inputs}\n")
}

/// Owning a GPU-hour of each bought fleet, beside renting one.
fn owning_section(r: &Report, look: Look) -> String {
    let c = r.scenario.currency;
    let mut out = look.title("Owning a GPU-hour against renting one");
    let mut t = look.table(&[
        "fleet",
        "utilization",
        "owned per GPU-hour",
        "rent",
        "break-even utilization",
    ]);
    for (id, o) in r.costs.owned() {
        t.add_row(vec![
            look.cell(id),
            look.right(super::percent_range(o.utilization)),
            look.right(money_range(o.per_gpu_hour, c)),
            look.right(
                o.rent
                    .as_ref()
                    .map_or("—".into(), |r| money_range(r.value, c)),
            ),
            look.right(o.break_even.map_or("—".into(), super::break_even_text)),
        ]);
    }
    out.push_str(&t.into_string());
    out.push('\n');
    out.push_str(&look.note(OWNING));
    out.push('\n');
    out
}

/// How owning a GPU-hour is costed, under its table.
pub const OWNING: &str = "owned per GPU-hour = (hardware per hour + energy per hour) / \
     utilization; hardware per hour = GPU with its servers and network / (years × \
     8,766) + facility / (facility_years × 8,766), or with a cost_of_capital r the \
     annuity r / (1 − (1 + r)^−n) / 8,766 for each; energy at the fleet's load and PUE (`gpucost explain` shows each step). \
     Rent: the fleet's rent_per_gpu_hour, the [gpu.NAME]'s rate_per_gpu_hour, or the \
     catalog's for the model at the scenario date. Break-even: the utilization at which owning costs the rent; \
     below it, renting is cheaper.";

/// A job: its inputs, its compute, and each estimate with what it comes to per
/// GPU-hour.
fn job_section(job: &Job, cost: &JobCost, c: Currency, look: Look) -> String {
    let mut out = look.title(&format!(
        "Job `{}` on fleet `{}`, from {}",
        job.id, job.fleet, job.start
    ));
    out.push_str(&inputs_table(job.list(), c, look));
    let mut t = look.table(&["", "low", "high", "per GPU-hour"]);
    let measures = [
        (Scope::GpuHours, Some(cost.gpu_hours)),
        (Scope::Hours, Some(cost.hours)),
        (Scope::Flop, cost.flop),
    ];
    for (scope, range) in measures {
        let Some(range) = range else { continue };
        t.add_row(vec![
            look.cell(measure(scope)),
            look.right(count(range.low())),
            look.right(count(range.high())),
            look.cell(""),
        ]);
    }
    for (scope, range) in cost.estimates() {
        t.add_row(vec![
            look.cell(scope.key()),
            look.right(format_money(range.low(), c)),
            look.right(format_money(range.high(), c)),
            look.right(
                cost.per_gpu_hour(scope)
                    .map_or(String::new(), |r| money_range(r, c)),
            ),
        ]);
    }
    out.push_str(&t.into_string());
    out.push('\n');
    if let Some(a) = &cost.amortized {
        let note = match job.depreciation {
            Depreciation::Epoch => format!(
                "amortized (epoch): the hardware keeps {} of its value after {} years \
                 (10^(−0.14 × years)) and is charged 0.14 × ln 10 / 8,766 of it per GPU-hour",
                format_decimal(a.value_left.round_dp(4)),
                format_decimal(a.years_held.round_dp(2))
            ),
            Depreciation::StraightLine => {
                "amortized (straight-line): the hardware's value spread evenly over the \
                 fleet's `years` of 8,766 hours"
                    .to_string()
            }
        };
        out.push_str(&look.note(&note));
        out.push('\n');
    }
    out
}

fn claims_table(claims: &[ClaimResult], c: Currency, look: Look) -> String {
    let mut t = look.table(&["claim", "verdict"]);
    for r in claims {
        let subject = match (&r.claim.job, &r.claim.fleet) {
            _ if r.claim.serve.is_some() => {
                let serve = r.claim.serve.as_deref().unwrap_or("");
                format!("{} of serve {serve}", r.claim.scope)
            }
            (Some(j), _) => format!("{} of job {j}", r.claim.scope),
            (None, Some(f)) => format!("{} of {f}", r.claim.scope),
            (None, None) => match &r.claim.option {
                Some(o) => format!("{} of option {o}", r.claim.scope),
                None => format!("{}, all fleets", r.claim.scope),
            },
        };
        let mut lines = vec![verdict_text(&r.verdict)];
        if r.within_band {
            lines.push(band_text(r.claim.reading));
        }
        if let Some(q) = &r.claim.quote {
            lines.push(format!("“{q}”"));
        }
        lines.push(format!("claimed  {}", super::claim_text(&r.claim, c)));
        lines.push(format!(
            "range    {}",
            figure_range(r.range, r.claim.scope, c)
        ));
        if let Some(i) = &r.implied {
            let in_server = if i.market_in_server {
                " in a server"
            } else {
                ""
            };
            let unit = match (i.point, i.range) {
                (Some(p), _) => format!("{} {}{in_server}", format_money(p, c), per(i.kind)),
                (None, _) => match i.kind {
                    PriceKind::Purchase => "no price: the other parts alone exceed it".into(),
                    PriceKind::Rental => "no rate: the other parts alone exceed it".into(),
                },
            };
            lines.push(format!("implies  {unit}"));
            if i.point.is_some() {
                lines.push("         (the other inputs at their midpoints)".into());
            }
            if let Some(m) = i.market {
                let held = if i.market_in_server {
                    " per GPU in a server"
                } else {
                    ""
                };
                lines.push(format!("market   {}{held}", money_range(m, c)));
            }
        }
        if let Some(mfu) = r.implied_mfu {
            lines.push(format!("implies  {}", super::mfu_text(mfu)));
            lines.push("         (the other inputs at their midpoints)".into());
        }
        for o in &r.off_market {
            lines.push(format!("! {}", off_market_text(o, c)));
        }
        if let Some(g) = &r.gpus_alone {
            lines.extend(gpus_alone_lines(g, c));
        }
        if let Some(below) = r.rent_cheaper_below {
            lines.push(super::rent_vs_buy_text(&r.claim, below, c));
        }
        t.add_row(vec![
            look.lines(&[&r.claim.id, &subject]),
            look.lines(&lines),
        ]);
    }
    t.into_string()
}

/// The claims-only report of `gpucost check`.
pub fn check(reports: &[Report], look: Look) -> String {
    let blocks: Vec<String> = reports
        .iter()
        .map(|r| {
            let mut out = heading(look, &r.scenario, &r.file);
            if r.claims.is_empty() {
                out.push_str("no claims\n");
            } else {
                out.push_str(&claims_table(&r.claims, r.scenario.currency, look));
                out.push('\n');
            }
            out
        })
        .collect();
    super::join_blocks(blocks)
}

/// The one-line summary `check` ends with.
pub fn check_summary(reports: &[Report], failed: &[&str]) -> String {
    let all: Vec<&ClaimResult> = reports.iter().flat_map(|r| &r.claims).collect();
    let outside = all
        .iter()
        .filter(|r| r.verdict.kind != crate::judge::claims::VerdictKind::Consistent)
        .count();
    let noun = if all.len() == 1 { "claim" } else { "claims" };
    let mut line = match all.len() {
        0 if !failed.is_empty() => "no claim checked".to_string(),
        n => format!(
            "{n} {noun}: {} consistent, {outside} outside their range",
            n - outside
        ),
    };
    if !failed.is_empty() {
        let files = if failed.len() == 1 { "file" } else { "files" };
        line.push_str(&format!(
            "; {} {files} not checked (errors below): {}",
            failed.len(),
            failed.join(", ")
        ));
    }
    line.push('\n');
    line
}
