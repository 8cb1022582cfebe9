"""Segment tables (customer type, region, model …), the three-part model per segment, and 2σ alerts.

Every figure carries its n and a 95% interval, and segments below ``min_n`` are marked, because a
manager reading "华南 NPS −40" must see at a glance whether that is 5 people or 500.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from voc.drivers._labels import code_label
from voc.survey.metrics import mean_ci, nps, wilson

#: Respondent-table columns these functions read (built by voc.survey.join).
OVERALL, NPS_SCORE, CSAT, BASE_INDEX, RESOLVED, ECI, SENTIMENT, PAIN_POINTS = (
    "overall",
    "nps_score",
    "csat",
    "base_index",
    "resolved",
    "eci",
    "sentiment",
    "pain_points",
)


def _share_ci(flags: pd.Series) -> tuple[float, float, float, int]:
    v = flags.dropna().astype(float)
    n = len(v)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    low, high = wilson(float(v.sum()), n)
    return float(v.mean()), low, high, n


def summarise(
    group: pd.DataFrame, codes: Sequence[str], lang: str = "zh", top: int = 3
) -> dict[str, object]:
    """The headline numbers of one group of valid respondents."""
    row: dict[str, object] = {"n": len(group)}
    if OVERALL in group:
        mean, low, high = mean_ci(group[OVERALL])
        row.update({"overall_mean": mean, "overall_low": low, "overall_high": high})
    if NPS_SCORE in group:
        stats = nps(group[NPS_SCORE])
        row.update(
            {
                "nps": stats["nps"],
                "nps_low": stats["nps_low"],
                "nps_high": stats["nps_high"],
                "nps_n": stats["n"],
            }
        )
    if CSAT in group:
        share, low, high, _ = _share_ci(group[CSAT])
        row.update({"csat": share, "csat_low": low, "csat_high": high})
    if BASE_INDEX in group:
        row["base_index"] = float(group[BASE_INDEX].mean())
    if RESOLVED in group:
        share, low, high, n = _share_ci(group[RESOLVED])
        row.update({"resolution_rate": share, "resolution_n": n})
    if ECI in group:
        mean, low, high = mean_ci(group[ECI])
        row.update({"eci": mean, "eci_low": low, "eci_high": high})
    if SENTIMENT in group:
        row["sentiment"] = float(group[SENTIMENT].mean())
    if PAIN_POINTS in group and len(group):
        sets = group[PAIN_POINTS].fillna("").map(lambda s: {c for c in str(s).split(";") if c})
        shares = {c: float(sets.map(lambda s, c=c: c in s).mean()) for c in codes}
        ranked = sorted(((v, c) for c, v in shares.items() if v > 0), reverse=True)[:top]
        row["top_pain_points"] = "; ".join(f"{code_label(c, lang)} {v:.0%}" for v, c in ranked)
        for c in codes:
            row[f"pp:{c}"] = shares[c]
    return row


def segment_table(
    respondents: pd.DataFrame,
    segment_cols: Sequence[str],
    codes: Sequence[str],
    min_n: int = 30,
    lang: str = "zh",
) -> pd.DataFrame:
    """One row for all valid respondents, then one per value of each segment column."""
    rows = [{"segment": "(全部 all)", "value": "", **summarise(respondents, codes, lang)}]
    for col in segment_cols:
        values = respondents[col].astype(str).where(respondents[col].notna(), "(空 blank)")
        for value, group in respondents.groupby(values, sort=True):
            rows.append({"segment": col, "value": str(value), **summarise(group, codes, lang)})
    table = pd.DataFrame(rows)
    table["small_n"] = table["n"] < min_n
    return table


def _z_rows(seg: pd.Series, rest: pd.Series, min_n: int) -> tuple[float, float, float, int] | None:
    a, b = seg.dropna().astype(float), rest.dropna().astype(float)
    if len(a) < max(min_n, 3) or len(b) < max(min_n, 3):
        return None
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    if se == 0 or math.isnan(se):
        return None
    return float(a.mean()), float(b.mean()), (float(a.mean()) - float(b.mean())) / se, len(a)


def alerts(
    respondents: pd.DataFrame,
    segment_cols: Sequence[str],
    sigma: float = 2.0,
    min_n: int = 10,
    period_col: str | None = None,
) -> pd.DataFrame:
    """Segments (and periods) whose mean differs from everyone else's by more than ``sigma`` standard errors.

    NPS is compared through per-respondent points (+100/0/−100), whose mean is the NPS. A metric
    is compared only where both sides have at least ``min_n`` answers (a resolution rate from
    three statements is no alert).
    """
    metrics = [m for m in ("overall", "nps_points", "csat", "eci", "resolved") if m in respondents]
    rows = []
    cols = list(segment_cols) + ([period_col] if period_col else [])
    for col in cols:
        keys = respondents[col].astype(str)
        for value in sorted(keys.dropna().unique()):
            mask = (keys == value).to_numpy()
            if mask.sum() < min_n:
                continue
            for metric in metrics:
                series = respondents[metric].astype(float)
                result = _z_rows(series[mask], series[~mask], min_n)
                if result is None or abs(result[2]) <= sigma:
                    continue
                seg_mean, rest_mean, z, n = result
                rows.append(
                    {
                        "segment": col,
                        "value": value,
                        "metric": metric,
                        "n": n,
                        "segment_mean": seg_mean,
                        "rest_mean": rest_mean,
                        "z": z,
                        "direction": "better" if z > 0 else "worse",
                    }
                )
    table = pd.DataFrame(
        rows,
        columns=["segment", "value", "metric", "n", "segment_mean", "rest_mean", "z", "direction"],
    )
    if not table.empty:
        table = table.reindex(table["z"].abs().sort_values(ascending=False).index).reset_index(
            drop=True
        )
    return table


def three_part(segments: pd.DataFrame) -> pd.DataFrame:
    """The three-part model per segment: 基础满意度 (0–100), 问题解决率, 情感连接度 (ECI)."""
    keep = [
        c
        for c in (
            "segment",
            "value",
            "n",
            "base_index",
            "resolution_rate",
            "resolution_n",
            "eci",
            "small_n",
        )
        if c in segments
    ]
    return segments[keep].copy()


def trend(respondents: pd.DataFrame, date_col: str, freq: str = "M") -> pd.DataFrame:
    """Per period (month by default): n, overall mean, NPS, ECI and sentiment, for the trend chart."""
    dates = pd.to_datetime(respondents[date_col], errors="coerce", format="mixed")
    if dates.notna().sum() < 2:
        return pd.DataFrame()
    periods = dates.dt.to_period(freq).astype(str)
    rows = []
    for period, group in respondents.groupby(periods, sort=True):
        if period in ("NaT", "nan"):
            continue
        row: dict[str, object] = {"period": period, "n": len(group)}
        if OVERALL in group:
            row["overall_mean"] = float(group[OVERALL].mean())
        if NPS_SCORE in group:
            row["nps"] = nps(group[NPS_SCORE])["nps"]
        if ECI in group:
            row["eci"] = float(group[ECI].mean())
        if SENTIMENT in group:
            row["sentiment"] = float(group[SENTIMENT].mean())
        rows.append(row)
    return pd.DataFrame(rows)


def np_nan_to_none(value: float) -> float | None:
    """NaN → None (for plain-data outputs)."""
    return None if isinstance(value, float) and np.isnan(value) else value
