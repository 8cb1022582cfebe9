"""What gets clustered: complaint clauses and praise clauses, not whole comments.

Whole after-sales comments cluster by product (hotel, trousers, fruit); the clauses that complain
cluster by what went wrong. Each comment contributes its negative clauses to the ``issue`` pool;
a comment with no negative clause contributes its positive clauses to the ``praise`` pool, and a
comment with neither (suggestions, plain statements) all its clauses to the ``issue`` pool.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voc.text import ProcessedText, preprocess
from voc.topics._words import embedding_features, feeling_only, topic_words

ISSUE, PRAISE = "issue", "praise"
POOLS = (ISSUE, PRAISE)


@dataclass(frozen=True)
class Units:
    """Clauses to cluster, with the comment each came from."""

    comment: np.ndarray
    text: list[str]
    pool: list[str]
    weight: np.ndarray

    def __len__(self) -> int:
        return len(self.text)

    def indices(self, pool: str) -> np.ndarray:
        """Positions of the units in ``pool``."""
        return np.array([i for i, p in enumerate(self.pool) if p == pool], dtype=np.int64)


def as_docs(texts: Sequence[str | ProcessedText]) -> list[ProcessedText]:
    """Preprocess plain strings; pass :class:`ProcessedText` through."""
    return [t if isinstance(t, ProcessedText) else preprocess(t) for t in texts]


def _finite(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def build_units(
    docs: Sequence[ProcessedText],
    clause_scores: Sequence[Sequence[float] | None] | None = None,
    sentiments: Sequence[float | None] | None = None,
    band: float = 0.2,
) -> Units:
    """Choose the clauses of each comment to cluster (see the module docstring).

    Arguments:
        docs: the comments.
        clause_scores: polarity of each clause of each comment (aligned with ``doc.clauses``).
        sentiments: polarity of each comment; used when its clause scores are missing.
        band: half-width of the neutral band.
    """
    comment: list[int] = []
    text: list[str] = []
    pool: list[str] = []
    weight: list[float] = []
    for i, doc in enumerate(docs):
        clauses = [c.text for c in doc.clauses]
        scores: list[float | None] = [None] * len(clauses)
        given = clause_scores[i] if clause_scores is not None and i < len(clause_scores) else None
        if given is not None and len(given) == len(clauses):
            scores = [_finite(s) for s in given]
        elif sentiments is not None and i < len(sentiments):
            overall = _finite(sentiments[i])
            scores = [overall] * len(clauses)
        keep = [j for j, c in enumerate(clauses) if embedding_features(c)]
        negative = [j for j in keep if scores[j] is not None and scores[j] <= -band]  # type: ignore[operator]
        positive = [j for j in keep if scores[j] is not None and scores[j] >= band]  # type: ignore[operator]
        if negative:
            chosen, kind = negative, ISSUE
        elif positive:
            chosen, kind = positive, PRAISE
        else:
            # Neutral clauses count only with a content word: "没有", "无", "ok" are non-answers.
            chosen, kind = [j for j in keep if topic_words(clauses[j])], ISSUE
        # "配件缺了两周，太失望了": cluster what went wrong; a bare feeling counts only when it is all there is.
        substantive = [j for j in chosen if not feeling_only(clauses[j])]
        chosen = substantive or chosen
        for j in chosen:
            comment.append(i)
            text.append(clauses[j])
            pool.append(kind)
            s = scores[j]
            # Clauses that name something ("配件一直没到货") outweigh bare feelings ("太失望了").
            weight.append((abs(s) if s is not None else 0.1) * (1 + min(len(topic_words(clauses[j])), 3)))
    return Units(np.asarray(comment, dtype=np.int64), text, pool, np.asarray(weight, dtype=np.float32))


def comment_topics(units: Units, unit_topics: np.ndarray, n_comments: int) -> np.ndarray:
    """Each comment's topic: the topic of its weightiest clauses (-1 when none has a topic)."""
    totals: dict[int, dict[int, float]] = {}
    for c, t, w in zip(units.comment.tolist(), unit_topics.tolist(), units.weight.tolist()):
        if t < 0:
            continue
        per = totals.setdefault(c, {})
        per[t] = per.get(t, 0.0) + w + 1e-3
    out = np.full(n_comments, -1, dtype=np.int64)
    for c, per in totals.items():
        out[c] = max(sorted(per), key=lambda t: per[t])
    return out
