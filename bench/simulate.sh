#!/usr/bin/env bash
# Times `gpucost simulate scenarios/xai2024.toml --samples 1000000` (release build)
# against the same Monte Carlo written with NumPy (bench/simulate_numpy.py, installed
# into a virtualenv from PyPI), and the peer fleet model (../shared/peers: 5 lognormal
# inputs) in gpucost against Squiggle 0.10.0 (npm `@quri/squiggle-lang` with
# `date-fns`, which it forgets to declare), side by side in one hyperfine run, whole
# processes; and the peer model against its one-pass floor (bench/floor.rs: the same
# five lognormal inputs drawn the same way, each sample's total computed once and
# summed, nothing else). Goals: at least 10 times NumPy, at least 40 times Squiggle,
# within 1.5 times the floor.
#
# Usage: bench/simulate.sh [SAMPLES]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
samples="${1:-1000000}"
scenario=scenarios/xai2024.toml

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine (Debian package)…" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null
fi

cargo build --release --quiet
cargo build --release --quiet --example floor
mkdir -p target/bench
venv=target/bench/venv
if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv with NumPy from PyPI…" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet numpy
fi

# The model NumPy samples: fleets and claims from `run`, shared inputs from `simulate`.
target/release/gpucost run "$scenario" --format json > target/bench/run.json
target/release/gpucost simulate "$scenario" --samples 1 --format json > target/bench/sim.json
"$venv/bin/python" - <<'PY'
import json
run = json.load(open("target/bench/run.json"))["scenarios"][0]
sim = json.load(open("target/bench/sim.json"))["simulations"][0]
model = {
    "fleets": [{"id": f["id"], "count": f["count"], "acquisition": f["acquisition"]}
               for f in run["fleets"]],
    "jobs": [{"id": j["id"], "fleet": j["fleet"], "inputs": j["inputs"]} for j in run["jobs"]],
    "inputs": sim["inputs"],
    "claims": run["claims"],
}
json.dump(model, open("target/bench/model.json", "w"))
PY

peers=../shared/peers
squiggle_dir=target/bench/squiggle
if [ ! -f "$squiggle_dir/node_modules/@quri/squiggle-lang/dist/cli/index.js" ]; then
    echo "installing Squiggle 0.10.0 from npm into $squiggle_dir…" >&2
    mkdir -p "$squiggle_dir"
    (cd "$squiggle_dir" && npm init -y >/dev/null && npm install --silent @quri/squiggle-lang@0.10.0 date-fns >/dev/null)
fi
# The peers draw the full 0.7 kW per GPU: gpucost's average draw (`load`) is set to 1.
mkdir -p target/bench/peer
sed 's/^years = 4$/years = 4\nload = 1/' "$peers/fleet_mc.toml" > target/bench/peer/fleet_mc.toml

gpucost="target/release/gpucost simulate $scenario --samples $samples --seed 1 --format json"
numpy="$venv/bin/python bench/simulate_numpy.py target/bench/model.json $samples 1"
peer="target/release/gpucost simulate target/bench/peer/fleet_mc.toml --samples $samples --format json"
floor="target/release/examples/floor $samples"
squiggle="env SAMPLE_COUNT=$samples node $squiggle_dir/node_modules/@quri/squiggle-lang/dist/cli/index.js run $peers/fleet.squiggle"

# Same answers, up to sampling error: the tco means agree within 0.5%.
"$venv/bin/python" - "$samples" <<PY
import json, subprocess, sys
ours = json.loads(subprocess.run("$gpucost".split(), capture_output=True, check=True).stdout)
theirs = json.loads(subprocess.run("$numpy".split(), capture_output=True, check=True).stdout)
a = ours["simulations"][0]["totals"]["tco"]["mean"]
b = theirs["totals"]["tco"]["mean"]
print(f"tco mean: gpucost {a / 1e9:.3f}B, NumPy {b / 1e9:.3f}B", file=sys.stderr)
assert abs(a - b) / b < 0.005, "the two models disagree"
PY

hyperfine --warmup 3 --runs 20 --shell=none --export-json target/bench/simulate.json \
    "$gpucost" "$numpy" "$peer" "$squiggle" "$floor" >&2

python3 - <<'PY'
import json
results = json.load(open("target/bench/simulate.json"))["results"]
ours, numpy, peer, squiggle, floor = (r["median"] for r in results)
print(f"xai2024, gpucost: {ours * 1000:.1f} ms; NumPy {numpy * 1000:.1f} ms; "
      f"{numpy / ours:.1f}x (goal >= 10x)")
print(f"peer model, gpucost: {peer * 1000:.1f} ms; Squiggle {squiggle * 1000:.0f} ms; "
      f"{squiggle / peer:.1f}x (goal >= 40x)")
print(f"peer model, gpucost: {peer * 1000:.1f} ms; one-pass floor {floor * 1000:.1f} ms; "
      f"{peer / floor:.2f}x the floor (goal <= 1.5x)")
PY
