"""Flags that need the respondent's numeric score: a very low score given with an angry text.

Per-comment scoring never sees survey scores, so ``voc.analyze`` calls this after joining the
comments to their scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from voc import columns as C
from voc.flags.cues import FlagConfig, load_flags
from voc.flags.detector import ANGER_CODE, FRUSTRATION_CODE, LOW_SCORE_CODE, LOW_SCORE_LABEL


def score_range(scores: pd.Series) -> tuple[float, float]:
    """The scale the scores were given on: 1–5, 0–10 or 0–100, judged from the largest value."""
    top = float(scores.max()) if scores.notna().any() else 5.0
    if top <= 5:
        return 1.0, 5.0
    if top <= 10:
        return 0.0, 10.0
    return 0.0, 100.0


def score_text_flags(
    comments: pd.DataFrame,
    scores: Sequence[float] | pd.Series,
    scale: tuple[float, float] | None = None,
    config: FlagConfig | None = None,
) -> pd.DataFrame:
    """Raise comments whose author gave a very low score and wrote an angry text.

    Arguments:
        comments: scored comments (``severity``, ``escalate``, ``flag_reasons``, ``sentiment`` …).
        scores: the author's score for each comment row (NaN when missing), same length.
        scale: (lowest, highest) possible score; judged from the values when omitted.
        config: flag settings (default: voc's); ``low_score_share`` sets what "very low" means.

    Returns:
        a copy of ``comments`` with ``severity``, ``escalate``, ``flag_reasons`` and ``flag_codes``
        updated; the input is not modified.

    Examples:
        >>> import voc
        >>> df = voc.score(["垃圾售后，气死我了", "挺好"])
        >>> score_text_flags(df, [1, 5])["flag_reasons"].str.contains("低分且愤怒").tolist()
        [True, False]
    """
    values = pd.to_numeric(pd.Series(list(scores)), errors="coerce")
    if len(values) != len(comments):
        raise ValueError(f"scores has {len(values)} values for {len(comments)} comments")
    settings = (config or load_flags()).settings
    low, high = scale or score_range(values)
    cutoff = low + settings.low_score_share * (high - low)
    out = comments.copy()
    for column, empty in (
        (C.FLAG_REASONS, ""),
        (C.FLAG_CODES, ""),
        (C.SEVERITY, 0),
        (C.ESCALATE, False),
    ):
        if column not in out.columns:
            out[column] = empty
    sentiment = (
        pd.to_numeric(out[C.SENTIMENT], errors="coerce")
        if C.SENTIMENT in out.columns
        else pd.Series(math.nan, index=out.index)
    )
    for pos, index in enumerate(out.index):
        score = values.iloc[pos]
        if math.isnan(score) or score > cutoff:
            continue
        codes = [c for c in str(out.at[index, C.FLAG_CODES] or "").split(";") if c]
        polarity = sentiment.loc[index]
        # Polarity alone is not anger: sentiment saturates on any complaint, and a polite
        # suggestion from a low scorer ("要是能借台备用机就好了") must not reach QA's queue.
        complains = bool(str(out.at[index, C.PAIN_POINTS] or "")) if C.PAIN_POINTS in out.columns else True
        angry = (
            ANGER_CODE in codes
            or FRUSTRATION_CODE in codes
            or (complains and not math.isnan(polarity) and polarity <= settings.strong_negative)
        )
        if not angry or LOW_SCORE_CODE in codes:
            continue
        reason = f"{LOW_SCORE_LABEL}: 评分 {score:g}"
        reasons = [r for r in str(out.at[index, C.FLAG_REASONS] or "").split(";") if r]
        out.at[index, C.FLAG_REASONS] = ";".join([*reasons, reason])
        out.at[index, C.FLAG_CODES] = ";".join([*codes, LOW_SCORE_CODE])
        out.at[index, C.ESCALATE] = True
        out.at[index, C.SEVERITY] = 2
    return out
