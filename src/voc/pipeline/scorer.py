"""Per-comment scoring: preprocess each text once, run the stages in order, assemble the columns.

Scoring is a pure function of each text, so the result is identical whether comments arrive one
at a time (a survey system), in batches, or in chunks of a large file. Chunking only bounds memory
and drives the progress bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from voc import columns as C
from voc.pipeline._base import CommentStage
from voc.text import ProcessedText, preprocess

ProgressCallback = Callable[[int, int], None]
"""Called with (done, total) after each chunk."""

DEFAULT_CHUNK_SIZE = 256
#: Longer comments are cut before scoring (a pasted log or a 1 MB cell would stall every stage).
MAX_TEXT_CHARS = 5_000


class Scorer:
    """Compose per-comment stages.

    Arguments:
        stages: stage objects in order; default: :func:`voc.pipeline.defaults.default_stages`.
        chunk_size: comments per chunk (memory bound and progress granularity only).
        **options: passed to :func:`default_stages` when ``stages`` is not given
            (e.g. ``sentiment_backend="lexicon"``).

    Examples:
        >>> scorer = Scorer()
        >>> scorer.score(["工程师很专业，一次就修好了"])["sentiment_label"].tolist()
        ['positive']
    """

    def __init__(self, stages: Sequence[CommentStage] | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE, **options: Any) -> None:
        if stages is None:
            from voc.pipeline.defaults import default_stages

            stages = default_stages(**options)
        elif options:
            raise TypeError(f"options {sorted(options)} only apply when stages are not given")
        self.stages = list(stages)
        self.chunk_size = max(1, int(chunk_size))

    def score_docs(self, docs: Sequence[ProcessedText], progress: ProgressCallback | None = None) -> pd.DataFrame:
        """Run every stage on preprocessed documents; returns scored columns, indexed 0..n-1."""
        parts = []
        total = len(docs)
        for start in range(0, total, self.chunk_size):
            chunk = docs[start : start + self.chunk_size]
            frame = pd.DataFrame(index=pd.RangeIndex(len(chunk)))
            for stage in self.stages:
                produced = stage.transform(chunk, frame)
                produced.index = frame.index
                frame = pd.concat([frame.drop(columns=[c for c in produced.columns if c in frame.columns]), produced], axis=1)
            parts.append(frame)
            if progress is not None:
                progress(min(start + self.chunk_size, total), total)
        scored = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(index=pd.RangeIndex(0))
        for column, empty in C.EMPTY_VALUES.items():
            if column not in scored.columns:
                scored[column] = [empty] * len(scored)
        scored[C.SEVERITY] = scored[C.SEVERITY].astype("int64")
        scored[C.ESCALATE] = scored[C.ESCALATE].astype(bool)
        scored[C.LANG] = [d.lang for d in docs]
        return scored

    def score(
        self,
        texts: Iterable[object],
        ids: Sequence[object] | None = None,
        source_col: str = "",
        progress: ProgressCallback | None = None,
    ) -> pd.DataFrame:
        """Score raw texts; returns the contract columns (no topics) followed by voc's extras."""
        docs = [preprocess(_truncate(t)) for t in texts]
        scored = score_frame(self.score_docs(docs, progress), docs, ids, source_col)
        return order_columns(scored, C.SCORE_COLUMNS)


def describe_scoring(scorer: Scorer, options: dict[str, Any]) -> dict[str, Any]:
    """The part of a run's recorded config that says how comments were scored."""
    return {
        "stages": [getattr(s, "name", type(s).__name__) for s in scorer.stages],
        "options": {k: (v if isinstance(v, (str, int, float, bool)) else type(v).__name__) for k, v in options.items()},
    }


def _truncate(text: object) -> object:
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        return text[:MAX_TEXT_CHARS]
    return text


def score_frame(scored: pd.DataFrame, docs: Sequence[ProcessedText], ids: Sequence[object] | None, source_col: str | Sequence[str]) -> pd.DataFrame:
    """Prepend id, source column and masked text to the scored columns."""
    n = len(docs)
    id_values = [str(i) for i in ids] if ids is not None else [str(i + 1) for i in range(n)]
    sources = [source_col] * n if isinstance(source_col, str) else [str(s) for s in source_col]
    head = pd.DataFrame({C.ID: id_values, C.SOURCE_COL: sources, C.TEXT: [d.text for d in docs]})
    return pd.concat([head, scored.reset_index(drop=True)], axis=1)


def order_columns(frame: pd.DataFrame, contract: Sequence[str]) -> pd.DataFrame:
    """Contract columns first, in contract order; extra columns after them."""
    first = [c for c in contract if c in frame.columns]
    rest = [c for c in frame.columns if c not in first]
    return frame[first + rest]
