#!/usr/bin/env bash
# Times the quick commands against a trivial Rust binary (`fn main() {}`) in one
# hyperfine run, release build, and prints each one's ratio to it: `run` and `check` of
# scenarios/xai2024.toml, `catalog`, `compare` of every shipped scenario, `report` of
# one to standard output and to a file (`-o`, its fsync kept, in a directory of its
# own). Goal: each <= 3, i.e. pricing a scenario, or drawing its page, costs little
# more than starting a process. Ratios of medians (a shared machine's slow runs move
# a mean); for a figure less open to noise, pair one command with the trivial binary:
#   farm-bench -n 40 --vs target/bench/trivial -- target/release/gpucost compare scenarios/*.toml
#   bench/startup.sh          # 300 runs of each
#   bench/startup.sh 50       # fewer
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-300}"

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine (Debian package)…" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null
fi

cargo build --release --quiet
mkdir -p target/bench/startup-out
rustc -O -o target/bench/trivial bench/trivial.rs
gpucost=target/release/gpucost
shipped=$(ls scenarios/*.toml | tr '\n' ' ')

# --shell=none: each command as a process of its own, no shell in the timing.
hyperfine --warmup 20 --runs "$runs" --shell=none --export-json target/bench/startup.json \
    -n trivial 'target/bench/trivial' \
    -n run "$gpucost run scenarios/xai2024.toml" \
    -n check "$gpucost check scenarios/xai2024.toml" \
    -n catalog "$gpucost catalog" \
    -n compare "$gpucost compare $shipped" \
    -n report "$gpucost report scenarios/xai2024.toml" \
    -n "report -o" "$gpucost report scenarios/xai2024.toml -o target/bench/startup-out/page.html" \
    >&2

python3 - <<'PY'
import json
results = json.load(open("target/bench/startup.json"))["results"]
trivial = results[0]
print(f"{'command':10} {'mean ms':>8} {'median':>7} {'min':>6} {'max':>6} {'ratio':>6}  (of medians; goal <= 3)")
for r in results:
    ratio = r["median"] / trivial["median"]
    print(f"{r['command']:10} {r['mean'] * 1000:8.2f} {r['median'] * 1000:7.2f} "
          f"{r['min'] * 1000:6.2f} {r['max'] * 1000:6.2f} {ratio:6.2f}")
PY
