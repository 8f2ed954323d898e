//! The binary's file I/O: reading scenario and catalog files (bounded in size, with a
//! message for each way it fails) and writing files without ever leaving half of one,
//! replacing a link, a read-only file or one with other names, or replacing something
//! that is not a regular file.
//!
//! A file is replaced through a temporary file in its own directory, named
//! `.NAME.gpucost-XXXXXX.tmp` (NAME shortened when it is long) so that one left by a
//! killed run is recognisable; the next edit of NAME removes them. Symbolic links are
//! followed and their target is edited. An edit holds an exclusive lock on the file
//! from reading it to replacing it, so two edits of one file never lose each other's
//! change, and checks before replacing it that no other program changed it meanwhile.
//!
//! Layer (ARCHITECTURE.md): uses `diagnostic` only; the only layer that opens files
//! (with `commands`' terminal).

mod replace;
#[cfg(unix)]
mod unix;
mod why;

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

pub use replace::{Locked, lock, open_for_edit, write_new, write_output};
pub use why::io_reason;

/// The largest file read, in bytes: scenario and catalog files are small text files,
/// and a path such as `/dev/zero` must not grow memory without bound.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// Reads a scenario file as UTF-8 text, with a clear message for each way it fails.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    read_kind(path, Kind::Scenario)
}

/// Reads a catalog file (`--catalog`) as UTF-8 text, as [`read_text`] does.
pub fn read_catalog(path: &Path) -> Result<String, Diagnostic> {
    read_kind(path, Kind::Catalog)
}

/// Reads an article (`gpucost draft FILE`) as UTF-8 text, as [`read_text`] does.
pub fn read_article(path: &Path) -> Result<String, Diagnostic> {
    read_kind(path, Kind::Article)
}

/// Reads standard input whole as UTF-8 text (`gpucost draft -`), bounded as files are.
pub fn read_standard_input() -> Result<String, Diagnostic> {
    let path = Path::new("standard input");
    read_from(io::stdin().lock(), 0, path, Kind::Article)
        .and_then(|bytes| utf8(bytes, path, Kind::Article))
}

fn read_kind(path: &Path, kind: Kind) -> Result<String, Diagnostic> {
    let file = open_to_read(path, kind)?;
    let size = file.metadata().map_or(0, |m| m.len());
    read_from(file, size, path, kind).and_then(|bytes| utf8(bytes, path, kind))
}

/// What a file is read as, for the messages when it cannot be.
#[derive(Clone, Copy)]
enum Kind {
    Scenario,
    Catalog,
    Article,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Scenario => "scenario file",
            Kind::Catalog => "catalog file",
            Kind::Article => "text file",
        }
    }

    /// What to do about a file that is not UTF-8.
    fn not_utf8(self) -> &'static str {
        match self {
            Kind::Scenario | Kind::Catalog => {
                "scenario files are TOML, which must be UTF-8; re-save the file as UTF-8"
            }
            Kind::Article => "save the article as UTF-8 text",
        }
    }

    /// What to say of a file past the size read.
    fn too_large(self) -> &'static str {
        match self {
            Kind::Scenario | Kind::Catalog => {
                "scenario and catalog files are small TOML text files; is this the right path?"
            }
            Kind::Article => "an article is a small text file; is this the right path?",
        }
    }

    /// How to name the right file.
    fn example(self) -> &'static str {
        match self {
            Kind::Scenario => {
                "check the path; `gpucost run scenarios/xai2024.toml` runs a shipped scenario"
            }
            Kind::Catalog => {
                "name a catalog `.toml` file, as described in docs/src/catalog.md under \"Your own catalog\""
            }
            Kind::Article => {
                "check the path; `gpucost draft article.txt` reads an article saved as text, `-` standard input"
            }
        }
    }
}

fn open_to_read(path: &Path, kind: Kind) -> Result<File, Diagnostic> {
    let name = path.display();
    if path.is_dir() {
        return Err(
            Diagnostic::new(format!("`{name}` is a directory, not a {}", kind.noun())).help(
                match kind {
                    Kind::Scenario => "name a `.toml` file, e.g. `scenarios/xai2024.toml`",
                    Kind::Catalog | Kind::Article => kind.example(),
                },
            ),
        );
    }
    File::open(path).map_err(|e| {
        if let Some(d) = why::broken_link(path, &e) {
            return d;
        }
        let help = match e.kind() {
            io::ErrorKind::NotFound => kind.example(),
            io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check that the file can be read",
        };
        Diagnostic::new(format!("cannot read `{name}`: {}", io_reason(&e))).help(help)
    })
}

/// A file's bytes, at most [`MAX_INPUT_BYTES`]; `size` is what the file says it
/// holds (read in one call then, not in doubling ones), 0 when unknown.
fn read_from(file: impl Read, size: u64, path: &Path, kind: Kind) -> Result<Vec<u8>, Diagnostic> {
    let name = path.display();
    // One byte more, so the read that finds the end needs no more room.
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(MAX_INPUT_BYTES)).unwrap_or(0) + 1);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Diagnostic::new(format!("cannot read `{name}`: {}", io_reason(&e)))
                .help("check that the file can be read")
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Diagnostic::new(format!(
            "`{name}` is larger than {} MiB, the most gpucost reads",
            MAX_INPUT_BYTES >> 20
        ))
        .help(kind.too_large()));
    }
    Ok(bytes)
}

/// A file's bytes as text, or where its first byte that is not UTF-8 is.
fn utf8(bytes: Vec<u8>, path: &Path, kind: Kind) -> Result<String, Diagnostic> {
    let name = path.display();
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::new(format!(
            "`{name}` is not UTF-8 text: an invalid byte at line {line}, column {column}"
        ))
        .help(kind.not_utf8())
    })
}

/// Whether two paths name the same file (links followed): the same device and inode.
/// A path that does not exist names no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        unix::identity(a).is_some_and(|id| unix::identity(b) == Some(id))
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// The directory a path's file is in (`.` for a bare name).
fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// The path with its links followed, for a file that exists.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    fs::canonicalize(path)
}

/// What the process's standard streams were when it started: a stream closed by the
/// caller (`>&-`) is opened on `/dev/null` in its place, so that no file the command
/// opens takes its number (and an error message is never written into a scenario).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Streams {
    /// Standard output was closed: a command's output has nowhere to go.
    pub stdout_closed: bool,
}

/// Fills standard input, output and error where they are closed (see [`Streams`]),
/// and has a write past a file size limit (`ulimit -f`) fail with "file too large"
/// rather than kill the process with SIGXFSZ, so it is reported and its temporary
/// file removed.
pub fn guard_process() -> Streams {
    #[cfg(unix)]
    {
        unix::ignore_file_size_signal();
        unix::fill_closed_streams()
    }
    #[cfg(not(unix))]
    {
        Streams::default()
    }
}
