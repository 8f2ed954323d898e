#!/usr/bin/env bash
# Fuzzing runs of every target, seeded from the repository, with a summary per target
# (executions, coverage, time). Not part of .ci/run.
#   fuzz/smoke.sh                 # every target, 60 seconds each
#   fuzz/smoke.sh 600             # every target, 10 minutes each
#   fuzz/smoke.sh 600 set cli     # only these targets
# Targets: scenario (the in-memory pipeline, and figures at the edge of exact
# decimals in its numbers), set (`set`/`--set` edits), edit (`set` on disk while
# another program changes the file), catalog (`--catalog` overrides), cli (argument
# vectors through the parser and dispatcher, in a sandbox directory). cargo-fuzz needs nightly-only compiler flags;
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them. Crashes land in
# fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario set edit catalog cli)

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

seed() {
    local target=$1 dir=corpus/$1
    mkdir -p "$dir"
    case $target in
    scenario)
        cp ../scenarios/*.toml ../tests/scenarios/invalid/*.toml "$dir"/
        ;;
    set | edit)
        # The first line is the edit, the rest the scenario (for edit, the last byte
        # what another program does to the file meanwhile).
        local i=0
        for file in ../scenarios/*.toml ../tests/scenarios/invalid/*.toml; do
            for edit in 'fleet.colossus.count=50000' 'defaults.pue=[1.1, 1.3]' \
                'claim.huang-9b.value="$10B"' 'gpu.MI300X.tdp_w=750' 'fx.EUR=1.09' \
                'scenario.currency="EUR"' 'fleet.twitter.unit_price=["€5k","€9k"]'; do
                { printf '%s\n' "$edit"; cat "$file"; } >"$dir/seed-$i.txt"
                [ "$target" = edit ] && printf '%d' $((i % 5)) >>"$dir/seed-$i.txt"
                i=$((i + 1))
            done
        done
        ;;
    catalog)
        cp ../tests/catalogs/*.toml "$dir"/
        ;;
    cli)
        # NUL-separated arguments, run in a sandbox holding s.toml.
        local i=0
        while IFS= read -r line; do
            printf '%s' "$line" | tr ' ' '\0' >"$dir/seed-$i.bin"
            i=$((i + 1))
        done <<'ARGS'
run s.toml
run s.toml --format json --currency EUR
check s.toml --format csv
compare s.toml --vary fleet.a.count=1,2 --diff
compare s.toml s.toml --format markdown --width 40
explain s.toml --set fleet.a.years=6
solve s.toml --claim c --format json
simulate s.toml --samples 100 --threads 2
sensitivity s.toml --samples 100 --scope capex
report s.toml -o page.html
report s.toml -o s.toml
report s.toml --force -o page.html
init -
set s.toml --force fleet.a.count=2
report s.toml --format svg
set s.toml fleet.a.count=20 --dry-run
set s.toml defaults.pue=1.3
catalog H100 --format csv
init new.toml
completions bash
schema
man
ARGS
        ;;
    esac
}

summary=()
for target in "${targets[@]}"; do
    seed "$target"
    dict=()
    case $target in scenario | set | edit) dict=(-dict=scenario.dict) ;; esac
    log=$(mktemp)
    # An absolute corpus path: the cli target works in a sandbox directory.
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$PWD/corpus/$target" -- \
        -max_total_time="$seconds" -max_len=4096 "${dict[@]}" >"$log" 2>&1 || true
    tail -n 3 "$log"
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -n 1 || true)
    cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || true)
    crash=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -n 1 || true)
    summary+=("$target: ${runs:-no summary}, ${cov:-?}${crash:+, CRASH: $crash}")
    rm -f "$log"
done
printf '%s\n' "${summary[@]}"
