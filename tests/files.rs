//! What `set` and `report -o` do to the paths they are given: links are edited
//! through, devices and FIFOs are never replaced, line endings, byte order mark, mode
//! and owner are kept, concurrent edits are all kept, and a killed edit leaves the old
//! file or the new one, its temporary file cleaned up by the next. Also what is read:
//! a path that never ends is refused. The `properties` module checks the same over
//! generated files, link chains, sets of concurrent edits and moments to kill at.

mod common;

use common::gpucost;

use std::path::{Path, PathBuf};

/// A fresh directory for one test.
fn dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gpucost-files-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const SMALL: &str =
    "[scenario]\ndate = 2024-07-15\n\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\ncount = 10\n";

fn text_of(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[cfg(unix)]
#[test]
fn set_and_report_edit_a_link_s_target_and_keep_the_link() {
    let d = dir("link");
    let real = d.join("real.toml");
    let link = d.join("link.toml");
    std::fs::write(&real, SMALL).expect("write");
    std::os::unix::fs::symlink("real.toml", &link).expect("symlink");
    let (code, _, err) = gpucost(&["set", &link.to_string_lossy(), "fleet.a.count=20"]);
    assert_eq!(code, 0, "{err}");
    // Before: the link became a regular file and the real file was not edited.
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert!(text_of(&real).contains("count = 20"), "{}", text_of(&real));
    // `report -o` through a link writes the link's target.
    let page = d.join("page.html");
    let page_link = d.join("page-link.html");
    std::fs::write(&page, "old").expect("write");
    std::os::unix::fs::symlink("page.html", &page_link).expect("symlink");
    let (code, _, err) = gpucost(&[
        "report",
        &real.to_string_lossy(),
        "-o",
        &page_link.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::symlink_metadata(&page_link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert!(
        text_of(&page).starts_with("<!DOCTYPE html>"),
        "{}",
        text_of(&page)
    );
    // A file that is not text is replaced whole, not read (before: "not UTF-8 text").
    let binary = d.join("old.bin");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).expect("write");
    let (code, _, err) = gpucost(&[
        "report",
        &real.to_string_lossy(),
        "-o",
        &binary.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(text_of(&binary).starts_with("<!DOCTYPE html>"));
    // A link to nothing is refused, not replaced.
    let dangling = d.join("dangling.html");
    std::os::unix::fs::symlink("nowhere.html", &dangling).expect("symlink");
    let (code, _, err) = gpucost(&[
        "report",
        &real.to_string_lossy(),
        "-o",
        &dangling.to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is a link to a file, `nowhere.html`, that does not exist"),
        "{err}"
    );
    assert!(
        std::fs::symlink_metadata(&dangling)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_written_through_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let d = dir("devices");
    let scenario = d.join("s.toml");
    std::fs::write(&scenario, SMALL).expect("write");
    let scenario = scenario.to_string_lossy().into_owned();
    // Before: as root, `-o /dev/null` replaced /dev/null with a regular file. The
    // test writes to its own node of the same device (1, 3), made with mknod where the
    // test runs as root, so a regression never harms the machine's /dev/null.
    let null = d.join("null");
    let made = std::process::Command::new("mknod")
        .args(["-m", "666"])
        .arg(&null)
        .args(["c", "1", "3"])
        .status();
    if made.is_ok_and(|s| s.success()) {
        let (code, out, err) = gpucost(&["report", &scenario, "-o", &null.to_string_lossy()]);
        assert_eq!(code, 0, "{err}");
        // What was written is said on standard error, never into the output.
        assert!(out.is_empty() && err.starts_with("wrote "), "{out}\n{err}");
        let meta = std::fs::metadata(&null).expect("meta");
        assert!(
            meta.file_type().is_char_device(),
            "the device node was replaced"
        );
    }
    // A FIFO gets the page through it, and stays a FIFO.
    let fifo = d.join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap_or_default())
        };
        let (code, _, err) = gpucost(&["report", &scenario, "-o", &fifo.to_string_lossy()]);
        assert_eq!(code, 0, "{err}");
        let page = reader.join().expect("reader");
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(
            std::fs::metadata(&fifo)
                .expect("meta")
                .file_type()
                .is_fifo()
        );
        // `set` edits scenario files only: a FIFO is refused, and left as it is.
        let (code, _, err) = gpucost(&["set", &fifo.to_string_lossy(), "fleet.a.count=2"]);
        assert_eq!(code, 2);
        assert!(err.contains("is not a regular file"), "{err}");
        assert!(
            std::fs::metadata(&fifo)
                .expect("meta")
                .file_type()
                .is_fifo()
        );
    }
    // `-o -` is standard output.
    let (code, out, err) = gpucost(&["report", &scenario, "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
    assert!(!Path::new("-").exists());
}

#[test]
fn set_keeps_crlf_line_endings_and_a_byte_order_mark() {
    let d = dir("crlf");
    let path = d.join("windows.toml");
    let original = format!("\u{feff}{}", SMALL.replace('\n', "\r\n"));
    std::fs::write(&path, &original).expect("write");
    let (code, _, err) = gpucost(&[
        "set",
        &path.to_string_lossy(),
        "fleet.a.count=20",
        "fleet.a.pue=1.3",
    ]);
    assert_eq!(code, 0, "{err}");
    // Before: the BOM was dropped and every line ended in `\n`.
    let expected = original.replace("count = 10\r\n", "count = 20\r\npue = 1.3\r\n");
    assert_eq!(text_of(&path), expected);
}

#[cfg(unix)]
#[test]
fn set_keeps_mode_and_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = dir("owner");
    let path = d.join("owned.toml");
    std::fs::write(&path, SMALL).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    // Only root can give a file away; elsewhere the owner is already the user's.
    let root = std::fs::metadata(&path).expect("meta").uid() == 0;
    if root {
        std::os::unix::fs::chown(&path, Some(4321), Some(4321)).expect("chown");
    }
    let (code, _, err) = gpucost(&["set", &path.to_string_lossy(), "fleet.a.count=20"]);
    assert_eq!(code, 0, "{err}");
    let meta = std::fs::metadata(&path).expect("meta");
    assert_eq!(meta.mode() & 0o777, 0o640);
    if root {
        // Before: the file became root's.
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    }
}

#[test]
fn a_killed_edit_s_temporary_file_is_recognisable_and_cleaned_up() {
    let d = dir("strays");
    let path = d.join("kept.toml");
    std::fs::write(&path, SMALL).expect("write");
    // What a `set` killed between writing and renaming leaves behind.
    let stray = d.join(".kept.toml.gpucost-a1B2c3.tmp");
    std::fs::write(&stray, "half").expect("write");
    let other = d.join(".other.toml.gpucost-a1B2c3.tmp");
    std::fs::write(&other, "someone else's").expect("write");
    let (code, _, err) = gpucost(&["set", &path.to_string_lossy(), "fleet.a.count=20"]);
    assert_eq!(code, 0, "{err}");
    assert!(!stray.exists(), "the stray temporary file was left");
    assert!(other.exists(), "another file's temporary file was removed");
    let left: Vec<String> = std::fs::read_dir(&d)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[cfg(unix)]
#[test]
fn a_path_that_never_ends_is_refused_with_the_limit() {
    // Before: reading /dev/zero grew memory without bound.
    let (code, _, err) = gpucost(&["run", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(err.contains("`/dev/zero` is larger than 64 MiB"), "{err}");
}

/// Runs `gpucost ARGS…` through `sh -c`, after `setup` (a `ulimit`, a closed
/// stream): exit code, stdout, stderr.
#[cfg(unix)]
fn gpucost_in_shell(setup: &str, args: &[&str], redirect: &str) -> (i32, String, String) {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "{setup}; exec '{}' {} {redirect}",
        env!("CARGO_BIN_EXE_gpucost"),
        quoted.join(" ")
    );
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_edit_refuses_a_file_another_program_changed_meanwhile() {
    let d = dir("changed");
    let path = d.join("s.toml");
    std::fs::write(&path, SMALL).expect("write");
    // Read for the edit, as `set` does; then an editor saves its own change.
    let (locked, text) = gpucost::files::open_for_edit(&path, false).expect("locks");
    let theirs = SMALL.replace("count = 10", "count = 99");
    std::fs::write(&path, &theirs).expect("their write");
    let err = locked
        .replace(&text.replace("count = 10", "count = 20"))
        .expect_err("refused");
    // Before: the editor's change was overwritten without a word.
    assert!(
        err.message.contains("was changed by another program"),
        "{err:?}"
    );
    assert_eq!(text_of(&path), theirs);
    // Replaced by a rename (as an editor saves), the same.
    let (locked, text) = gpucost::files::open_for_edit(&path, false).expect("locks");
    let other = d.join("other.toml");
    std::fs::write(&other, SMALL).expect("write");
    std::fs::rename(&other, &path).expect("rename");
    assert!(locked.replace(&text).is_err());
    assert_eq!(text_of(&path), SMALL);
    assert_eq!(names_in(&d), ["s.toml"]);
    // Unchanged, the edit lands.
    let (locked, text) = gpucost::files::open_for_edit(&path, false).expect("locks");
    locked
        .replace(&text.replace("count = 10", "count = 20"))
        .expect("replaces");
    assert!(text_of(&path).contains("count = 20"));
}

#[cfg(unix)]
#[test]
fn report_never_writes_over_a_file_it_reads() {
    let d = dir("inputs");
    let (a, b) = (d.join("a.toml"), d.join("b.toml"));
    std::fs::write(&a, SMALL).expect("write");
    std::fs::write(&b, SMALL).expect("write");
    let link = d.join("link.toml");
    std::os::unix::fs::symlink("b.toml", &link).expect("symlink");
    let hard = d.join("hard.toml");
    std::fs::hard_link(&a, &hard).expect("hard link");
    let (a_, b_) = (a.to_string_lossy(), b.to_string_lossy());
    // Before: `report x.toml -o x.toml` made the scenario a page, and `-o
    // scenarios/*.toml` the first scenario.
    for output in [&b, &link, &hard] {
        let (code, out, err) = gpucost(&["report", &a_, &b_, "-o", &output.to_string_lossy()]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("would write over a file this command reads"),
            "{err}"
        );
        assert!(out.is_empty());
    }
    // A `--catalog` is read too.
    let catalog = d.join("catalog.toml");
    std::fs::write(&catalog, "").expect("write");
    let (code, _, err) = gpucost(&[
        "--catalog",
        &catalog.to_string_lossy(),
        "report",
        &a_,
        "-o",
        &catalog.to_string_lossy(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!((text_of(&a), text_of(&b)), (SMALL.into(), SMALL.into()));
    assert_eq!(text_of(&catalog), "");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_or_one_with_other_names_is_replaced_only_with_force() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = dir("force");
    let path = d.join("s.toml");
    std::fs::write(&path, SMALL).expect("write");
    let p = path.to_string_lossy().into_owned();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    // Before: replaced, even as root and even as a user who owns it.
    let (code, _, err) = gpucost(&["set", &p, "fleet.a.count=20"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is read-only") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(text_of(&path), SMALL);
    let page = d.join("page.html");
    std::fs::write(&page, "mine").expect("write");
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (code, _, _) = gpucost(&["report", &p, "-o", &page.to_string_lossy()]);
    assert_eq!((code, text_of(&page).as_str()), (2, "mine"));
    let (code, _, err) = gpucost(&["set", "--force", &p, "fleet.a.count=20"]);
    assert_eq!(code, 0, "{err}");
    assert!(text_of(&path).contains("count = 20"));
    assert_eq!(
        std::fs::metadata(&path).expect("meta").mode() & 0o777,
        0o444
    );
    // Two names: before, the other name kept the old text. Now refused, or with
    // `--force` written in place, so both names see the edit.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let other = d.join("other-name.toml");
    std::fs::hard_link(&path, &other).expect("hard link");
    let inode = std::fs::metadata(&path).expect("meta").ino();
    let (code, _, err) = gpucost(&["set", &p, "fleet.a.count=30"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("has 2 names (hard links)"), "{err}");
    let (code, _, err) = gpucost(&["set", "--force", &p, "fleet.a.count=30"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text_of(&other).contains("count = 30"),
        "{}",
        text_of(&other)
    );
    assert_eq!(std::fs::metadata(&path).expect("meta").ino(), inode);
    assert_eq!(names_in(&d), ["other-name.toml", "page.html", "s.toml"]);
}

#[cfg(target_os = "linux")]
#[test]
fn an_edit_keeps_extended_attributes() {
    let d = dir("xattr");
    let path = d.join("s.toml");
    std::fs::write(&path, SMALL).expect("write");
    let set = rustix::fs::setxattr(
        &path,
        "user.gpucost-test",
        b"keep me",
        rustix::fs::XattrFlags::empty(),
    );
    if set.is_err() {
        // Skipped: this file system has no user extended attributes.
        return;
    }
    let (code, _, err) = gpucost(&["set", &path.to_string_lossy(), "fleet.a.count=20"]);
    assert_eq!(code, 0, "{err}");
    assert!(text_of(&path).contains("count = 20"));
    // Before: dropped with the old inode.
    let mut value = [0u8; 32];
    let len = rustix::fs::getxattr(&path, "user.gpucost-test", &mut value[..]).expect("kept");
    assert_eq!(&value[..len], b"keep me");
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_reported_and_leaves_no_file() {
    let d = dir("ulimit");
    let scenario = d.join("s.toml");
    std::fs::write(&scenario, SMALL).expect("write");
    let new = d.join("new.toml");
    // The template and the page are larger than one block of 512 bytes (or 1,024).
    for args in [
        vec!["init", new.to_str().expect("utf-8")],
        vec![
            "report",
            scenario.to_str().expect("utf-8"),
            "-o",
            new.to_str().expect("utf-8"),
        ],
    ] {
        let (code, _, err) = gpucost_in_shell("ulimit -f 1", &args, "");
        // Before: killed by SIGXFSZ (exit 153), its temporary file left behind; and
        // `init` on a full disk left an empty file the next `init` refused.
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("file too large") && err.contains("ulimit -f"),
            "{err}"
        );
        assert_eq!(names_in(&d), ["s.toml"]);
    }
    let (code, _, err) = gpucost(&["init", new.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{err}");
}

#[cfg(unix)]
#[test]
fn a_closed_standard_output_is_an_error_and_notes_go_to_standard_error() {
    let d = dir("closed");
    let scenario = d.join("s.toml");
    std::fs::write(&scenario, SMALL).expect("write");
    let s = scenario.to_str().expect("utf-8");
    // Before: exit 0 with nothing written.
    let (code, _, err) = gpucost_in_shell("true", &["run", s], ">&-");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("standard output is closed"), "{err}");
    // `> /dev/null` is where output is meant to go: not an error.
    let (code, _, err) = gpucost_in_shell("true", &["run", s], "> /dev/null");
    assert_eq!(code, 0, "{err}");
    // An edit prints nothing to standard output, so a closed one is no matter, and no
    // message lands in the file that took its place.
    let (code, _, err) = gpucost_in_shell("true", &["set", s, "fleet.a.count=20"], ">&-");
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("updated "), "{err}");
    assert_eq!(
        text_of(&scenario),
        SMALL.replace("count = 10", "count = 20")
    );
    // `report -o /dev/stdout`: the page alone, "wrote" on standard error (before, it
    // was appended to the page).
    let (code, out, err) = gpucost(&["report", s, "-o", "/dev/stdout"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.trim_end().ends_with("</html>"),
        "{}",
        &out[out.len().saturating_sub(80)..]
    );
    assert!(err.starts_with("wrote /dev/stdout"), "{err}");
}

#[test]
fn init_dash_is_standard_output_as_for_report() {
    let d = dir("init-dash");
    let (code, out, err) = gpucost(&["init", "-"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, gpucost::commands::TEMPLATE);
    // Before: a file named `-` in the working directory.
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("-").exists());
    drop(d);
}

#[test]
fn set_keeps_each_line_s_own_ending_in_a_mixed_file() {
    let d = dir("mixed");
    let path = d.join("mixed.toml");
    // CRLF and LF lines alternating, as a file edited on two systems.
    let mixed: String = SMALL
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i % 2 == 0 {
                l.replace('\n', "\r\n")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(mixed.contains("\r\n") && mixed.contains("\"\n"));
    std::fs::write(&path, &mixed).expect("write");
    let (code, _, err) = gpucost(&["set", &path.to_string_lossy(), "fleet.a.count=20"]);
    assert_eq!(code, 0, "{err}");
    // Before: every line took the first line's ending.
    assert_eq!(text_of(&path), mixed.replace("count = 10", "count = 20"));
}

#[test]
fn a_file_with_a_long_name_can_be_edited() {
    let d = dir("long-name");
    // 250 bytes, within the 255 a name may have; its temporary file's name was not.
    let name = format!("{}.toml", "n".repeat(245));
    let path = d.join(&name);
    std::fs::write(&path, SMALL).expect("write");
    let (code, _, err) = gpucost(&["set", &path.to_string_lossy(), "fleet.a.count=20"]);
    assert_eq!(code, 0, "{err}");
    assert!(text_of(&path).contains("count = 20"));
    assert_eq!(names_in(&d), [name]);
}

#[cfg(unix)]
#[test]
fn a_loop_of_links_is_called_a_loop() {
    let d = dir("loop");
    let (one, two) = (d.join("one.toml"), d.join("two.toml"));
    std::os::unix::fs::symlink("two.toml", &one).expect("symlink");
    std::os::unix::fs::symlink("one.toml", &two).expect("symlink");
    let scenario = d.join("s.toml");
    std::fs::write(&scenario, SMALL).expect("write");
    for args in [
        vec!["run", one.to_str().expect("utf-8")],
        vec!["set", one.to_str().expect("utf-8"), "fleet.a.count=2"],
        vec![
            "report",
            scenario.to_str().expect("utf-8"),
            "-o",
            one.to_str().expect("utf-8"),
        ],
    ] {
        let (code, _, err) = gpucost(&args);
        // Before: "a link to a file that does not exist".
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("is a loop of symbolic links"),
            "{args:?}: {err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_directory_this_user_cannot_write_is_blamed_not_the_file() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = dir("ro-dir");
    let path = d.join("s.toml");
    std::fs::write(&path, SMALL).expect("write");
    // Needs another user to be: as root, the edit runs as `nobody`.
    if std::fs::metadata(&path).expect("meta").uid() != 0 {
        return;
    }
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).expect("chown");
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_gpucost"))
        .args(["set", &path.to_string_lossy(), "fleet.a.count=20"])
        .output();
    let Ok(out) = out else {
        // Skipped: no setpriv to run it as another user.
        return;
    };
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    // Before: the error blamed the file, which its owner may write.
    assert!(
        err.contains("cannot write in `") && err.contains("the directory of"),
        "{err}"
    );
    assert_eq!(text_of(&path), SMALL);
}

mod properties {
    //! The same guarantees over generated files, link chains, sets of concurrent edits
    //! and moments to kill an edit at.

    use super::*;
    use proptest::prelude::*;

    /// Keys of fleet `a` that any edit may set, with a value each.
    const EDITS: [&str; 8] = [
        "fleet.a.count=20",
        "fleet.a.pue=1.3",
        "fleet.a.years=5",
        "fleet.a.unit_price=30000",
        "fleet.a.server_share=0.3",
        "fleet.a.network_share=0.2",
        "fleet.a.electricity_per_kwh=0.07",
        "fleet.a.facility_per_mw=12000000",
    ];

    fn set(path: &Path, edits: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_gpucost"))
            .arg("set")
            .arg(path)
            .args(edits)
            .output()
            .expect("the binary runs")
    }

    /// `key = value` as `set` writes it, for an edit `fleet.a.key=value`.
    fn written(edit: &str) -> String {
        let (path, value) = edit.split_once('=').expect("PATH=VALUE");
        format!("{} = {value}", path.rsplit('.').next().unwrap_or(path))
    }

    fn strays(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".gpucost-"))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        #[test]
        fn line_endings_and_byte_order_mark_are_kept(
            crlf in any::<bool>(),
            bom in any::<bool>(),
            comment in "[a-z ]{0,20}",
            edit in 0..EDITS.len(),
        ) {
            let d = dir(&format!("prop-crlf-{crlf}-{bom}-{edit}"));
            let path = d.join("s.toml");
            let mut text = format!("# {comment}\n{SMALL}");
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            std::fs::write(&path, &text).expect("write");
            let out = set(&path, &[EDITS[edit]]);
            prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let after = text_of(&path);
            prop_assert_eq!(after.starts_with('\u{feff}'), bom);
            let lone_lf = after.replace("\r\n", "").contains('\n');
            prop_assert_eq!(after.contains('\r'), crlf);
            prop_assert!(!(crlf && lone_lf), "a line lost its CR:\n{:?}", after);
            prop_assert!(after.contains(&written(EDITS[edit])), "{}", after);
            // Every line of the original is still there, as it was.
            for line in text.trim_start_matches('\u{feff}').lines() {
                prop_assert!(line.starts_with("count") || after.contains(line), "{:?} lost", line);
            }
        }

        #[test]
        fn a_chain_of_links_is_edited_through(links in 1usize..4, edit in 0..EDITS.len()) {
            let d = dir(&format!("prop-links-{links}-{edit}"));
            let real = d.join("real.toml");
            std::fs::write(&real, SMALL).expect("write");
            let mut target = "real.toml".to_string();
            for i in 0..links {
                let link = format!("link{i}.toml");
                #[cfg(unix)]
                std::os::unix::fs::symlink(&target, d.join(&link)).expect("symlink");
                target = link;
            }
            let out = set(&d.join(&target), &[EDITS[edit]]);
            prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            prop_assert!(text_of(&real).contains(&written(EDITS[edit])));
            for i in 0..links {
                let meta = std::fs::symlink_metadata(d.join(format!("link{i}.toml"))).expect("meta");
                prop_assert!(meta.file_type().is_symlink(), "link{} was replaced", i);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6))]

        #[test]
        fn concurrent_edits_of_different_keys_are_all_kept(
            chosen in proptest::sample::subsequence(EDITS.to_vec(), 2..=EDITS.len()),
        ) {
            let d = dir(&format!("prop-concurrent-{}", chosen.len()));
            let path = d.join("s.toml");
            std::fs::write(&path, SMALL).expect("write");
            let running: Vec<_> = chosen
                .iter()
                .map(|e| {
                    std::process::Command::new(env!("CARGO_BIN_EXE_gpucost"))
                        .arg("set")
                        .arg(&path)
                        .arg(e)
                        .stdout(std::process::Stdio::null())
                        .spawn()
                        .expect("spawn")
                })
                .collect();
            for mut child in running {
                prop_assert!(child.wait().expect("wait").success());
            }
            let after = text_of(&path);
            for e in &chosen {
                prop_assert!(after.contains(&written(e)), "{} lost:\n{}", e, after);
            }
            prop_assert!(strays(&d).is_empty(), "{:?}", strays(&d));
        }

        #[test]
        fn a_killed_edit_leaves_the_old_file_or_the_new_and_no_strays(delay_us in 0u64..30_000) {
            let d = dir(&format!("prop-killed-{delay_us}"));
            let path = d.join("s.toml");
            std::fs::write(&path, SMALL).expect("write");
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gpucost"))
                .arg("set")
                .arg(&path)
                .arg(EDITS[0])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn");
            std::thread::sleep(std::time::Duration::from_micros(delay_us));
            let _ = child.kill();
            let _ = child.wait();
            let after = text_of(&path);
            let edited = SMALL.replace("count = 10", "count = 20");
            prop_assert!(after == SMALL || after == edited, "half a file:\n{:?}", after);
            // The next edit of the file removes whatever the killed one left.
            let out = set(&path, &[EDITS[1]]);
            prop_assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            prop_assert!(strays(&d).is_empty(), "{:?}", strays(&d));
        }
    }
}
