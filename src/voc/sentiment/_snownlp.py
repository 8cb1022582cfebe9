"""The SnowNLP baseline: a naive Bayes model trained on product reviews, shipped inside snownlp.

Kept as a backend for comparison; it is slow (pure Python) and weak on after-sales language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from voc.sentiment._base import SentimentResult
from voc.text import ProcessedText


def _probability(text: str) -> float:
    from snownlp import SnowNLP

    return float(SnowNLP(text).sentiments)


class SnowNLPSentiment:
    """Map SnowNLP's P(positive) in [0, 1] to a polarity in [-1, 1]."""

    name = "snownlp"

    def score(self, docs: Sequence[ProcessedText]) -> list[SentimentResult]:
        """Score every document; clause scores come from the same model per clause."""
        results = []
        for doc in docs:
            if doc.is_empty:
                results.append(SentimentResult(math.nan))
                continue
            polarity = 2.0 * _probability(doc.text) - 1.0
            clauses = (
                tuple(round(2.0 * _probability(c.text) - 1.0, 4) for c in doc.clauses)
                if len(doc.clauses) > 1
                else (round(polarity, 4),)
            )
            results.append(
                SentimentResult(polarity, abs(polarity), clauses, ("snownlp naive Bayes",))
            )
        return results
