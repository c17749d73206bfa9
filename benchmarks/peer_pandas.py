"""The pandas peer: the benchmark's checks written as a pandas user would.

    /usr/bin/python3 peer_pandas.py DATA.csv RULES.csv

read_csv, pivot to one row per indicator × region and one column per year,
reindex to every indicator × region (an absent pair is no data, not a missing row),
then vectorised compares per rule. Prints per-rule counts as JSON, in the statuses
docs/performance.md defines (the same as planrules'): met, not_met, no_data,
insufficient_data (a trend with a single value). Volatility is not computed here.
"""
import json
import sys

import numpy as np
import pandas as pd

FIRST_YEAR, LAST_YEAR = 2020, 2030


def margin(target):
    # planrules' rounding margin: 1e-9 × max(1, |target|)
    return 1e-9 * np.maximum(1.0, np.abs(target))


def main(data_path, rules_path):
    data = pd.read_csv(data_path, dtype={"indicator": "category", "region": "category",
                                         "year": np.int16, "value": np.float64})
    rules = pd.read_csv(rules_path)
    wide = data.pivot(index=["indicator", "region"], columns="year", values="value")
    indicators = sorted(rules["indicator"].unique())
    regions = data["region"].cat.categories
    full = pd.MultiIndex.from_product([indicators, regions], names=["indicator", "region"])
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    wide = wide.reindex(index=full, columns=years)
    cube = wide.to_numpy().reshape(len(indicators), len(regions), len(years))
    position = {name: i for i, name in enumerate(indicators)}

    out = []
    for rule in rules.itertuples(index=False):
        series = cube[position[rule.indicator]]  # regions × years
        if rule.kind in ("bound_2025", "bound_2030"):
            v = series[:, rule.year - FIRST_YEAR]
            present = ~np.isnan(v)
            ok = v <= rule.target + margin(rule.target) if rule.op == "<=" else v >= rule.target - margin(rule.target)
            met, not_met = (present & ok).sum(), (present & ~ok).sum()
            no_data, insufficient = (~present).sum(), 0
        elif rule.kind == "baseline":
            base, v = series[:, 0], series[:, LAST_YEAR - FIRST_YEAR]
            present = ~np.isnan(base) & ~np.isnan(v)
            target = rule.target * base
            ok = v <= target + margin(target)
            met, not_met = (present & ok).sum(), (present & ~ok).sum()
            no_data, insufficient = (~present).sum(), 0
        else:  # decreasing over 2021..2030: every change between consecutive observed years < 0
            window = pd.DataFrame(series[:, 1:], columns=years[1:])
            observed_years = window.notna().mul(np.array(years[1:])).where(window.notna())
            previous_value = window.ffill(axis=1).shift(1, axis=1)
            previous_year = observed_years.ffill(axis=1).shift(1, axis=1)
            change = (window - previous_value) / (observed_years - previous_year)
            broken = (change.notna() & ~(change < -1e-12)).any(axis=1)
            points = window.notna().sum(axis=1)
            met = ((points >= 2) & ~broken).sum()
            not_met = ((points >= 2) & broken).sum()
            no_data, insufficient = (points == 0).sum(), (points == 1).sum()
        out.append({"index": int(rule.index), "kind": rule.kind, "indicator": rule.indicator,
                    "met": int(met), "not_met": int(not_met), "no_data": int(no_data),
                    "insufficient_data": int(insufficient), "other": 0, "volatile": None})
    json.dump({"implementation": "pandas " + pd.__version__, "rows": int(len(data)), "rules": out}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
