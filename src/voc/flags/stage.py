"""The flag stage: ``severity``, ``escalate`` and ``flag_reasons`` from the text and earlier stages."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from voc import columns as C
from voc.flags.cues import FlagConfig
from voc.flags.detector import FlagDetector
from voc.text import ProcessedText

#: Anger intensity 0..1 written by an emotion stage, when one runs before this stage.
EMOTION_ANGER = "emotion_anger"


def _column(frame: pd.DataFrame | None, name: str, n: int, empty: Any) -> list[Any]:
    if frame is None or name not in frame.columns:
        return [empty] * n
    return list(frame[name])


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


class FlagStage:
    """Fill ``severity``, ``escalate``, ``flag_reasons`` and ``flag_codes``.

    Runs after sentiment, emotion and pain points: it reads ``sentiment``, ``emotion``,
    ``emotion_anger`` and ``pain_points`` from ``frame`` when they are there and works from the
    text alone when they are not.

    Arguments:
        flags: a flag cue file path, a loaded :class:`FlagConfig`, or None for voc's default.

    Examples:
        >>> from voc.text import preprocess
        >>> FlagStage().transform([preprocess("充电时冒烟了，太吓人")], None)["flag_reasons"].tolist()
        ['安全隐患: 冒烟']
    """

    name = "flags"

    def __init__(self, flags: FlagConfig | str | Path | None = None) -> None:
        self.flags = flags
        self._detector: FlagDetector | None = None

    @property
    def detector_(self) -> FlagDetector:
        """The detector, built on first use."""
        if self._detector is None:
            self._detector = FlagDetector(
                str(self.flags) if isinstance(self.flags, Path) else self.flags
            )
        return self._detector

    def fit(self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None = None) -> FlagStage:
        """Rule-based: nothing to learn."""
        return self

    def transform(self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None) -> pd.DataFrame:
        """Flag each document."""
        n = len(docs)
        pains = _column(frame, C.PAIN_POINTS, n, "")
        sentiments = _column(frame, C.SENTIMENT, n, math.nan)
        emotions = _column(frame, C.EMOTION, n, "")
        angers = _column(frame, EMOTION_ANGER, n, math.nan)
        rows = []
        for doc, pain, sentiment, emotion, anger in zip(docs, pains, sentiments, emotions, angers):
            codes = [c for c in str(pain or "").split(";") if c]
            result = self.detector_.flag(
                doc, codes, _number(sentiment), str(emotion or ""), _number(anger)
            )
            rows.append(
                (result.severity, result.escalate, ";".join(result.reasons), ";".join(result.codes))
            )
        return pd.DataFrame(
            {
                C.SEVERITY: pd.array([r[0] for r in rows], dtype="int64"),
                C.ESCALATE: [r[1] for r in rows],
                C.FLAG_REASONS: [r[2] for r in rows],
                C.FLAG_CODES: [r[3] for r in rows],
            }
        )
