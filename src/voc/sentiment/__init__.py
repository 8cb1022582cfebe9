"""Sentiment scoring: backends behind one interface, and the stage that writes the columns."""

from voc.sentiment._base import SentimentBackend, SentimentResult
from voc.sentiment.registry import DEFAULT_BACKEND, backends, resolve_backend
from voc.sentiment.stage import SentimentStage, label_for

__all__ = [
    "DEFAULT_BACKEND",
    "SentimentBackend",
    "SentimentResult",
    "SentimentStage",
    "backends",
    "label_for",
    "resolve_backend",
]
