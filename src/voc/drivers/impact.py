"""What drives satisfaction: per pain point and topic, who has it and how much it costs.

The raw "with vs without" gap double-counts problems that travel together (a slow repair often
comes with poor communication), so the impact is the coefficient of a joint ridge regression of
the outcome on every driver indicator at once, with a seeded bootstrap for its 95% interval.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Drivers with fewer respondents than this get no regression impact (it would be noise).
MIN_DRIVER_N = 5
RIDGE = 1.0


def _fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Ridge coefficients of the indicators (intercept unpenalised, centred out)."""
    xc = x - x.mean(axis=0)
    yc = y - y.mean()
    gram = xc.T @ xc + RIDGE * np.eye(x.shape[1])
    return np.linalg.solve(gram, xc.T @ yc)


def adjusted_impacts(
    features: pd.DataFrame, outcome: pd.Series, bootstrap: int = 500, seed: int = 0
) -> pd.DataFrame:
    """Regression-adjusted impact of each indicator on ``outcome`` with a 95% bootstrap interval.

    Arguments:
        features: 0/1 indicators, one column per driver, one row per respondent.
        outcome: the score to explain (NaN rows are left out).
        bootstrap: number of resamples (0: no interval).
        seed: random seed for the resamples.

    Returns:
        columns ``impact``, ``impact_low``, ``impact_high`` indexed by driver.
    """
    out = pd.DataFrame(
        np.nan, index=features.columns, columns=["impact", "impact_low", "impact_high"]
    )
    keep = outcome.notna()
    x_all = features[keep].to_numpy(dtype=float)
    y = outcome[keep].to_numpy(dtype=float)
    usable = x_all.sum(axis=0) >= MIN_DRIVER_N
    if len(y) < 10 or not usable.any():
        return out
    x = x_all[:, usable]
    names = features.columns[usable]
    out.loc[names, "impact"] = _fit(x, y)
    if bootstrap > 0:
        rng = np.random.default_rng(seed)
        draws = np.empty((bootstrap, x.shape[1]))
        n = len(y)
        for b in range(bootstrap):
            idx = rng.integers(0, n, n)
            draws[b] = _fit(x[idx], y[idx])
        out.loc[names, "impact_low"] = np.percentile(draws, 2.5, axis=0)
        out.loc[names, "impact_high"] = np.percentile(draws, 97.5, axis=0)
    return out


def driver_table(
    features: pd.DataFrame,
    overall: pd.Series | None,
    nps_points: pd.Series | None,
    labels: dict[str, str] | None = None,
    kinds: dict[str, str] | None = None,
    bootstrap: int = 500,
    seed: int = 0,
) -> pd.DataFrame:
    """One row per driver: share, with/without means and NPS, adjusted impacts, priority and rank.

    Arguments:
        features: 0/1 indicators (valid respondents only), one column per driver.
        overall: overall satisfaction per respondent (or None).
        nps_points: +100 promoter, 0 passive, −100 detractor per respondent (mean = NPS), or None.
        labels: display name per driver; kinds: ``pain_point`` or ``topic`` per driver.

    Priority is share × the satisfaction lost (−impact on overall, else on NPS): the points the
    whole population would gain if the problem went away. Ranked highest first.
    """
    labels = labels or {}
    kinds = kinds or {}
    n = len(features)
    rows = []
    for name in features.columns:
        has = features[name].astype(bool)
        row: dict[str, object] = {
            "driver": name,
            "label": labels.get(name, name),
            "kind": kinds.get(name, ""),
            "n_with": int(has.sum()),
            "share": float(has.mean()) if n else math.nan,
        }
        for key, series in (("overall", overall), ("nps", nps_points)):
            if series is None:
                continue
            row[f"{key}_with"] = float(series[has].mean()) if has.any() else math.nan
            row[f"{key}_without"] = float(series[~has].mean()) if (~has).any() else math.nan
            row[f"{key}_gap"] = row[f"{key}_with"] - row[f"{key}_without"]  # type: ignore[operator]
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table = table.set_index("driver")
    for key, series in (("overall", overall), ("nps", nps_points)):
        if series is None:
            continue
        impacts = adjusted_impacts(features, series, bootstrap, seed)
        table[f"{key}_impact"] = impacts["impact"]
        table[f"{key}_impact_low"] = impacts["impact_low"]
        table[f"{key}_impact_high"] = impacts["impact_high"]
    basis = (
        "overall_impact"
        if overall is not None
        else "nps_impact"
        if nps_points is not None
        else None
    )
    if basis is not None:
        table["priority"] = table["share"] * (-table[basis])
        significant = table[f"{basis}_high"] < 0 if f"{basis}_high" in table else False
        table["significant"] = significant
        table = table.sort_values("priority", ascending=False, na_position="last")
        table["rank"] = range(1, len(table) + 1)
    return table.reset_index()
