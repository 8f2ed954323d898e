//! Fuzzes `set` on disk, with another program changing the file while it runs: the
//! first line of the input is a `PATH=VALUE` assignment, the rest a scenario's text,
//! and the last byte says what the other program does between `set` reading the file
//! and replacing it (nothing; append a line; change a byte in place, keeping the
//! length; rename another file over it; write the same text again). A change is
//! never lost: the edit is refused and the file holds the other program's text; with
//! no change (or the same text), the edit lands. Either way no temporary file is left.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gpucost::catalog::Catalog;
use gpucost::files;
use gpucost::judge::report;
use gpucost::scenario::edit::Given;
use libfuzzer_sys::fuzz_target;

fn sandbox() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("gpucost-fuzz-edit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("sandbox");
        dir
    })
}

fn others(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("sandbox")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "s.toml")
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&meddle, data)) = data.split_last() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let (assignment, scenario) = text.split_once('\n').unwrap_or((text, ""));
    let path = sandbox().join("s.toml");
    std::fs::write(&path, scenario).expect("the scenario");
    let Ok((locked, old)) = files::open_for_edit(&path, false) else {
        return;
    };
    let sets = [assignment.to_string()];
    let Ok((new, edits)) = report::apply_given(&old, &sets, Given::Edit) else {
        return;
    };
    if report::evaluate_edited("s.toml", &old, &new, &edits, None, catalog).is_err() {
        return;
    }
    // What another program does meanwhile; `changed` is the text it leaves.
    let changed: Option<String> = match meddle % 5 {
        1 => Some(format!("{old}\n# saved by an editor\n")),
        2 if !old.is_empty() => {
            let mut bytes = old.clone().into_bytes();
            bytes[0] = if bytes[0] == b'#' { b' ' } else { b'#' };
            String::from_utf8(bytes).ok()
        }
        3 => {
            let other = sandbox().join("other.toml");
            let theirs = format!("# replaced\n{old}");
            std::fs::write(&other, &theirs).expect("write");
            std::fs::rename(&other, &path).expect("rename");
            Some(theirs)
        }
        4 => {
            std::fs::write(&path, &old).expect("write");
            None
        }
        _ => None,
    };
    if let Some(theirs) = &changed
        && meddle % 5 != 3
    {
        std::fs::write(&path, theirs).expect("their write");
    }
    let result = locked.replace(&new);
    let now = std::fs::read_to_string(&path).expect("read back");
    match &changed {
        Some(theirs) => {
            assert!(result.is_err(), "another program's change was overwritten");
            assert_eq!(&now, theirs, "the other program's text was not kept");
        }
        None => {
            assert!(result.is_ok(), "{result:?}");
            assert_eq!(now, new, "the edit did not land");
        }
    }
    assert!(others(sandbox()).is_empty(), "left behind: {:?}", others(sandbox()));
});
