//! The binary's file I/O: reading scenario and catalog files (bounded in size, with a
//! message for each way it fails) and writing files without ever leaving half of one,
//! replacing a link, or replacing something that is not a regular file.
//!
//! A file is replaced through a temporary file in its own directory, named
//! `.NAME.gpucost-XXXXXX.tmp` so that one left by a killed run is recognisable; the
//! next edit of NAME removes them. Symbolic links are followed and their target is
//! edited. An edit holds an exclusive lock on the file from reading it to replacing
//! it, so two edits of one file never lose each other's change.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The largest file read, in bytes: scenario and catalog files are small text files,
/// and a path such as `/dev/zero` must not grow memory without bound.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// Reads a scenario file as UTF-8 text, with a clear message for each way it fails.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let file = open_to_read(path, Kind::Scenario)?;
    read_from(file, path, Kind::Scenario)
}

/// Reads a catalog file (`--catalog`) as UTF-8 text, as [`read_text`] does.
pub fn read_catalog(path: &Path) -> Result<String, Diagnostic> {
    let file = open_to_read(path, Kind::Catalog)?;
    read_from(file, path, Kind::Catalog)
}

/// Reads an article (`gpucost draft FILE`) as UTF-8 text, as [`read_text`] does.
pub fn read_article(path: &Path) -> Result<String, Diagnostic> {
    let file = open_to_read(path, Kind::Article)?;
    read_from(file, path, Kind::Article)
}

/// Reads standard input whole as UTF-8 text (`gpucost draft -`), bounded as files are.
pub fn read_standard_input() -> Result<String, Diagnostic> {
    read_from(
        io::stdin().lock(),
        Path::new("standard input"),
        Kind::Article,
    )
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
                "name a catalog `.toml` file, as described in the README under \"Your own catalog\""
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
        let help = match e.kind() {
            io::ErrorKind::NotFound => kind.example(),
            io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check that the file can be read",
        };
        Diagnostic::new(format!("cannot read `{name}`: {}", io_reason(&e))).help(help)
    })
}

fn read_from(file: impl Read, path: &Path, kind: Kind) -> Result<String, Diagnostic> {
    let name = path.display();
    let mut bytes = Vec::new();
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

/// A regular file locked for replacing (see [`lock`]); the lock is released when it
/// is dropped.
pub struct Locked {
    file: File,
    /// The file to replace: the path given, its links followed.
    path: PathBuf,
}

/// How many times an edit tries to lock a file that another edit keeps replacing.
const LOCK_TRIES: usize = 100;

/// Locks a regular file, following links, for replacing it; stray temporary files of
/// a killed edit of it are removed.
pub fn lock(path: &Path) -> Result<Locked, Diagnostic> {
    let name = path.display();
    // A missing or unreadable file gets the reader's message.
    let real = fs::canonicalize(path).map_err(|_| match open_to_read(path, Kind::Scenario) {
        Err(d) => d,
        Ok(_) => Diagnostic::new(format!("cannot resolve `{name}`")),
    })?;
    let meta = fs::metadata(&real)
        .map_err(|e| Diagnostic::new(format!("cannot read `{name}`: {}", io_reason(&e))))?;
    if !meta.is_file() {
        return Err(not_regular(path, &real));
    }
    for _ in 0..LOCK_TRIES {
        let file = open_to_read(&real, Kind::Scenario)?;
        file.lock().map_err(|e| {
            Diagnostic::new(format!("cannot lock `{name}`: {}", io_reason(&e)))
                .help("the file was left as it was")
        })?;
        // Another edit may have replaced the file while this one waited for the lock
        // on the old one: then lock the new one.
        if same_file(&file, &real) {
            remove_strays(&real);
            return Ok(Locked { file, path: real });
        }
    }
    Err(
        Diagnostic::new(format!("`{name}` keeps being replaced by another program"))
            .help("try again when nothing else is editing it"),
    )
}

/// Locks a scenario file for an edit and reads it: the text is the file's at the
/// moment the lock was taken, and stays so until [`Locked::replace`].
pub fn open_for_edit(path: &Path) -> Result<(Locked, String), Diagnostic> {
    let locked = lock(path)?;
    let file = locked.file.try_clone().map_err(|e| {
        Diagnostic::new(format!(
            "cannot read `{}`: {}",
            path.display(),
            io_reason(&e)
        ))
    })?;
    let text = read_from(file, path, Kind::Scenario)?;
    Ok((locked, text))
}

impl Locked {
    /// Replaces the file's text, keeping its permissions and owner: a temporary file
    /// in the same directory is written, synced, and renamed over the file.
    pub fn replace(self, text: &str) -> io::Result<()> {
        let meta = self.file.metadata()?;
        let tmp = temporary(&self.path, text)?;
        fs::set_permissions(tmp.path(), meta.permissions())?;
        keep_owner(tmp.path(), &meta)?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        drop(self.file);
        Ok(())
    }
}

/// Writes `text` to `path` for `report -o`: a regular file (or a link to one) is
/// replaced whole as by an edit; a new file is created; a device or FIFO is written
/// through, never replaced.
pub fn write_output(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let name = path.display();
    let cannot = |e: io::Error| {
        Diagnostic::new(format!("cannot write `{name}`: {}", io_reason(&e)))
            .help("check that the directory exists and can be written")
    };
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match fs::metadata(path) {
        // Replaced whole, whatever it held: it is not read.
        Ok(meta) if meta.is_file() => lock(path)?.replace(text).map_err(cannot),
        Ok(meta) if meta.is_dir() => Err(Diagnostic::new(format!("`{name}` is a directory"))
            .help("name a file to write, e.g. `-o report.html`, or `-o -` for standard output")),
        // A device, FIFO or socket: written through, as a shell's `>` would.
        Ok(_) => OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.flush()))
            .map_err(cannot),
        Err(_) if is_link => Err(Diagnostic::new(format!(
            "`{name}` is a link to a file that does not exist"
        ))
        .help("remove the link, or create the file it points to")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let tmp = temporary(path, text).map_err(cannot)?;
            make_readable(tmp.path()).map_err(cannot)?;
            tmp.persist(path).map_err(|e| cannot(e.error))?;
            Ok(())
        }
        Err(e) => Err(cannot(e)),
    }
}

/// Writes `text` to a new file at `path`; an existing file is never replaced.
pub fn write_new(path: &Path, text: &str) -> io::Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
}

/// Writes `text` to a new file at `path` whole or not at all (`draft -o`): written to a
/// temporary file beside it and moved into place only if nothing is there by then, so
/// an existing file is never replaced and no half-written one is ever seen.
pub fn write_fresh(path: &Path, text: &str) -> io::Result<()> {
    let tmp = temporary(path, text)?;
    make_readable(tmp.path())?;
    tmp.persist_noclobber(path).map(|_| ()).map_err(|e| e.error)
}

/// A synced temporary file holding `text`, beside `path`, named after it.
fn temporary(path: &Path, text: &str) -> io::Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(&stray_prefix(path))
        .suffix(STRAY_SUFFIX)
        .tempfile_in(directory(path))?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

const STRAY_SUFFIX: &str = ".tmp";

fn stray_prefix(path: &Path) -> String {
    let base = path
        .file_name()
        .map_or("file".into(), |n| n.to_string_lossy());
    format!(".{base}.gpucost-")
}

fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Removes the temporary files a killed edit of `path` left. Called under the file's
/// lock, when no other edit of it can be writing one.
fn remove_strays(path: &Path) {
    let prefix = stray_prefix(path);
    let Ok(entries) = fs::read_dir(directory(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let random = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(STRAY_SUFFIX));
        // tempfile's random part: six letters and digits.
        if random.is_some_and(|r| r.len() == 6 && r.chars().all(|c| c.is_ascii_alphanumeric())) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn not_regular(path: &Path, real: &Path) -> Diagnostic {
    let name = path.display();
    let what = if real == path {
        format!("`{name}` is not a regular file")
    } else {
        format!(
            "`{name}` points to `{}`, which is not a regular file",
            real.display()
        )
    };
    Diagnostic::new(what)
        .help("gpucost edits scenario files in place; a device, FIFO or socket is never replaced")
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

/// Gives the replacement the owner and group of the file it replaces; where that is
/// not permitted, the edit is refused rather than changing who owns the file.
#[cfg(unix)]
fn keep_owner(tmp: &Path, meta: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let ours = fs::metadata(tmp)?;
    if (ours.uid(), ours.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    std::os::unix::fs::chown(tmp, Some(meta.uid()), Some(meta.gid()))
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// A new file is rw-r--r-- (the temporary file it comes from is created private).
#[cfg(unix)]
fn make_readable(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn make_readable(_: &Path) -> io::Result<()> {
    Ok(())
}

/// An I/O error as a lower-case phrase: "no such file or directory".
pub fn io_reason(e: &io::Error) -> String {
    let text = e.to_string();
    // "No such file or directory (os error 2)" → "no such file or directory"
    let text = text.split(" (os error").next().unwrap_or(&text);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text.to_string(),
    }
}
