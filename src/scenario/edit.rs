//! Assumptions named by path (`fleet.colossus.count=50000`, `defaults.pue=1.3`,
//! `claim.huang-9b.value="$10B"`, `fx.EUR=1.09`, `gpu.MI300X.tdp_w=750`), applied to a
//! scenario's text with toml_edit, so comments, order and layout outside the edited
//! value stay byte for byte. Used by `--set` (in memory) and `gpucost set` (on disk).

use std::str::FromStr;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::read::{CLAIM_KEYS, FLEET_KEYS, GPU_KEYS, JOB_KEYS, SCENARIO_KEYS};
use crate::diagnostic::Diagnostic;
use crate::money::Currency;
use crate::param::Param;
use crate::suggest;

/// One `PATH=VALUE`.
#[derive(Clone, Debug)]
pub struct Assignment {
    /// The argument as given, for messages.
    pub text: String,
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
    /// `[gpu.NAME]`.
    Gpu(String),
}

const KINDS: [&str; 7] = ["scenario", "defaults", "fx", "fleet", "claim", "job", "gpu"];

fn problem(arg: &str, message: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(format!("`--set {arg}`: {message}"))
}

/// Reads `PATH=VALUE`. The value is TOML (`50000`, `[1.1, 1.3]`, `"$10B"`); a bare word
/// that is not TOML (`$10B`) is taken as a string.
pub fn parse_assignment(arg: &str) -> Result<Assignment, Diagnostic> {
    let Some((path, raw)) = arg.split_once('=') else {
        return Err(problem(arg, "expected `PATH=VALUE`").help("e.g. `fleet.colossus.count=50000`"));
    };
    let (path, raw) = (path.trim(), raw.trim());
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
        [kind @ ("fleet" | "claim" | "job" | "gpu"), id @ .., key] if !id.is_empty() => {
            // Ids may contain dots (`claim.10.5b-at-30k.value`).
            let id = id.join(".");
            let target = match *kind {
                "fleet" => Target::Fleet(id),
                "claim" => Target::Claim(id),
                "job" => Target::Job(id),
                _ => Target::Gpu(id),
            };
            (target, *key)
        }
        [kind, ..] => {
            let help = match suggest::nearest(kind, KINDS) {
                Some(n) if n != *kind => format!("did you mean `{n}`? paths look like `fleet.ID.KEY`, `defaults.KEY`, `fx.EUR`"),
                _ => "paths look like `scenario.KEY`, `defaults.KEY`, `fleet.ID.KEY`, `job.ID.KEY`, `claim.ID.KEY`, `gpu.NAME.KEY`, `fx.CODE`".into(),
            };
            return Err(problem(arg, format!("`{path}` names nothing")).help(help));
        }
        [] => return Err(problem(arg, "empty path")),
    };
    Ok(Assignment {
        text: arg.to_string(),
        target,
        key: key.to_string(),
        value,
    })
}

/// The table an assignment's target names in a parsed document.
pub(super) fn locate<'d>(root: &'d Table, target: &Target) -> Option<&'d Table> {
    match target {
        Target::Scenario => root.get("scenario")?.as_table(),
        Target::Defaults => root.get("defaults")?.as_table(),
        Target::Fx => root.get("fx")?.as_table(),
        Target::Gpu(name) => root.get("gpu")?.as_table()?.get(name)?.as_table(),
        Target::Fleet(id) => root
            .get("fleet")?
            .as_array_of_tables()?
            .iter()
            .find(|t| id_of("fleet", t).as_deref() == Some(id.as_str())),
        Target::Claim(id) => root
            .get("claim")?
            .as_array_of_tables()?
            .iter()
            .find(|t| id_of("claim", t).as_deref() == Some(id.as_str())),
        Target::Job(id) => root
            .get("job")?
            .as_array_of_tables()?
            .iter()
            .find(|t| id_of("job", t).as_deref() == Some(id.as_str())),
    }
}

/// A `[[fleet]]`'s or `[[claim]]`'s id (a fleet without `id` goes by its `gpu`).
fn id_of(kind: &str, t: &Table) -> Option<String> {
    t.get("id")
        .or_else(|| (kind == "fleet").then(|| t.get("gpu")).flatten())
        .and_then(Item::as_str)
        .map(str::to_string)
}

/// Applies assignments to a scenario's text; every problem found is returned. A byte
/// order mark and CRLF line endings are kept.
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
    // toml_edit writes `\n`; a file whose lines end in `\r\n` keeps them.
    let out = doc.to_string();
    let crlf = body.find('\n').is_some_and(|i| body[..i].ends_with('\r'));
    Ok(match crlf {
        true => format!("{bom}{}", out.replace("\r\n", "\n").replace('\n', "\r\n")),
        false => format!("{bom}{out}"),
    })
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
        return Err(problem(&a.text, format!("unknown key `{}`", a.key)).help(help));
    }
    let table = match &a.target {
        Target::Scenario => top_table(doc, "scenario")?,
        Target::Defaults => top_table(doc, "defaults")?,
        Target::Fx => top_table(doc, "fx")?,
        Target::Gpu(name) => {
            let gpus = top_table(doc, "gpu")?;
            gpus.set_implicit(true);
            gpus.entry(name)
                .or_insert_with(|| Item::Table(Table::new()));
            gpus.get_mut(name)
                .and_then(Item::as_table_mut)
                .ok_or_else(|| problem(&a.text, format!("`gpu.{name}` is not a table")))?
        }
        Target::Fleet(id) => find(doc, "fleet", id, &a.text)?,
        Target::Claim(id) => find(doc, "claim", id, &a.text)?,
        Target::Job(id) => find(doc, "job", id, &a.text)?,
    };
    let mut value = a.value.clone();
    match table.get_mut(&a.key) {
        Some(Item::Value(old)) => {
            // Keep the spacing and comment around the old value.
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        _ => {
            table.insert(&a.key, Item::Value(value));
        }
    }
    Ok(())
}

fn top_table<'d>(doc: &'d mut DocumentMut, name: &str) -> Result<&'d mut Table, Diagnostic> {
    doc.entry(name).or_insert_with(|| Item::Table(Table::new()));
    doc.get_mut(name)
        .and_then(Item::as_table_mut)
        .ok_or_else(|| Diagnostic::new(format!("`{name}` is not a table in the file")))
}

/// The `[[fleet]]` or `[[claim]]` with this id.
fn find<'d>(
    doc: &'d mut DocumentMut,
    kind: &str,
    id: &str,
    arg: &str,
) -> Result<&'d mut Table, Diagnostic> {
    let id_of = |t: &Table| id_of(kind, t);
    let empty = ArrayOfTables::new();
    let ids: Vec<String> = doc
        .get(kind)
        .and_then(Item::as_array_of_tables)
        .unwrap_or(&empty)
        .iter()
        .filter_map(id_of)
        .collect();
    let found = doc
        .get_mut(kind)
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| tables.iter_mut().find(|t| id_of(t).as_deref() == Some(id)));
    found.ok_or_else(|| {
        let names: Vec<&str> = ids.iter().map(String::as_str).collect();
        let help = match suggest::nearest(id, names.iter().copied()) {
            Some(n) => format!("did you mean `{kind}.{n}`?"),
            None if names.is_empty() => format!("the file has no `[[{kind}]]`"),
            None => format!("{kind}s: {}", suggest::one_of(&names)),
        };
        problem(arg, format!("no {kind} `{id}`")).help(help)
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
