#!/usr/bin/env bash
# `gpucost run --format json` on 10,000 fleets, jobs and claims (bench/scale.sh's
# scenario) against the same work in Python's `decimal` (bench/decimal_run.py: reads
# the TOML, prices, judges, writes the same JSON document), in one hyperfine run,
# whole processes; goal: gpucost at least 5x faster. Checks first that the two
# documents are the same, key for key and figure for figure.
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
catalog="target/bench/decimal-catalog-$n.json"

# Each model's catalog figures at the scenario date, from gpucost's own report (not
# timed): what the Python is spared working out from price points.
target/release/gpucost run "$file" --format json >target/bench/decimal-run.json
python3 - "$file" target/bench/decimal-run.json "$catalog" <<'PY'
import json, sys, tomllib
written = tomllib.load(open(sys.argv[1], "rb"))
report = json.load(open(sys.argv[2]))
s = report["scenarios"][0]
jobs = {j["fleet"]: j for j in s["jobs"]}
catalog = {"$version": report["gpucost"], "$exchange_rates": s["exchange_rates"]}
for table, fleet in zip(written["fleet"], s["fleets"]):
    model = catalog.setdefault(table["gpu"], {"gpu": fleet["gpu"]})
    kind = fleet["acquisition"]
    # The inputs in report order; those the scenario writes, the Python reads there.
    model[kind] = {"inputs": {k: None if k in table else v
                              for k, v in fleet["inputs"].items()},
                   "market": fleet["market"]}
    model["peak_flops"] = fleet["peak_flops"]
    if fleet["id"] in jobs:
        model["cloud_rate"] = jobs[fleet["id"]]["inputs"]["cloud_rate"]
json.dump(catalog, open(sys.argv[3], "w"), indent=1)
PY
python3 bench/decimal_run.py "$file" "$catalog" >target/bench/decimal-python.json
# The same document: equal key for key, figures to the digit, but for exact
# quotients (a share charged per hour), which rust_decimal ends at 28 places and
# Python at 28 significant digits: equal to 20 digits.
python3 - target/bench/decimal-run.json target/bench/decimal-python.json <<'PY'
import json, sys
from decimal import Decimal
ours, theirs = (json.load(open(f)) for f in sys.argv[1:3])
close = 0
def same(a, b, at):
    global close
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), (at, a, b)
        for k in a:
            same(a[k], b[k], f"{at}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (at, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{at}[{i}]")
    elif a != b:
        x, y = Decimal(a), Decimal(b)  # raises if not two figures
        assert len(a) > 20 and abs(x - y) <= abs(x) * Decimal("1e-20"), (at, a, b)
        close += 1
same(ours, theirs, "")
size = len(open(sys.argv[1], "rb").read()) / 1e6
print(f"same document ({size:.0f} MB); {close} long quotients differ past the 20th digit")
PY

hyperfine --warmup 1 --runs 10 --shell=none --export-json target/bench/decimal.json \
    "target/release/gpucost run $file --format json" \
    "python3 bench/decimal_run.py $file $catalog"
python3 - <<'PY'
import json
ours, python = (r["median"] for r in json.load(open("target/bench/decimal.json"))["results"])
print(f"gpucost run: {ours * 1e3:.0f} ms; Python decimal: {python * 1e3:.0f} ms; "
      f"{python / ours:.1f}x (goal >= 5x)")
PY
