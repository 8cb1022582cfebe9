"""What a sentiment backend returns and the interface it implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from voc.text import ProcessedText


@dataclass(frozen=True)
class SentimentResult:
    """Sentiment of one comment.

    Attributes:
        score: polarity in [-1, 1]; NaN when there is nothing to score.
        confidence: 0..1, how sure the backend is of the sign.
        clause_scores: polarity of each clause of the comment, in clause order.
        explanation: the words/rules that moved the score, most important first.
    """

    score: float
    confidence: float = 0.0
    clause_scores: tuple[float, ...] = field(default=())
    explanation: tuple[str, ...] = field(default=())


@runtime_checkable
class SentimentBackend(Protocol):
    """Scores whole comments. Must give the same result for a text alone or in any batch."""

    name: str

    def score(self, docs: Sequence[ProcessedText]) -> list[SentimentResult]: ...
