"""``TopicModeler``: BERTopic over complaint and praise clauses, with stable, reusable topics.

BERTopic (guided UMAP + HDBSCAN + c-TF-IDF) finds the topics at ``fit``. What is kept afterwards is
small and plain — the embedder's arrays, one centroid and one similarity threshold per topic, the
topic words and labels — so ``transform`` on a new survey wave places clauses by cosine similarity
to the old centroids, and clauses no old topic is close enough to stay -1 and are reported as new.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voc import columns as C
from voc.errors import InputError
from voc.text import ProcessedText
from voc.topics._embedders import TopicEmbedder, bertopic_backend, resolve_embedder
from voc.topics._seeds import (
    detected_code,
    distinctive,
    match_code,
    taxonomy_detector,
    taxonomy_seed_terms,
)
from voc.topics._units import ISSUE, POOLS, PRAISE, Units, as_docs, build_units, comment_topics
from voc.topics._words import label_words, make_label, topic_words

logger = logging.getLogger(__name__)

Texts = Sequence[str | ProcessedText]
ClauseScores = Sequence[Sequence[float] | None] | None
#: Below this many comments a topic model says more about chance than about the customers.
MIN_COMMENTS = 50
#: A pool (issue/praise) with fewer clauses than this is not clustered.
MIN_POOL_UNITS = 30
OUTLIER = -1


@dataclass(frozen=True)
class TopicInfo:
    """One fitted topic."""

    topic_id: int
    kind: str
    label: str
    words: tuple[str, ...]
    code: str = ""
    threshold: float = 0.0
    mixed: bool = False
    """Its words cover few of its clauses: a remainder of varied complaints, labelled 其他."""


@dataclass
class TopicAssignment:
    """Where each comment and each clause went."""

    topic_ids: np.ndarray
    units: Units
    unit_topics: np.ndarray
    unit_similarity: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))


def _import_topic_libraries() -> None:
    """Import bertopic, umap and hdbscan once, with an install hint when one is missing."""
    import importlib

    from voc.errors import missing_dependency

    with warnings.catch_warnings():
        # umap warns at import that the optional TensorFlow (ParametricUMAP) is absent; voc never uses it.
        warnings.filterwarnings("ignore", message="Tensorflow not installed", category=ImportWarning)
        for package, dist in (("umap", "umap-learn"), ("hdbscan", "hdbscan"), ("bertopic", "bertopic")):
            try:
                importlib.import_module(package)
            except ImportError as exc:
                raise missing_dependency(dist, "topic modelling") from exc


class TopicModeler:
    """Topics of what customers complain about (and praise), from all comments of a run.

    Arguments:
        embedding: ``"tfidf-svd"`` (offline, default), ``"sentence-transformers"``/a local model
            directory, or an object implementing :class:`~voc.topics.TopicEmbedder`.
        seed_topics: ``"taxonomy"`` (seed terms of voc's taxonomy), a path to a taxonomy file,
            ``{code: [terms]}``, or ``None`` for unguided topics.
        min_topic_size: smallest cluster HDBSCAN keeps (default: grows with the number of clauses).
        n_neighbors, n_components: UMAP settings.
        max_fit_units: clauses per pool given to UMAP/HDBSCAN; the rest are placed by similarity
            (bounds run time on large surveys; below 4,096 points UMAP finds neighbours exactly
            and skips pynndescent, whose numba compilation alone takes minutes on a small machine).
        reduce_outliers: place HDBSCAN's outliers in the nearest topic when similar enough.
        outlier_quantile: a clause joins a topic when it is at least as similar to the centroid
            as this quantile of the topic's own members.
        max_topics: at most this many topics per pool (BERTopic merges the most similar);
            default: one per 50 clauses, between 5 and 20.
        cluster_selection: HDBSCAN's ``"eom"`` (fewer, larger clusters) or ``"leaf"`` (finer).
        praise_topics: also cluster praise-only comments (else they get -1).
        neutral_band: clause polarity within ±band is neutral.
        min_comments: fewer comments than this raise :class:`~voc.errors.InputError` in ``fit``.
        random_state: seed for SVD, sampling and UMAP (HDBSCAN is deterministic).

    Examples:
        >>> modeler = TopicModeler(random_state=7)            # doctest: +SKIP
        >>> modeler.fit(texts, clause_scores=scores)           # doctest: +SKIP
        >>> modeler.transform(new_texts, clause_scores=new_scores)[["topic_id", "topic_label"]]  # doctest: +SKIP
    """

    def __init__(
        self,
        embedding: str | Path | TopicEmbedder | None = "tfidf-svd",
        seed_topics: Any = "taxonomy",
        min_topic_size: int | None = None,
        n_neighbors: int = 15,
        n_components: int = 5,
        max_fit_units: int = 4000,
        reduce_outliers: bool = True,
        outlier_quantile: float = 0.03,
        max_topics: int | None = None,
        cluster_selection: str = "eom",
        praise_topics: bool = True,
        neutral_band: float = 0.2,
        min_comments: int = MIN_COMMENTS,
        random_state: int = 42,
    ) -> None:
        self.embedding = embedding
        self.seed_topics = seed_topics
        self.min_topic_size = min_topic_size
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.max_fit_units = max_fit_units
        self.reduce_outliers = reduce_outliers
        self.outlier_quantile = outlier_quantile
        self.max_topics = max_topics
        self.cluster_selection = cluster_selection
        self.praise_topics = praise_topics
        self.neutral_band = neutral_band
        self.min_comments = min_comments
        self.random_state = random_state

    # ----------------------------------------------------------------------------------- fit
    def get_params(self) -> dict[str, Any]:
        """The constructor arguments (JSON-able where they are names or numbers)."""
        names = ("embedding", "seed_topics", "min_topic_size", "n_neighbors", "n_components", "max_fit_units",
                 "reduce_outliers", "outlier_quantile", "max_topics", "cluster_selection", "praise_topics", "neutral_band", "min_comments", "random_state")
        return {n: getattr(self, n) for n in names}

    def _seeds(self) -> dict[str, list[str]]:
        if self.seed_topics is None:
            return {}
        if isinstance(self.seed_topics, Mapping):
            return distinctive({str(k): [str(t) for t in v] for k, v in self.seed_topics.items()})
        return taxonomy_seed_terms(None if self.seed_topics == "taxonomy" else self.seed_topics)

    def fit(self, texts: Texts, clause_scores: ClauseScores = None, sentiments: Sequence[float | None] | None = None) -> TopicModeler:
        """Find topics in ``texts``.

        Arguments:
            texts: the comments (strings or :class:`~voc.text.ProcessedText`).
            clause_scores: polarity of each clause of each comment (as ``voc.score`` gives in
                ``sentiment_clauses``); decides which clauses are complaints and which praise.
            sentiments: comment polarity, used where clause scores are missing.

        Returns:
            self, with ``topics_``, ``embedder_``, ``centroids_`` and ``assignment_`` set.
        """
        from threadpoolctl import threadpool_limits

        # Multi-threaded BLAS may sum in a different order from run to run; UMAP's neighbour
        # ties then break differently and the topics change. One thread costs little here.
        with threadpool_limits(limits=1):
            return self._fit(texts, clause_scores, sentiments)

    def _fit(self, texts: Texts, clause_scores: ClauseScores = None, sentiments: Sequence[float | None] | None = None) -> TopicModeler:
        docs = as_docs(texts)
        if len(docs) < self.min_comments:
            raise InputError(f"topic modelling needs at least {self.min_comments} comments; got {len(docs)}")
        _import_topic_libraries()
        units = build_units(docs, clause_scores, sentiments, self.neutral_band)
        if len(units) < MIN_POOL_UNITS:
            raise InputError(f"only {len(units)} clauses have words to cluster; topic modelling needs at least {MIN_POOL_UNITS}")
        rng = np.random.default_rng(self.random_state)
        embedder = resolve_embedder(self.embedding, random_state=self.random_state)
        started = time.perf_counter()
        embedder.fit(units.text)
        embeddings = embedder.embed(units.text)
        logger.info("topics: %d clauses from %d comments embedded in %.1f s", len(units), len(docs), time.perf_counter() - started)
        seeds = self._seeds()
        # With a taxonomy (not bare seed terms), a topic's code is what the rules find in its clauses.
        detector = None
        if self.seed_topics is not None and not isinstance(self.seed_topics, Mapping) and seeds:
            detector = taxonomy_detector(None if self.seed_topics == "taxonomy" else self.seed_topics)
        self.notes_: list[str] = []
        unit_topics = np.full(len(units), OUTLIER, dtype=np.int64)
        infos: list[TopicInfo] = []
        centroids: list[np.ndarray] = []
        for pool in POOLS:
            idx = units.indices(pool)
            if pool == PRAISE and not self.praise_topics:
                continue
            if len(idx) < MIN_POOL_UNITS:
                if len(idx):
                    self.notes_.append(f"only {len(idx)} {pool} clauses: too few for {pool} topics; their comments get topic -1")
                continue
            texts_pool = [units.text[i] for i in idx]
            started = time.perf_counter()
            labels = self._cluster(texts_pool, embeddings[idx], embedder, seeds if pool == ISSUE else {}, rng)
            labels = self._split_remainders(texts_pool, embeddings[idx], embedder, seeds if pool == ISSUE else {}, rng, labels)
            logger.info("topics: %s pool, %d clauses clustered in %.1f s", pool, len(idx), time.perf_counter() - started)
            k = int(labels.max()) + 1 if len(labels) else 0
            if k == 0:
                self.notes_.append(f"no {pool} topics found: the {pool} clauses form no clusters")
                continue
            pool_centroids = _centroids(embeddings[idx], labels, k)
            sims = embeddings[idx] @ pool_centroids.T
            thresholds = self._thresholds(sims, labels, k)
            if self.reduce_outliers:
                best = sims.argmax(axis=1)
                ok = (labels == OUTLIER) & (sims[np.arange(len(idx)), best] >= thresholds[best]) & _placeable(embedder, texts_pool)
                labels = np.where(ok, best, labels)
            ranked = _ranked_words(texts_pool, labels, k, seeds if pool == ISSUE else {})
            for t in range(k):
                members = [texts_pool[j] for j in np.flatnonzero(labels == t)]
                if pool != ISSUE:
                    code = ""
                elif detector is not None:
                    code = detected_code(members, detector, seeds)
                else:
                    code = match_code(members, seeds)
                words = label_words(ranked[t], 3)
                mixed = _word_coverage(members, ranked[t][:5]) < MIXED_COVERAGE
                if mixed:
                    words = ["其他", *words[:2]]
                label = make_label(words, code, praise=pool == PRAISE)
                infos.append(TopicInfo(len(infos), pool, label, tuple(ranked[t][:10]), code, float(thresholds[t]), mixed))
                centroids.append(pool_centroids[t])
            unit_topics[idx] = np.where(labels >= 0, labels + (len(infos) - k), OUTLIER)
        if not infos:
            raise InputError("no topics found: the comments form no clusters; " + "; ".join(self.notes_))
        self.embedder_ = embedder
        self.topics_ = infos
        self.centroids_ = np.vstack(centroids).astype(np.float32)
        similarity = _best_similarity(embeddings, self.centroids_, unit_topics)
        self.assignment_ = TopicAssignment(comment_topics(units, unit_topics, len(docs)), units, unit_topics, similarity)
        return self

    def _split_remainders(
        self, texts: list[str], embeddings: np.ndarray, embedder: TopicEmbedder, seeds: Mapping[str, Sequence[str]], rng: np.random.Generator, labels: np.ndarray
    ) -> np.ndarray:
        """Cluster again inside a large remainder topic (words cover few of its clauses).

        HDBSCAN often keeps one big low-density cluster of varied complaints; a second pass over
        just its clauses finds the themes the first pass could not separate from each other.
        """
        k = int(labels.max()) + 1
        if k == 0:
            return labels
        ranked = _ranked_words(texts, labels, k, seeds)
        out = labels.copy()
        next_id = k
        for t in range(k):
            members = np.flatnonzero(labels == t)
            if len(members) < max(200, 0.1 * len(texts)) or _word_coverage([texts[i] for i in members], ranked[t][:5]) >= MIXED_COVERAGE:
                continue
            sub = self._cluster([texts[i] for i in members], embeddings[members], embedder, seeds, rng)
            n_sub = int(sub.max()) + 1
            if n_sub < 2:
                continue
            logger.info("topics: remainder topic of %d clauses split into %d", len(members), n_sub)
            for j in range(n_sub):
                out[members[sub == j]] = t if j == 0 else next_id + j - 1
            out[members[sub < 0]] = OUTLIER
            next_id += n_sub - 1
        return out

    def _thresholds(self, sims: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
        out = np.zeros(k, dtype=np.float32)
        for t in range(k):
            own = sims[labels == t, t]
            out[t] = max(0.05, float(np.quantile(own, self.outlier_quantile))) if len(own) else 1.0
        return out

    def _cluster(self, texts: list[str], embeddings: np.ndarray, embedder: TopicEmbedder, seeds: Mapping[str, Sequence[str]], rng: np.random.Generator) -> np.ndarray:
        """BERTopic on (a sample of) one pool; returns a label per clause, -1 for outliers."""
        from bertopic import BERTopic
        from hdbscan import HDBSCAN
        from sklearn.feature_extraction.text import CountVectorizer

        from voc.topics._words import topic_tokenizer

        n = len(texts)
        fit_idx = np.arange(n) if n <= self.max_fit_units else np.sort(rng.choice(n, self.max_fit_units, replace=False))
        size = self.min_topic_size or int(np.clip(round(len(fit_idx) / 80), 8, 60))
        from voc.topics._reduce import PrecomputedCosineUMAP

        umap_model = PrecomputedCosineUMAP(
            n_neighbors=max(2, min(self.n_neighbors, len(fit_idx) - 1)),
            n_components=self.n_components,
            min_dist=0.0,
            random_state=self.random_state,
            n_jobs=1,
            n_epochs=200,
        )
        hdbscan_model = HDBSCAN(min_cluster_size=size, min_samples=max(2, size // 4), metric="euclidean", cluster_selection_method=self.cluster_selection, prediction_data=False)
        seed_list = [list(terms)[:12] for terms in seeds.values()] or None
        model = BERTopic(
            embedding_model=bertopic_backend(embedder),
            umap_model=umap_model,
            hdbscan_model=hdbscan_model,
            vectorizer_model=CountVectorizer(tokenizer=topic_tokenizer, token_pattern=None, lowercase=False),
            seed_topic_list=seed_list,
            nr_topics=self.max_topics or int(np.clip(n // 50, 5, 20)),
            calculate_probabilities=False,
            verbose=False,
        )
        # BERTopic's guided mode moves embeddings in place: give it a copy. Its c-TF-IDF divides
        # by zero for seed words absent from the clauses (harmless: they get no weight).
        with np.errstate(divide="ignore", invalid="ignore"):
            fit_topics = np.asarray(model.fit_transform([texts[i] for i in fit_idx], embeddings=embeddings[fit_idx].copy())[0], dtype=np.int64)
        labels = np.full(n, OUTLIER, dtype=np.int64)
        labels[fit_idx] = fit_topics
        return labels

    # ----------------------------------------------------------------------------- transform
    def _check_fitted(self) -> None:
        if not hasattr(self, "topics_"):
            raise InputError("this TopicModeler is not fitted: call fit(texts) or load a saved model first")

    def assign(self, texts: Texts, clause_scores: ClauseScores = None, sentiments: Sequence[float | None] | None = None) -> TopicAssignment:
        """Place the clauses of new comments in the fitted topics (-1 where none is close enough)."""
        from threadpoolctl import threadpool_limits

        self._check_fitted()
        with threadpool_limits(limits=1):
            return self._assign(texts, clause_scores, sentiments)

    def _assign(self, texts: Texts, clause_scores: ClauseScores, sentiments: Sequence[float | None] | None) -> TopicAssignment:
        docs = as_docs(texts)
        units = build_units(docs, clause_scores, sentiments, self.neutral_band)
        unit_topics = np.full(len(units), OUTLIER, dtype=np.int64)
        similarity = np.zeros(len(units), dtype=np.float32)
        if len(units):
            embeddings = self.embedder_.embed(units.text)
            kinds = np.array([t.kind for t in self.topics_])
            thresholds = np.array([t.threshold for t in self.topics_], dtype=np.float32)
            for pool in POOLS:
                idx = units.indices(pool)
                candidates = np.flatnonzero(kinds == pool)
                if not len(idx) or not len(candidates):
                    continue
                sims = embeddings[idx] @ self.centroids_[candidates].T
                best = sims.argmax(axis=1)
                best_sim = sims[np.arange(len(idx)), best]
                ok = (best_sim >= thresholds[candidates[best]]) & _placeable(self.embedder_, [units.text[i] for i in idx])
                unit_topics[idx] = np.where(ok, candidates[best], OUTLIER)
                similarity[idx] = best_sim
        return TopicAssignment(comment_topics(units, unit_topics, len(docs)), units, unit_topics, similarity)

    def label_of(self, topic_id: int) -> str:
        """The label of a topic id ("" for -1)."""
        return self.topics_[topic_id].label if 0 <= topic_id < len(self.topics_) else ""

    def _frame(self, assignment: TopicAssignment) -> pd.DataFrame:
        ids = assignment.topic_ids
        return pd.DataFrame({C.TOPIC_ID: ids.astype(np.int64), C.TOPIC_LABEL: [self.label_of(int(t)) for t in ids]})

    def transform(self, texts: Texts, clause_scores: ClauseScores = None, sentiments: Sequence[float | None] | None = None) -> pd.DataFrame:
        """``topic_id`` and ``topic_label`` per comment, indexed 0..n-1."""
        return self._frame(self.assign(texts, clause_scores, sentiments))

    def fit_transform(self, texts: Texts, clause_scores: ClauseScores = None, sentiments: Sequence[float | None] | None = None) -> pd.DataFrame:
        """Fit, then return the fit-time topics of ``texts`` (BERTopic's clusters after outlier reduction)."""
        return self.fit(texts, clause_scores, sentiments)._frame(self.assignment_)

    def topic_info(self) -> pd.DataFrame:
        """One row per topic: id, kind, label, matched code, top words."""
        self._check_fitted()
        rows = [asdict(t) | {"words": "、".join(t.words)} for t in self.topics_]
        return pd.DataFrame(rows).drop(columns=["threshold"])

    # ---------------------------------------------------------------------------- persistence
    def save(self, path: str | Path) -> Path:
        """Write the fitted model to directory ``path`` (JSON config + ``.npz`` arrays, no pickle)."""
        from voc.topics._persist import save_model

        self._check_fitted()
        return save_model(self, Path(path))

    @classmethod
    def load(cls, path: str | Path) -> TopicModeler:
        """Read a model written by :meth:`save`; refuses one from an incompatible voc version."""
        from voc.topics._persist import load_model

        return load_model(Path(path))


#: A topic whose top five words occur in fewer of its clauses than this is a remainder ("其他").
MIXED_COVERAGE = 0.2


def _word_coverage(members: list[str], words: list[str]) -> float:
    if not members or not words:
        return 0.0
    return sum(1 for m in members if any(w in m for w in words)) / len(members)


#: A clause is placed by similarity only when the embedder knows this share of its features.
MIN_COVERAGE = 0.25


def _placeable(embedder: TopicEmbedder, texts: list[str]) -> np.ndarray:
    coverage = getattr(embedder, "coverage", None)
    if coverage is None:
        return np.ones(len(texts), dtype=bool)
    return np.asarray(coverage(texts)) >= MIN_COVERAGE


def _centroids(embeddings: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros((k, embeddings.shape[1]), dtype=np.float32)
    for t in range(k):
        mean = embeddings[labels == t].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        out[t] = mean / norm if norm else mean
    return out


def _best_similarity(embeddings: np.ndarray, centroids: np.ndarray, unit_topics: np.ndarray) -> np.ndarray:
    out = np.zeros(len(unit_topics), dtype=np.float32)
    placed = unit_topics >= 0
    out[placed] = np.einsum("ij,ij->i", embeddings[placed], centroids[unit_topics[placed]])
    return out


def _ranked_words(texts: list[str], labels: np.ndarray, k: int, seeds: Mapping[str, Sequence[str]], top_n: int = 30) -> list[list[str]]:
    """Topic words by c-TF-IDF over the final assignment (seed terms slightly favoured, as BERTopic does)."""
    from bertopic.vectorizers import ClassTfidfTransformer
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    placed = np.flatnonzero(labels >= 0)
    if not len(placed):
        return [[] for _ in range(k)]
    # Vocabulary from placed clauses only (a word seen only in outliers would have zero frequency),
    # and only words in a few clauses: c-TF-IDF's idf favours one-off words that describe no topic.
    min_df = 3 if len(placed) >= 300 else 1
    counts = CountVectorizer(analyzer=topic_words, min_df=min_df).fit([texts[i] for i in placed])
    matrix = counts.transform(texts)
    indicator = sparse.csr_matrix((np.ones(len(placed)), (labels[placed], placed)), shape=(k, len(texts)))
    per_topic = (indicator @ matrix).tocsr()
    within = per_topic.toarray()  # before c-TF-IDF, which normalises its input in place
    scores = ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(per_topic).toarray()
    # A topic word must recur within the topic: at least twice, and in 2% of its clauses.
    sizes = np.bincount(labels[placed], minlength=k)
    scores = np.where(within >= np.maximum(2, 0.02 * sizes)[:, None], scores, 0.0)
    vocabulary = counts.get_feature_names_out()
    seed_words = {t for terms in seeds.values() for t in terms}
    if seed_words:
        scores = scores * np.array([1.2 if w in seed_words else 1.0 for w in vocabulary])[None, :]
    ranked: list[list[str]] = []
    for t in range(k):
        order = np.argsort(-scores[t], kind="stable")[:top_n]
        ranked.append([str(vocabulary[i]) for i in order if scores[t, i] > 0])
    return ranked
