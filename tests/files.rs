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
        err.contains("is a link to a file that does not exist"),
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
        assert!(out.starts_with("wrote "), "{out}");
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
