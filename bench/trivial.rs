// The baseline for bench/startup.sh: a Rust process that starts and exits.
fn main() {}
