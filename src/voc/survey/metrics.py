"""Survey statistics: NPS, CSAT, top-2-box, item and dimension means against targets, with intervals.

Intervals are closed-form (Wilson for shares, the multinomial variance for NPS, t-free normal for
means): they are computed for every segment and item, so they must be cheap and need no seed.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from voc.survey.config import ScoreItem, SurveyConfig

Z95 = 1.959964


def wilson(successes: float, n: int) -> tuple[float, float]:
    """95% Wilson interval of a share (in 0–1); (nan, nan) when n is 0."""
    if n <= 0:
        return math.nan, math.nan
    p = successes / n
    denom = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denom
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_ci(values: pd.Series) -> tuple[float, float, float]:
    """(mean, low, high) with a normal 95% interval; NaNs ignored."""
    v = values.dropna().astype(float)
    if v.empty:
        return math.nan, math.nan, math.nan
    mean = float(v.mean())
    if len(v) < 2:
        return mean, math.nan, math.nan
    half = Z95 * float(v.std(ddof=1)) / math.sqrt(len(v))
    return mean, mean - half, mean + half


def nps_groups(values: pd.Series) -> pd.Series:
    """``promoter`` (9–10), ``passive`` (7–8), ``detractor`` (0–6), empty when unanswered or out of range."""
    out = pd.Series("", index=values.index, dtype=object)
    out[(values >= 9) & (values <= 10)] = "promoter"
    out[(values >= 7) & (values < 9)] = "passive"
    out[(values >= 0) & (values < 7)] = "detractor"
    return out


def nps(values: pd.Series) -> dict[str, float]:
    """NPS (−100…100) with promoter/passive/detractor shares and a 95% interval.

    Examples:
        >>> round(nps(pd.Series([10, 9, 8, 3]))["nps"], 1)
        25.0
    """
    v = values.dropna()
    v = v[(v >= 0) & (v <= 10)]
    n = len(v)
    if n == 0:
        return {
            "n": 0,
            "nps": math.nan,
            "promoters": math.nan,
            "passives": math.nan,
            "detractors": math.nan,
            "nps_low": math.nan,
            "nps_high": math.nan,
        }
    p = float((v >= 9).mean())
    d = float((v <= 6).mean())
    score = p - d
    half = Z95 * math.sqrt(max(p + d - score**2, 0.0) / n)
    return {
        "n": n,
        "nps": 100 * score,
        "promoters": p,
        "passives": 1 - p - d,
        "detractors": d,
        "nps_low": 100 * max(-1.0, score - half),
        "nps_high": 100 * min(1.0, score + half),
    }


def top_box_share(values: pd.Series, item: ScoreItem) -> tuple[float, float, float, int]:
    """Share answering in the top-2 box (CSAT on a 5-point item: % 4–5), with its interval and n."""
    v = values.dropna()
    v = v[(v >= item.low) & (v <= item.high)]
    n = len(v)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    hits = float((v >= item.top_two).sum())
    low, high = wilson(hits, n)
    return hits / n, low, high, n


def in_range(values: pd.Series, item: ScoreItem) -> pd.Series:
    """Answers outside the item's scale become NaN (they are reported, never averaged)."""
    return values.where((values >= item.low) & (values <= item.high))


def base_index(scores: pd.DataFrame, config: SurveyConfig) -> pd.Series:
    """Per-respondent weighted dimension index 0–100 (基础满意度) over the grid items answered."""
    if not config.items:
        return pd.Series(np.nan, index=scores.index)
    total = pd.Series(0.0, index=scores.index)
    weight = pd.Series(0.0, index=scores.index)
    for item in config.items:
        if item.weight <= 0:
            continue
        norm = item.normalise(in_range(scores[item.column], item))
        total += norm.fillna(0.0) * item.weight
        weight += norm.notna() * item.weight
    return (total / weight.replace(0.0, np.nan)).round(2)


def item_table(scores: pd.DataFrame, config: SurveyConfig) -> pd.DataFrame:
    """One row per item: n, mean with interval, top-2-box share, target, attainment and shortfall."""
    rows = []
    for item in config.all_items:
        role = "overall" if item is config.overall else "nps" if item is config.nps else "grid"
        values = in_range(scores[item.column], item)
        mean, low, high = mean_ci(values)
        top2, _, _, n = top_box_share(values, item)
        attainment = mean / item.target if item.target and not math.isnan(mean) else math.nan
        rows.append(
            {
                "item": item.column,
                "role": role,
                "dimension": item.dimension,
                "scale": f"{item.low:g}-{item.high:g}",
                "weight": item.weight if role == "grid" else math.nan,
                "n": n,
                "mean": mean,
                "mean_low": low,
                "mean_high": high,
                "top2_share": top2,
                "target": item.target if item.target is not None else math.nan,
                "attainment": attainment,
                "shortfall": bool(
                    not math.isnan(attainment) and attainment < config.shortfall_ratio
                ),
            }
        )
    return pd.DataFrame(rows)


def dimension_table(items: pd.DataFrame, config: SurveyConfig) -> pd.DataFrame:
    """One row per dimension: weight, mean, index 0–100, target, attainment, shortfall (< ratio × target)."""
    grid = {i.column: i for i in config.items}
    rows = []
    table = items[items["role"] == "grid"]
    for dimension, part in table.groupby("dimension", sort=False):
        specs = [grid[c] for c in part["item"]]
        weights = np.array([max(s.weight, 1e-9) for s in specs])
        means = part["mean"].to_numpy(dtype=float)
        ok = ~np.isnan(means)
        if not ok.any():
            continue
        mean = float(np.average(means[ok], weights=weights[ok]))
        index = float(
            np.average(
                [
                    (m - s.low) / (s.high - s.low) * 100
                    for m, s, k in zip(means, specs, ok, strict=True)
                    if k
                ],
                weights=weights[ok],
            )
        )
        targets = [
            (s.target, w) for s, w in zip(specs, weights, strict=True) if s.target is not None
        ]
        target = (
            float(np.average([t for t, _ in targets], weights=[w for _, w in targets]))
            if targets
            else math.nan
        )
        attainment = mean / target if target and not math.isnan(target) else math.nan
        rows.append(
            {
                "dimension": dimension,
                "weight": float(sum(s.weight for s in specs)),
                "items": "、".join(part["item"]),
                "mean": mean,
                "index": index,
                "target": target,
                "attainment": attainment,
                "shortfall": bool(
                    not math.isnan(attainment) and attainment < config.shortfall_ratio
                ),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "dimension",
            "weight",
            "items",
            "mean",
            "index",
            "target",
            "attainment",
            "shortfall",
        ],
    )
    total = out["weight"].sum()
    if total > 0:
        out["weight"] = out["weight"] / total
    return out
