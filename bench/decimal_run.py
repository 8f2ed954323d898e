"""The work of `gpucost run --format json` on bench/scale.sh's scenarios, in Python's
`decimal` (28 digits, as rust_decimal): read the scenario's TOML; give each fleet its
inputs (the catalog's figures and source texts at the scenario date, and what the
scenario writes); price each fleet's parts, its totals, its market and its cost of
owning a GPU-hour; price each job (GPU-hours; owned, bought and cloud estimates);
judge each claim against its job's figure with the unit price that makes it exact;
write the same JSON document, key for key, pretty-printed.

What it is spared: the catalog itself. bench/decimal.sh hands it each model's
figures at the scenario date, taken from gpucost's own report outside the timing,
so it does not read price points or pick ranges by date. It knows only the keys the
bench's scenarios use (fleets bought or rented, jobs given in hours, claims on a
job's amortized or cloud cost written as "$N").
    python3 bench/decimal_run.py SCENARIO.toml CATALOG.json
"""

import json
import sys
import tomllib
from decimal import ROUND_HALF_UP, Decimal, getcontext

getcontext().prec = 28
D = Decimal
ZERO, ONE = D(0), D(1)
HOURS_PER_YEAR = D(8760)  # energy (gpucost resolve::HOURS_PER_YEAR)
HOURS_OWNED_PER_YEAR = D(8766)  # a job's charge and owning (jobs::HOURS_PER_YEAR)
HOURS_PER_MONTH = D(730)
DECLINE_PER_YEAR = D("0.14")
LN_10 = D("2.302585092994045684017991455")  # money::power::LN_10
PER_HOUR = {"electricity_per_kwh", "rate_per_gpu_hour", "cloud_rate"}
MONEY = {"unit_price", "facility_per_mw"} | PER_HOUR


# Ranges are (low, high) pairs of non-negative decimals.
def add(a, b):
    return (a[0] + b[0], a[1] + b[1])


def mul(a, b):
    return (a[0] * b[0], a[1] * b[1])


def div(a, b):
    return (a[0] / b[1], a[1] / b[0])


def scale(a, k):
    return (a[0] * k, a[1] * k)


def mid(a):
    m = (a[0] + a[1]) / 2
    return (m, m)


def plain(d):
    return format(d.normalize(), "f")


def places(d, n):
    return plain(d.quantize(D(1).scaleb(-n), rounding=ROUND_HALF_UP))


def cents(d):
    return places(d, 2)


def six_places(d):
    """Money per GPU-hour or kWh, and shares of hours: six decimals."""
    return places(d, 6)


def bounds(r, show=cents):
    return {"low": show(r[0]), "high": show(r[1])}


def round_apart(value, n, marks):
    rounded = value.quantize(D(1).scaleb(-n), rounding=ROUND_HALF_UP)
    if value == rounded or rounded not in marks:
        return rounded.normalize()
    distance = value - rounded
    return (rounded + D(f"{distance:.2g}")).normalize()


class Input:
    """An input: its range, and how the report shows it."""

    def __init__(self, key, value, dist="uniform", origin="scenario", source=None):
        self.key, self.value, self.dist = key, value, dist
        self.origin, self.source = origin, source

    @staticmethod
    def catalog(key, shown):
        return Input(key, (D(shown["low"]), D(shown["high"])), shown["dist"],
                     shown["origin"], shown["source"])

    def json(self):
        show = six_places if self.key in PER_HOUR else (
            cents if self.key in MONEY else plain)
        return {"low": show(self.value[0]), "high": show(self.value[1]), "dist": self.dist,
                "origin": self.origin, "source": self.source}


def written(key, value):
    low, high = value if isinstance(value, list) else (value, value)
    return Input(key, (D(str(low)), D(str(high))))


def fleet_inputs(table, model):
    kind = "rent" if table.get("acquisition") == "rent" else "buy"
    inputs = {}
    for key, shown in model[kind]["inputs"].items():
        inputs[key] = written(key, table[key]) if key in table else Input.catalog(key, shown)
    return kind, {k: i.value for k, i in inputs.items()}, inputs


def per_gpu(i):
    """Hardware (GPU, servers, network), facility and energy per hour of one GPU."""
    shares = add(add((ONE, ONE), i["server_share"]), i["network_share"])
    return (mul(i["unit_price"], shares),
            mul(scale(i["kw_per_gpu"], D("0.001")), i["facility_per_mw"]),
            mul(mul(mul(i["kw_per_gpu"], i["load"]), i["pue"]), i["electricity_per_kwh"]),
            shares)


def price_fleet(kind, count, i):
    # In gpucost's order of operations (model.rs), so that 28 digits round alike.
    n = (D(count), D(count))
    if kind == "rent":
        return {"rental": mul(scale(mul(n, i["months"]), HOURS_PER_MONTH),
                              i["rate_per_gpu_hour"])}
    gpus = mul(n, i["unit_price"])
    kw = mul(n, i["kw_per_gpu"])
    energy = mul(scale(mul(mul(mul(kw, i["load"]), i["pue"]), i["years"]), HOURS_PER_YEAR),
                 i["electricity_per_kwh"])
    return {
        "gpus": gpus,
        "servers": mul(gpus, i["server_share"]),
        "network": mul(gpus, i["network_share"]),
        "facility": mul(scale(kw, D("0.001")), i["facility_per_mw"]),
        "energy": energy,
    }


SCOPES = {
    "gpus": (["gpus"], "buy"),
    "capex": (["gpus", "servers", "network", "facility"], "buy"),
    "tco": (["gpus", "servers", "network", "facility", "energy", "rental"], None),
    "rental": (["rental"], "rent"),
}


def fleet_totals(kind, parts):
    totals = {}
    for scope, (names, only) in SCOPES.items():
        if only in (None, kind):
            total = (ZERO, ZERO)
            for name in names:
                if name in parts:
                    total = add(total, parts[name])
            totals[scope] = total
    return totals


def owned(i, rent):
    hardware, facility, energy_per_hour, _ = per_gpu(i)
    one = add(hardware, facility)
    charge = (ONE / i["years"][1] / HOURS_OWNED_PER_YEAR, ONE / i["years"][0] / HOURS_OWNED_PER_YEAR)
    per_hour = mul(one, charge)
    at_full_use = add(per_hour, energy_per_hour)
    return {
        "per_gpu": bounds(one),
        "charge": bounds(charge, plain),
        "hardware_per_hour": bounds(per_hour, six_places),
        "energy_per_hour": bounds(energy_per_hour, six_places),
        "utilization": bounds((ONE, ONE), plain),
        "per_gpu_hour": bounds(at_full_use, six_places),
        "rent": rent.json(),
        "break_even": bounds(div(at_full_use, rent.value), six_places),
    }


def price_job(job, fleet):
    """A job's figures: GPU-hours, hours, and its estimates with the linear form
    `unit × a + b` of each (unit: the fleet's unit price or the cloud rate)."""
    kind, i = fleet["kind"], fleet["values"]
    hours = job["inputs"]["hours"].value
    gpus = job["inputs"]["gpus"].value
    gpu_hours = mul(gpus, hours)
    out = {"gpu_hours": gpu_hours, "hours": hours, "estimates": {}, "linear": {}}
    rate = i["rate_per_gpu_hour"] if kind == "rent" else job["inputs"]["cloud_rate"].value
    if kind == "buy":
        hardware, facility, energy_per_hour, shares = per_gpu(i)
        value_left = ONE  # the job starts the day the fleet is bought: 10^(-0.14 × 0)
        charge = DECLINE_PER_YEAR * LN_10 / HOURS_OWNED_PER_YEAR
        hw_hour = scale(scale(hardware, value_left), charge)
        fac_hour = scale(scale(facility, value_left), charge)
        parts = [mul(gpu_hours, hw_hour), mul(gpu_hours, fac_hour), mul(gpu_hours, energy_per_hour)]
        amortized = add(add(parts[0], parts[1]), parts[2])
        out["estimates"]["amortized"] = {
            "range": amortized,
            "per_gpu_hour": add(add(hw_hour, fac_hour), energy_per_hour),
            "parts": parts,
        }
        out["linear"]["amortized"] = (mul(gpu_hours, scale(scale(shares, value_left), charge)),
                                      add(parts[1], parts[2]))
        one = add(hardware, facility)
        out["estimates"]["acquisition"] = {"range": mul(one, gpus),
                                           "per_gpu_hour": div(one, hours)}
    out["estimates"]["cloud"] = {"range": mul(gpu_hours, rate), "per_gpu_hour": rate}
    out["linear"]["cloud"] = (gpu_hours, (ZERO, ZERO))
    return out


def job_json(job, cost):
    estimates = {}
    for scope, e in cost["estimates"].items():
        shown = {"low": cents(e["range"][0]), "high": cents(e["range"][1]),
                 "per_gpu_hour": bounds(e["per_gpu_hour"], six_places)}
        if "parts" in e:
            for name, part in zip(["hardware", "facility", "energy"], e["parts"]):
                shown[name] = bounds(part)
        estimates[scope] = shown
    buy = "amortized" in cost["estimates"]
    return {
        "id": job["id"], "fleet": job["fleet"], "start": job["start"], "depreciation": "epoch",
        "inputs": {k: i.json() for k, i in job["inputs"].items()},
        "gpu_hours": bounds(cost["gpu_hours"]), "hours": bounds(cost["hours"]), "flop": None,
        "years_held": "0" if buy else None, "value_left": "1" if buy else None,
        "estimates": estimates,
    }


def judge(claim, low, high):
    q = lambda d: d.quantize(D("0.000001"), rounding=ROUND_HALF_UP)
    c, lo, hi = q(claim), q(low), q(high)
    if c < lo:
        return "understates", None, round_apart(lo / c, 2, [ONE]) if c else None
    if c > hi:
        return "overstates", None, round_apart(c / hi, 2, [ONE]) if hi else None
    width = hi - lo
    position = D(50) if width == 0 else round_apart((c - lo) * 100 / width, 1, [ZERO, D(100)])
    return "consistent", position, None


def solved(claim, linear, linear_mid):
    (a, b), (a_mid, b_mid) = linear, linear_mid
    if a[0] == 0 or a_mid[0] == 0:
        return None
    r = lambda d: d.quantize(D("0.01"), rounding=ROUND_HALF_UP).normalize()
    high = (claim - b[0]) / a[0]
    low = max((claim - b[1]) / a[1], ZERO)
    point = (claim - b_mid[0]) / a_mid[0]
    return (r(point) if point >= 0 else None), ((r(low), r(high)) if high >= 0 else None)


def at_midpoint(job, fleet):
    mid_fleet = dict(fleet, values={k: mid(v) for k, v in fleet["values"].items()})
    mid_job = dict(job, inputs={k: Input(k, mid(i.value)) for k, i in job["inputs"].items()})
    return mid_job, mid_fleet


def main():
    with open(sys.argv[1], "rb") as f:
        doc = tomllib.load(f)
    with open(sys.argv[2]) as f:
        catalog = json.load(f)
    date = doc["scenario"]["date"].isoformat()
    fleets, out_fleets, totals = {}, [], {}
    for table in doc.get("fleet", []):
        model = catalog[table["gpu"]]
        kind, values, inputs = fleet_inputs(table, model)
        parts = price_fleet(kind, table["count"], values)
        own = fleet_totals(kind, parts)
        for scope, r in own.items():
            totals[scope] = add(totals.get(scope, (ZERO, ZERO)), r)
        market = model[kind]["market"]
        fleets[table["id"]] = {"kind": kind, "values": values, "count": table["count"],
                               "model": model, "market": (D(market["low"]), D(market["high"]))}
        rent = Input.catalog("rate_per_gpu_hour", model["rent"]["inputs"]["rate_per_gpu_hour"])
        out_fleets.append({
            "id": table["id"], "gpu": model["gpu"], "count": table["count"], "acquisition": kind,
            "inputs": {k: i.json() for k, i in inputs.items()},
            "parts": {k: bounds(r) for k, r in parts.items()},
            "totals": {k: bounds(r) for k, r in own.items()},
            "market": dict(market, low=cents(D(market["low"])), high=cents(D(market["high"]))),
            "acquired": date,
            "peak_flops": Input.catalog("peak_flops", model["peak_flops"]).json(),
            "owned": owned(values, rent) if kind == "buy" else None,
        })
    jobs, out_jobs = {}, []
    for table in doc.get("job", []):
        fleet = fleets[table["fleet"]]
        model = fleet["model"]
        count = D(fleet["count"])
        job = {"id": table["id"], "fleet": table["fleet"], "start": date, "inputs": {
            "hours": written("hours", table["hours"]),
            "gpus": Input("gpus", (count, count), origin="derived",
                          source=f"fleet `{table['fleet']}`'s `count`"),
            "peak_flops": Input.catalog("peak_flops", model["peak_flops"]),
            "cloud_rate": Input.catalog("cloud_rate", model["cloud_rate"]),
        }}
        cost = price_job(job, fleet)
        jobs[job["id"]] = (job, fleet, cost)
        out_jobs.append(job_json(job, cost))
    out_claims = []
    for table in doc.get("claim", []):
        job, fleet, cost = jobs[table["job"]]
        scope = table["scope"]
        value = D(table["value"].lstrip("$").replace(",", ""))
        low, high = cost["estimates"][scope]["range"]
        verdict, position, factor = judge(value, low, high)
        mid_job, mid_fleet = at_midpoint(job, fleet)
        implied = solved(value, cost["linear"][scope],
                         price_job(mid_job, mid_fleet)["linear"][scope])
        market = (fleet["market"] if scope != "cloud"
                  else job["inputs"]["cloud_rate"].value)
        out_claims.append({
            "id": table["id"], "scope": scope, "fleet": None, "job": table["job"],
            "source": table.get("source"), "quote": None, "claim": cents(value),
            "claim_low": cents(value), "claim_high": cents(value), "written": table["value"],
            "reading": "figure", "low": cents(low), "high": cents(high), "verdict": verdict,
            "position": None if position is None else plain(position),
            "factor": None if factor is None else plain(factor),
            "implied_unit": "rental" if scope == "cloud" else "purchase",
            "implied_unit_price": None if implied is None or implied[0] is None
            else plain(implied[0]),
            "implied_unit_price_range": None if implied is None or implied[1] is None
            else bounds(implied[1]),
            "market_unit_price": bounds(market),
            "implied_mfu": None, "off_market": [],
        })
    name = sys.argv[1].rsplit("/", 1)[-1].removesuffix(".toml")
    scenario = {
        "file": sys.argv[1], "name": name, "date": date, "currency": "USD", "sources": [],
        "exchange_rates": catalog["$exchange_rates"], "constant_dollars": None, "warnings": [],
        "fleets": out_fleets, "totals": {k: bounds(r) for k, r in totals.items()},
        "jobs": out_jobs, "claims": out_claims,
    }
    document = {"schema_version": 1, "gpucost": catalog["$version"], "scenarios": [scenario]}
    # Whole, then written once: json.dump's many small writes take longer.
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


main()
