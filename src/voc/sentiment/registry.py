"""Sentiment backends by name. New backends register here; ``--sentiment-backend`` lists them."""

from __future__ import annotations

from voc._registry import Registry
from voc.sentiment._base import SentimentBackend

backends: Registry[SentimentBackend] = Registry("sentiment backend")


@backends.register("snownlp")
def _snownlp() -> SentimentBackend:
    from voc.sentiment._snownlp import SnowNLPSentiment

    return SnowNLPSentiment()


DEFAULT_BACKEND = "snownlp"


def resolve_backend(backend: str | SentimentBackend) -> SentimentBackend:
    """A backend object from a name or an object that already implements the interface."""
    if isinstance(backend, str):
        return backends.create(backend)
    if isinstance(backend, SentimentBackend):
        return backend
    raise TypeError(f"sentiment backend must be a name or have .score(docs); got {type(backend).__name__}")
