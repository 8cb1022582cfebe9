"""Embedding backends for topic modelling, behind one Protocol and a registry.

The default (``tfidf-svd``) needs nothing downloaded: TF-IDF over jieba words and character bigrams,
reduced with a truncated SVD that is fitted on the run's own clauses. Its arrays are saved with the
topic model, so a reloaded model embeds new comments exactly as the original did. A local
sentence-transformers model (a directory) can be used instead; it is referenced by path, not copied.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from voc._registry import Registry
from voc.errors import InputError, ModelError, missing_dependency

logger = logging.getLogger(__name__)


@runtime_checkable
class TopicEmbedder(Protocol):
    """Turns texts into L2-normalised vectors; ``fit`` may learn from the run's texts."""

    name: str

    def fit(self, texts: Sequence[str]) -> TopicEmbedder: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """JSON-able config and named arrays that :func:`embedder_from_state` rebuilds it from."""
        ...


def _l2(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class TfidfSvdEmbedder:
    """Offline embeddings: sublinear TF-IDF of words and bigrams → truncated SVD (LSA).

    Arguments:
        n_components: dimensions kept by the SVD.
        min_df: a feature must occur in this many texts.
        max_features: vocabulary cap (most frequent first).
        random_state: seed of the randomized SVD.

    Examples:
        >>> e = TfidfSvdEmbedder(n_components=2, min_df=1).fit(["配件缺货", "配件等了很久", "师傅很专业"])
        >>> e.embed(["配件缺货"]).shape
        (1, 2)
    """

    name = "voc.topics.tfidf_svd.v1"

    def __init__(self, n_components: int = 100, min_df: int = 2, max_features: int = 40_000, random_state: int = 42) -> None:
        self.n_components = n_components
        self.min_df = min_df
        self.max_features = max_features
        self.random_state = random_state

    def fit(self, texts: Sequence[str]) -> TfidfSvdEmbedder:
        """Learn the vocabulary, idf weights and SVD basis from ``texts``."""
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        from voc.topics._words import embedding_features

        min_df = self.min_df if len(texts) >= 10 * self.min_df else 1
        vectorizer = TfidfVectorizer(analyzer=embedding_features, min_df=min_df, max_features=self.max_features, sublinear_tf=True)
        matrix = vectorizer.fit_transform(list(texts))
        if matrix.shape[1] < 2:
            raise InputError("the texts have too few distinct words to build topic embeddings")
        self.vocabulary_ = [str(w) for w in vectorizer.get_feature_names_out()]
        self.idf_ = vectorizer.idf_.astype(np.float32)
        k = max(1, min(self.n_components, matrix.shape[1] - 1, matrix.shape[0] - 1))
        svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=self.random_state)
        svd.fit(self._tfidf(texts))
        self.components_ = svd.components_.astype(np.float32)
        return self

    def _tfidf(self, texts: Sequence[str]) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        from voc.topics._words import embedding_features

        # One code path for fitted and reloaded embedders, so both give bit-identical vectors.
        counts = CountVectorizer(analyzer=embedding_features, vocabulary={w: i for i, w in enumerate(self.vocabulary_)}, dtype=np.float32)
        matrix = counts.transform(list(texts)).astype(np.float32)
        matrix.data = 1.0 + np.log(matrix.data)
        matrix = matrix.multiply(self.idf_[None, :]).tocsr()
        return normalize(matrix, norm="l2")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised LSA vectors of ``texts`` (zero vectors for texts without known features)."""
        if not hasattr(self, "components_"):
            raise InputError("TfidfSvdEmbedder is not fitted: call fit(texts) first")
        return _l2(np.asarray(self._tfidf(texts) @ self.components_.T, dtype=np.float32))

    def coverage(self, texts: Sequence[str]) -> np.ndarray:
        """Share of each text's features the vocabulary knows (0 for a text without features).

        A clause about something never seen ("屏幕漏光") may keep one known bigram, and its vector
        is then that bigram's direction alone; low coverage says the vector cannot be trusted.
        """
        from voc.topics._words import embedding_features

        known = getattr(self, "_known", None)
        if known is None:
            known = self._known = frozenset(self.vocabulary_)
        out = np.zeros(len(texts), dtype=np.float32)
        for i, text in enumerate(texts):
            features = embedding_features(text)
            if features:
                out[i] = sum(1 for f in features if f in known) / len(features)
        return out

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Parameters and vocabulary as JSON, idf and SVD basis as arrays."""
        config = {
            "name": self.name,
            "params": {"n_components": self.n_components, "min_df": self.min_df, "max_features": self.max_features, "random_state": self.random_state},
            "vocabulary": self.vocabulary_,
        }
        return config, {"idf": self.idf_, "components": self.components_}

    @classmethod
    def from_state(cls, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> TfidfSvdEmbedder:
        """Rebuild a fitted embedder saved with :meth:`get_state`."""
        embedder = cls(**config["params"])
        embedder.vocabulary_ = list(config["vocabulary"])
        embedder.idf_ = np.asarray(arrays["idf"], dtype=np.float32)
        embedder.components_ = np.asarray(arrays["components"], dtype=np.float32)
        if embedder.components_.shape[1] != len(embedder.vocabulary_):
            raise ModelError("topic model embedder is corrupt: vocabulary and SVD basis sizes differ")
        return embedder


class SentenceTransformerEmbedder:
    """A local sentence-transformers model (a directory); never fetched from a hub.

    Arguments:
        model_path: directory of a saved sentence-transformers model.
        batch_size: texts per forward pass.
    """

    name = "voc.topics.sentence_transformers.v1"

    def __init__(self, model_path: str | Path, batch_size: int = 64) -> None:
        self.model_path = str(model_path)
        self.batch_size = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            if not Path(self.model_path).is_dir():
                raise InputError(f"embedding model '{self.model_path}' is not a local directory; give the path of a saved sentence-transformers model")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise missing_dependency("sentence-transformers", "topic embeddings from a local model") from exc
            self._model = SentenceTransformer(self.model_path, device="cpu", local_files_only=True)
        return self._model

    def fit(self, texts: Sequence[str]) -> SentenceTransformerEmbedder:
        """Nothing to learn: the model is pretrained."""
        self._load()
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised sentence embeddings."""
        vectors = self._load().encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Only the path: the model directory itself is not copied."""
        return {"name": self.name, "params": {"model_path": self.model_path, "batch_size": self.batch_size}}, {}

    @classmethod
    def from_state(cls, config: dict[str, Any], arrays: dict[str, np.ndarray]) -> SentenceTransformerEmbedder:
        """Point at the same local model directory again."""
        return cls(**config["params"])


EMBEDDERS: Registry[TopicEmbedder] = Registry("topic embedding backend")
EMBEDDERS.register("tfidf-svd")(TfidfSvdEmbedder)
EMBEDDERS.register("sentence-transformers")(SentenceTransformerEmbedder)

_BY_SAVED_NAME: dict[str, Any] = {
    TfidfSvdEmbedder.name: TfidfSvdEmbedder,
    SentenceTransformerEmbedder.name: SentenceTransformerEmbedder,
}


def resolve_embedder(spec: str | Path | TopicEmbedder | None, random_state: int = 42) -> TopicEmbedder:
    """A backend from a registered name, a local model directory, or an object (used as is)."""
    if spec is None or spec == "tfidf-svd":
        return TfidfSvdEmbedder(random_state=random_state)
    if isinstance(spec, TopicEmbedder) and not isinstance(spec, (str, Path)):
        return spec
    if isinstance(spec, Path) or (isinstance(spec, str) and ("/" in spec or "\\" in spec or Path(spec).is_dir())):
        return SentenceTransformerEmbedder(spec)
    if isinstance(spec, str):
        return EMBEDDERS.create(spec)
    raise InputError(f"embedding must be a backend name ({', '.join(EMBEDDERS.names())}), a model directory or an embedder object, not {type(spec).__name__}")


def embedder_from_state(config: dict[str, Any], arrays: dict[str, np.ndarray]) -> TopicEmbedder:
    """Rebuild a saved embedder; unknown names mean the model was written by another voc."""
    cls = _BY_SAVED_NAME.get(config.get("name", ""))
    if cls is None:
        raise ModelError(f"topic model uses embedder '{config.get('name')}', which this voc does not know; known: {', '.join(sorted(_BY_SAVED_NAME))}")
    return cls.from_state(config, arrays)  # type: ignore[no-any-return]


def bertopic_backend(embedder: TopicEmbedder) -> Any:
    """Wrap ``embedder`` for BERTopic (it embeds the guided seed words through it)."""
    from bertopic.backend import BaseEmbedder

    class _VocEmbedder(BaseEmbedder):  # type: ignore[misc]
        def __init__(self, inner: TopicEmbedder) -> None:
            super().__init__()
            self.inner = inner

        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            return self.inner.embed(list(documents))

    return _VocEmbedder(embedder)
