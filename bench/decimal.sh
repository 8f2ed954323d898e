#!/usr/bin/env bash
# `gpucost run --format json` on 10,000 fleets, jobs and claims (bench/scale.sh's
# scenario) against the same pricing in Python's `decimal` (bench/decimal_run.py, fed
# the resolved inputs, which it is spared resolving), in one hyperfine run, whole
# processes; goal: gpucost at least 5x faster. Checks first that both give the same
# scenario tco.
#   bench/decimal.sh          # 10,000 fleets
#   bench/decimal.sh 1000
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine (Debian package)…" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null
fi
SCALE_GENERATE_ONLY=1 bash bench/scale.sh "$n"
file="target/bench/scale/fleets-$n.toml"
inputs="target/bench/decimal-inputs-$n.json"

# The resolved inputs, from gpucost's own report (not timed).
target/release/gpucost run "$file" --format json >target/bench/decimal-run.json
python3 - target/bench/decimal-run.json "$inputs" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"][0]
fleets = [{"id": f["id"], "count": f["count"], "acquisition": f["acquisition"],
           "inputs": {k: [v["low"], v["high"]] for k, v in f["inputs"].items()}}
          for f in s["fleets"]]
jobs = [{"id": j["id"], "fleet": j["fleet"], "hours": [j["inputs"]["hours"]["low"],
         j["inputs"]["hours"]["high"]], "gpus": j["inputs"]["gpus"]["low"]} for j in s["jobs"]]
claims = [{"id": c["id"], "job": c["job"], "value": c["claim"]} for c in s["claims"]]
json.dump({"fleets": fleets, "jobs": jobs, "claims": claims}, open(sys.argv[2], "w"))
PY
python3 bench/decimal_run.py "$inputs" >target/bench/decimal-python.json
python3 - target/bench/decimal-run.json target/bench/decimal-python.json <<'PY'
import json, sys
from decimal import Decimal
ours = json.load(open(sys.argv[1]))["scenarios"][0]["totals"]["tco"]
theirs = json.load(open(sys.argv[2]))["totals"]["tco"]
# 28-digit arithmetic summed in another order may differ in its last digit: a cent of
# trillions.
for mine, other in zip([ours["low"], ours["high"]], theirs):
    assert abs(Decimal(mine) - Decimal(other)) <= Decimal("0.01"), (ours, theirs)
print(f"tco: gpucost {ours['low']} - {ours['high']}, Python decimal {theirs[0]} - {theirs[1]}")
PY

hyperfine --warmup 1 --runs 10 --shell=none --export-json target/bench/decimal.json \
    "target/release/gpucost run $file --format json" \
    "python3 bench/decimal_run.py $inputs"
python3 - <<'PY'
import json
ours, python = (r["median"] for r in json.load(open("target/bench/decimal.json"))["results"])
print(f"gpucost run: {ours * 1e3:.0f} ms; Python decimal: {python * 1e3:.0f} ms; "
      f"{python / ours:.1f}x (goal >= 5x)")
PY
