"""Parse survey answers that should be numbers but arrive as text ("5分", "４", "9 points", "") ."""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np
import pandas as pd

_NUMBER = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(?:分|星|颗星|points?|pts?|stars?|/\s*\d+)?\s*$", re.IGNORECASE)


def parse_score(value: object) -> float:
    """One answer → float, or NaN when it is blank or not a number.

    Examples:
        >>> parse_score("5分"), parse_score("４"), parse_score(" 9 points"), parse_score("好")
        (5.0, 4.0, 9.0, nan)
    """
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return math.nan
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value))
    match = _NUMBER.match(text)
    return float(match.group(1)) if match else math.nan


def to_scores(series: pd.Series) -> pd.Series:
    """Parse a whole column of answers into floats (NaN for blanks and non-numbers)."""
    return pd.Series([parse_score(v) for v in series], index=series.index, dtype="float64")
