//! Problems in an input file, tied to the byte span of the offending text, and their
//! rendering as `file:line:col` snippets with the span underlined (codespan-reporting).
//!
//! Layer (ARCHITECTURE.md): the ground floor: uses no other layer. It holds problems as
//! data; rendering them as JSON is `render`'s job.

pub mod suggest;

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

/// One problem: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, lower-case, identifiers in backticks.
    pub message: String,
    /// Byte span of the offending text in the file, where there is one.
    pub span: Option<Range<usize>>,
    /// Short text under the underline.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with no position (e.g. an unreadable file).
    pub fn new(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }

    /// A problem at a span of the file.
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: Some(span),
            ..Diagnostic::new(message)
        }
    }

    /// Adds the text shown under the underline.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a suggestion.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a suggestion if there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// 1-based line and column of the span's start in the text `lines` index.
    pub fn line_col(&self, lines: &Lines) -> Option<(usize, usize)> {
        lines.line_col(self.span.as_ref()?.start)
    }
}

/// Where each line of a text starts: a byte offset's line in O(log lines), so that a
/// report naming the line of each of thousands of inputs, or thousands of problems,
/// does not count newlines from the top for each.
#[derive(Clone, Debug)]
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    /// Indexes `text`.
    pub fn new(text: &'t str) -> Lines<'t> {
        let after_newlines = text.match_indices('\n').map(|(i, _)| i + 1);
        Lines {
            text,
            starts: std::iter::once(0).chain(after_newlines).collect(),
        }
    }

    /// The 1-based line of byte `offset` (the last line past the end).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The 1-based line and column (in characters) of byte `offset`, past the end the
    /// end; `None` inside a character.
    pub fn line_col(&self, offset: usize) -> Option<(usize, usize)> {
        let offset = offset.min(self.text.len());
        let line = self.line(offset);
        let before = self.text.get(self.starts[line - 1]..offset)?;
        Some((line, before.chars().count() + 1))
    }
}

/// The problems found in one file, with the text they point into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDiagnostics {
    /// The file's name as the user gave it.
    pub file: String,
    /// The file's text, when it could be read.
    pub text: Option<String>,
    /// At least one problem.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileDiagnostics {
    /// Renders every problem as plain text, or with ANSI colour when `color` is set.
    /// Control characters from the file (an escape sequence in a name) are shown as
    /// visible symbols, never sent to the terminal.
    pub fn render(&self, color: bool) -> String {
        let raw = self.text.as_deref().unwrap_or("");
        let text = escape_controls(raw);
        let name = escape_controls(&self.file);
        let file = SimpleFile::new(name.as_ref(), text.as_ref());
        let config = Config::default();
        let mut out = String::new();
        for d in &self.diagnostics {
            let mut rendered = Rendered::error().with_message(escape_controls(&d.message));
            match (&d.span, self.text.is_some()) {
                (Some(span), true) => {
                    let span = clamp(span, raw);
                    let span = match &text {
                        std::borrow::Cow::Borrowed(_) => span,
                        std::borrow::Cow::Owned(_) => {
                            escaped_offset(raw, span.start)..escaped_offset(raw, span.end)
                        }
                    };
                    let mut label = Label::primary((), span);
                    if let Some(l) = &d.label {
                        label = label.with_message(escape_controls(l));
                    }
                    rendered = rendered.with_labels(vec![label]);
                }
                _ => rendered = rendered.with_notes(vec![format!("in {name}")]),
            }
            if let Some(help) = &d.help {
                // `with_notes` appends to the notes already there.
                rendered = rendered.with_notes(vec![format!("help: {}", escape_controls(help))]);
            }
            out.push_str(&emit(&config, &file, &rendered, color));
        }
        out
    }
}

/// One problem as the JSON error list gives it (`--format json`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct JsonDiagnostic {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, when the problem has a place.
    pub line: Option<usize>,
    /// 1-based column (in characters), when the problem has a place.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The text under the underline.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl FileDiagnostics {
    /// The problems as JSON entries, in order.
    pub fn to_json(&self) -> Vec<JsonDiagnostic> {
        let lines = self.text.as_deref().map(Lines::new);
        self.diagnostics
            .iter()
            .map(|d| {
                let place = lines.as_ref().and_then(|lines| d.line_col(lines));
                JsonDiagnostic {
                    file: self.file.clone(),
                    line: place.map(|p| p.0),
                    column: place.map(|p| p.1),
                    message: d.message.clone(),
                    label: d.label.clone(),
                    help: d.help.clone(),
                }
            })
            .collect()
    }
}

fn emit(
    config: &Config,
    file: &SimpleFile<&str, &str>,
    rendered: &Rendered<()>,
    color: bool,
) -> String {
    let mut buffer = Vec::new();
    let result = if color {
        let mut writer = term::termcolor::Ansi::new(&mut buffer);
        term::emit_to_write_style(&mut writer, config, file, rendered)
    } else {
        term::emit_to_io_write(&mut buffer, config, file, rendered)
    };
    match result {
        Ok(()) => String::from_utf8_lossy(&buffer).into_owned(),
        // The span was checked against the text, so this is only a fallback.
        Err(_) => format!("error: {}\n", rendered.message),
    }
}

/// What a control character is shown as: its Unicode control picture (`␛` for ESC),
/// or `�` for the C1 controls, which have none. Line feeds and tabs stay, and so does
/// a carriage return that ends a line. A character that is invisible or reorders the
/// text around it (a bidi control such as U+202E, a zero-width space or joiner, a byte
/// order mark past the start) is shown as its code, `<U+202E>`, so that what a file
/// says cannot be disguised.
fn shown_as(c: char, next: Option<char>, at_start: bool) -> Option<Shown> {
    match c {
        '\n' | '\t' => None,
        '\r' if next == Some('\n') => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).map(Shown::Char),
        '\u{7f}' => Some(Shown::Char('\u{2421}')),
        '\u{80}'..='\u{9f}' => Some(Shown::Char('\u{fffd}')),
        '\u{feff}' if at_start => None,
        c if is_invisible(c) => Some(Shown::Code(c)),
        _ => None,
    }
}

/// A character shown in place of another: a symbol, or its code point.
#[derive(Clone, Copy)]
enum Shown {
    Char(char),
    Code(char),
}

impl Shown {
    fn push_to(self, out: &mut String) {
        match self {
            Shown::Char(c) => out.push(c),
            Shown::Code(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
        }
    }

    fn len_utf8(self) -> usize {
        match self {
            Shown::Char(c) => c.len_utf8(),
            // `<U+` + four to six hex digits + `>`
            Shown::Code(c) => format!("{:04X}", c as u32).len() + 4,
        }
    }
}

/// Characters a terminal shows as nothing, or that reorder the text around them:
/// bidi marks, embeddings, overrides and isolates; zero-width spaces, joiners and
/// word joiners; invisible operators; the soft hyphen; the byte order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// The text with every control character made visible (see [`shown_as`]), so text
/// from a file cannot move the cursor, recolour or retitle a terminal, nor hide or
/// reorder what it says.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    escape_controls_at(text, true)
}

/// [`escape_controls`] of text that starts a whole text (`at_start`: a byte order mark
/// is kept there only) or continues one.
fn escape_controls_at(text: &str, at_start: bool) -> std::borrow::Cow<'_, str> {
    // The common case, text with nothing to show otherwise (a table's box drawing and
    // dashes included), in one pass: ASCII byte by byte, only other characters decoded.
    if !needs_escape(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut chars = text.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        match shown_as(c, chars.peek().copied(), at_start && at == 0) {
            Some(shown) => shown.push_to(out.get_or_insert_with(|| text[..at].to_string())),
            None => {
                if let Some(o) = out.as_mut() {
                    o.push(c);
                }
            }
        }
        at += c.len_utf8();
    }
    match out {
        Some(o) => std::borrow::Cow::Owned(o),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// [`escape_controls`] of a text that comes in pieces: what it makes of the pieces
/// joined. A carriage return ending a piece is held back until what follows it is
/// known (before a line feed it stays); a byte order mark is kept at the very start
/// only.
#[derive(Debug, Default)]
pub struct PieceEscaper {
    started: bool,
    held_return: bool,
}

impl PieceEscaper {
    /// The next piece, escaped (with a carriage return held back from the last).
    pub fn piece<'a>(&mut self, piece: &'a str) -> std::borrow::Cow<'a, str> {
        // Nothing follows a held carriage return yet.
        if piece.is_empty() {
            return std::borrow::Cow::Borrowed("");
        }
        let held = std::mem::replace(&mut self.held_return, piece.ends_with('\r'));
        let body = piece.strip_suffix('\r').unwrap_or(piece);
        let at_start = !self.started;
        if held {
            self.started = true;
            let text = format!("\r{body}");
            return std::borrow::Cow::Owned(escape_controls_at(&text, at_start).into_owned());
        }
        self.started |= !body.is_empty();
        escape_controls_at(body, at_start)
    }

    /// What is held back at the end: a carriage return ending the text, shown.
    pub fn finish(self) -> String {
        match self.held_return {
            true => escape_controls_at("\r", !self.started).into_owned(),
            false => String::new(),
        }
    }
}

/// Whether [`escape_controls`] may change `text`: a control character (but a tab, a
/// line feed, a carriage return before one), or a C1 control or invisible character
/// anywhere (the byte order mark too, which it keeps at the start: the slow path
/// decides).
fn needs_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Eight bytes at a time while they are all printable ASCII (0x20–0x7E): most
        // of a table is padding and figures.
        if let Some(word) = bytes.get(i..i + 8) {
            let mut eight = [0; 8];
            eight.copy_from_slice(word);
            if all_printable_ascii(u64::from_le_bytes(eight)) {
                i += 8;
                continue;
            }
        }
        if b < 0x80 {
            let plain = (0x20..0x7f).contains(&b)
                || b == b'\n'
                || b == b'\t'
                || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n'));
            if !plain {
                return true;
            }
            i += 1;
            continue;
        }
        // Only characters whose first two bytes some character to show has are
        // decoded: the C1 controls and the soft hyphen (C2 80–9F, C2 AD), U+061C
        // (D8 9C), U+180E (E1 A0), U+2000–U+207F (E2 80, E2 81), U+FEFF (EF BB). Box
        // drawing, dashes and accents are skipped by their length.
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let suspect = match b {
            0xc2 => matches!(next, 0x80..=0x9f | 0xad),
            0xd8 => next == 0x9c,
            0xe1 => next == 0xa0,
            0xe2 => matches!(next, 0x80 | 0x81),
            0xef => next == 0xbb,
            _ => false,
        };
        if !suspect {
            i += match b {
                0xf0.. => 4,
                0xe0.. => 3,
                _ => 2,
            };
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            return true;
        };
        if ('\u{80}'..='\u{9f}').contains(&c) || is_invisible(c) {
            return true;
        }
        i += c.len_utf8();
    }
    false
}

/// Whether each of the eight bytes of `x` is in 0x20–0x7E (the usual bit tricks:
/// a byte's high bit is set by subtracting from it only where it was below the
/// subtrahend, and no borrow crosses a byte while every byte is below 0x80).
fn all_printable_ascii(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let non_ascii = x & HIGH;
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    let delete = {
        let y = x ^ (ONES * 0x7f);
        y.wrapping_sub(ONES) & !y & HIGH
    };
    non_ascii == 0 && below_space == 0 && delete == 0
}

/// Where byte `offset` of `text` lands in [`escape_controls`]'s result.
fn escaped_offset(text: &str, offset: usize) -> usize {
    let mut chars = text.char_indices().peekable();
    let mut grown = 0;
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        if let Some(shown) = shown_as(c, chars.peek().map(|&(_, n)| n), i == 0) {
            grown += shown.len_utf8() - c.len_utf8();
        }
    }
    offset + grown
}

/// Keeps a span inside the text and on character boundaries.
fn clamp(span: &Range<usize>, text: &str) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_check_finds_every_character_escaping_shows() {
        // Every character, alone and after a letter: the byte filter of
        // `needs_escape` must not skip one that `shown_as` changes.
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let shown = shown_as(c, None, false).is_some();
            // Alone after a letter, and inside runs read eight bytes at a time.
            for text in [format!("a{c}"), format!("abc{c}defghijkl")] {
                assert_eq!(needs_escape(&text), shown, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn text_escaped_in_pieces_is_the_text_escaped_whole() {
        let text = "\u{feff}a\r\nb\r\rc\u{1b}[31m\u{feff}d\r";
        let whole = escape_controls(text);
        // Every way of cutting it in two and in three, at character boundaries.
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &i in &cuts {
            for &j in cuts.iter().filter(|&&j| j >= i) {
                let mut e = PieceEscaper::default();
                let mut out = String::new();
                for piece in [&text[..i], &text[i..j], &text[j..]] {
                    out.push_str(&e.piece(piece));
                }
                out.push_str(&e.finish());
                assert_eq!(out, whole, "cut at {i} and {j}");
            }
        }
    }

    #[test]
    fn eight_bytes_are_printable_ascii_only_if_each_is() {
        // Each byte value in each of the eight places, among printable neighbours.
        for place in 0..8 {
            for b in 0..=255u8 {
                let mut eight = [b'a'; 8];
                eight[place] = b;
                let each = eight.iter().all(|&c| (0x20..0x7f).contains(&c));
                assert_eq!(
                    all_printable_ascii(u64::from_le_bytes(eight)),
                    each,
                    "{b:#04x} at {place}"
                );
            }
        }
    }

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a = 1\nbb = 2\n";
        let lines = Lines::new(text);
        assert_eq!(Diagnostic::at(7..8, "x").line_col(&lines), Some((2, 2)));
        // The newline ends its line; the next line starts after it.
        assert_eq!(lines.line_col(5), Some((1, 6)));
        assert_eq!(lines.line_col(6), Some((2, 1)));
        // Past the end: the end, on the empty last line.
        assert_eq!(lines.line_col(99), Some((3, 1)));
        // Columns count characters: `é` is two bytes; inside it there is no column.
        let lines = Lines::new("é = 1\nx");
        assert_eq!(lines.line_col(2), Some((1, 2)));
        assert_eq!(lines.line_col(1), None);
        assert_eq!(Diagnostic::new("no place").line_col(&lines), None);
    }

    #[test]
    fn rendering_names_file_line_and_column_and_the_help() {
        let text = "[scenario]\ndate = \"2024-13-01\"\n";
        let fd = FileDiagnostics {
            file: "s.toml".into(),
            text: Some(text.into()),
            diagnostics: vec![
                Diagnostic::at(18..30, "invalid date")
                    .label("no 13th month")
                    .help("write `YYYY-MM-DD`"),
            ],
        };
        let out = fd.render(false);
        assert!(out.contains("s.toml:2:8"), "{out}");
        assert!(out.contains("^^^^^^^^^^^^ no 13th month"), "{out}");
        assert!(out.contains("help: write `YYYY-MM-DD`"), "{out}");
    }

    #[test]
    fn a_problem_without_a_place_names_the_file_once() {
        let fd = FileDiagnostics {
            file: "s.toml".into(),
            text: None,
            diagnostics: vec![Diagnostic::new("cannot read").help("check the path")],
        };
        let out = fd.render(false);
        assert_eq!(out.matches("in s.toml").count(), 1, "{out}");
        assert_eq!(out.matches("help: check the path").count(), 1, "{out}");
    }

    #[test]
    fn control_characters_from_a_file_are_shown_not_obeyed() {
        // An ESC sequence that would turn the terminal red, in a fleet id.
        let text = "id = \"\u{1b}[31mred\"\ncount = 0\r\n";
        let fd = FileDiagnostics {
            file: "s\u{1b}]0;title\u{7}.toml".into(),
            text: Some(text.into()),
            diagnostics: vec![
                Diagnostic::at(24..25, "count must be above zero in `\u{1b}[31mred`").label("zero"),
                Diagnostic::at(5..15, "a strange id").label("here"),
            ],
        };
        let out = fd.render(false);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("1 │ id = \"␛[31mred\"\n"), "{out}");
        assert!(out.contains("^^^^^^^^^^ here"), "{out}");
        assert!(out.contains("in `␛[31mred`"), "{out}");
        // The underline still sits under `0`, shifted by the two extra bytes of `␛`.
        assert!(out.contains("s␛]0;title␇.toml:2:9"), "{out}");
        assert!(out.contains("2 │ count = 0\n"), "{out}");
        assert_eq!(escape_controls("a\tb\r\nc\rd\u{9b}"), "a\tb\r\nc␍d\u{fffd}");
    }

    #[test]
    fn invisible_and_reordering_characters_are_shown_by_code() {
        // Before: U+202E reversed the rest of the line on a terminal; a zero-width
        // space made `H100` and `H1\u{200b}00` look the same.
        assert_eq!(escape_controls("H1\u{200b}00"), "H1<U+200B>00");
        assert_eq!(
            escape_controls("id \u{202e}gnp.exe\u{200f}"),
            "id <U+202E>gnp.exe<U+200F>"
        );
        // A byte order mark starts a file; a second one is shown.
        assert_eq!(escape_controls("\u{feff}a\u{feff}"), "\u{feff}a<U+FEFF>");
        // Accents, box drawing and symbols stay as they are.
        assert_eq!(escape_controls("é │ € ×"), "é │ € ×");
        let text = "id = \"\u{202e}x\"\ncount = 0\n";
        let fd = FileDiagnostics {
            file: "s.toml".into(),
            text: Some(text.into()),
            diagnostics: vec![
                Diagnostic::at(9..10, "a strange id").label("here"),
                Diagnostic::at(20..21, "count must be above zero").label("zero"),
            ],
        };
        let out = fd.render(false);
        assert!(out.contains("id = \"<U+202E>x\""), "{out}");
        assert!(!out.contains('\u{202e}'), "{out}");
        // The next line's place is not moved by the escape.
        assert!(out.contains("s.toml:2:9"), "{out}");
    }

    #[test]
    fn a_span_past_the_end_is_clamped() {
        let fd = FileDiagnostics {
            file: "s.toml".into(),
            text: Some("é".into()),
            diagnostics: vec![Diagnostic::at(1..99, "x")],
        };
        assert!(fd.render(false).contains("error: x"));
    }
}
