"""Invalid questionnaires: out-of-range answers, straight-lining and duplicate submissions.

Invalid rows stay in every output (marked, with reasons) but are left out of the statistics, so an
analyst can see what was dropped and why instead of finding numbers that do not add up.
"""

from __future__ import annotations

import pandas as pd

from voc.io.scores import to_scores
from voc.survey.config import SurveyConfig

VALID = "valid"
INVALID_REASONS = "invalid_reasons"
#: A top-score grid contradicts a comment whose ECI is below this (or that names a pain point) …
CONTRADICTION_LOW = 30.0
#: … and a bottom-score grid contradicts a comment above this with no pain point.
CONTRADICTION_HIGH = 65.0


def score_frame(frame: pd.DataFrame, config: SurveyConfig) -> pd.DataFrame:
    """Every configured item parsed to floats ("5分" → 5.0), indexed like ``frame``."""
    return pd.DataFrame(
        {i.column: to_scores(frame[i.column]) for i in config.all_items}, index=frame.index
    )


def check_validity(
    frame: pd.DataFrame,
    config: SurveyConfig,
    id_col: str | None = None,
    date_col: str | None = None,
    tone: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mark each respondent valid or not, with ``;``-separated reasons.

    Arguments:
        frame: the input table (row positions 0..n-1).
        config: the survey config (scales, straight-lining and duplicate modes).
        id_col, date_col: respondent id and submission date, for duplicates.
        tone: per-row ``eci_min``/``eci_max`` (0–100) and ``has_pain`` of the respondent's comments,
            used to judge whether identical grid answers contradict what the respondent wrote.

    Returns:
        a DataFrame with ``valid`` (bool) and ``invalid_reasons`` (str), indexed like ``frame``.
    """
    reasons: list[list[str]] = [[] for _ in range(len(frame))]
    scores = score_frame(frame, config)
    for item in config.all_items:
        values = scores[item.column]
        bad = values.notna() & ((values < item.low) | (values > item.high))
        for pos in (bad.to_numpy()).nonzero()[0]:
            reasons[pos].append(f"out_of_range:{item.column}")
    _straight_lining(scores, config, tone, reasons)
    _duplicates(frame, config, id_col, date_col, reasons)
    return pd.DataFrame(
        {VALID: [not r for r in reasons], INVALID_REASONS: [";".join(r) for r in reasons]},
        index=frame.index,
    )


def _straight_lining(
    scores: pd.DataFrame, config: SurveyConfig, tone: pd.DataFrame | None, reasons: list[list[str]]
) -> None:
    if config.straight_lining == "off":
        return
    grid = [i for i in config.items + ([config.overall] if config.overall else [])]
    if len(grid) < config.min_straight_items:
        return
    values = scores[[i.column for i in grid]]
    answered = values.notna().sum(axis=1)
    same = (values.nunique(axis=1) == 1) & (answered >= config.min_straight_items)
    lows = {i.low for i in grid}
    highs = {i.high for i in grid}
    for pos in same.to_numpy().nonzero()[0]:
        level = float(values.iloc[pos].dropna().iloc[0])
        if config.straight_lining == "any":
            reasons[pos].append("straight_lining")
            continue
        if tone is None:
            continue
        low_eci, high_eci = tone["eci_min"].iat[pos], tone["eci_max"].iat[pos]
        pain = bool(tone["has_pain"].iat[pos]) if "has_pain" in tone else False
        if level in highs and (pain or (pd.notna(low_eci) and low_eci < CONTRADICTION_LOW)):
            reasons[pos].append("straight_lining:top_scores_complaining_text")
        elif level in lows and not pain and pd.notna(high_eci) and high_eci > CONTRADICTION_HIGH:
            reasons[pos].append("straight_lining:bottom_scores_praising_text")


def _duplicates(
    frame: pd.DataFrame,
    config: SurveyConfig,
    id_col: str | None,
    date_col: str | None,
    reasons: list[list[str]],
) -> None:
    if config.duplicates == "off":
        return
    as_text = frame.astype(str)
    exact = as_text.duplicated(keep="first")
    for pos in exact.to_numpy().nonzero()[0]:
        reasons[pos].append("duplicate:identical_row")
    if not id_col:
        return
    order = pd.DataFrame({"id": as_text[id_col], "pos": range(len(frame))})
    if date_col:
        order["date"] = pd.to_datetime(frame[date_col], errors="coerce", format="mixed")
        order = order.sort_values(["date", "pos"], na_position="first")
    order = order[~exact.to_numpy()[order["pos"].to_numpy()]]
    repeated = order[order["id"].duplicated(keep=False)]
    keep = "last" if config.duplicates == "keep_latest" else "first"
    dropped = repeated[repeated["id"].duplicated(keep=keep)]
    label = (
        "duplicate:superseded_by_later_submission" if keep == "last" else "duplicate:repeated_id"
    )
    for pos in dropped["pos"]:
        reasons[int(pos)].append(label)
