//! Why a file could not be read or written, in words that name what the user typed
//! and the real cause: the directory that is not writable (not the file), the full
//! disk, the size limit, the immutable file, the mount point, the loop of links.

use std::io;
use std::path::Path;

use crate::diagnostic::Diagnostic;

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

/// The message for a path that is a symbolic link leading nowhere: a loop of links,
/// or a link to a file that does not exist; `None` for any other failure.
pub(super) fn broken_link(path: &Path, e: &io::Error) -> Option<Diagnostic> {
    let name = path.display();
    #[cfg(unix)]
    if super::unix::is_loop(e) {
        return Some(
            Diagnostic::new(format!(
                "`{name}` is a loop of symbolic links: following them never reaches a file"
            ))
            .help(format!(
                "point the link at a real file (`ls -l {name}` shows where it leads)"
            )),
        );
    }
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !link || e.kind() != io::ErrorKind::NotFound {
        return None;
    }
    let target = std::fs::read_link(path)
        .map(|t| format!(", `{}`,", t.display()))
        .unwrap_or_default();
    Some(
        Diagnostic::new(format!(
            "`{name}` is a link to a file{target} that does not exist"
        ))
        .help("remove the link, or create the file it points to"),
    )
}

/// The step of writing a file that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// Creating the temporary file beside it, in its directory.
    Create,
    /// Writing the text (to the temporary file, or in place).
    Write,
    /// Giving the new text the old file's owner (its uid).
    Owner(u32),
    /// Giving it the old file's group (its gid).
    Group(u32),
    /// Giving it the old file's mode.
    Mode,
    /// Giving it the old file's extended attribute of this name.
    Attribute,
    /// Renaming the temporary file over the old one.
    Rename,
}

/// A failed step, with its error (and, for an extended attribute, its name).
#[derive(Debug)]
pub(super) struct Failure {
    pub step: Step,
    pub error: io::Error,
    pub attribute: String,
}

impl Failure {
    pub fn at(step: Step) -> impl Fn(io::Error) -> Failure {
        move |error| Failure {
            step,
            error,
            attribute: String::new(),
        }
    }
}

/// The message for a failed write of `path`; `replacing` says whether a file was
/// there (and is left as it was) or was to be created (and nothing is written).
pub(super) fn write_failed(path: &Path, f: &Failure, replacing: bool) -> Diagnostic {
    let name = path.display();
    let dir = super::directory(path).display();
    let kept = if replacing {
        format!("`{name}` was left as it was")
    } else {
        "nothing was written".to_string()
    };
    let reason = io_reason(&f.error);
    use io::ErrorKind as E;
    let kind = f.error.kind();
    let is = |k: E| kind == k;
    let (message, help) = if is(E::StorageFull) {
        (
            format!("cannot write `{name}`: the disk is full (no space left on device)"),
            format!("free some space on the disk that holds `{name}`; {kept}"),
        )
    } else if is(E::QuotaExceeded) {
        (
            format!("cannot write `{name}`: your disk quota is used up"),
            format!("free some space within your quota; {kept}"),
        )
    } else if is(E::FileTooLarge) {
        (
            format!("cannot write `{name}`: file too large for the limit set on file size"),
            format!("a limit on the size of files is set (`ulimit -f`); raise it; {kept}"),
        )
    } else if is(E::ReadOnlyFilesystem) {
        (
            format!("cannot write `{name}`: it is on a read-only file system"),
            format!("the file system holding `{dir}` is mounted read-only; {kept}"),
        )
    } else {
        match f.step {
            Step::Create if is(E::PermissionDenied) => (
                format!("cannot write in `{dir}`, the directory of `{name}`: permission denied"),
                format!(
                    "gpucost writes a new file beside the old one and renames it over, so the \
                     directory must be writable as well as the file; {kept}"
                ),
            ),
            Step::Create if is(E::NotFound) => (
                format!("cannot write `{name}`: the directory `{dir}` does not exist"),
                "create the directory first, or name a file in one that exists".to_string(),
            ),
            Step::Owner(uid) => (
                format!("cannot keep the owner of `{name}` (user {uid}): {reason}"),
                format!(
                    "the file belongs to another user, and only root can give a new file to \
                     them; edit it as its owner; {kept}"
                ),
            ),
            Step::Group(gid) => (
                format!("cannot keep the group of `{name}` (group {gid}): {reason}"),
                format!(
                    "you are not in that group, so a new file cannot be given to it; edit it \
                     as a member of the group, or as root; {kept}"
                ),
            ),
            Step::Attribute => (
                format!(
                    "cannot keep the extended attribute `{}` of `{name}`: {reason}",
                    f.attribute
                ),
                format!("the new text would lose it; {kept}"),
            ),
            Step::Rename if is(E::ResourceBusy) => (
                format!("cannot replace `{name}`: it is a mount point (a file mounted over)"),
                format!("edit the file it is mounted from; {kept}"),
            ),
            Step::Rename if is(E::PermissionDenied) => (
                format!("cannot replace `{name}`: {reason}"),
                format!(
                    "the file may be immutable or append-only (`lsattr {name}`), or `{dir}` a \
                     sticky directory of another user; {kept}"
                ),
            ),
            Step::Write if is(E::PermissionDenied) => (
                format!("cannot write `{name}`: {reason}"),
                format!(
                    "the file may be immutable or append-only (`lsattr {name}`), or not \
                     writable by you; {kept}"
                ),
            ),
            _ => (
                format!("cannot write `{name}`: {reason}"),
                format!("check the file and its directory `{dir}`; {kept}"),
            ),
        }
    };
    Diagnostic::new(message).help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(step: Step, kind: io::ErrorKind) -> String {
        let f = Failure::at(step)(io::Error::from(kind));
        let d = write_failed(Path::new("dir/s.toml"), &f, true);
        format!("{} / {}", d.message, d.help.unwrap_or_default())
    }

    #[test]
    fn each_failure_names_its_cause() {
        // Before: "check that the directory exists and can be written" for all of them.
        let full = message(Step::Write, io::ErrorKind::StorageFull);
        assert!(
            full.contains("the disk is full") && full.contains("free some space"),
            "{full}"
        );
        let limit = message(Step::Write, io::ErrorKind::FileTooLarge);
        assert!(limit.contains("ulimit -f"), "{limit}");
        // A directory that cannot be written is blamed, not the file.
        let dir = message(Step::Create, io::ErrorKind::PermissionDenied);
        assert!(
            dir.starts_with("cannot write in `dir`, the directory of `dir/s.toml`"),
            "{dir}"
        );
        let gone = message(Step::Create, io::ErrorKind::NotFound);
        assert!(
            gone.contains("the directory `dir` does not exist"),
            "{gone}"
        );
        // A bind-mounted file: "resource busy" said what it means.
        let mounted = message(Step::Rename, io::ErrorKind::ResourceBusy);
        assert!(mounted.contains("it is a mount point"), "{mounted}");
        // "operation not permitted" with what was not permitted and why.
        let owner = message(Step::Owner(4321), io::ErrorKind::PermissionDenied);
        assert!(
            owner.starts_with("cannot keep the owner of `dir/s.toml` (user 4321)"),
            "{owner}"
        );
        let sticky = message(Step::Rename, io::ErrorKind::PermissionDenied);
        assert!(
            sticky.contains("immutable") && sticky.contains("sticky"),
            "{sticky}"
        );
        assert!(full.ends_with("`dir/s.toml` was left as it was"), "{full}");
    }
}
