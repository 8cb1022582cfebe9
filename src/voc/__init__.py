"""voc — voice of the customer: after-sales feedback (mostly Chinese) into numbers you can act on.

The public surface is this file. Heavy pieces load on first use, so ``import voc`` stays fast
and never imports torch.

Examples:
    >>> import voc
    >>> voc.score(["工程师很专业，一次就修好了"])["sentiment_label"].tolist()
    ['positive']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from voc._version import __version__
from voc.errors import (
    ColumnDetectionError,
    ConfigError,
    InputError,
    MissingDependencyError,
    ModelError,
    VocError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from voc.pipeline.analyze import analyze
    from voc.pipeline.scorer import Scorer
    from voc.pipeline.sources import analyze_project, analyze_sources
    from voc.result import AnalysisResult
    from voc.tickets import analyze_tickets
    from voc.transcripts import analyze_transcripts

__all__ = [
    "AnalysisResult",
    "ColumnDetectionError",
    "ConfigError",
    "InputError",
    "MissingDependencyError",
    "ModelError",
    "Scorer",
    "VocError",
    "__version__",
    "analyze",
    "analyze_project",
    "analyze_sources",
    "analyze_tickets",
    "analyze_transcripts",
    "score",
]

# Other input kinds (issue 7): name → module that defines it, imported on first access.
_SOURCE_FUNCTIONS = {
    "analyze_transcripts": "voc.transcripts",
    "analyze_tickets": "voc.tickets",
    "analyze_sources": "voc.pipeline.sources",
    "analyze_project": "voc.pipeline.sources",
}

_scorers: dict[tuple, Any] = {}


def score(texts: Iterable[object], **options: Any) -> pd.DataFrame:
    """Score comments one by one (no corpus-level topics); returns the per-comment columns.

    Arguments:
        texts: a list or Series of strings (blank/NaN entries give empty scores).
        **options: scoring options, e.g. ``sentiment_backend="lexicon"``.

    Returns:
        a DataFrame with one row per text, in order: ``id`` (1-based position), ``source_col``,
        ``text`` (PII-masked), ``sentiment``, ``sentiment_label``, ``emotion``, ``pain_points``,
        ``severity``, ``escalate``, ``flag_reasons``, ``eci``, then voc's extra columns.
    """
    from voc.pipeline.scorer import Scorer

    key = tuple(sorted((k, repr(v)) for k, v in options.items()))
    if key not in _scorers:
        _scorers[key] = Scorer(**options)
    if isinstance(texts, str):
        texts = [texts]
    return _scorers[key].score(list(texts))


def __getattr__(name: str) -> Any:
    # PEP 562: resolve the heavier public names on first access.
    if name == "analyze":
        from voc.pipeline.analyze import analyze

        return analyze
    if name == "AnalysisResult":
        from voc.result import AnalysisResult

        return AnalysisResult
    if name == "Scorer":
        from voc.pipeline.scorer import Scorer

        return Scorer
    if name in _SOURCE_FUNCTIONS:
        import importlib

        return getattr(importlib.import_module(_SOURCE_FUNCTIONS[name]), name)
    raise AttributeError(f"module 'voc' has no attribute {name!r}")
