//! What keeping a file whole takes on Unix: its identity (device and inode), owner,
//! mode and extended attributes; space reserved before writing it in place; the
//! process's standard streams and file size signal.

use std::fs::{self, File};
use std::io;
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use rustix::io::Errno;

use super::Streams;

/// A file's device and inode, links followed.
pub(super) fn identity(path: &Path) -> Option<(u64, u64)> {
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Whether an open file is still the one `path` names.
pub(super) fn is_at(file: &File, path: &Path) -> bool {
    file.metadata()
        .ok()
        .is_some_and(|m| identity(path) == Some((m.dev(), m.ino())))
}

/// How many names (hard links) a file has.
pub(super) fn names(meta: &fs::Metadata) -> u64 {
    meta.nlink()
}

/// Why a file may not be written by this user, if it may not: no write permission for
/// anyone (`chmod a-w`, which even root is held to), or none for this user.
pub(super) fn not_writable(path: &Path, meta: &fs::Metadata) -> Option<io::Error> {
    if meta.permissions().readonly() {
        return Some(io::Error::from(io::ErrorKind::PermissionDenied));
    }
    match rustix::fs::access(path, rustix::fs::Access::WRITE_OK) {
        Ok(()) => None,
        Err(e) => Some(e.into()),
    }
}

/// Gives the replacement the owner and group of the file it replaces; where that is
/// not permitted, the edit is refused rather than changing who owns the file. The
/// error says whether the owner or the group could not be kept.
pub(super) fn keep_owner(tmp: &Path, meta: &fs::Metadata) -> Result<(), (Owned, io::Error)> {
    let ours = fs::metadata(tmp).map_err(|e| (Owned::User(meta.uid()), e))?;
    if ours.uid() != meta.uid() {
        std::os::unix::fs::chown(tmp, Some(meta.uid()), None)
            .map_err(|e| (Owned::User(meta.uid()), e))?;
    }
    if ours.gid() != meta.gid() {
        std::os::unix::fs::chown(tmp, None, Some(meta.gid()))
            .map_err(|e| (Owned::Group(meta.gid()), e))?;
    }
    Ok(())
}

/// Who a file belongs to: the user or the group that could not be kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Owned {
    /// Its owner, by uid.
    User(u32),
    /// Its group, by gid.
    Group(u32),
}

/// Whether an error is EPERM: on `access`, an immutable or append-only file.
pub(super) fn is_not_permitted(e: &io::Error) -> bool {
    e.raw_os_error() == Some(Errno::PERM.raw_os_error())
}

/// A new file is rw-r--r-- (the temporary file it comes from is created private).
pub(super) fn make_readable(path: &Path) -> io::Result<()> {
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

/// Whether an error says the file system has no extended attributes, or keeps this
/// one to itself.
fn unsupported(e: Errno) -> bool {
    e == Errno::NOTSUP || e == Errno::OPNOTSUPP
}

/// Copies every extended attribute of `from` onto `to`. One the platform does not
/// let a user set (`security.*`, `trusted.*` as a user; none at all on a file system
/// without them) is left to the platform; a `user.*` one that cannot be kept is an
/// error naming it, so the file is not replaced without it.
pub(super) fn keep_attributes(from: &File, to: &File) -> Result<(), (String, io::Error)> {
    let unnamed = |e: Errno| (String::new(), io::Error::from(e));
    let size = match rustix::fs::flistxattr_query(from.as_fd()) {
        Ok(size) => size,
        Err(e) if unsupported(e) => return Ok(()),
        Err(e) => return Err(unnamed(e)),
    };
    if size == 0 {
        return Ok(());
    }
    let mut list = vec![0u8; size];
    let len = rustix::fs::flistxattr(from.as_fd(), &mut list[..]).map_err(unnamed)?;
    for name in list[..len.min(size)]
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
    {
        let shown = String::from_utf8_lossy(name).into_owned();
        let named = |e: Errno| (shown.clone(), io::Error::from(e));
        let len = rustix::fs::fgetxattr_query(from.as_fd(), name).map_err(named)?;
        let mut value = vec![0u8; len];
        let got = rustix::fs::fgetxattr(from.as_fd(), name, &mut value[..]).map_err(named)?;
        let set = rustix::fs::fsetxattr(
            to.as_fd(),
            name,
            &value[..got.min(len)],
            rustix::fs::XattrFlags::empty(),
        );
        match set {
            Ok(()) => {}
            Err(e) if !name.starts_with(b"user.") && (unsupported(e) || e == Errno::PERM) => {}
            Err(e) => return Err(named(e)),
        }
    }
    Ok(())
}

/// Reserves `len` bytes for `file`, so that writing it in place cannot run out of
/// space half way; a file system that cannot reserve is written without.
pub(super) fn reserve(file: &File, len: u64) -> io::Result<()> {
    if len == 0 {
        return Ok(());
    }
    match rustix::fs::fallocate(file.as_fd(), rustix::fs::FallocateFlags::empty(), 0, len) {
        Ok(()) => Ok(()),
        Err(e) if unsupported(e) || e == Errno::NOSYS => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Whether an error is a loop of symbolic links.
pub(super) fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(Errno::LOOP.raw_os_error())
}

/// A write past `ulimit -f` fails with EFBIG, reported like any failed write, instead
/// of SIGXFSZ ending the process (exit 153) with its temporary file left behind: the
/// signal only raises a flag no one reads.
pub(super) fn ignore_file_size_signal() {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag);
}

/// Opens `/dev/null` as each standard stream that is closed, lowest first (a file
/// opened takes the lowest free number), and keeps it open for the process's life.
/// Rust's own start-up does the same on most Unix systems before `main`, opening it
/// read-write, which a shell's `> /dev/null` never does: so standard output on
/// `/dev/null` opened read-write counts as closed too.
pub(super) fn fill_closed_streams() -> Streams {
    let closed = |fd: std::os::fd::BorrowedFd<'_>| rustix::io::fcntl_getfd(fd) == Err(Errno::BADF);
    let stdin = closed(io::stdin().as_fd());
    let stdout = closed(io::stdout().as_fd());
    let stderr = closed(io::stderr().as_fd());
    for (number, was_closed) in [stdin, stdout, stderr].into_iter().enumerate() {
        if !was_closed {
            continue;
        }
        let null = fs::OpenOptions::new()
            .read(number == 0)
            .write(number > 0)
            .open("/dev/null");
        if let Ok(file) = null {
            // Held for the life of the process: it stands in for the stream.
            std::mem::forget(file);
        }
    }
    Streams {
        stdout_closed: stdout || stand_in(io::stdout().as_fd()),
    }
}

/// Whether `fd` is `/dev/null` opened for reading and writing: what Rust's start-up
/// puts in place of a closed standard stream.
fn stand_in(fd: std::os::fd::BorrowedFd<'_>) -> bool {
    use rustix::fs::{FileType, OFlags};
    let read_write =
        rustix::fs::fcntl_getfl(fd).is_ok_and(|flags| flags & OFlags::ACCMODE == OFlags::RDWR);
    let null = fs::metadata("/dev/null").ok().map(|m| m.rdev());
    let is_null = rustix::fs::fstat(fd).is_ok_and(|st| {
        FileType::from_raw_mode(st.st_mode) == FileType::CharacterDevice && Some(st.st_rdev) == null
    });
    read_write && is_null
}
