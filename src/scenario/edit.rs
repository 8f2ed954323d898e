//! Assumptions named by path (`fleet.colossus.count=50000`, `defaults.pue=1.3`,
//! `claim.huang-9b.value="$10B"`, `fx.EUR=1.09`, `gpu.MI300X.tdp_w=750`), applied to a
//! scenario's text with toml_edit, so comments, order and layout outside the edited
//! value stay byte for byte. Used by `--set` (in memory) and `gpucost set` (on disk).

use std::str::FromStr;

use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use super::read::{CLAIM_KEYS, FLEET_KEYS, GPU_KEYS, JOB_KEYS, SCENARIO_KEYS};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::suggest;
use crate::input::param::Param;
use crate::money::Currency;

/// One `PATH=VALUE`.
#[derive(Clone, Debug)]
pub struct Assignment {
    /// The argument as given, for messages.
    pub text: String,
    /// How messages quote it: as it was typed (`--set fleet.a.count=1`, `--dollars
    /// 2024`, or `gpucost set`'s bare `fleet.a.count=1`).
    pub shown: String,
    /// Where its value starts in `text`.
    pub value_at: usize,
    /// What the path names.
    pub target: Target,
    /// The key to set.
    pub key: String,
    /// The new value.
    pub value: Value,
}

/// The table a path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `[scenario]`.
    Scenario,
    /// `[defaults]`.
    Defaults,
    /// `[fx]`.
    Fx,
    /// The `[[fleet]]` with this id.
    Fleet(String),
    /// The `[[claim]]` with this id.
    Claim(String),
    /// The `[[job]]` with this id.
    Job(String),
    /// The `[[serve]]` with this id.
    Serve(String),
    /// `[gpu.NAME]`.
    Gpu(String),
}

const KINDS: [&str; 8] = [
    "scenario", "defaults", "fx", "fleet", "claim", "job", "serve", "gpu",
];

fn problem(shown: &str, message: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(format!("`{shown}`: {message}"))
}

/// How an assignment was given on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Given {
    /// `--set PATH=VALUE`, for one run.
    Set,
    /// `gpucost set FILE PATH=VALUE`, into the file.
    Edit,
}

/// What `--dollars YEAR` is given to [`parse_assignment`] as: `--dollars 2024`, the
/// assignment of `scenario.dollar_year`, quoted in messages as the flag it was.
pub const DOLLARS: &str = "--dollars ";

/// Reads `PATH=VALUE` given with `--set`. The value is TOML (`50000`, `[1.1, 1.3]`,
/// `"$10B"`); a bare word that is not TOML (`$10B`) is taken as a string. `--dollars
/// YEAR` ([`DOLLARS`]) is `scenario.dollar_year=YEAR`.
pub fn parse_assignment(arg: &str) -> Result<Assignment, Diagnostic> {
    parse_given(arg, Given::Set)
}

/// Reads `PATH=VALUE` as [`parse_assignment`] does, given as `given` says.
pub fn parse_given(arg: &str, given: Given) -> Result<Assignment, Diagnostic> {
    let shown = match given {
        _ if arg.starts_with(DOLLARS) => arg.to_string(),
        Given::Set => format!("--set {arg}"),
        Given::Edit => arg.to_string(),
    };
    let text = arg;
    let arg = shown.as_str();
    let split = match text.strip_prefix(DOLLARS) {
        Some(year) => Some(("scenario.dollar_year", year)),
        None => text.split_once('='),
    };
    let Some((path, raw)) = split else {
        return Err(problem(arg, "expected `PATH=VALUE`").help("e.g. `fleet.colossus.count=50000`"));
    };
    let (path, raw) = (path.trim(), raw.trim());
    // The value's place in the text: what follows it is blank.
    let value_at = text.trim_end().len() - raw.len();
    let value = match Value::from_str(raw) {
        Ok(v) => v,
        Err(_) if !raw.is_empty() && !raw.starts_with(['[', '{', '"', '\'']) => Value::from(raw),
        Err(_) => {
            return Err(problem(arg, format!("`{raw}` is not a TOML value")).help(
                "write a number (`50000`), a range (`[1.1, 1.3]`) or a quoted string (`\"$10B\"`)",
            ));
        }
    };
    let parts: Vec<&str> = path.split('.').collect();
    let (target, key) = match parts.as_slice() {
        ["scenario", key] => (Target::Scenario, *key),
        ["defaults", key] => (Target::Defaults, *key),
        ["fx", code] => (Target::Fx, *code),
        [
            kind @ ("fleet" | "claim" | "job" | "serve" | "gpu"),
            id @ ..,
            key,
        ] if !id.is_empty() => {
            // Ids may contain dots (`claim.10.5b-at-30k.value`).
            let id = id.join(".");
            let target = match *kind {
                "fleet" => Target::Fleet(id),
                "claim" => Target::Claim(id),
                "job" => Target::Job(id),
                "serve" => Target::Serve(id),
                _ => Target::Gpu(id),
            };
            (target, *key)
        }
        [kind, ..] => {
            let help = match suggest::nearest(kind, KINDS) {
                Some(n) if n != *kind => format!("did you mean `{n}`? paths look like `fleet.ID.KEY`, `defaults.KEY`, `fx.EUR`"),
                _ => "paths look like `scenario.KEY`, `defaults.KEY`, `fleet.ID.KEY`, `job.ID.KEY`, `serve.ID.KEY`, `claim.ID.KEY`, `gpu.NAME.KEY`, `fx.CODE`".into(),
            };
            return Err(problem(arg, format!("`{path}` names nothing")).help(help));
        }
        [] => return Err(problem(arg, "empty path")),
    };
    Ok(Assignment {
        text: text.to_string(),
        shown,
        value_at,
        target,
        key: key.to_string(),
        value,
    })
}

/// The table an assignment's target names in a parsed document: a `[table]`, or one
/// written inline (`scenario = {date = 2024-07-15}`, `fleet = [{id = "a", …}]`).
pub(super) fn locate<'d>(root: &'d Table, target: &Target) -> Option<&'d dyn TableLike> {
    let top = |name: &str| root.get(name)?.as_table_like();
    let with_id = |kind: &str, id: &str| {
        tables(root.get(kind)?)
            .into_iter()
            .find(|t| id_of(kind, *t).as_deref() == Some(id))
    };
    match target {
        Target::Scenario => top("scenario"),
        Target::Defaults => top("defaults"),
        Target::Fx => top("fx"),
        Target::Gpu(name) => top("gpu")?.get(name)?.as_table_like(),
        Target::Fleet(id) => with_id("fleet", id),
        Target::Claim(id) => with_id("claim", id),
        Target::Job(id) => with_id("job", id),
        Target::Serve(id) => with_id("serve", id),
    }
}

/// The tables of a `[[kind]]`: an array of tables, or an inline array of inline
/// tables (`fleet = [{id = "a", gpu = "H100", count = 10}]`), which reads the same.
fn tables(item: &Item) -> Vec<&dyn TableLike> {
    match item {
        Item::ArrayOfTables(a) => a.iter().map(|t| t as &dyn TableLike).collect(),
        Item::Value(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_inline_table)
            .map(|t| t as &dyn TableLike)
            .collect(),
        _ => Vec::new(),
    }
}

/// [`tables`], to edit.
fn tables_mut(item: &mut Item) -> Vec<&mut dyn TableLike> {
    match item {
        Item::ArrayOfTables(a) => a.iter_mut().map(|t| t as &mut dyn TableLike).collect(),
        Item::Value(Value::Array(a)) => a
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .map(|t| t as &mut dyn TableLike)
            .collect(),
        _ => Vec::new(),
    }
}

/// A `[[fleet]]`'s or `[[claim]]`'s id (a fleet without `id` goes by its `gpu`).
fn id_of(kind: &str, t: &dyn TableLike) -> Option<String> {
    t.get("id")
        .or_else(|| (kind == "fleet").then(|| t.get("gpu")).flatten())
        .and_then(Item::as_str)
        .map(str::to_string)
}

/// Applies assignments to a scenario's text; every problem found is returned. A byte
/// order mark is kept, and so is each line's own ending (`\r\n` or `\n`, mixed or not).
pub fn apply(text: &str, assignments: &[Assignment]) -> Result<String, Vec<Diagnostic>> {
    let (bom, body) = split_bom(text);
    let mut doc = DocumentMut::from_str(body).map_err(|e| {
        vec![
            Diagnostic::new(format!(
                "cannot edit: the file is not valid TOML ({})",
                e.message()
            ))
            .help("fix the file first; `gpucost run FILE` shows where"),
        ]
    })?;
    let mut problems = Vec::new();
    for a in assignments {
        if let Err(d) = assign(&mut doc, a) {
            problems.push(d);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let out = doc.to_string();
    Ok(format!("{bom}{}", keep_line_endings(body, &out)))
}

/// `edited` with every line ending as the same line's in `original`: toml_edit writes
/// `\n` for what it writes, and a file may mix `\r\n` and `\n` (before, every line
/// took the first line's ending). A new or changed line takes the ending of the line
/// it replaces, else of the line before it.
fn keep_line_endings(original: &str, edited: &str) -> String {
    if !original.contains('\r') {
        return edited.replace("\r\n", "\n");
    }
    let ending = |line: &str| if line.ends_with("\r\n") { "\r\n" } else { "\n" };
    let old_lines: Vec<&str> = original.split_inclusive('\n').collect();
    let (old, new) = (original.replace("\r\n", "\n"), edited.replace("\r\n", "\n"));
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old.as_str(), new.as_str());
    let mut out = String::with_capacity(edited.len() + old_lines.len());
    let mut last = "\n";
    for op in diff.ops() {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        for (k, i) in new_range.enumerate() {
            let line = new_lines[i];
            let body = line.strip_suffix('\n');
            // The line it stands for: itself if kept, the one it replaces if changed.
            let was = old_range
                .clone()
                .nth(k)
                .or_else(|| old_range.clone().last())
                .and_then(|o| old_lines.get(o));
            match body {
                Some(body) => {
                    let end = was.map_or(last, |w| ending(w));
                    out.push_str(body);
                    out.push_str(end);
                    last = end;
                }
                None => out.push_str(line),
            }
        }
        if let Some(o) = old_range.clone().last().and_then(|o| old_lines.get(o)) {
            last = ending(o);
        }
    }
    out
}

/// A text's byte order mark, if any, and the rest.
pub(super) fn split_bom(text: &str) -> (&str, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    }
}

fn known_keys(target: &Target) -> Vec<&'static str> {
    let overheads = Param::defaults().into_iter().map(|p| p.key());
    match target {
        Target::Scenario => SCENARIO_KEYS.to_vec(),
        Target::Defaults => overheads.collect(),
        Target::Fx => Currency::codes(),
        Target::Fleet(_) => FLEET_KEYS.iter().copied().chain(overheads).collect(),
        Target::Claim(_) => CLAIM_KEYS.to_vec(),
        Target::Job(_) => JOB_KEYS
            .iter()
            .copied()
            .chain(Param::JOB.iter().map(|p| p.key()))
            .collect(),
        Target::Serve(_) => super::read::SERVE_KEYS
            .iter()
            .copied()
            .chain(Param::SERVE.iter().map(|p| p.key()))
            .collect(),
        Target::Gpu(_) => GPU_KEYS.to_vec(),
    }
}

fn assign(doc: &mut DocumentMut, a: &Assignment) -> Result<(), Diagnostic> {
    let known = known_keys(&a.target);
    if !known.contains(&a.key.as_str()) {
        let help = match suggest::nearest(&a.key, known.iter().copied()) {
            Some(n) => format!("did you mean `{n}`? known: {}", suggest::one_of(&known)),
            None => format!("known: {}", suggest::one_of(&known)),
        };
        return Err(problem(&a.shown, format!("unknown key `{}`", a.key)).help(help));
    }
    let table = match &a.target {
        Target::Scenario => top_table(doc, "scenario", a)?,
        Target::Defaults => top_table(doc, "defaults", a)?,
        Target::Fx => top_table(doc, "fx", a)?,
        Target::Gpu(name) => {
            if doc.get("gpu").is_none() {
                doc.insert("gpu", Item::Table(Table::new()));
            }
            // `[gpu.NAME]` alone, without an empty `[gpu]` above it.
            if let Some(gpus) = doc.get_mut("gpu").and_then(Item::as_table_mut) {
                gpus.set_implicit(true);
            }
            let gpus = top_table(doc, "gpu", a)?;
            if gpus.get(name).is_none() {
                gpus.insert(name, Item::Table(Table::new()));
            }
            gpus.get_mut(name)
                .and_then(Item::as_table_like_mut)
                .ok_or_else(|| problem(&a.shown, format!("`gpu.{name}` is not a table")))?
        }
        Target::Fleet(id) => find(doc, "fleet", id, &a.shown)?,
        Target::Claim(id) => find(doc, "claim", id, &a.shown)?,
        Target::Job(id) => find(doc, "job", id, &a.shown)?,
        Target::Serve(id) => find(doc, "serve", id, &a.shown)?,
    };
    let mut value = a.value.clone();
    match table.get_mut(&a.key) {
        Some(Item::Value(old)) => {
            // Keep the spacing and comment around the old value.
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        _ => {
            // One space after `=`, none before the next key or an inline table's `}`.
            value.decor_mut().set_prefix(" ");
            value.decor_mut().set_suffix("");
            table.insert(&a.key, Item::Value(value));
        }
    }
    Ok(())
}

/// A top-level table, created if missing; one written inline is edited inline.
fn top_table<'d>(
    doc: &'d mut DocumentMut,
    name: &str,
    a: &Assignment,
) -> Result<&'d mut dyn TableLike, Diagnostic> {
    if doc.get(name).is_none() {
        doc.insert(name, Item::Table(Table::new()));
    }
    doc.get_mut(name)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| problem(&a.shown, format!("`{name}` is not a table in the file")))
}

/// The `[[fleet]]`, `[[claim]]` or `[[job]]` with this id, written as an array of
/// tables or inline.
fn find<'d>(
    doc: &'d mut DocumentMut,
    kind: &str,
    id: &str,
    shown: &str,
) -> Result<&'d mut dyn TableLike, Diagnostic> {
    let ids: Vec<String> = doc
        .get(kind)
        .map(tables)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|t| id_of(kind, t))
        .collect();
    let found = doc.get_mut(kind).and_then(|item| {
        tables_mut(item)
            .into_iter()
            .find(|t| id_of(kind, &**t).as_deref() == Some(id))
    });
    found.ok_or_else(|| {
        let names: Vec<&str> = ids.iter().map(String::as_str).collect();
        let help = match suggest::nearest(id, names.iter().copied()) {
            Some(n) => format!("did you mean `{kind}.{n}`?"),
            None if names.is_empty() => format!("the file has no `[[{kind}]]`"),
            None => format!("{kind}s: {}", suggest::one_of(&names)),
        };
        problem(shown, format!("no {kind} `{id}`")).help(help)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# header comment\n[scenario]\ndate = 2024-07-15 # the day\n\n[[fleet]]\nid = \"colossus\"   # in Memphis\ngpu = \"H100\"\ncount = 100_000 # GPUs\n\n[[claim]]\nid = \"10.5b\"\nvalue = \"$10.5B\"\nscope = \"gpus\"\n";

    fn set(args: &[&str]) -> Result<String, Vec<Diagnostic>> {
        let parsed: Result<Vec<_>, _> = args.iter().map(|a| parse_assignment(a)).collect();
        apply(FILE, &parsed.map_err(|d| vec![d])?)
    }

    #[test]
    fn editing_a_value_keeps_everything_else_byte_for_byte() {
        let out = set(&["fleet.colossus.count=50000"]).expect("edits");
        assert_eq!(
            out,
            FILE.replace("count = 100_000 # GPUs", "count = 50000 # GPUs")
        );
    }

    #[test]
    fn a_new_key_goes_into_its_table() {
        let out = set(&["fleet.colossus.pue=1.3", "defaults.years=6"]).expect("edits");
        assert!(out.contains("count = 100_000 # GPUs\npue = 1.3\n"), "{out}");
        assert!(out.contains("[defaults]\nyears = 6\n"), "{out}");
    }

    #[test]
    fn ids_with_dots_and_bare_money_words_work() {
        let out = set(&["claim.10.5b.value=$11B"]).expect("edits");
        assert!(out.contains("value = \"$11B\"\n"), "{out}");
    }

    #[test]
    fn each_line_keeps_its_own_ending() {
        // Before: every line took the first line's ending, rewriting 31 lines of a file
        // that mixed them.
        let mixed = "[scenario]\r\ndate = 2024-07-15\n\n[[fleet]]\r\nid = \"a\"\n\
                     gpu = \"H100\"\r\ncount = 10\n# end\r\n";
        let a = parse_assignment("fleet.a.count=20").expect("parses");
        let out = apply(mixed, std::slice::from_ref(&a)).expect("edits");
        assert_eq!(out, mixed.replace("count = 10\n", "count = 20\n"));
        let a = parse_assignment("fleet.a.pue=1.3").expect("parses");
        let out = apply(mixed, &[a]).expect("edits");
        assert_eq!(
            out,
            mixed.replace("count = 10\n", "count = 10\npue = 1.3\n"),
            "{out:?}"
        );
        // A line ending in CRLF keeps it when edited.
        let a = parse_assignment("fleet.a.gpu=\"B200\"").expect("parses");
        let out = apply(mixed, &[a]).expect("edits");
        assert!(out.contains("gpu = \"B200\"\r\ncount"), "{out:?}");
    }

    #[test]
    fn unknown_paths_name_what_was_meant() {
        let err = set(&["fleet.colosus.count=1"]).expect_err("no such fleet");
        assert_eq!(
            err[0].help.as_deref(),
            Some("did you mean `fleet.colossus`?")
        );
        let err = set(&["fleet.colossus.cont=1"]).expect_err("no such key");
        assert!(
            err[0]
                .help
                .as_deref()
                .unwrap_or("")
                .starts_with("did you mean `count`?")
        );
        let err = parse_assignment("flet.colossus.count=1").expect_err("no such kind");
        assert!(
            err.help
                .as_deref()
                .unwrap_or("")
                .starts_with("did you mean `fleet`?")
        );
        assert!(parse_assignment("defaults.pue").is_err());
    }
}
