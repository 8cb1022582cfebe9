"""Sentiment backends by name. New backends register here; ``--sentiment-backend`` lists them.

A backend that needs a model takes ``model_dir``: ``linear`` and ``ensemble`` default to the
model voc ships, ``transformer`` needs a local directory.
"""

from __future__ import annotations

from pathlib import Path

from voc._registry import Registry
from voc.errors import InputError
from voc.sentiment._base import SentimentBackend

backends: Registry[SentimentBackend] = Registry("sentiment backend")


@backends.register("snownlp")
def _snownlp(model_dir: str | Path | None = None) -> SentimentBackend:
    from voc.sentiment._snownlp import SnowNLPSentiment

    if model_dir is not None:
        raise InputError(
            "the snownlp backend takes no model directory; use --sentiment-backend ensemble or linear"
        )
    return SnowNLPSentiment()


@backends.register("lexicon")
def _lexicon(model_dir: str | Path | None = None) -> SentimentBackend:
    from voc.sentiment._lexicon import LexiconSentiment

    if model_dir is not None:
        raise InputError(
            "the lexicon backend takes no model directory; use --sentiment-backend ensemble or linear"
        )
    return LexiconSentiment()


@backends.register("linear")
def _linear(model_dir: str | Path | None = None) -> SentimentBackend:
    from voc.sentiment._linear import LinearSentiment

    return LinearSentiment(model_dir)


@backends.register("ensemble")
def _ensemble(model_dir: str | Path | None = None) -> SentimentBackend:
    from voc.sentiment._ensemble import EnsembleSentiment

    return EnsembleSentiment(model_dir)


@backends.register("transformer")
def _transformer(model_dir: str | Path | None = None) -> SentimentBackend:
    from voc.sentiment._transformer import TransformerSentiment

    if model_dir is None:
        raise InputError(
            "the transformer backend needs a local model: --sentiment-model DIR (voc never downloads models)"
        )
    return TransformerSentiment(model_dir)


DEFAULT_BACKEND = "ensemble"


def resolve_backend(
    backend: str | SentimentBackend, model_dir: str | Path | None = None
) -> SentimentBackend:
    """A backend object from a name (plus an optional model directory) or an existing object."""
    if isinstance(backend, str):
        return (
            backends.create(backend, model_dir=model_dir)
            if model_dir is not None
            else backends.create(backend)
        )
    if isinstance(backend, SentimentBackend):
        return backend
    raise TypeError(
        f"sentiment backend must be a name or have .score(docs); got {type(backend).__name__}"
    )
