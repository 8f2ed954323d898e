//! The layers of `src/` point one way: a top-level module may use only the modules
//! below it in [`LAYERS`] (ARCHITECTURE.md draws the same list). A `crate::NAME` path
//! to a layer above, or to a module missing from the list, fails here with its file
//! and line, so no import cycle between top-level modules can come back.

use std::path::{Path, PathBuf};

/// The top-level modules, lowest first.
const LAYERS: &[&str] = &[
    "diagnostic",
    "money",
    "input",
    "catalog",
    "scenario",
    "model",
    "judge",
    "show",
    "analysis",
    "draft",
    "render",
    "files",
    "commands",
];

/// The crate root's own files: they may name every layer.
const ROOTS: &[&str] = &["lib.rs", "main.rs"];

#[test]
fn every_import_points_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).expect("under src");
        let Some(layer) = top_level(relative) else {
            continue;
        };
        seen.insert(layer.clone());
        let Some(rank) = LAYERS.iter().position(|l| *l == layer) else {
            wrong.push(format!(
                "src/{}: top-level module `{layer}` is not in LAYERS (tests/layers.rs) nor in ARCHITECTURE.md",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (line, used) in crate_paths(&code_only(&text)) {
            if used == layer || used == "self" {
                continue;
            }
            match LAYERS.iter().position(|l| *l == used) {
                Some(r) if r < rank => {}
                Some(_) => wrong.push(format!(
                    "src/{}:{line}: `{layer}` uses `crate::{used}`, a layer above it",
                    relative.display()
                )),
                None => wrong.push(format!(
                    "src/{}:{line}: `crate::{used}` is not a layer in tests/layers.rs",
                    relative.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The list names only modules that exist: a renamed layer is renamed here too.
    for layer in LAYERS {
        assert!(
            seen.contains(*layer),
            "`{layer}` is in LAYERS but not in src/"
        );
    }
}

#[test]
fn the_architecture_page_names_every_layer() {
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md at the root");
    for layer in LAYERS {
        assert!(
            page.contains(&format!("`{layer}/`")),
            "ARCHITECTURE.md has no entry for `{layer}/`"
        );
    }
}

#[test]
fn the_checker_sees_paths_and_skips_comments_and_strings() {
    let text = "use crate::model::Costs; // crate::render\nlet s = \"crate::commands\";\n/* crate::files */ let c = '\"'; fn f<'a>() { crate::money::ln(x) }\nlet r = r#\"crate::draft\"#;";
    let found = crate_paths(&code_only(text));
    assert_eq!(
        found,
        vec![(1, "model".to_string()), (3, "money".to_string())]
    );
}

/// The top-level module a file under `src/` belongs to; `None` for the crate root.
fn top_level(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    if ROOTS.contains(&first) {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The source with comments, string literals and character literals blanked (newlines
/// kept, so line numbers hold); lifetimes stay.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // Blanks chars[from..to], keeping their newlines.
    let blank = |out: &mut String, from: usize, to: usize| {
        out.extend(
            chars[from..to]
                .iter()
                .map(|&c| if c == '\n' { '\n' } else { ' ' }),
        );
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let end = if c == '/' && next == Some('/') {
            (i..chars.len())
                .find(|&j| chars[j] == '\n')
                .unwrap_or(chars.len())
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            let mut j = i;
            loop {
                if j + 1 >= chars.len() {
                    break chars.len();
                }
                match (chars[j], chars[j + 1]) {
                    ('/', '*') => {
                        depth += 1;
                        j += 2;
                    }
                    ('*', '/') => {
                        depth -= 1;
                        j += 2;
                        if depth == 0 {
                            break j;
                        }
                    }
                    _ => j += 1,
                }
            }
        } else if c == 'r' && matches!(next, Some('"' | '#')) && !ident_before(&chars, i) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body = i + 2 + hashes;
            let rest: String = chars[body..].iter().collect();
            match rest.find(&close) {
                Some(at) => body + rest[..at].chars().count() + close.chars().count(),
                None => chars.len(),
            }
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            (j + 1).min(chars.len())
        } else if c == '\'' && next == Some('\\') {
            let mut j = i + 2;
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            (j + 1).min(chars.len())
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i + 3
        } else {
            out.push(c);
            i += 1;
            continue;
        };
        blank(&mut out, i, end);
        i = end;
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Each `crate::NAME` in code: its line and the top-level NAME.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + "crate::".len()..];
            rest = after;
            if before.is_some_and(|b| b.is_alphanumeric() || b == '_' || b == '$') {
                continue;
            }
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((n + 1, name));
            }
        }
    }
    out
}
