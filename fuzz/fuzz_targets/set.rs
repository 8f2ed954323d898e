//! Fuzzes `set` and `--set` in memory: the first line of the input is a `PATH=VALUE`
//! assignment, the rest a scenario's text. An edit that applies must leave text that
//! still reads as TOML, and every value it did not edit byte for byte as it was; an
//! edit that does not apply changes nothing (there is no new text to write). Pricing
//! the edited text may fail, never panic.
#![no_main]

use gpucost::catalog::Catalog;
use gpucost::judge::report;
use libfuzzer_sys::fuzz_target;
use toml_edit::{Document, Item, Table};

/// Every plain value of a document: its path and its text as written.
fn values(doc: &Document<&str>) -> Vec<(String, std::ops::Range<usize>)> {
    fn walk(table: &Table, at: &str, out: &mut Vec<(String, std::ops::Range<usize>)>) {
        for (key, item) in table.iter() {
            let path = format!("{at}.{key}");
            match item {
                Item::Value(v) => {
                    if let Some(span) = v.span() {
                        out.push((path, span));
                    }
                }
                Item::Table(t) => walk(t, &path, out),
                Item::ArrayOfTables(tables) => {
                    for (i, t) in tables.iter().enumerate() {
                        walk(t, &format!("{path}[{i}]"), out);
                    }
                }
                Item::None => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(doc.as_table(), "", &mut out);
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let (assignment, scenario) = text.split_once('\n').unwrap_or((text, ""));
    let sets = [assignment.to_string()];
    let (edited, edits) = match report::apply_sets(scenario, &sets) {
        Ok(applied) => applied,
        Err(problems) => {
            for p in problems {
                let _ = p.render(false);
            }
            return;
        }
    };
    // The edited text still reads as TOML, whenever the original did.
    let body = |t: &str| t.strip_prefix('\u{feff}').unwrap_or(t).to_string();
    let (old_body, new_body) = (body(scenario), body(&edited));
    let bom = scenario.len() - old_body.len();
    if let Ok(before) = Document::parse(old_body.as_str()) {
        let after = Document::parse(new_body.as_str()).expect("the edited text reads as TOML");
        let new_values = values(&after);
        // Every value the edit did not touch is byte for byte as it was.
        for (path, span) in values(&before) {
            let edited_here = edits.iter().any(|e| {
                e.old.start <= span.start + bom && span.end + bom <= e.old.end.max(e.old.start)
            });
            if edited_here {
                continue;
            }
            let old_text = &old_body[span.clone()];
            let new_text = new_values
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, s)| &new_body[s.clone()])
                .unwrap_or_else(|| panic!("{path} vanished"));
            // Line endings may be made one kind throughout (CRLF files stay CRLF).
            assert_eq!(
                old_text.replace("\r\n", "\n"),
                new_text.replace("\r\n", "\n"),
                "{path} changed"
            );
        }
    }
    // Priced as `set` would before writing: an error, never a panic.
    if let Err(errors) = report::evaluate_edited("fuzz.toml", scenario, &edited, &edits, None, catalog) {
        for e in errors {
            let _ = e.render(false);
        }
    }
});
