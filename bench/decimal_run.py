"""The work of `gpucost run --format json` on the scale bench's scenarios, in Python's
`decimal` (28 digits, as rust_decimal): each fleet's parts from its resolved inputs'
low and high, the scope totals, each job's GPU-hours and its cloud or owned-hardware
estimate, and each claim's verdict against its job's range, written as JSON.

It does less than gpucost: the inputs come resolved (bench/decimal.sh extracts them
from gpucost's own JSON, outside the timing), there is no catalog, no TOML, no
source text, no explanation of a verdict.
    python3 bench/decimal_run.py INPUTS.json
"""

import json
import sys
from decimal import Decimal, getcontext

getcontext().prec = 28
HOURS_PER_YEAR = Decimal(8760)  # energy (gpucost resolve::HOURS_PER_YEAR)
HOURS_OWNED_PER_YEAR = Decimal(8766)  # a job's straight-line charge (jobs::HOURS_PER_YEAR)
HOURS_PER_MONTH = Decimal(730)
CENT = Decimal("0.01")


def bounds(pair):
    return [Decimal(pair[0]), Decimal(pair[1])]


def both(f):
    return [f(0), f(1)]


def price_fleet(fleet):
    n = Decimal(fleet["count"])
    i = {k: bounds(v) for k, v in fleet["inputs"].items()}
    if fleet["acquisition"] == "rent":
        rental = both(lambda b: n * i["months"][b] * HOURS_PER_MONTH * i["rate_per_gpu_hour"][b])
        return {"rental": rental}, i
    gpus = both(lambda b: n * i["unit_price"][b])
    kw = both(lambda b: n * i["kw_per_gpu"][b])
    return {
        "gpus": gpus,
        "servers": both(lambda b: gpus[b] * i["server_share"][b]),
        "network": both(lambda b: gpus[b] * i["network_share"][b]),
        "facility": both(lambda b: kw[b] / 1000 * i["facility_per_mw"][b]),
        "energy": both(
            lambda b: kw[b] * i["load"][b] * i["pue"][b] * i["years"][b] * HOURS_PER_YEAR
            * i["electricity_per_kwh"][b]
        ),
    }, i


SCOPES = {
    "gpus": ["gpus"],
    "capex": ["gpus", "servers", "network", "facility"],
    "tco": ["gpus", "servers", "network", "facility", "energy", "rental"],
    "rental": ["rental"],
}


def main():
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    fleets, totals, inputs = [], {}, {}
    for fleet in doc["fleets"]:
        parts, i = price_fleet(fleet)
        inputs[fleet["id"]] = (fleet, i)
        own = {}
        for scope, names in SCOPES.items():
            present = [parts[p] for p in names if p in parts]
            if present:
                own[scope] = [sum(p[b] for p in present) for b in (0, 1)]
                t = totals.setdefault(scope, [Decimal(0), Decimal(0)])
                t[0] += own[scope][0]
                t[1] += own[scope][1]
        fleets.append({
            "id": fleet["id"],
            "parts": {k: [str(v.quantize(CENT)) for v in r] for k, r in parts.items()},
            "totals": {k: [str(v.quantize(CENT)) for v in r] for k, r in own.items()},
        })
    jobs = {}
    for job in doc["jobs"]:
        fleet, i = inputs[job["fleet"]]
        hours, gpus = bounds(job["hours"]), Decimal(job["gpus"])
        gpu_hours = both(lambda b: gpus * hours[b])
        if fleet["acquisition"] == "rent":
            rate = i["rate_per_gpu_hour"]
            estimate = ("cloud", both(lambda b: gpu_hours[b] * rate[b]))
        else:
            per_hour = both(
                lambda b: (
                    i["unit_price"][b] * (1 + i["server_share"][b] + i["network_share"][b])
                    + i["kw_per_gpu"][b] / 1000 * i["facility_per_mw"][b]
                ) / (i["years"][b] * HOURS_OWNED_PER_YEAR)
                + i["kw_per_gpu"][b] * i["load"][b] * i["pue"][b] * i["electricity_per_kwh"][b]
            )
            estimate = ("amortized", both(lambda b: gpu_hours[b] * per_hour[b]))
        jobs[job["id"]] = {
            "gpu_hours": [str(v.quantize(CENT)) for v in gpu_hours],
            estimate[0]: [str(v.quantize(CENT)) for v in estimate[1]],
            "_range": estimate[1],
        }
    claims = []
    for claim in doc["claims"]:
        low, high = jobs[claim["job"]]["_range"]
        value = Decimal(claim["value"])
        verdict = "consistent" if low <= value <= high else (
            "understates" if value < low else "overstates")
        claims.append({"id": claim["id"], "verdict": verdict})
    for job in jobs.values():
        del job["_range"]
    out = {
        "fleets": fleets,
        "totals": {k: [str(v.quantize(CENT)) for v in r] for k, r in totals.items()},
        "jobs": jobs,
        "claims": claims,
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


main()
