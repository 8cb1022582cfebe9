"""The default per-comment stages, in order. Each stage module adds its own line here."""

from __future__ import annotations

from typing import Any

from voc.pipeline._base import CommentStage
from voc.sentiment import DEFAULT_BACKEND, SentimentStage


def default_stages(sentiment_backend: Any = DEFAULT_BACKEND, **options: Any) -> list[CommentStage]:
    """Build the default stages. Unknown options are an error (a typo must not be ignored)."""
    if options:
        raise TypeError(f"unknown scoring options: {', '.join(sorted(options))}")
    return [SentimentStage(sentiment_backend)]
