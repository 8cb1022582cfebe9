"""Logistic regression on character n-grams plus the rule flags, fitted to reviewers' labels.

Why this shape: reviewers' labels are few (tens to hundreds), Chinese needs no tokenizer for char
n-grams, and the rule flags carry most of the signal, so the model learns mainly *which* rule firings
are false alarms. Prediction is plain numpy over the saved arrays, so a reloaded model gives
identical numbers and loading never unpickles anything.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voc import columns as C
from voc._modeldir import read_model_dir, write_model_dir
from voc.errors import InputError, ModelError

logger = logging.getLogger(__name__)

NAME = "voc.flagmodel.logreg.v1"
LABEL = "label"
_POSITIVE = {"1", "true", "yes", "confirmed", "escalated", "是", "确认", "已确认", "已升级"}
_NEGATIVE = {"0", "false", "no", "false_alarm", "否", "误报"}


def read_labels(path: str | Path) -> pd.DataFrame:
    """Labelled data from ``voc review export --labels`` (or any table with ``text`` and ``label``).

    ``label`` may be 1/0, true/false or a review status (confirmed, escalated → 1; false_alarm → 0).
    The rule-flag columns (escalate, severity, mismatch, flag_reasons, pain_points) are optional.
    """
    from voc.io import read_table

    frame = read_table(path)
    missing = [c for c in (C.TEXT, LABEL) if c not in frame.columns]
    if missing:
        raise InputError(f"{Path(path).name}: column(s) {', '.join(missing)} missing; expected the output of `voc review export --labels`")
    labels = frame[LABEL].map(_label)
    bad = labels.isna()
    if bad.any():
        raise InputError(f"{Path(path).name}: {int(bad.sum())} row(s) have a label that is not 1/0, true/false, confirmed or false_alarm (first: {frame.loc[bad, LABEL].iloc[0]!r})")
    out = frame.copy()
    out[LABEL] = labels.astype("int64")
    out[C.TEXT] = out[C.TEXT].fillna("").astype(str)
    return out.reset_index(drop=True)


def _label(value: object) -> float:
    text = str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if text in _POSITIVE:
        return 1.0
    if text in _NEGATIVE:
        return 0.0
    return float("nan")


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "是")
    try:
        return bool(value) and not pd.isna(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return bool(value)


def _codes(value: object) -> list[str]:
    """Flag reason categories (``明显不满: 耽误`` → ``明显不满``) or pain-point codes."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    out = []
    for part in str(value).split(";"):
        code = part.split(":")[0].split("：")[0].strip()
        if code:
            out.append(code)
    return out


def _column(frame: pd.DataFrame, name: str, default: object) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series([default] * len(frame), index=frame.index)


def rule_prediction(frame: pd.DataFrame) -> np.ndarray:
    """What the rules said: flagged (escalate, severity ≥ 2 or mismatch). Without rule columns every row counts as flagged."""
    if not any(c in frame.columns for c in (C.ESCALATE, C.SEVERITY, "mismatch")):
        return np.ones(len(frame), dtype=bool)
    escalate = _column(frame, C.ESCALATE, False).map(_truthy).to_numpy(dtype=bool)
    severity = pd.to_numeric(_column(frame, C.SEVERITY, 0), errors="coerce").fillna(0).to_numpy()
    mismatch = _column(frame, "mismatch", False).map(_truthy).to_numpy(dtype=bool)
    return escalate | (severity >= 2) | mismatch


class FlagModel:
    """Probability that a flagged comment is a real complaint, from its text and its rule flags.

    Arguments:
        ngram_range: character n-gram sizes.
        min_df: drop n-grams seen in fewer documents.
        max_features: keep the most frequent n-grams only.
        C: inverse regularisation strength of the logistic regression.
        threshold: probability at or above which ``predict`` keeps the flag.
        random_state: seed for the solver.

    Examples:
        >>> model = FlagModel().fit(labels)                                 # doctest: +SKIP
        >>> model.predict_proba(comments)                                   # doctest: +SKIP
    """

    def __init__(
        self,
        ngram_range: tuple[int, int] = (1, 3),
        min_df: int = 1,
        max_features: int = 20_000,
        C: float = 1.0,
        threshold: float = 0.5,
        random_state: int = 0,
    ) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.C = C
        self.threshold = threshold
        self.random_state = random_state

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments."""
        return {"ngram_range": list(self.ngram_range), "min_df": self.min_df, "max_features": self.max_features,
                "C": self.C, "threshold": self.threshold, "random_state": self.random_state}

    # --- features ----------------------------------------------------------------------------

    def _text_matrix(self, texts: Sequence[str]) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        vectorizer = CountVectorizer(analyzer="char", ngram_range=tuple(self.ngram_range), vocabulary=self.vocabulary_, lowercase=True)
        counts = vectorizer.transform(list(texts)).astype(np.float64)
        counts.data = np.log(counts.data) + 1.0  # sublinear tf
        weighted = counts.multiply(self.idf_).tocsr()
        return normalize(weighted)

    def _rule_matrix(self, frame: pd.DataFrame) -> np.ndarray:
        escalate = _column(frame, C.ESCALATE, False).map(_truthy).to_numpy(dtype=float)
        severity = pd.to_numeric(_column(frame, C.SEVERITY, 0), errors="coerce").fillna(0).to_numpy()
        mismatch = _column(frame, "mismatch", False).map(_truthy).to_numpy(dtype=float)
        columns = [escalate, (severity == 1).astype(float), (severity >= 2).astype(float), mismatch]
        reasons = _column(frame, C.FLAG_REASONS, "").map(_codes)
        pains = _column(frame, C.PAIN_POINTS, "").map(_codes)
        for code in self.reason_codes_:
            columns.append(reasons.map(lambda codes, c=code: c in codes).to_numpy(dtype=float))
        for code in self.pain_codes_:
            columns.append(pains.map(lambda codes, c=code: c in codes).to_numpy(dtype=float))
        return np.column_stack(columns) if len(frame) else np.zeros((0, len(columns)))

    def _features(self, frame: pd.DataFrame) -> Any:
        from scipy.sparse import csr_matrix, hstack

        texts = frame[C.TEXT].fillna("").astype(str).tolist()
        return hstack([self._text_matrix(texts), csr_matrix(self._rule_matrix(frame))]).tocsr()

    # --- fit / predict -----------------------------------------------------------------------

    def fit(self, frame: pd.DataFrame) -> FlagModel:
        """Learn from labelled rows (``text``, ``label`` and the optional rule-flag columns)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        labels = frame[LABEL].to_numpy(dtype=int)
        if len(set(labels.tolist())) < 2:
            raise InputError("the labels are all one class: the flag model needs both confirmed complaints and false alarms")
        tfidf = TfidfVectorizer(
            analyzer="char", ngram_range=tuple(self.ngram_range), min_df=self.min_df, max_features=self.max_features, sublinear_tf=True
        )
        tfidf.fit(frame[C.TEXT].fillna("").astype(str).tolist())
        terms = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.__getitem__)
        self.vocabulary_ = {t: i for i, t in enumerate(terms)}
        self.idf_ = np.asarray(tfidf.idf_, dtype=np.float64)
        self.reason_codes_ = sorted({c for v in _column(frame, C.FLAG_REASONS, "") for c in _codes(v)})
        self.pain_codes_ = sorted({c for v in _column(frame, C.PAIN_POINTS, "") for c in _codes(v)})
        classifier = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, random_state=self.random_state)
        classifier.fit(self._features(frame), labels)
        self.coef_ = np.asarray(classifier.coef_[0], dtype=np.float64)
        self.intercept_ = float(classifier.intercept_[0])
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise ModelError("this FlagModel is not fitted: call fit(labels) or FlagModel.load(DIR) first")

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability that each row is a real complaint (rows need ``text``; rule columns optional)."""
        self._check_fitted()
        scores = self._features(frame) @ self.coef_ + self.intercept_
        return 1.0 / (1.0 + np.exp(-np.asarray(scores, dtype=np.float64)))

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """True where the flag should stand (probability ≥ threshold)."""
        return self.predict_proba(frame) >= self.threshold

    # --- persistence -------------------------------------------------------------------------

    def save(self, path: str | Path, metrics: dict[str, Any] | None = None) -> Path:
        """Write ``config.json`` + ``arrays.npz`` into the directory ``path`` (created)."""
        self._check_fitted()
        config = {
            "name": NAME,
            "params": self.get_params(),
            "reason_codes": self.reason_codes_,
            "pain_codes": self.pain_codes_,
            "intercept": self.intercept_,
            "metrics": metrics or {},
        }
        terms = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        arrays = {"terms": np.array(terms, dtype=np.str_), "idf": self.idf_, "coef": self.coef_}
        return write_model_dir(path, config, arrays)

    @classmethod
    def load(cls, path: str | Path) -> FlagModel:
        """Rebuild a saved model; :class:`ModelError` when missing, corrupt, or from an incompatible voc."""
        path = Path(path)
        config, arrays = read_model_dir(path, "flag model", "retrain it with `voc train flags`")
        if config.get("name") != NAME:
            raise ModelError(f"{path}: model '{config.get('name')}' is not a {NAME} flag model")
        try:
            params = dict(config["params"])
            params["ngram_range"] = tuple(params["ngram_range"])
            model = cls(**params)
            terms = [str(t) for t in arrays["terms"]]
            model.idf_ = np.asarray(arrays["idf"], dtype=np.float64)
            model.coef_ = np.asarray(arrays["coef"], dtype=np.float64)
            model.vocabulary_ = {t: i for i, t in enumerate(terms)}
            model.reason_codes_ = [str(c) for c in config["reason_codes"]]
            model.pain_codes_ = [str(c) for c in config["pain_codes"]]
            model.intercept_ = float(config["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{path}: corrupt flag model ({type(exc).__name__}: {exc})") from exc
        expected = len(terms) + 4 + len(model.reason_codes_) + len(model.pain_codes_)
        if len(model.coef_) != expected or len(model.idf_) != len(terms):
            raise ModelError(f"{path}: corrupt flag model ({len(model.coef_)} weights, expected {expected})")
        return model


def _scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    tp = int((truth & predicted).sum())
    precision = tp / int(predicted.sum()) if predicted.any() else 0.0
    recall = tp / int(truth.sum()) if truth.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "flagged": int(predicted.sum())}


def evaluate(frame: pd.DataFrame, folds: int = 5, **params: Any) -> dict[str, Any]:
    """Cross-validated precision/recall of the model against the rule flags on the same labels.

    Arguments:
        frame: labelled rows (see :func:`read_labels`).
        folds: stratified folds (reduced when a class has fewer examples).
        **params: :class:`FlagModel` parameters.

    Returns:
        ``{"n", "positives", "folds", "rules": {...}, "model": {...}, "change": {...}}``.
    """
    from sklearn.model_selection import StratifiedKFold

    labels = frame[LABEL].to_numpy(dtype=int)
    smallest = int(min((labels == 1).sum(), (labels == 0).sum()))
    if smallest < 2:
        raise InputError(
            f"too few labels to compare: {int((labels == 1).sum())} confirmed and {int((labels == 0).sum())} false alarm(s); "
            "cross-validation needs at least 2 of each"
        )
    k = max(2, min(folds, smallest))
    truth = labels.astype(bool)
    predicted = np.zeros(len(frame), dtype=bool)
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=int(params.get("random_state", 0)))
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        model = FlagModel(**params).fit(frame.iloc[train])
        predicted[test] = model.predict(frame.iloc[test])
    rules = _scores(truth, rule_prediction(frame))
    learned = _scores(truth, predicted)
    change = {m: round(learned[m] - rules[m], 4) for m in ("precision", "recall", "f1")}
    return {"n": int(len(frame)), "positives": int(truth.sum()), "folds": k, "rules": rules, "model": learned, "change": change}
