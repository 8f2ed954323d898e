#!/usr/bin/env bash
# A short fuzzing run of the scenario pipeline (read → resolve → price → judge →
# render), seeded with the shipped and broken scenarios. Not part of .ci/run.
#   fuzz/smoke.sh            # 60 seconds
#   fuzz/smoke.sh 600        # 10 minutes
# cargo-fuzz needs nightly-only compiler flags; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them. Crashes land in fuzz/artifacts/scenario/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

corpus=corpus/scenario
mkdir -p "$corpus"
cp ../scenarios/*.toml ../tests/scenarios/invalid/*.toml "$corpus"/

RUSTC_BOOTSTRAP=1 cargo fuzz run scenario "$corpus" -- \
    -max_total_time="$seconds" -max_len=4096 -dict=scenario.dict
