//! Every example in the README and the book (`docs/src/`) is run and its output
//! compared, so a changed number fails `cargo test` until the page shows it.
//!
//! An example is a fenced block marked `console`:
//!
//! ````text
//! ```console
//! $ gpucost check scenarios/gpt4-epoch.toml --width 80
//! …the output, standard output then standard error…
//! [exit status: 1]
//! ```
//! ````
//!
//! A line starting `$ ` is a command: `gpucost` with its arguments (quoted as a shell
//! would), or `cat FILE`; either may end in `| head -n N` and `| tail -n N`. The lines
//! after it, up to the next command or the fence, are what it prints; a last line
//! `[exit status: N]` gives a status other than 0. The blocks of one page run in
//! order in one fresh directory holding copies of `scenarios/`, `tests/articles/`,
//! `tests/catalogs/` and `docs/examples/` (as `examples/`),
//! so a page can write a file and use it in its next example, and nothing is written
//! into the checkout.
//!
//! `GPUCOST_BLESS=1 cargo test --test docs` writes each example's real output into its
//! page, for a change that moves them on purpose; read the diff before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_documented_example_prints_what_the_page_shows() {
    let bless = std::env::var_os("GPUCOST_BLESS").is_some_and(|v| !v.is_empty());
    let mut failures = Vec::new();
    let mut examples = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("readable page");
        let dir = sandbox();
        let blocks = blocks(&text);
        let mut updated = text.clone();
        // Replaced from the last block up, so earlier offsets stay valid.
        let mut replacements = Vec::new();
        for block in &blocks {
            let mut actual = String::new();
            for example in &block.examples {
                examples += 1;
                let got = run(&example.command, dir.path());
                if got != example.expected {
                    failures.push(format!(
                        "{}:{}: `$ {}` prints another output:\n{}",
                        relative(&page),
                        example.line,
                        example.command,
                        diff(&example.expected, &got)
                    ));
                }
                actual.push_str(&format!("$ {}\n{got}", example.command));
            }
            replacements.push((block.body.clone(), actual));
        }
        if bless {
            for (range, actual) in replacements.into_iter().rev() {
                updated.replace_range(range, &actual);
            }
            if updated != text {
                std::fs::write(&page, updated).expect("page written");
            }
        }
    }
    assert!(examples > 20, "only {examples} examples found");
    if !bless {
        assert!(
            failures.is_empty(),
            "{}\n\n{} of {examples} examples differ; `GPUCOST_BLESS=1 cargo test --test docs` writes the real outputs into the pages",
            failures.join("\n\n"),
            failures.len()
        );
    }
}

#[test]
fn the_book_lists_every_page_and_every_link_resolves() {
    let src = Path::new(ROOT).join("docs/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("docs/src/SUMMARY.md");
    let mut problems = Vec::new();
    for page in pages() {
        let rel = page
            .strip_prefix(&src)
            .map(|p| p.to_string_lossy().into_owned());
        if let Ok(rel) = &rel
            && rel != "SUMMARY.md"
            && !summary.contains(&format!("]({rel})"))
        {
            problems.push(format!("docs/src/{rel} is not in SUMMARY.md"));
        }
        let text = std::fs::read_to_string(&page).expect("readable page");
        let code = without_code(&text);
        for (line, target) in links(&code) {
            if target.starts_with("http://") || target.starts_with("https://") {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target.as_str(), None),
            };
            let base = page.parent().expect("a page has a folder");
            let linked = if file.is_empty() {
                page.clone()
            } else {
                base.join(file)
            };
            if !linked.exists() {
                problems.push(format!("{}:{line}: no file `{file}`", relative(&page)));
                continue;
            }
            if let Some(anchor) = anchor
                && linked.extension().is_some_and(|e| e == "md")
            {
                let target_text = std::fs::read_to_string(&linked).expect("readable");
                if !anchors(&target_text).iter().any(|a| a == anchor) {
                    problems.push(format!(
                        "{}:{line}: no heading `#{anchor}` in {file}",
                        relative(&page)
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The README and every page of the book.
fn pages() -> Vec<PathBuf> {
    let mut out = vec![Path::new(ROOT).join("README.md")];
    let mut stack = vec![Path::new(ROOT).join("docs/src")];
    let mut book = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("docs/src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                book.push(path);
            }
        }
    }
    book.sort();
    out.extend(book);
    out
}

fn relative(page: &Path) -> String {
    page.strip_prefix(ROOT)
        .unwrap_or(page)
        .display()
        .to_string()
}

/// A fresh directory with copies of what the examples read.
fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["scenarios", "tests/articles", "tests/catalogs"] {
        copy_dir(&Path::new(ROOT).join(folder), &dir.path().join(folder));
    }
    copy_dir(
        &Path::new(ROOT).join("docs/examples"),
        &dir.path().join("examples"),
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("readable folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copied");
        }
    }
}

struct Block {
    /// The bytes between the fence lines.
    body: std::ops::Range<usize>,
    examples: Vec<Example>,
}

struct Example {
    command: String,
    expected: String,
    /// 1-based line of the command in the page.
    line: usize,
}

/// The `console` blocks of a page.
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').enumerate().peekable();
    while let Some((n, line)) = lines.next() {
        offset += line.len();
        if line.trim_end() != "```console" {
            continue;
        }
        let start = offset;
        let mut examples: Vec<Example> = Vec::new();
        let mut end = start;
        for (m, line) in lines.by_ref() {
            if line.trim_end() == "```" {
                end = offset;
                offset += line.len();
                break;
            }
            offset += line.len();
            let continued = examples
                .last()
                .is_some_and(|e| e.expected.is_empty() && e.command.ends_with('\\'));
            match line.strip_prefix("$ ") {
                Some(command) => examples.push(Example {
                    command: command.trim_end().to_string(),
                    expected: String::new(),
                    line: m + 1,
                }),
                // A command continued with `\` on its next line.
                None if continued => {
                    let e = examples.last_mut().expect("a command");
                    e.command.push('\n');
                    e.command.push_str(line.trim_end());
                }
                None => match examples.last_mut() {
                    Some(e) => e.expected.push_str(line),
                    None => panic!("line {}: a console block starts with `$ `", n + 2),
                },
            }
        }
        for e in &mut examples {
            if !e.expected.is_empty() && !e.expected.ends_with('\n') {
                e.expected.push('\n');
            }
        }
        out.push(Block {
            body: start..end,
            examples,
        });
    }
    out
}

/// What a documented command prints, as the page shows it.
fn run(command: &str, dir: &Path) -> String {
    let mut stages = command.split(" | ");
    let command = stages.next().expect("a command");
    let mut words = shell_words(&command.replace("\\\n", " "));
    // `NAME=value gpucost …`: the variables set for the command.
    let vars: Vec<(String, String)> = words
        .iter()
        .take_while(|w| w.split_once('=').is_some_and(|(n, _)| is_variable(n)))
        .map(|w| {
            w.split_once('=')
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .expect("NAME=value")
        })
        .collect();
    words.drain(..vars.len());
    let words: Vec<String> = words.into_iter().flat_map(|w| glob(&w, dir)).collect();
    let (program, args) = words.split_first().expect("a command");
    let mut text = match program.as_str() {
        "gpucost" => {
            let out = Command::new(env!("CARGO_BIN_EXE_gpucost"))
                .args(args)
                .current_dir(dir)
                .envs(vars)
                .env_remove("GPUCOST_CATALOG")
                .env_remove("CLICOLOR_FORCE")
                .env("NO_COLOR", "1")
                .output()
                .expect("gpucost runs");
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            match out.status.code() {
                Some(0) => text,
                code => {
                    if !text.is_empty() && !text.ends_with('\n') {
                        text.push('\n');
                    }
                    format!("{text}[exit status: {}]\n", code.unwrap_or(-1))
                }
            }
        }
        "cat" => args
            .iter()
            .map(|f| {
                std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| format!("cat: {f}: {e}\n"))
            })
            .collect(),
        other => panic!("an example runs `gpucost` or `cat`, not `{other}`"),
    };
    for pipe in stages {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let n = |s: &str| s.trim().parse::<usize>().expect("a line count");
        text = if let Some(k) = pipe.strip_prefix("head -n ") {
            lines[..n(k).min(lines.len())].concat()
        } else if let Some(k) = pipe.strip_prefix("tail -n ") {
            lines[lines.len().saturating_sub(n(k))..].concat()
        } else {
            panic!("an example pipes only to `head -n N` or `tail -n N`, not `{pipe}`")
        };
    }
    text
}

fn is_variable(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_')
}

/// `FOLDER/*.EXT` as a shell expands it, in order; any other word as it is.
fn glob(word: &str, dir: &Path) -> Vec<String> {
    let Some((folder, pattern)) = word.rsplit_once('/') else {
        return vec![word.to_string()];
    };
    let Some(ext) = pattern.strip_prefix('*') else {
        return vec![word.to_string()];
    };
    let mut names: Vec<String> = std::fs::read_dir(dir.join(folder))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(ext))
                .map(|n| format!("{folder}/{n}"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Words as a POSIX shell splits them: single quotes, double quotes (with `\"` and
/// `\\`), backslash escapes.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                w.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                if n != '"' && n != '\\' {
                                    w.push('\\');
                                }
                                w.push(n);
                            }
                        }
                        c => w.push(c),
                    }
                }
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    word.get_or_insert_with(String::new).push(n);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// The first lines where two outputs part, for the failure message.
fn diff(expected: &str, got: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let first = e
        .iter()
        .zip(&g)
        .position(|(a, b)| a != b)
        .unwrap_or(e.len().min(g.len()));
    let show = |lines: &[&str]| {
        lines[first.min(lines.len())..(first + 4).min(lines.len())]
            .iter()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "  from line {} of the output ({} lines shown, {} printed)\n  page:\n{}\n  printed:\n{}",
        first + 1,
        e.len(),
        g.len(),
        show(&e),
        show(&g)
    )
}

/// The text with fenced code blocks and inline code blanked (lines kept).
fn without_code(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            out.push('\n');
            continue;
        }
        if fenced {
            out.push('\n');
            continue;
        }
        let mut inline = false;
        for c in line.chars() {
            if c == '`' {
                inline = !inline;
                out.push(' ');
            } else {
                out.push(if inline { ' ' } else { c });
            }
        }
        out.push('\n');
    }
    out
}

/// Each `[text](target)` link: its line and target.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            match after.find(')') {
                Some(end) => {
                    out.push((n + 1, after[..end].to_string()));
                    rest = &after[end..];
                }
                None => break,
            }
        }
    }
    out
}

/// The anchors of a page's headings (outside fenced blocks), as GitHub and mdBook
/// make them.
fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            out.push(slug(line.trim_start_matches('#').trim()));
        }
    }
    out
}

fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn the_runner_reads_blocks_words_and_pipes_as_documented() {
    let page =
        "text\n```console\n$ gpucost --version\ngpucost 1\n$ cat a.toml | head -n 1\nx\n```\n";
    let found = blocks(page);
    assert_eq!(found.len(), 1);
    let b = &found[0];
    assert_eq!(
        &page[b.body.clone()],
        "$ gpucost --version\ngpucost 1\n$ cat a.toml | head -n 1\nx\n"
    );
    assert_eq!(b.examples[1].command, "cat a.toml | head -n 1");
    assert_eq!(b.examples[1].expected, "x\n");
    assert_eq!(b.examples[1].line, 5);
    assert_eq!(
        shell_words(r#"gpucost set s.toml 'a=["$1", "$2"]' "b=\"x\"" c\ d"#),
        [
            "gpucost",
            "set",
            "s.toml",
            r#"a=["$1", "$2"]"#,
            r#"b="x""#,
            "c d"
        ]
    );
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("a.toml"), "one\ntwo\nthree\n").expect("written");
    assert_eq!(run("cat a.toml | tail -n 2", dir.path()), "two\nthree\n");
    assert_eq!(slug("`gpucost draft`"), "gpucost-draft");
    assert_eq!(
        slug("Constant dollars: `dollar_year` or `--dollars YEAR`"),
        "constant-dollars-dollar_year-or---dollars-year"
    );
}
