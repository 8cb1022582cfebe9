"""The emotion stage: intensity of each after-sales emotion and the dominant one per comment.

A pure function of each comment's clauses: lexicon words, scaled by degree adverbs, cancelled
or turned round by negators ("不放心" is anxiety, "不担心" reassurance), stronger with "!".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from voc import columns as C
from voc.emotion._lexicon import EmotionLexicon, load_emotion_lexicon
from voc.text import ProcessedText

#: An emotion is dominant only when its intensity reaches this (else the comment is neutral).
DOMINANT_THRESHOLD = 0.3
#: intensity = 1 − exp(−evidence / SATURATION): one ordinary word ≈ 0.49, two ≈ 0.74.
SATURATION = 1.5
NEGATION_SCOPE = 4


def emotion_column(code: str) -> str:
    """The intensity column of an emotion code (``anger`` → ``emotion_anger``)."""
    return f"{C.EMOTION}_{code}"


class EmotionStage:
    """Fill ``emotion`` (dominant code, empty when none) and ``emotion_<code>`` intensities (0–1).

    Arguments:
        lexicon: ``"voc"`` (default, MIT) or ``"dutir"`` — adds DUTIR's seven categories
            (``dutir_joy`` …) as extra columns; DUTIR is licensed for research only.
        threshold: minimum intensity for an emotion to be the dominant one.

    Examples:
        >>> from voc.text import preprocess
        >>> frame = EmotionStage().transform([preprocess("等了一个月还没修好，气死我了")], pd.DataFrame(index=[0]))
        >>> frame["emotion"].tolist()
        ['anger']
    """

    name = "emotion"

    def __init__(self, lexicon: str = "voc", threshold: float = DOMINANT_THRESHOLD) -> None:
        self.lexicon = lexicon
        self.threshold = threshold

    @property
    def lexicon_(self) -> EmotionLexicon:
        """The loaded lexicon (cached per process)."""
        return load_emotion_lexicon(self.lexicon)

    def fit(self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None = None) -> EmotionStage:
        """Rule-based: nothing to learn."""
        return self

    def transform(self, docs: Sequence[ProcessedText], frame: pd.DataFrame) -> pd.DataFrame:
        """One row per document: the dominant emotion and one intensity column per code."""
        lexicon = self.lexicon_
        rows = [self.intensities(doc, lexicon) for doc in docs]
        data: dict[str, list[object]] = {C.EMOTION: [self._dominant(r) for r in rows]}
        for code in lexicon.codes:
            data[emotion_column(code)] = [r[code] if r else math.nan for r in rows]
        return pd.DataFrame(data)

    def _dominant(self, row: dict[str, float]) -> str:
        if not row:
            return ""
        code, value = max(row.items(), key=lambda item: (item[1], item[0]))
        return code if value >= self.threshold else ""

    def intensities(
        self, doc: ProcessedText, lexicon: EmotionLexicon | None = None
    ) -> dict[str, float]:
        """Intensity 0–1 of each emotion in one comment (empty dict for a blank comment)."""
        lexicon = lexicon or self.lexicon_
        if doc.is_empty:
            return {}
        evidence = dict.fromkeys(lexicon.codes, 0.0)
        for clause in doc.clauses:
            boost = 1.0 + 0.2 * min(clause.text.count("!"), 3)
            for code, weight in _scan(clause.text.lower(), lexicon):
                evidence[code] += weight * boost
        return {
            code: round(1.0 - math.exp(-value / SATURATION), 4) for code, value in evidence.items()
        }


def _scan(text: str, lexicon: EmotionLexicon) -> list[tuple[str, float]]:
    """Longest-match scan of one clause; negators cancel or turn round the next emotion word."""
    found: list[tuple[str, float]] = []
    negated_at, degree, degree_at = -99, 1.0, -99
    for i, length, (kind, code, weight) in lexicon.matcher.finditer(text):
        if kind == "word":
            if i - degree_at <= NEGATION_SCOPE:
                weight *= degree
            if i - negated_at <= NEGATION_SCOPE:
                code = lexicon.negated.get(code, "")
                weight *= 0.6
            if code:
                found.append((code, weight))
            negated_at, degree, degree_at = -99, 1.0, -99
        elif kind == "negation":
            negated_at = i + length
        else:
            degree, degree_at = weight, i + length
    return found
