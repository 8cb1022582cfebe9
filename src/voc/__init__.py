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
    from voc.result import AnalysisResult

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
    "score",
]

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
    raise AttributeError(f"module 'voc' has no attribute {name!r}")
