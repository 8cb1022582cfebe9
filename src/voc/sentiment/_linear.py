"""The linear sentiment model: hashed character n-grams, TF-IDF scaled by naive-Bayes ratios, logistic regression.

Each n-gram's TF-IDF weight is multiplied by how strongly it separates the classes in the training
data (its naive-Bayes log-count ratio, interpolated with 1 — the NBSVM idea of Wang & Manning,
2012): the classifier then starts from what counting alone already knows, which helps most on long
reviews where many weak n-grams compete. The scaling is folded into the stored IDF weights, so it
costs nothing at scoring time.

Saved as a directory — ``config.json`` (voc version, model name, parameters, ensemble weights)
plus ``arrays.npz`` — never as a pickle, and refused with a :class:`ModelError` when another major
version of voc wrote it.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from voc._version import __version__
from voc.errors import ModelError
from voc.resources import model_path
from voc.sentiment._base import SentimentResult
from voc.sentiment._features import hashing_vectorizer
from voc.text import ProcessedText

logger = logging.getLogger(__name__)

MODEL_NAME = "voc.sentiment.linear.v1"
CONFIG_FILE, ARRAYS_FILE = "config.json", "arrays.npz"
DEFAULT_MODEL_DIR = ("sentiment-linear",)


def _major(version: str) -> str:
    return version.split(".", 1)[0]


class LinearSentimentModel:
    """P(positive) from character n-grams (scikit-learn estimator contract: fit, then predict).

    Arguments:
        n_features: hashing space (2**19 keeps each array about 2 MB).
        ngram_max: longest character n-gram.
        C: inverse regularisation strength of the logistic regression.
        nb_weight: 0 = plain TF-IDF, 1 = TF-IDF × |naive-Bayes log-count ratio|; in between interpolates.
        random_state: seed (the solver is deterministic; kept for the contract).

    Examples:
        >>> m = LinearSentimentModel(n_features=2**12).fit(["很好", "很差", "不错", "太慢"], [1, 0, 1, 0])
        >>> m.predict_proba(["很好"])[0] > 0.5
        True
    """

    coef_: np.ndarray
    idf_: np.ndarray
    intercept_: float

    def __init__(
        self,
        n_features: int = 2**19,
        ngram_max: int = 3,
        C: float = 4.0,
        random_state: int = 0,
        nb_weight: float = 0.0,
    ) -> None:
        self.n_features = n_features
        self.ngram_max = ngram_max
        self.C = C
        self.nb_weight = nb_weight
        self.random_state = random_state
        self.metadata: dict[str, Any] = {}

    def _vectorizer(self) -> Any:
        return hashing_vectorizer(self.n_features, self.ngram_max)

    def _matrix(self, texts: Sequence[str]) -> Any:
        from sklearn.preprocessing import normalize

        counts = self._vectorizer().transform(texts)
        counts.data = np.log1p(counts.data)  # sublinear term frequency
        return normalize(counts.multiply(self.idf_).tocsr())

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[int],
        sample_weight: Sequence[float] | None = None,
        init: LinearSentimentModel | None = None,
    ) -> LinearSentimentModel:
        """Learn IDF weights and the classifier from normalised texts and 0/1 labels.

        ``init``: a fitted model on nearly the same data (a cross-validation fold) to start the
        solver from; it converges to the same optimum, only faster.
        """
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(labels, dtype=int)
        counts = self._vectorizer().transform(texts)
        document_frequency = np.bincount(counts.indices, minlength=self.n_features)
        idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1.0
        weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        if self.nb_weight:
            idf *= (
                1.0
                - self.nb_weight
                + self.nb_weight * np.abs(_log_count_ratio(counts, y, weights, self.n_features))
            )
        self.idf_ = idf.astype(np.float32)
        classifier = LogisticRegression(
            C=self.C, max_iter=3000, random_state=self.random_state, warm_start=init is not None
        )
        if init is not None:
            classifier.coef_ = init.coef_.astype(np.float64)[None, :]
            classifier.intercept_ = np.array([init.intercept_])
        classifier.fit(
            self._matrix(texts),
            y,
            sample_weight=None if sample_weight is None else weights,
        )
        self.coef_ = classifier.coef_.ravel().astype(np.float32)
        self.intercept_ = float(classifier.intercept_[0])
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise ModelError(
                "the linear sentiment model is not fitted: call fit() or LinearSentimentModel.load(DIR)"
            )

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """Log-odds of positive for each text."""
        self._check_fitted()
        if not texts:
            return np.zeros(0)
        # The same arithmetic as ``_matrix(texts) @ coef``, in plain numpy: scikit-learn's
        # normalize() validates its input at a cost of ~0.3 ms per call, which would dominate
        # scoring one survey response at a time.
        counts = self._vectorizer().transform(texts).tocsr()
        weighted = np.log1p(counts.data) * self.idf_[counts.indices]
        row = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(row, weights=weighted * weighted, minlength=len(texts)))
        dots = np.bincount(row, weights=weighted * self.coef_[counts.indices], minlength=len(texts))
        return np.divide(dots, norms, out=np.zeros(len(texts)), where=norms > 0) + self.intercept_

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(positive) for each text."""
        return 1.0 / (1.0 + np.exp(-self.decision_function(texts)))

    def save(self, directory: str | Path) -> Path:
        """Write ``config.json`` and ``arrays.npz`` into ``directory`` (created if missing)."""
        self._check_fitted()
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        nonzero = np.flatnonzero(self.coef_)
        # Only hashed columns with a weight matter: storing them sparsely keeps the file small.
        np.savez_compressed(
            path / ARRAYS_FILE,
            index=nonzero.astype(np.int32),
            coef=self.coef_[nonzero],
            idf=self.idf_[nonzero],
        )
        config = {
            "name": MODEL_NAME,
            "voc_version": __version__,
            "params": {
                "n_features": self.n_features,
                "ngram_max": self.ngram_max,
                "C": self.C,
                "random_state": self.random_state,
                "nb_weight": self.nb_weight,
            },
            "intercept": self.intercept_,
            **self.metadata,
        }
        (path / CONFIG_FILE).write_text(
            json.dumps(config, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return path

    @classmethod
    def load(cls, directory: str | Path) -> LinearSentimentModel:
        """Read a model directory written by :meth:`save`; refuse other major versions."""
        path = Path(directory)
        config_path = path / CONFIG_FILE
        if not config_path.is_file():
            raise ModelError(
                f"{path}: not a voc sentiment model (no {CONFIG_FILE}); train one with 'voc train sentiment --out DIR'"
            )
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(
                f"{config_path}: unreadable model config ({exc}); retrain with 'voc train sentiment'"
            ) from exc
        if config.get("name") != MODEL_NAME:
            raise ModelError(f"{path}: holds '{config.get('name')}', expected '{MODEL_NAME}'")
        written = str(config.get("voc_version", "?"))
        if _major(written) != _major(__version__):
            raise ModelError(
                f"{path}: written by voc {written}, this is voc {__version__} (major versions differ); "
                "retrain it with 'voc train sentiment --out DIR'"
            )
        params = config.get("params", {})
        model = cls(
            **{
                k: params[k]
                for k in ("n_features", "ngram_max", "C", "random_state", "nb_weight")
                if k in params
            }
        )
        try:
            with np.load(path / ARRAYS_FILE, allow_pickle=False) as arrays:
                index, coef, idf = arrays["index"], arrays["coef"], arrays["idf"]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(
                f"{path / ARRAYS_FILE}: missing or corrupt model arrays ({exc}); retrain the model"
            ) from exc
        model.coef_ = np.zeros(model.n_features, dtype=np.float32)
        model.idf_ = np.ones(model.n_features, dtype=np.float32)
        model.coef_[index] = coef
        model.idf_[index] = idf
        model.intercept_ = float(config["intercept"])
        model.metadata = {
            k: v
            for k, v in config.items()
            if k not in ("name", "voc_version", "params", "intercept")
        }
        return model


def _log_count_ratio(
    counts: Any, y: np.ndarray, weights: np.ndarray, n_features: int
) -> np.ndarray:
    """Naive-Bayes log-count ratio of each feature: log P(feature | positive) / P(feature | negative).

    Presence (not frequency) is counted, weighted by the sample weights, with add-one smoothing.
    """
    presence = counts.copy().tocsr()
    presence.data[:] = 1.0
    ratio = []
    for label in (1, 0):
        rows = y == label
        counted = np.asarray(presence[rows].T @ weights[rows]).ravel()[:n_features] + 1.0
        ratio.append(counted / counted.sum())
    return np.log(ratio[0] / ratio[1])


def default_model_dir() -> Path:
    """The model voc ships (``models/sentiment-linear``)."""
    return model_path(*DEFAULT_MODEL_DIR)


class LinearSentiment:
    """Backend over a :class:`LinearSentimentModel` (the shipped one unless ``model_dir`` is given).

    Arguments:
        model_dir: a directory written by ``voc train sentiment``.
    """

    name = "linear"

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = model_dir
        self._model: LinearSentimentModel | None = None

    @property
    def model(self) -> LinearSentimentModel:
        """The loaded model (read on first use)."""
        if self._model is None:
            self._model = LinearSentimentModel.load(self.model_dir or default_model_dir())
        return self._model

    def score(self, docs: Sequence[ProcessedText]) -> list[SentimentResult]:
        """Score each comment; clause scores come from the same model on each clause."""
        present = [d for d in docs if not d.is_empty]
        clause_texts = [c.text for d in present for c in d.clauses]
        doc_p = iter(self.model.predict_proba([d.text for d in present]))
        clause_p = iter(self.model.predict_proba(clause_texts))
        results = []
        for doc in docs:
            if doc.is_empty:
                results.append(SentimentResult(math.nan))
                continue
            polarity = 2.0 * float(next(doc_p)) - 1.0
            clauses = tuple(round(2.0 * float(next(clause_p)) - 1.0, 4) for _ in doc.clauses)
            results.append(
                SentimentResult(polarity, abs(polarity), clauses, ("character n-gram model",))
            )
        return results
