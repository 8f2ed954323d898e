//! Replacing a file whole: through a temporary file beside it, renamed over it, with
//! its owner, mode and extended attributes; under a lock; never a file this user may
//! not write, one with other names, or one another program changed since it was read
//! (unless `--force` says to, and then a file with other names is written in place).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::why::{Failure, Step, broken_link, io_reason, write_failed};
use super::{Kind, MAX_INPUT_BYTES, directory, open_to_read, read_from, resolve, utf8};
use crate::diagnostic::Diagnostic;

/// A regular file locked for replacing (see [`lock`]); the lock is released when it
/// is dropped.
pub struct Locked {
    file: File,
    /// The file to replace: the path given, its links followed.
    path: PathBuf,
    /// The path as given, for messages.
    given: PathBuf,
    /// What it held when read for an edit: it is replaced only if it still does.
    read: Option<Vec<u8>>,
    /// Whether it has other names (hard links): then, with `--force`, it is written in
    /// place so that every name sees the new text.
    in_place: bool,
}

/// How many times an edit tries to lock a file that another edit keeps replacing.
const LOCK_TRIES: usize = 100;

/// Locks a regular file, following links, for replacing it; stray temporary files of
/// a killed edit of it are removed. A file this user may not write, or one with other
/// names (hard links), is refused unless `force`.
pub fn lock(path: &Path, force: bool) -> Result<Locked, Diagnostic> {
    let name = path.display();
    // A missing or unreadable file gets the reader's message.
    let real = resolve(path).map_err(|e| match open_to_read(path, Kind::Scenario) {
        Err(d) => d,
        Ok(_) => Diagnostic::new(format!("cannot resolve `{name}`: {}", io_reason(&e))),
    })?;
    let meta = fs::metadata(&real)
        .map_err(|e| Diagnostic::new(format!("cannot read `{name}`: {}", io_reason(&e))))?;
    if !meta.is_file() {
        return Err(not_regular(path, &real));
    }
    let in_place = names(&meta) > 1;
    if !force {
        refuse_unsafe(path, &real, &meta)?;
    }
    for _ in 0..LOCK_TRIES {
        let file = open_to_read(&real, Kind::Scenario)?;
        file.lock().map_err(|e| {
            Diagnostic::new(format!("cannot lock `{name}`: {}", io_reason(&e)))
                .help("the file was left as it was")
        })?;
        // Another edit may have replaced the file while this one waited for the lock
        // on the old one: then lock the new one.
        if is_at(&file, &real) {
            remove_strays(&real);
            return Ok(Locked {
                file,
                path: real,
                given: path.to_path_buf(),
                read: None,
                in_place,
            });
        }
    }
    Err(
        Diagnostic::new(format!("`{name}` keeps being replaced by another program"))
            .help("try again when nothing else is editing it"),
    )
}

/// A read-only file, or one with other names, is not replaced without `--force`.
fn refuse_unsafe(path: &Path, real: &Path, meta: &fs::Metadata) -> Result<(), Diagnostic> {
    let name = path.display();
    if let Some(e) = not_writable(real, meta) {
        #[cfg(unix)]
        if super::unix::is_not_permitted(&e) {
            return Err(Diagnostic::new(format!(
                "`{name}` cannot be replaced: it is marked immutable or append-only"
            ))
            .help(format!(
                "`lsattr {name}` shows its flags, and root can clear them with `chattr -i -a`; \
                 it was left as it was"
            )));
        }
        let why = match e.kind() {
            io::ErrorKind::ReadOnlyFilesystem => "it is on a read-only file system".to_string(),
            io::ErrorKind::PermissionDenied => "it is read-only".to_string(),
            _ => io_reason(&e),
        };
        return Err(
            Diagnostic::new(format!("`{name}` is not replaced: {why}")).help(format!(
                "make it writable first (`chmod u+w {name}`), or pass `--force` to replace it \
             anyway; it was left as it was"
            )),
        );
    }
    let count = names(meta);
    if count > 1 {
        return Err(Diagnostic::new(format!(
            "`{name}` is not replaced: it has {count} names (hard links)"
        ))
        .help(
            "replacing it would leave its other names with the old text; pass `--force` to \
             write it in place, so that every name sees the new text (a crash while \
             writing could leave it part written); it was left as it was",
        ));
    }
    Ok(())
}

/// Locks a scenario file for an edit and reads it: the text is the file's at the
/// moment the lock was taken, and [`Locked::replace`] checks that it still is.
pub fn open_for_edit(path: &Path, force: bool) -> Result<(Locked, String), Diagnostic> {
    let mut locked = lock(path, force)?;
    let file = locked.file.try_clone().map_err(|e| {
        Diagnostic::new(format!(
            "cannot read `{}`: {}",
            path.display(),
            io_reason(&e)
        ))
    })?;
    let size = file.metadata().map_or(0, |m| m.len());
    let bytes = read_from(file, size, path, Kind::Scenario)?;
    locked.read = Some(bytes.clone());
    let text = utf8(bytes, path, Kind::Scenario)?;
    Ok((locked, text))
}

impl Locked {
    /// Replaces the file's text, keeping its owner, mode and extended attributes: a
    /// temporary file in the same directory is written, synced, and renamed over the
    /// file. A file with other names (allowed by `--force`) is written in place. A file
    /// read for an edit that another program changed since is left as that program
    /// wrote it.
    pub fn replace(self, text: &str) -> Result<(), Diagnostic> {
        let failed = |f: Failure| write_failed(&self.given, &f, true);
        let meta = self
            .file
            .metadata()
            .map_err(|e| failed(Failure::at(Step::Write)(e)))?;
        if self.in_place {
            self.unchanged()?;
            return self.write_in_place(text).map_err(failed);
        }
        let tmp = temporary(&self.path, text).map_err(failed)?;
        keep_owner(tmp.path(), &meta).map_err(failed)?;
        fs::set_permissions(tmp.path(), meta.permissions())
            .map_err(|e| failed(Failure::at(Step::Mode)(e)))?;
        keep_attributes(&self.file, tmp.as_file()).map_err(failed)?;
        self.unchanged()?;
        tmp.persist(&self.path)
            .map_err(|e| failed(Failure::at(Step::Rename)(e.error)))?;
        drop(self.file);
        Ok(())
    }

    /// Whether the file still holds what was read for the edit, under its name: the
    /// lock keeps other `set`s out, not an editor or a script.
    fn unchanged(&self) -> Result<(), Diagnostic> {
        let Some(read) = &self.read else {
            return Ok(());
        };
        let same = is_at(&self.file, &self.path) && {
            let mut file = &self.file;
            let mut now = Vec::with_capacity(read.len());
            file.rewind().is_ok()
                && file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut now).is_ok()
                && now == *read
        };
        if same {
            return Ok(());
        }
        let name = self.given.display();
        Err(Diagnostic::new(format!(
            "`{name}` was changed by another program while gpucost edited it"
        ))
        .help(
            "nothing was written, so that change is kept; run the edit again to apply it \
             to the file as it is now",
        ))
    }

    /// Writes the text over the file itself, space reserved first so a full disk
    /// fails before a byte changes.
    fn write_in_place(&self, text: &str) -> Result<(), Failure> {
        let mut file = OpenOptions::new()
            .write(true)
            .open(&self.path)
            .map_err(Failure::at(Step::Write))?;
        let len = text.len() as u64;
        reserve(&file, len).map_err(Failure::at(Step::Write))?;
        file.rewind()
            .and_then(|()| file.write_all(text.as_bytes()))
            .and_then(|()| file.set_len(len))
            .and_then(|()| file.sync_all())
            .map_err(Failure::at(Step::Write))
    }
}

/// Writes `text` to `path` for `report -o`: a regular file (or a link to one) is
/// replaced whole as by an edit; a new file is created; a device or FIFO is written
/// through, never replaced. A file among `inputs` (the files the command reads, links
/// and other names included) is refused, and so is a read-only file or one with other
/// names unless `force`.
pub fn write_output(
    path: &Path,
    text: &str,
    inputs: &[&Path],
    force: bool,
) -> Result<(), Diagnostic> {
    let name = path.display();
    if let Some(input) = inputs.iter().find(|i| super::same_file(path, i)) {
        let what = if input == &path {
            String::new()
        } else {
            format!(" (`{}`)", input.display())
        };
        return Err(Diagnostic::new(format!(
            "`-o {name}` would write over a file this command reads{what}"
        ))
        .help("name another file for the output, e.g. `-o report.html`; nothing was written"));
    }
    match fs::metadata(path) {
        // Replaced whole, whatever it held: it is not read.
        Ok(meta) if meta.is_file() => lock(path, force)?.replace(text),
        Ok(meta) if meta.is_dir() => Err(Diagnostic::new(format!("`{name}` is a directory"))
            .help("name a file to write, e.g. `-o report.html`, or `-o -` for standard output")),
        // A device, FIFO or socket: written through, as a shell's `>` would.
        Ok(_) => OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.flush()))
            .map_err(|e| write_failed(path, &Failure::at(Step::Write)(e), false)),
        Err(e) => match broken_link(path, &e) {
            Some(d) => Err(d),
            None if e.kind() == io::ErrorKind::NotFound => create(
                path,
                text,
                "another program created it meanwhile; run the command again to replace it",
            ),
            None => Err(write_failed(path, &Failure::at(Step::Create)(e), false)),
        },
    }
}

/// Writes `text` to a new file at `path` (`init`, `draft -o`): through a temporary
/// file, so a full disk leaves no empty file behind; an existing file (or link) is
/// never replaced, and `help` says what to do instead.
pub fn write_new(path: &Path, text: &str, help: &str) -> Result<(), Diagnostic> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(exists(path, help));
    }
    create(path, text, help)
}

fn exists(path: &Path, help: &str) -> Diagnostic {
    Diagnostic::new(format!(
        "cannot write `{}`: it already exists",
        path.display()
    ))
    .help(help)
}

/// A new file holding `text`, rw-r--r--, at `path`, which must not exist.
fn create(path: &Path, text: &str, help: &str) -> Result<(), Diagnostic> {
    let failed = |f: Failure| write_failed(path, &f, false);
    let tmp = temporary(path, text).map_err(failed)?;
    make_readable(tmp.path()).map_err(|e| failed(Failure::at(Step::Mode)(e)))?;
    tmp.persist_noclobber(path)
        .map_err(|e| match e.error.kind() {
            io::ErrorKind::AlreadyExists => exists(path, help),
            _ => failed(Failure::at(Step::Rename)(e.error)),
        })?;
    Ok(())
}

/// A synced temporary file holding `text`, beside `path`, named after it.
fn temporary(path: &Path, text: &str) -> Result<tempfile::NamedTempFile, Failure> {
    let mut tmp = tempfile::Builder::new()
        .prefix(&stray_prefix(path))
        .suffix(STRAY_SUFFIX)
        .tempfile_in(directory(path))
        .map_err(Failure::at(Step::Create))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(Failure::at(Step::Write))?;
    Ok(tmp)
}

const STRAY_SUFFIX: &str = ".tmp";

/// The most bytes of a file's name its temporary file's name keeps: with the dot,
/// `.gpucost-`, six random characters, `.tmp` and a hash, it stays within the 255
/// bytes a name may have.
const NAME_KEPT: usize = 200;

/// `.NAME.gpucost-`; a long NAME is cut at [`NAME_KEPT`] bytes and a hash of the whole
/// added, so that two long names alike at the start do not share their strays.
fn stray_prefix(path: &Path) -> String {
    let base = path
        .file_name()
        .map_or("file".into(), |n| n.to_string_lossy());
    if base.len() <= NAME_KEPT {
        return format!(".{base}.gpucost-");
    }
    let mut cut = NAME_KEPT;
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    // FNV-1a: stable from run to run, unlike the standard library's hasher.
    let hash = base.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!(".{}~{:08x}.gpucost-", &base[..cut], hash as u32)
}

/// Removes the temporary files a killed edit of `path` left. Called under the file's
/// lock, when no other edit of it can be writing one.
fn remove_strays(path: &Path) {
    let prefix = stray_prefix(path);
    let Ok(entries) = fs::read_dir(directory(path)) else {
        return;
    };
    for entry in entries.flatten() {
        // Compared as bytes: a directory of thousands of names costs no copy of each.
        let name = entry.file_name();
        let random = name
            .as_encoded_bytes()
            .strip_prefix(prefix.as_bytes())
            .and_then(|rest| rest.strip_suffix(STRAY_SUFFIX.as_bytes()));
        // tempfile's random part: six letters and digits.
        if random.is_some_and(|r| r.len() == 6 && r.iter().all(u8::is_ascii_alphanumeric)) {
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
use super::unix::{is_at, make_readable, names, not_writable, reserve};

#[cfg(unix)]
fn keep_owner(tmp: &Path, meta: &fs::Metadata) -> Result<(), Failure> {
    use super::unix::Owned;
    super::unix::keep_owner(tmp, meta).map_err(|(who, e)| match who {
        Owned::User(uid) => Failure::at(Step::Owner(uid))(e),
        Owned::Group(gid) => Failure::at(Step::Group(gid))(e),
    })
}

#[cfg(unix)]
fn keep_attributes(from: &File, to: &File) -> Result<(), Failure> {
    super::unix::keep_attributes(from, to).map_err(|(attribute, error)| Failure {
        step: Step::Attribute,
        error,
        attribute,
    })
}

#[cfg(not(unix))]
fn is_at(_: &File, _: &Path) -> bool {
    true
}
#[cfg(not(unix))]
fn names(_: &fs::Metadata) -> u64 {
    1
}
#[cfg(not(unix))]
fn not_writable(_: &Path, meta: &fs::Metadata) -> Option<io::Error> {
    meta.permissions()
        .readonly()
        .then(|| io::Error::from(io::ErrorKind::PermissionDenied))
}
#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &fs::Metadata) -> Result<(), Failure> {
    Ok(())
}
#[cfg(not(unix))]
fn make_readable(_: &Path) -> io::Result<()> {
    Ok(())
}
#[cfg(not(unix))]
fn keep_attributes(_: &File, _: &File) -> Result<(), Failure> {
    Ok(())
}
#[cfg(not(unix))]
fn reserve(_: &File, _: u64) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_s_temporary_file_fits_in_a_name() {
        let long = "é".repeat(120) + ".toml";
        let prefix = stray_prefix(Path::new(&long));
        // prefix + six random characters + `.tmp`
        assert!(
            prefix.len() + 6 + STRAY_SUFFIX.len() <= 255,
            "{}",
            prefix.len()
        );
        // Two long names alike at the start have strays of their own.
        let other = "é".repeat(120) + "-2.toml";
        assert_ne!(prefix, stray_prefix(Path::new(&other)));
        assert_eq!(stray_prefix(Path::new("a.toml")), ".a.toml.gpucost-");
    }
}
