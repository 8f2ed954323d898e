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
    /// Text handed on piece by piece as it is drawn (the tables of thousands of
    /// fleets are hundreds of megabytes); on the way out it is made what [`Text`]
    /// would be made of the pieces joined.
    ///
    /// [`Text`]: Output::Text
    Pieces(WritePieces),
}

/// Where pieces of text go: a write that can fail.
pub type Sink<'s> = &'s mut dyn FnMut(&str) -> std::io::Result<()>;

/// Draws a text, handing it to the sink piece by piece.
pub type WritePieces = Box<dyn FnOnce(Sink<'_>) -> std::io::Result<()>>;

/// What `write` hands on, gathered into one text (in memory, where no write fails).
pub fn gathered(write: impl FnOnce(Sink<'_>) -> std::io::Result<()>) -> String {
    let mut text = String::new();
    let _ = write(&mut |piece| {
        text.push_str(piece);
        Ok(())
    });
    text
}

/// Text gathered as it is drawn and handed to a sink about a megabyte at a time. A
/// failed write is kept, and the rest of the text no longer handed on.
pub struct Pieces<'s> {
    buffer: String,
    sink: Sink<'s>,
    failed: Option<std::io::Error>,
}

impl<'s> Pieces<'s> {
    /// How much text is gathered before it is handed on.
    const SIZE: usize = 1 << 20;

    /// Pieces for `sink`.
    pub fn new(sink: Sink<'s>) -> Self {
        Pieces {
            buffer: String::new(),
            sink,
            failed: None,
        }
    }

    /// Adds text.
    pub fn push_str(&mut self, text: &str) {
        self.buffer.push_str(text);
        if self.buffer.len() >= Self::SIZE {
            self.hand_on();
        }
    }

    /// Adds a character.
    pub fn push(&mut self, c: char) {
        self.buffer.push(c);
    }

    fn hand_on(&mut self) {
        if self.failed.is_none() && !self.buffer.is_empty() {
            self.failed = (self.sink)(&self.buffer).err();
        }
        self.buffer.clear();
    }

    /// Hands on what is left; the first failed write, if one failed.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.hand_on();
        self.failed.map_or(Ok(()), Err)
    }
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
            Output::Pieces(_) => f.write_str("Pieces"),
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
    /// [`Formats::table`] handed to `sink` piece by piece as it is drawn, for a report
    /// that can be large; by default the table whole.
    fn table_pieces(&self, look: Look, sink: Sink<'_>) -> std::io::Result<()> {
        sink(&self.table(look))
    }
}

/// [`write`] as a command's output: JSON written and tables handed on as they are
/// drawn, CSV whole.
pub fn output(report: impl Formats + 'static, format: Format, width: Option<u16>) -> Output {
    let look = match format {
        Format::Json => return Output::Streamed(Box::new(move |w| report.write_json(w))),
        Format::Csv => return report.csv().into(),
        Format::Table => Look::TERMINAL.with_width(width),
        Format::Markdown => Look::MARKDOWN.with_width(width),
    };
    Output::Pieces(Box::new(move |sink| report.table_pieces(look, sink)))
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
