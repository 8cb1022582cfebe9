"""The sentiment stage: runs a backend and writes the sentiment columns of the contract."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from voc import columns as C
from voc.sentiment._base import SentimentBackend, SentimentResult
from voc.sentiment.registry import DEFAULT_BACKEND, resolve_backend
from voc.text import ProcessedText

#: |score| below this is ``neutral``. SnowNLP-like probabilities near 0.5 map into it.
DEFAULT_NEUTRAL_BAND = 0.2


def label_for(score: float, neutral_band: float = DEFAULT_NEUTRAL_BAND) -> str:
    """``positive``/``neutral``/``negative`` for a polarity; empty for NaN (no text)."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return ""
    if score >= neutral_band:
        return C.POSITIVE
    if score <= -neutral_band:
        return C.NEGATIVE
    return C.NEUTRAL


#: Polarity given to an explicit "nothing to complain about" answer: satisfied, but not enthusiastic.
NO_COMPLAINT_SCORE = 0.3


def _fixed_result(doc: ProcessedText) -> SentimentResult | None:
    """The result for answers no model should read: placeholders ("无", "N/A") and "没有不满意的"."""
    if doc.is_empty:
        return None
    if doc.is_non_answer:
        return SentimentResult(0.0, 1.0, tuple(0.0 for _ in doc.clauses), ("non-answer: states no opinion",))
    if doc.is_no_complaint:
        return SentimentResult(
            NO_COMPLAINT_SCORE, 0.6, tuple(NO_COMPLAINT_SCORE for _ in doc.clauses), ("no-complaint statement",)
        )
    return None


class SentimentStage:
    """Fill ``sentiment``, ``sentiment_label`` and the sentiment QA columns.

    Arguments:
        backend: a registered backend name or an object with ``score(docs)``.
        neutral_band: half-width of the neutral band around 0.
        model_dir: a model trained with ``voc train sentiment`` (for ``ensemble``/``linear``),
            or a local Hugging Face model (for ``transformer``).
    """

    name = "sentiment"

    def __init__(
        self,
        backend: str | SentimentBackend = DEFAULT_BACKEND,
        neutral_band: float = DEFAULT_NEUTRAL_BAND,
        model_dir: str | Path | None = None,
    ) -> None:
        self.backend = backend
        self.neutral_band = neutral_band
        self.model_dir = model_dir
        self._backend: SentimentBackend | None = None

    @property
    def backend_(self) -> SentimentBackend:
        """The resolved backend (built on first use)."""
        if self._backend is None:
            self._backend = resolve_backend(self.backend, self.model_dir)
        return self._backend

    def fit(
        self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None = None
    ) -> SentimentStage:
        """Nothing to learn per run: backends are trained with ``voc train sentiment``."""
        return self

    def transform(self, docs: Sequence[ProcessedText], frame: pd.DataFrame) -> pd.DataFrame:
        """Score the documents (placeholders and "no complaint" answers by rule, the rest by the backend)."""
        fixed = [_fixed_result(doc) for doc in docs]
        todo = [i for i, r in enumerate(fixed) if r is None]
        scored = iter(self.backend_.score([docs[i] for i in todo]) if todo else [])
        results: list[SentimentResult] = [r if r is not None else next(scored) for r in fixed]
        scores = [
            round(float(r.score), 4) if not math.isnan(r.score) else math.nan for r in results
        ]
        return pd.DataFrame(
            {
                C.SENTIMENT: scores,
                C.SENTIMENT_LABEL: [label_for(s, self.neutral_band) for s in scores],
                C.SENTIMENT_CONFIDENCE: [round(float(r.confidence), 4) for r in results],
                C.SENTIMENT_CLAUSES: [
                    json.dumps(list(r.clause_scores)) if r.clause_scores else "" for r in results
                ],
                C.SENTIMENT_EXPLANATION: ["; ".join(r.explanation) for r in results],
            }
        )
