//! Reading toml's spanned value tree into typed values, keeping the span of every value
//! so that later checks can point at it. Unknown keys are reported with the nearest
//! known key; every problem is collected, so one run reports them all. Numbers are read
//! through their text (`DeFloat::as_str`), never through `f64`.
//!
//! The figures (numbers, counts, amounts, ranges, distributions, claimed values) are
//! read in [`figures`]; the plain values (strings, booleans, dates) here.
//!
//! Layer (ARCHITECTURE.md): uses `money` and `diagnostic`; knows the TOML value tree,
//! not what a scenario means.

pub mod figures;
pub mod param;

pub use figures::{
    Bounds, Shape, amount, bounds, claim, distribution, number, percentage, positive_integer,
};

use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::diagnostic::suggest;

/// A value of the parsed document with its span.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// A byte span in the source text.
pub type Span = Range<usize>;

/// The problems found so far in one file.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Diagnostic>,
}

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems, in file order (those without a span last).
    pub fn into_vec(mut self) -> Vec<Diagnostic> {
        self.list
            .sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
        self.list.dedup();
        self.list
    }
}

/// Parses a file's TOML text as [`parse_document`] does, a long run of blank lines
/// read as spaces (see [`blank_runs_as_spaces`]): the parser makes a token of every
/// line ending, 50 MB of blank lines took 2.4 GB. `spaced` keeps the text the tree is
/// read from; every span is a span of `text`. A text that does not parse is parsed
/// as written, for its messages.
pub fn parse_file_text<'t>(
    text: &'t str,
    spaced: &'t mut Option<String>,
) -> Result<Spanned<DeTable<'t>>, Vec<Diagnostic>> {
    *spaced = blank_runs_as_spaces(text);
    let spaced: &'t Option<String> = spaced;
    if let Some(doc) = spaced.as_deref().and_then(|s| parse_document(s).ok()) {
        return Ok(doc);
    }
    parse_document(text)
}

/// The fewest blank lines in a row that [`blank_runs_as_spaces`] rewrites.
const BLANK_RUN: usize = 1024;

/// `text` with each run of [`BLANK_RUN`] or more blank lines (spaces, tabs, a line
/// ending) written as spaces and the run's last line ending: the same length, every
/// other byte where it was, so each span means what it meant, and TOML reads it
/// the same (whitespace between a line's end and the next key). `None` where there is
/// no such run, or where a multi-line string could hold one (a blank line is text
/// there).
pub fn blank_runs_as_spaces(text: &str) -> Option<String> {
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut out: Option<Vec<u8>> = None;
    // The run under way: where it starts, where its last line starts, its lines.
    let mut run: Option<(usize, usize, usize)> = None;
    let flush = |run: Option<(usize, usize, usize)>, out: &mut Option<Vec<u8>>| {
        if let Some((start, last, lines)) = run
            && lines >= BLANK_RUN
        {
            let bytes = out.get_or_insert_with(|| text.as_bytes().to_vec());
            bytes[start..last].fill(b' ');
        }
    };
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.ends_with('\n')
            && line
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
        match (blank, run.as_mut()) {
            (true, Some((_, last, lines))) => {
                *last = at;
                *lines += 1;
            }
            (true, None) => run = Some((at, at, 1)),
            (false, _) => flush(run.take(), &mut out),
        }
        at += line.len();
    }
    flush(run, &mut out);
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    out.and_then(|bytes| String::from_utf8(bytes).ok())
}

/// Parses TOML text into its spanned tree, or the syntax errors with their spans.
pub fn parse_document(text: &str) -> Result<Spanned<DeTable<'_>>, Vec<Diagnostic>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Ok(doc);
    }
    Err(errors
        .iter()
        .map(|e| {
            let message = e.message().trim().trim_end_matches('.').to_string();
            // The parser gives no place for its recursion limit: the most deeply
            // nested line is where it was reached.
            let span = e.span().or_else(|| deepest_line(text));
            let d = match span {
                Some(span) => Diagnostic::at(span, "invalid TOML").label(message),
                None => Diagnostic::new(format!("invalid TOML: {message}")),
            };
            d.help("see https://toml.io for the syntax; strings need double quotes")
        })
        .collect())
}

/// The span of the line that nests deepest (dotted key parts, brackets and braces
/// outside strings), or `None` for an empty text.
fn deepest_line(text: &str) -> Option<Span> {
    let mut best: Option<(usize, Span)> = None;
    let mut start = 0;
    let mut depth = 0usize;
    for line in text.split_inclusive('\n') {
        let mut deepest = depth;
        let mut quote = None;
        let mut dots = 0;
        for c in line.chars() {
            match (c, quote) {
                ('"' | '\'', None) => quote = Some(c),
                (c, Some(q)) if c == q => quote = None,
                ('#', None) => break,
                ('[' | '{', None) => depth += 1,
                (']' | '}', None) => depth = depth.saturating_sub(1),
                ('.', None) => dots += 1,
                _ => {}
            }
            deepest = deepest.max(depth + dots);
        }
        let end = start + line.trim_end().len();
        if best.as_ref().is_none_or(|(d, _)| deepest > *d) {
            best = Some((deepest, start..end.max(start + 1).min(text.len())));
        }
        start += line.len();
    }
    best.map(|(_, span)| span)
}

/// A table whose keys have been checked against the known ones.
pub struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Span,
    what: String,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// Reads `value` as a table named `what` (e.g. "`[scenario]`"), reporting any key
    /// not in `known` with the nearest known one.
    pub fn new(
        value: &'a Value<'i>,
        what: impl Into<String>,
        known: &[&str],
        problems: &mut Problems,
    ) -> Option<Fields<'a, 'i>> {
        Fields::new_redirecting(value, what, known, &|_, _| None, problems)
    }

    /// As [`Fields::new`], with `elsewhere` telling where an unknown key belongs
    /// instead (a diagnostic at its span), when it knows.
    pub fn new_redirecting(
        value: &'a Value<'i>,
        what: impl Into<String>,
        known: &[&str],
        elsewhere: &dyn Fn(&str, Span) -> Option<Diagnostic>,
        problems: &mut Problems,
    ) -> Option<Fields<'a, 'i>> {
        let what = what.into();
        let Some(table) = value.get_ref().as_table() else {
            problems.push(wrong_type(value, &format!("a table for {what}")));
            return None;
        };
        let fields = Fields::of(table, value.span(), what);
        fields.check_keys(known, elsewhere, problems);
        Some(fields)
    }

    /// The document's top level, with its keys checked.
    pub fn new_root(
        doc: &'a Spanned<DeTable<'i>>,
        what: &str,
        known: &[&str],
        problems: &mut Problems,
    ) -> Fields<'a, 'i> {
        let fields = Fields::of(doc.get_ref(), 0..0, what.to_string());
        fields.check_keys(known, &|_, _| None, problems);
        fields
    }

    /// Wraps a table without checking its keys (for tables whose keys are names).
    pub fn of(table: &'a DeTable<'i>, span: Span, what: String) -> Fields<'a, 'i> {
        Fields { table, span, what }
    }

    fn check_keys(
        &self,
        known: &[&str],
        elsewhere: &dyn Fn(&str, Span) -> Option<Diagnostic>,
        problems: &mut Problems,
    ) {
        for key in self.table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            if let Some(d) = elsewhere(name, key.span()) {
                problems.push(d);
                continue;
            }
            let d = Diagnostic::at(key.span(), format!("unknown key `{name}` in {}", self.what))
                .label("not a known key");
            let help = match suggest::nearest(name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("known keys: {}", suggest::one_of(known)),
            };
            problems.push(d.help(help));
        }
    }

    /// The value under `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    /// The value under `key`, or a problem saying it is missing.
    pub fn require(&self, key: &str, problems: &mut Problems, help: &str) -> Option<&'a Value<'i>> {
        let found = self.get(key);
        if found.is_none() {
            problems.push(
                Diagnostic::at(
                    self.header_span(),
                    format!("missing key `{key}` in {}", self.what),
                )
                .label(format!("`{key}` is required here"))
                .help(help.to_string()),
            );
        }
        found
    }

    /// The entries in file order, keys with their spans.
    pub fn entries(
        &self,
    ) -> impl Iterator<Item = (&'a Spanned<std::borrow::Cow<'i, str>>, &'a Value<'i>)> {
        self.table.iter()
    }

    /// The span of the table (its header where it has one).
    pub fn header_span(&self) -> Span {
        self.span.clone()
    }

    /// How the table is named in messages.
    pub fn what(&self) -> &str {
        &self.what
    }
}

/// "expected X, found a Y" at the value.
pub fn wrong_type(value: &Value<'_>, expected: &str) -> Diagnostic {
    let found = value.get_ref().type_str();
    Diagnostic::at(
        value.span(),
        format!("expected {expected}, found {}", article(found)),
    )
    .label(format!("this is {}", article(found)))
}

fn article(type_name: &str) -> String {
    let a = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{a} {type_name}")
}

/// A string value.
pub fn string(value: &Value<'_>, problems: &mut Problems) -> Option<String> {
    match value.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => {
            problems.push(wrong_type(value, "a string"));
            None
        }
    }
}

/// `true` or `false`.
pub fn boolean(value: &Value<'_>, problems: &mut Problems) -> Option<bool> {
    match value.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        _ => {
            problems.push(wrong_type(value, "`true` or `false`"));
            None
        }
    }
}

/// A list of strings.
pub fn strings(value: &Value<'_>, problems: &mut Problems) -> Option<Vec<String>> {
    match value.get_ref() {
        DeValue::Array(items) => items.iter().map(|v| string(v, problems)).collect(),
        DeValue::String(s) => Some(vec![s.to_string()]),
        _ => {
            problems.push(wrong_type(value, "a list of strings"));
            None
        }
    }
}

/// A calendar date, written as a TOML date (`2024-07-15`) or a string.
pub fn date(value: &Value<'_>, problems: &mut Problems) -> Option<NaiveDate> {
    let text = match value.get_ref() {
        DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            // A TOML date literal: its fields, without formatting and parsing it again.
            if let Some(d) = dt.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }) {
                return Some(d);
            }
            dt.to_string()
        }
        DeValue::String(s) => s.to_string(),
        _ => {
            problems.push(wrong_type(value, "a date such as `2024-07-15`"));
            return None;
        }
    };
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(
                Diagnostic::at(value.span(), format!("`{text}` is not a valid date"))
                    .label("not a date")
                    .help("write the date as `YYYY-MM-DD`, e.g. `2024-07-15`"),
            );
            None
        }
    }
}

/// "unknown currency" with the supported codes.
pub fn unknown_currency(span: Span, code: &str) -> Diagnostic {
    let codes = crate::money::Currency::codes();
    let help = match crate::diagnostic::suggest::nearest(code, codes.iter().copied()) {
        Some(near) => format!(
            "did you mean `{near}`? supported: {}",
            crate::diagnostic::suggest::one_of(&codes)
        ),
        None => format!(
            "supported currencies: {}",
            crate::diagnostic::suggest::one_of(&codes)
        ),
    };
    Diagnostic::at(span, format!("unknown currency `{code}`"))
        .label("not a supported currency")
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_of_blank_lines_read_as_spaces_with_every_span_kept() {
        let blank = "\n".repeat(BLANK_RUN) + " \t\r\n";
        let text = format!("[scenario]\nname = \"a\"\n{blank}[[fleet]]\nx = [\n{blank}1]\n");
        let spaced = blank_runs_as_spaces(&text).expect("two runs to rewrite");
        assert_eq!(spaced.len(), text.len());
        // Two runs: each keeps its last line, every other byte is a space. Line
        // endings: two lines, a run's one, two lines, a run's one, the last line.
        assert_eq!(spaced.matches('\n').count(), 2 + 1 + 2 + 1 + 1);
        let mut kept = None;
        let as_written = parse_document(&text).expect("valid");
        let read = format!("{:?}", parse_file_text(&text, &mut kept).expect("valid"));
        assert!(kept.is_some(), "read from the rewritten text");
        // The same tree, spans and all (Debug shows each span).
        assert_eq!(read, format!("{as_written:?}"));
        // Short runs, and anything a multi-line string could hold, stay as written.
        assert_eq!(blank_runs_as_spaces("a = 1\n\n\nb = 2\n"), None);
        let string = format!("a = \"\"\"\n{blank}\"\"\"\n");
        assert_eq!(blank_runs_as_spaces(&string), None);
    }

    fn with_value<T>(toml: &str, f: impl FnOnce(&Value<'_>, &mut Problems) -> T) -> (T, Problems) {
        let doc = parse_document(toml).expect("valid TOML");
        let value = doc.get_ref().get("v").expect("key v");
        let mut problems = Problems::default();
        let out = f(value, &mut problems);
        (out, problems)
    }

    #[test]
    fn floats_are_read_through_their_text() {
        let (n, _) = with_value("v = 0.1", number);
        assert_eq!(n, Some(rust_decimal::Decimal::new(1, 1)));
    }

    #[test]
    fn counts_must_be_positive_whole_numbers() {
        for bad in ["0", "-5", "2.5", "\"ten\"", "100000000000000000000"] {
            let (n, p) = with_value(&format!("v = {bad}"), |v, p| {
                positive_integer(v, "`count`", p)
            });
            assert_eq!(n, None, "{bad}");
            assert_eq!(p.into_vec().len(), 1, "{bad}");
        }
        let (n, _) = with_value("v = 10_000", |v, p| positive_integer(v, "`count`", p));
        assert_eq!(n, Some(10_000));
    }

    #[test]
    fn unknown_keys_name_the_nearest_known_key() {
        let doc = parse_document("[t]\nunit_prise = 1\n").expect("valid TOML");
        let t = doc.get_ref().get("t").expect("t");
        let mut p = Problems::default();
        Fields::new(t, "`[t]`", &["unit_price", "count"], &mut p);
        let problems = p.into_vec();
        assert_eq!(problems[0].message, "unknown key `unit_prise` in `[t]`");
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `unit_price`?")
        );
        assert_eq!(problems[0].span, Some(4..14));
    }

    #[test]
    fn ranges_need_exactly_two_bounds() {
        let (b, p) = with_value("v = [1, 2, 3]", |v, p| bounds(v, true, None, p));
        assert_eq!(b, None);
        assert!(p.into_vec()[0].message.contains("two bounds"));
    }

    #[test]
    fn syntax_errors_keep_their_span() {
        let errors = parse_document("a = \n").expect_err("invalid");
        assert!(errors[0].span.is_some());
    }

    #[test]
    fn dates_accept_toml_dates_and_strings() {
        let (d, _) = with_value("v = 2024-07-15", date);
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 7, 15));
        let (d, p) = with_value("v = \"2024-02-30\"", date);
        assert_eq!(d, None);
        assert!(!p.is_empty());
    }
}
