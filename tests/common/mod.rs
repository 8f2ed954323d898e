//! Running the built binary from the integration tests.

use std::process::Command;

/// Runs `gpucost ARGS…` from the repository root, without colour: exit code, stdout,
/// stderr.
pub fn gpucost(args: &[&str]) -> (i32, String, String) {
    gpucost_with_env(args, &[])
}

/// [`gpucost`] with these environment variables set as well.
pub fn gpucost_with_env(args: &[&str], vars: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gpucost"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied())
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scenario file holding `text`, named `name`, in a fresh temporary directory (removed
/// when the returned guard drops); the path as a string, for arguments.
#[allow(dead_code)] // not every test binary writes scenarios
pub fn scenario_file(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write the scenario");
    (dir, path.to_string_lossy().into_owned())
}

/// The first scenario of `gpucost run FILE --format json ARGS…` (exit status 0).
#[allow(dead_code)] // for the test binaries that read JSON reports
pub fn run(file: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["run", file, "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = gpucost(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON")["scenarios"][0].clone()
}

/// A JSON range's `low` and `high` as written (`"?"` where missing).
#[allow(dead_code)]
pub fn low_high(v: &serde_json::Value) -> (String, String) {
    (
        v["low"].as_str().unwrap_or("?").to_string(),
        v["high"].as_str().unwrap_or("?").to_string(),
    )
}

/// A JSON range that must be one figure: its value.
#[allow(dead_code)]
pub fn exact(v: &serde_json::Value) -> String {
    let (low, high) = low_high(v);
    assert_eq!(low, high, "{v}");
    low
}
