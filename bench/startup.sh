#!/usr/bin/env bash
# Times `gpucost run scenarios/xai2024.toml` and `gpucost report` of it (the HTML page,
# to standard output), release build, against a trivial Rust binary with hyperfine and
# prints the ratios. Goal: each <= 3, i.e. pricing a scenario, or drawing its page,
# costs little more than starting a process.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine (Debian package)…" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null
fi

cargo build --release --quiet
mkdir -p target/bench
rustc -O -o target/bench/trivial bench/trivial.rs

hyperfine --warmup 20 --runs 300 --shell=none --export-json target/bench/startup.json \
    'target/bench/trivial' \
    'target/release/gpucost run scenarios/xai2024.toml' \
    'target/release/gpucost report scenarios/xai2024.toml' >&2

python3 - <<'PY'
import json
results = json.load(open("target/bench/startup.json"))["results"]
trivial, run, report = (r["mean"] for r in results)
print(f"trivial binary: {trivial * 1000:.2f} ms")
print(f"gpucost run:    {run * 1000:.2f} ms, ratio {run / trivial:.2f} (goal <= 3)")
print(f"gpucost report: {report * 1000:.2f} ms, ratio {report / trivial:.2f} (goal <= 3)")
PY
