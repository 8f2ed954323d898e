//! Where `--set` values land in the edited text, so that what comes from the command
//! line is told from what the file says: an input it gives has origin `--set`, a
//! problem in it is shown in the assignment (not at a line the file does not have),
//! and everything else keeps the place it has in the file as the user sees it.

use std::ops::Range;

use super::edit::{Assignment, apply, locate, split_bom};
use crate::diagnostic::{Diagnostic, FileDiagnostics};

/// One assignment's value in the edited text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The assignment as given, `fleet.colossus.years=6`.
    pub text: String,
    /// The value's byte span in the edited text.
    pub value: Range<usize>,
    /// Where the value starts in `text`.
    pub value_start: usize,
    /// The bytes of the original text the edit replaced (empty for a new key).
    pub old: Range<usize>,
    /// The bytes of the edited text that replaced them (a new key's whole line, and
    /// the header of a table the edit created).
    pub new: Range<usize>,
    /// Whether the edit created its table (`--set gpu.NEW.tdp_w=700`): then a problem
    /// anywhere in it, such as a key it lacks, is the assignment's.
    pub created: bool,
}

impl Edit {
    /// A span of the edited text within the value, moved into `text` (clamped to the
    /// value as given, which TOML may have written differently: `$10B` → `"$10B"`).
    fn moved(&self, span: &Range<usize>) -> Range<usize> {
        let end = self.text.len();
        let at =
            |offset: usize| (self.value_start + offset.saturating_sub(self.value.start)).min(end);
        let start = at(span.start).min(end.saturating_sub(1));
        start..at(span.end).max(start + 1).min(end)
    }
}

/// Every edit of one text, in the order they stand in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edits(Vec<Edit>);

impl Edits {
    /// Every edit, in the order they stand in the text.
    pub fn iter(&self) -> impl Iterator<Item = &Edit> {
        self.0.iter()
    }

    /// The edit whose value holds this span of the edited text, or whose new table
    /// does (up to its end, where a missing key is pointed at).
    pub fn holding(&self, span: &Range<usize>) -> Option<&Edit> {
        let within = |e: &&Edit| e.value.start <= span.start && span.end <= e.value.end;
        let in_table =
            |e: &&Edit| e.created && e.new.start <= span.start && span.start <= e.new.end;
        self.0
            .iter()
            .find(within)
            .or_else(|| self.0.iter().find(in_table))
    }

    /// An offset of the edited text, outside every edit, as an offset of the original.
    pub fn to_original(&self, offset: usize) -> usize {
        let grown: isize = self
            .0
            .iter()
            .filter(|e| e.new.end <= offset)
            .map(|e| e.new.len() as isize - e.old.len() as isize)
            .sum();
        offset.saturating_add_signed(-grown)
    }

    /// A span of the edited text as a span of the original.
    pub fn span_to_original(&self, span: &Range<usize>) -> Range<usize> {
        let start = self.to_original(span.start);
        start..self.to_original(span.end).max(start)
    }

    /// Problems found in the edited text, each shown where its text comes from: in the
    /// original file, or in the `--set` assignment (under `origin`, e.g. `--set`).
    pub fn place(
        &self,
        found: FileDiagnostics,
        original: &str,
        origin: &str,
    ) -> Vec<FileDiagnostics> {
        let mut in_file = Vec::new();
        let mut in_sets: Vec<FileDiagnostics> = Vec::new();
        for d in found.diagnostics {
            let Some(span) = d.span.clone() else {
                in_file.push(d);
                continue;
            };
            match self.holding(&span) {
                Some(e) => {
                    let moved = Diagnostic {
                        span: Some(e.moved(&span)),
                        ..d
                    };
                    match in_sets
                        .iter_mut()
                        .find(|f| f.text.as_deref() == Some(&e.text))
                    {
                        Some(f) => f.diagnostics.push(moved),
                        None => in_sets.push(FileDiagnostics {
                            file: origin.to_string(),
                            text: Some(e.text.clone()),
                            diagnostics: vec![moved],
                        }),
                    }
                }
                None => in_file.push(Diagnostic {
                    span: Some(self.span_to_original(&span)),
                    ..d
                }),
            }
        }
        let mut all = Vec::new();
        if !in_file.is_empty() {
            all.push(FileDiagnostics {
                file: found.file,
                text: Some(original.to_string()),
                diagnostics: in_file,
            });
        }
        all.extend(in_sets);
        all
    }
}

/// Applies assignments to a scenario's text, and says where each value landed.
pub fn apply_traced(
    text: &str,
    assignments: &[Assignment],
) -> Result<(String, Edits), Vec<Diagnostic>> {
    let edited = apply(text, assignments)?;
    // Spans are found in the texts without their byte order mark, then moved past it.
    let (bom, body) = split_bom(text);
    let value_span = |doc: &toml_edit::Document<&str>, a: &Assignment| {
        let span = locate(doc.as_table(), &a.target)?.get(&a.key)?.span()?;
        Some(span.start + bom.len()..span.end + bom.len())
    };
    // What each assignment found before, read from the text as it was, and that
    // document dropped before the edited one is read: a document of a 20 MB file is
    // about a gigabyte.
    let Ok(before) = toml_edit::Document::parse(body) else {
        return Ok((edited, Edits::default()));
    };
    let found: Vec<(bool, Option<Range<usize>>)> = assignments
        .iter()
        .map(|a| {
            let created = locate(before.as_table(), &a.target).is_none();
            (created, value_span(&before, a))
        })
        .collect();
    drop(before);
    let Ok(after) = toml_edit::Document::parse(split_bom(&edited).1) else {
        return Ok((edited, Edits::default()));
    };
    let mut edits: Vec<Edit> = assignments
        .iter()
        .zip(found)
        .filter_map(|(a, (created, old_value))| {
            let value = value_span(&after, a)?;
            let (old, new) = match old_value {
                Some(old) => (old, value.clone()),
                // A new key: its whole line was inserted, and its table's header with it
                // when the table is new.
                None => {
                    let mut start = edited[..value.start].rfind('\n').map_or(0, |i| i + 1);
                    let header = edited[..start.saturating_sub(1)]
                        .rfind('\n')
                        .map_or(0, |i| i + 1);
                    if created && edited[header..start].starts_with('[') {
                        start = header;
                    }
                    let end = edited[value.end..]
                        .find('\n')
                        .map_or(edited.len(), |i| value.end + i + 1);
                    (0..0, start..end)
                }
            };
            Some(Edit {
                text: a.text.clone(),
                value,
                value_start: a.value_at,
                old,
                new,
                created,
            })
        })
        .collect();
    edits.sort_by_key(|e| e.new.start);
    // A new key's place in the original: where its line starts, less what earlier
    // edits added.
    let mut shift: isize = 0;
    for e in &mut edits {
        if e.old.is_empty() {
            let at = (e.new.start as isize - shift).max(0) as usize;
            e.old = at..at;
        }
        shift += e.new.len() as isize - e.old.len() as isize;
    }
    Ok((edited, Edits(edits)))
}
