//! Reports as text: tables for people, JSON for scripts. Renderers compute nothing;
//! they format what the model and the claims produced, and return strings.
//!
//! Layer (ARCHITECTURE.md): uses every layer below it; computes nothing and writes
//! nowhere (it returns text or writes to the writer it is given).

pub mod catalog;
pub mod chart;
pub mod compare;
pub mod csv;
pub mod explain;
pub mod html;
pub mod json;
pub mod sensitivity;
pub mod serve;
pub mod simulate;
pub mod table;

pub mod solve;

pub use crate::show::*;

use table::Look;

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for reading in a terminal
    Table,
    /// JSON for scripts (shape documented in docs/src/json.md)
    Json,
    /// Markdown headings and tables, to paste into a report or an issue
    Markdown,
    /// CSV for spreadsheets: one row per scenario, fleet, part and bound
    Csv,
}

/// Writes a document to where it goes.
pub type WriteTo = Box<dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>>;

/// What a command prints.
pub enum Output {
    /// Text rendered whole; its control characters are made visible on the way out.
    Text(String),
    /// A document written as it is rendered, never whole in memory (JSON of thousands
    /// of fleets), and passed on as written: its writer escapes control characters
    /// (the JSON writer does).
    Streamed(WriteTo),
}

impl Default for Output {
    fn default() -> Output {
        Output::Text(String::new())
    }
}

impl From<String> for Output {
    fn from(text: String) -> Output {
        Output::Text(text)
    }
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Output::Text(text) => f.debug_tuple("Text").field(text).finish(),
            Output::Streamed(_) => f.write_str("Streamed"),
        }
    }
}

/// A report that can be written in every format: each command says what its report
/// is in each, and [`write`] alone picks the one asked for (as hyperfine's exporters,
/// one per format behind one interface).
pub trait Formats {
    /// Terminal tables, or Markdown headings and tables, as `look` says.
    fn table(&self, look: Look) -> String;
    /// The JSON document, written to `w` (a report of thousands of fleets writes it as
    /// it goes).
    fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()>;
    /// The CSV table.
    fn csv(&self) -> String;
}

/// [`write`] as a command's output: JSON written as it is rendered, the rest whole.
pub fn output(report: impl Formats + 'static, format: Format, width: Option<u16>) -> Output {
    match format {
        Format::Json => Output::Streamed(Box::new(move |w| report.write_json(w))),
        _ => write(&report, format, width).into(),
    }
}

/// Each scenario's block, a blank line between them; one block is given back as it is,
/// not copied (a scenario of 100,000 fleets draws hundreds of megabytes).
pub(crate) fn join_blocks(mut blocks: Vec<String>) -> String {
    match blocks.len() {
        1 => blocks.swap_remove(0),
        _ => blocks.join("\n"),
    }
}

/// `report` in `format`: Markdown for `markdown`, terminal tables for `table`, both
/// wrapped to `width` columns when given.
pub fn write(report: &dyn Formats, format: Format, width: Option<u16>) -> String {
    match format {
        Format::Table => report.table(Look::TERMINAL.with_width(width)),
        Format::Markdown => report.table(Look::MARKDOWN.with_width(width)),
        Format::Json => {
            let mut out = Vec::new();
            // Memory takes every document, and renderers write UTF-8.
            let _ = report.write_json(&mut out);
            String::from_utf8(out).unwrap_or_default()
        }
        Format::Csv => report.csv(),
    }
}
