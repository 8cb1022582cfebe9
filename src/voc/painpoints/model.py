"""A learned second reader for pain points: it adds the codes the rules missed.

Why: the rules are precise (≈ 0.80 on held-out shop reviews) but read only the phrasings someone
wrote down, so recall stalls near 0.70 — mostly product complaints said in words no rule lists
("键盘手感很差", "内容空洞"). A logistic regression per code over character n-grams, the rules' own
codes and the comment's sentiment learns those phrasings from labelled reviews. It only *adds*
codes (``P ≥ threshold`` for a code the rules did not find): the rules keep their precision, and
the model supplies recall. Prediction is plain numpy over the saved arrays — no pickle, identical
numbers one comment at a time or in a batch.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from voc._modeldir import read_model_dir, write_model_dir
from voc.errors import ModelError
from voc.resources import model_path
from voc.sentiment._features import hashing_vectorizer

NAME = "voc.painpoints.logreg.v1"
DEFAULT_MODEL_DIR = ("painpoint-classifier",)
NEGATIVE_SENTIMENT = -0.5
_REMEDY = "rebuild it with `voc train painpoints --out DIR`"


def default_model_dir() -> Path:
    """The model voc ships (``models/painpoint-classifier``)."""
    return model_path(*DEFAULT_MODEL_DIR)


def _sentiment_features(sentiments: Sequence[float] | np.ndarray) -> np.ndarray:
    """Polarity and "clearly negative" per comment; a missing score (blank comment) counts as 0."""
    s = np.nan_to_num(np.asarray(sentiments, dtype=float), nan=0.0)
    return np.c_[s, (s < NEGATIVE_SENTIMENT).astype(float)]


class PainPointModel:
    """P(code complained about | text, rule codes, sentiment) for each taxonomy code.

    Arguments:
        n_features: hashing space of the character n-grams (only n-grams seen in at least
            ``min_df`` training comments are kept, so the saved arrays stay small).
        C: inverse regularisation strength of each logistic regression.
        threshold: probability from which a code the rules did not find is added.
        min_df: n-grams in fewer training comments than this are dropped.
        balanced: weight each code's positives and negatives equally ("balanced" class weights):
            most codes are rare, and unweighted models seldom speak for them without a rule hit.

    Examples:
        >>> texts = ["键盘很差", "物流太慢了", "屏幕很好", "键盘手感差", "快递慢"] * 4
        >>> gold = [{"product_quality"}, {"logistics"}, set(), {"product_quality"}, {"logistics"}] * 4
        >>> m = PainPointModel(n_features=2**12, C=10).fit(texts, [set()] * 20, [0.0] * 20, gold, ["product_quality", "logistics"])
        >>> bool(m.predict_proba(["键盘差"], [set()], [0.0])[0, 0] > 0.5)
        True
    """

    codes: list[str]
    columns_: np.ndarray
    idf_: np.ndarray
    coef_text_: np.ndarray
    coef_rules_: np.ndarray
    coef_sentiment_: np.ndarray
    intercept_: np.ndarray

    def __init__(
        self, n_features: int = 2**18, C: float = 8.0, threshold: float = 0.6, min_df: int = 2, balanced: bool = True
    ) -> None:
        self.n_features = n_features
        self.C = C
        self.threshold = threshold
        self.min_df = min_df
        self.balanced = balanced
        self.metadata: dict[str, Any] = {}
        self._position: np.ndarray | None = None
        self._text_weights: np.ndarray | None = None  # coef_text_ as float64, (n_text, n_codes)

    # -- features -----------------------------------------------------------------------------
    def _counts(self, texts: Sequence[str]) -> Any:
        return hashing_vectorizer(self.n_features).transform(texts).tocsr()

    def _text_matrix(self, texts: Sequence[str]) -> Any:
        """Sublinear TF × IDF over the kept n-grams, L2-normalised per text (rows of zeros allowed)."""
        import scipy.sparse as sp

        counts = self._counts(texts)
        if self._position is None:
            position = np.full(self.n_features, -1, dtype=np.int64)
            position[self.columns_] = np.arange(len(self.columns_))
            self._position = position
        columns = self._position[counts.indices]
        keep = columns >= 0
        rows = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))[keep]
        values = np.log1p(counts.data[keep]) * self.idf_[columns[keep]]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
        values = values / norms[rows]
        return sp.csr_matrix((values, (rows, columns[keep])), shape=(len(texts), len(self.columns_)))

    def _rule_matrix(self, rule_codes: Sequence[Collection[str]]) -> np.ndarray:
        index = {code: i for i, code in enumerate(self.codes)}
        matrix = np.zeros((len(rule_codes), len(self.codes)))
        for row, found in enumerate(rule_codes):
            for code in found:
                if code in index:
                    matrix[row, index[code]] = 1.0
        return matrix

    # -- fitting ------------------------------------------------------------------------------
    def fit(
        self,
        texts: Sequence[str],
        rule_codes: Sequence[Collection[str]],
        sentiments: Sequence[float] | np.ndarray,
        gold: Sequence[Collection[str]],
        codes: Sequence[str],
    ) -> PainPointModel:
        """Learn one logistic regression per code from labelled comments.

        ``rule_codes`` must be what the rules find in each text (so the model learns how far to
        trust them); ``gold`` the codes a person labelled. A code nobody labelled keeps a model that
        never fires.
        """
        import scipy.sparse as sp
        from sklearn.linear_model import LogisticRegression

        if not (len(texts) == len(rule_codes) == len(sentiments) == len(gold)):
            raise ValueError("texts, rule_codes, sentiments and gold must have the same length")
        self.codes = list(codes)
        self._position = None
        self._text_weights = None
        counts = self._counts(texts)
        document_frequency = np.bincount(counts.indices, minlength=self.n_features)
        self.columns_ = np.flatnonzero(document_frequency >= self.min_df).astype(np.int32)
        self.idf_ = (np.log((1 + len(texts)) / (1 + document_frequency[self.columns_])) + 1.0).astype(np.float32)
        text = self._text_matrix(texts)
        rules = self._rule_matrix(rule_codes)
        design = sp.hstack([text, sp.csr_matrix(rules), sp.csr_matrix(_sentiment_features(sentiments))]).tocsr()
        n_codes, n_text = len(self.codes), text.shape[1]
        coef = np.zeros((n_codes, design.shape[1]))
        intercept = np.full(n_codes, -20.0)
        for j, code in enumerate(self.codes):
            y = np.array([code in g for g in gold], dtype=int)
            if 0 < y.sum() < len(y):
                weights = "balanced" if self.balanced else None
                classifier = LogisticRegression(C=self.C, max_iter=3000, class_weight=weights).fit(design, y)
                coef[j], intercept[j] = classifier.coef_.ravel(), classifier.intercept_[0]
        self.coef_text_ = coef[:, :n_text].astype(np.float32)
        self.coef_rules_ = coef[:, n_text : n_text + n_codes].astype(np.float32)
        self.coef_sentiment_ = coef[:, n_text + n_codes :].astype(np.float32)
        self.intercept_ = intercept.astype(np.float32)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_text_"):
            raise ModelError("the pain-point model is not fitted: call fit() or PainPointModel.load(DIR)")

    # -- prediction ---------------------------------------------------------------------------
    def text_scores(self, texts: Sequence[str]) -> np.ndarray:
        """The n-gram part of each code's log-odds: which clause of a comment speaks for a code."""
        self._check_fitted()
        if not texts:
            return np.zeros((0, len(self.codes)))
        if self._text_weights is None:
            # Converted once: a per-call float64 copy of the coefficients cost more than the scoring.
            self._text_weights = np.ascontiguousarray(self.coef_text_.T, dtype=float)
        return np.asarray(self._text_matrix(texts) @ self._text_weights)

    def predict_proba(
        self, texts: Sequence[str], rule_codes: Sequence[Collection[str]], sentiments: Sequence[float] | np.ndarray
    ) -> np.ndarray:
        """P(each code) for each text, shape (n_texts, n_codes), columns in ``codes`` order."""
        self._check_fitted()
        if not texts:
            return np.zeros((0, len(self.codes)))
        logits = (
            self.text_scores(texts)
            + self._rule_matrix(rule_codes) @ self.coef_rules_.T.astype(float)
            + _sentiment_features(sentiments) @ self.coef_sentiment_.T.astype(float)
            + self.intercept_.astype(float)
        )
        return 1.0 / (1.0 + np.exp(-logits))

    def added_codes(
        self, texts: Sequence[str], rule_codes: Sequence[Collection[str]], sentiments: Sequence[float] | np.ndarray
    ) -> list[dict[str, float]]:
        """Per text, the codes the model adds to the rules' (``{code: probability}``)."""
        proba = self.predict_proba(texts, rule_codes, sentiments)
        out = []
        for row, found in zip(proba, rule_codes):
            out.append(
                {code: float(p) for code, p in zip(self.codes, row) if p >= self.threshold and code not in found}
            )
        return out

    # -- persistence --------------------------------------------------------------------------
    def save(self, directory: str | Path) -> Path:
        """Write ``config.json`` and ``arrays.npz`` (no pickle) into ``directory``."""
        self._check_fitted()
        config = {
            "name": NAME,
            "codes": self.codes,
            "params": {
                "n_features": self.n_features,
                "C": self.C,
                "threshold": self.threshold,
                "min_df": self.min_df,
                "balanced": self.balanced,
            },
            "metadata": self.metadata,
        }
        arrays = {
            "columns": self.columns_,
            "idf": self.idf_,
            "coef_text": self.coef_text_,
            "coef_rules": self.coef_rules_,
            "coef_sentiment": self.coef_sentiment_,
            "intercept": self.intercept_,
        }
        return write_model_dir(directory, config, arrays)

    @classmethod
    def load(cls, directory: str | Path) -> PainPointModel:
        """Read a model written by :meth:`save`; :class:`ModelError` with a remedy when unusable."""
        config, arrays = read_model_dir(directory, "pain-point model", _REMEDY)
        if config.get("name") != NAME:
            raise ModelError(f"{directory}: not a voc pain-point model (name {config.get('name')!r}); {_REMEDY}")
        try:
            params = config["params"]
            model = cls(
                n_features=int(params["n_features"]),
                C=float(params["C"]),
                threshold=float(params["threshold"]),
                min_df=int(params["min_df"]),
                balanced=bool(params.get("balanced", False)),
            )
            model.codes = [str(c) for c in config["codes"]]
            model.columns_ = arrays["columns"]
            model.idf_ = arrays["idf"]
            model.coef_text_ = arrays["coef_text"]
            model.coef_rules_ = arrays["coef_rules"]
            model.coef_sentiment_ = arrays["coef_sentiment"]
            model.intercept_ = arrays["intercept"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{directory}: incomplete pain-point model ({exc}); {_REMEDY}") from exc
        n_codes, n_text = len(model.codes), len(model.columns_)
        shapes_ok = (
            model.coef_text_.shape == (n_codes, n_text)
            and model.coef_rules_.shape == (n_codes, n_codes)
            and model.coef_sentiment_.shape == (n_codes, 2)
            and model.intercept_.shape == (n_codes,)
            and model.idf_.shape == (n_text,)
            and (n_text == 0 or int(model.columns_.max()) < model.n_features)
        )
        if not shapes_ok:
            raise ModelError(f"{directory}: pain-point model arrays do not fit together; {_REMEDY}")
        model.metadata = dict(config.get("metadata") or {})
        return model
