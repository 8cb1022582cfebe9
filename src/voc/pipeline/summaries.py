"""Small summaries of scored comments shared by the transcript, ticket and joined views."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from voc import columns as C


def split_codes(value: object) -> list[str]:
    """``"parts_supply;communication"`` → ``["parts_supply", "communication"]`` (blank → [])."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [code.strip() for code in str(value).split(";") if code.strip()]


def count_codes(values: Iterable[object]) -> Counter[str]:
    """How often each code occurs in a column of ``;``-separated codes."""
    counts: Counter[str] = Counter()
    for value in values:
        counts.update(split_codes(value))
    return counts


def format_counts(counts: Counter[str], top: int | None = None) -> str:
    """``Counter({"a": 3, "b": 1})`` → ``"a×3; b×1"``, most frequent first, ties by name."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return "; ".join(f"{code}×{n}" for code, n in items)


def union_codes(values: Iterable[object]) -> str:
    """All codes in first-seen order, ``;``-separated."""
    seen: dict[str, None] = {}
    for value in values:
        for code in split_codes(value):
            seen.setdefault(code, None)
    return ";".join(seen)


def mean_or_nan(series: pd.Series) -> float:
    """Mean of the numeric values, NaN when there are none (never a made-up 0)."""
    values = pd.to_numeric(series, errors="coerce").dropna()
    return round(float(values.mean()), 4) if len(values) else math.nan


def emotion_counts(comments: pd.DataFrame) -> Counter[str]:
    """Dominant emotions of the comments, blanks left out."""
    if C.EMOTION not in comments:
        return Counter()
    return Counter(e for e in comments[C.EMOTION].fillna("").astype(str) if e)


def normalize_ids(series: pd.Series) -> pd.Series:
    """Ids as clean strings so sources join: ``1001.0`` → ``"1001"``, blanks → ``""``, spaces stripped.

    Excel turns a numeric id column with one blank into floats; without this a survey's ``1001`` and a
    ticket log's ``1001.0`` would never meet.
    """

    def clean(value: object) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        text = str(value).strip()
        return text[: text.index(".")] if re.fullmatch(r"\d+\.0+", text) else text

    return series.map(clean)
