"""Sentiment scoring: backends behind one interface, and the stage that writes the columns.

Backends (by name, see :data:`backends`): ``ensemble`` (default: linear model + rule engine),
``linear``, ``lexicon``, ``snownlp`` (baseline), ``transformer`` (a local Hugging Face model).
"""

from voc.sentiment._base import SentimentBackend, SentimentResult
from voc.sentiment._ensemble import EnsembleSentiment
from voc.sentiment._lexicon import LexiconSentiment
from voc.sentiment._linear import LinearSentiment, LinearSentimentModel
from voc.sentiment._transformer import TransformerSentiment
from voc.sentiment.registry import DEFAULT_BACKEND, backends, resolve_backend
from voc.sentiment.stage import SentimentStage, label_for

__all__ = [
    "DEFAULT_BACKEND",
    "EnsembleSentiment",
    "LexiconSentiment",
    "LinearSentiment",
    "LinearSentimentModel",
    "SentimentBackend",
    "SentimentResult",
    "SentimentStage",
    "TransformerSentiment",
    "backends",
    "label_for",
    "resolve_backend",
]
