"""The xai2024 Monte Carlo written with NumPy, for bench/simulate.sh.

Reads the model that `gpucost run` and `gpucost simulate` describe (fleets with their
counts, inputs with their distributions and the fleets sharing them; prepared once by
bench/simulate.sh, outside the timing), then does the same work as
`gpucost simulate --format json`: draw every input once per sample, price each fleet
part by part and each job's GPU-hours, hours and cloud cost (the forms xai2024's job
uses: `hours`, `days` or `gpu_hours`, on a rented fleet), sum the scenario's and each
fleet's totals, and take their mean,
percentiles (5, 25, 50, 75, 95, 0.5, 99.5, min, max), a 16-bar histogram and each
claim's share of draws below, within and above it. Prints a JSON summary.

Usage: python3 simulate_numpy.py MODEL.json SAMPLES SEED
"""

import json
import sys

import numpy as np

Z95 = 1.6448536269514722
HOURS_PER_YEAR = 8760
HOURS_PER_MONTH = 730
SCOPES = {
    "gpus": {"gpus"},
    "capex": {"gpus", "servers", "network", "facility"},
    "tco": {"gpus", "servers", "network", "facility", "energy", "rental"},
    "rental": {"rental"},
}


def draw(rng, v, n):
    low, high, dist = float(v["low"]), float(v["high"]), v["dist"]
    if low == high:
        return np.full(n, low)
    if dist == "uniform":
        return rng.uniform(low, high, n)
    if dist == "normal":
        return rng.normal((low + high) / 2, (high - low) / (2 * Z95), n)
    if dist == "lognormal":
        mu = (np.log(low) + np.log(high)) / 2
        return rng.lognormal(mu, (np.log(high) - np.log(low)) / (2 * Z95), n)
    mode = float(v["mode"])
    if dist == "triangular":
        return rng.triangular(low, mode, high, n)
    alpha = 1 + 4 * (mode - low) / (high - low)
    beta = 1 + 4 * (high - mode) / (high - low)
    return low + (high - low) * rng.beta(alpha, beta, n)


def main():
    model = json.load(open(sys.argv[1]))
    n, seed = int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(seed)
    values = {}
    for v in model["inputs"]:
        x = draw(rng, v, n)
        for fleet in v["fleets"]:
            values[(fleet, v["input"])] = x
    parts = {}
    for f in model["fleets"]:
        x = lambda key: values[(f["id"], key)]
        count = float(f["count"])
        if f["acquisition"] == "buy":
            gpus = count * x("unit_price")
            load = count * x("kw_per_gpu")
            parts[f["id"]] = {
                "gpus": gpus,
                "servers": gpus * x("server_share"),
                "network": gpus * x("network_share"),
                "facility": load * 0.001 * x("facility_per_mw"),
                "energy": load * x("load") * x("pue") * x("years") * HOURS_PER_YEAR
                * x("electricity_per_kwh"),
            }
        else:
            parts[f["id"]] = {
                "rental": count * x("months") * HOURS_PER_MONTH * x("rate_per_gpu_hour")
            }

    def total(fleets, scope):
        terms = [a for f in fleets for p, a in parts[f].items() if p in SCOPES[scope]]
        return sum(terms[1:], terms[0]) if terms else None

    def summary(a):
        q = np.percentile(a, [5, 25, 50, 75, 95, 0.5, 99.5, 0, 100])
        counts, _ = np.histogram(a, bins=16, range=(q[7], q[8]))
        return {"mean": float(a.mean()), "p5": q[0], "p50": q[2], "p95": q[4],
                "histogram": counts.tolist()}

    jobs = {}
    for j in model["jobs"]:
        x = lambda key: values[("job " + j["id"], key)]
        rented = next(f for f in model["fleets"] if f["id"] == j["fleet"])["acquisition"]
        if rented != "rent":
            raise SystemExit(f"job {j['id']}: only jobs on rented fleets are modelled here")
        gpus = x("gpus")
        if "gpu_hours" in j["inputs"]:
            gpu_hours = x("gpu_hours")
        elif "hours" in j["inputs"]:
            gpu_hours = x("hours") * gpus
        elif "days" in j["inputs"]:
            gpu_hours = x("days") * 24 * gpus
        else:
            raise SystemExit(f"job {j['id']}: only hours, days or gpu_hours are modelled here")
        rate = values[(j["fleet"], "rate_per_gpu_hour")]
        jobs[j["id"]] = {"cloud": gpu_hours * rate, "gpu_hours": gpu_hours,
                         "hours": gpu_hours / gpus}

    ids = [f["id"] for f in model["fleets"]]
    out = {"totals": {}, "fleets": {}, "jobs": {}, "claims": {}}
    for j, figures in jobs.items():
        out["jobs"][j] = {k: summary(a) for k, a in figures.items()}
    for scope in SCOPES:
        t = total(ids, scope)
        if t is not None:
            out["totals"][scope] = summary(t)
        for f in ids:
            t = total([f], scope)
            if t is not None:
                out["fleets"].setdefault(f, {})[scope] = summary(t)
    for c in model["claims"]:
        a = total([c["fleet"]] if c["fleet"] else ids, c["scope"])
        low, high = float(c["claim_low"]), float(c["claim_high"])
        out["claims"][c["id"]] = {
            "p_below": float((a < low).mean()),
            "p_above": float((a > high).mean()),
        }
    print(json.dumps(out, default=float))


if __name__ == "__main__":
    main()
