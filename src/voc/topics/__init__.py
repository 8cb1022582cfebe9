"""Topics: BERTopic over the complaint (and praise) clauses of all comments of a run.

Heavy libraries (bertopic, umap, hdbscan, sentence-transformers) load only when a model is fitted
or a sentence-transformers backend is used, never at ``import voc.topics``.
"""

from voc._modeldir import compatible
from voc.topics._embedders import (
    EMBEDDERS,
    SentenceTransformerEmbedder,
    TfidfSvdEmbedder,
    TopicEmbedder,
    resolve_embedder,
)
from voc.topics._model import MIN_COMMENTS, TopicAssignment, TopicInfo, TopicModeler

__all__ = [
    "EMBEDDERS",
    "MIN_COMMENTS",
    "SentenceTransformerEmbedder",
    "TfidfSvdEmbedder",
    "TopicAssignment",
    "TopicEmbedder",
    "TopicInfo",
    "TopicModeler",
    "compatible",
    "resolve_embedder",
]
