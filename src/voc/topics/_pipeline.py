"""The topic step of ``voc.analyze``: fit or reuse a model, label comments, build the topic tables.

Kept out of ``voc.pipeline.analyze`` so the pipeline only composes: it hands over the comments and
the respondents table and gets back topic columns, tables and notes.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voc import columns as C
from voc.errors import InputError
from voc.text import ProcessedText
from voc.topics._model import MIN_COMMENTS, OUTLIER, TopicAssignment, TopicModeler
from voc.topics._units import ISSUE
from voc.topics._words import is_label_word, topic_words

logger = logging.getLogger(__name__)

QUOTES = 3
QUOTE_CHARS = 120
OUTLIER_LABEL = "未归类"


@dataclass
class TopicRun:
    """What the topic step adds to an analysis."""

    topic_ids: np.ndarray
    labels: list[str]
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)
    model: TopicModeler | None = None


def _clause_scores(comments: pd.DataFrame) -> list[list[float] | None] | None:
    if C.SENTIMENT_CLAUSES not in comments.columns:
        return None
    out: list[list[float] | None] = []
    for value in comments[C.SENTIMENT_CLAUSES]:
        try:
            out.append([float(v) for v in json.loads(value)] if isinstance(value, str) and value else None)
        except (ValueError, TypeError):
            out.append(None)
    return out


def run_topics(
    docs: Sequence[ProcessedText],
    comments: pd.DataFrame,
    respondents: pd.DataFrame | None = None,
    rows: Sequence[int] | None = None,
    *,
    score_cols: Sequence[str] = (),
    segment_cols: Sequence[str] = (),
    date_col: str | None = None,
    model: TopicModeler | str | Path | None = None,
    seed: int | None = None,
    save_to: str | Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    taxonomy: Any = None,
) -> TopicRun:
    """Topics for one analysis run.

    Arguments:
        docs: the comments, preprocessed (aligned with ``comments``).
        comments: the scored comments (sentiment and clause sentiment columns are read).
        respondents: the input table; ``rows`` gives each comment's row in it.
        score_cols, segment_cols, date_col: columns of ``respondents`` for the topic tables.
        model: a fitted :class:`TopicModeler` or its directory to reuse (ids and labels stay);
            ``None`` fits a new one.
        seed: random state of a new model (default 42).
        save_to: directory to save the (fitted or reused) model to.
        progress: ``(stage, done, total)`` callback.
        taxonomy: the taxonomy (path or object) whose seed terms guide new topics (default voc's).
    """
    n = len(docs)
    empty_ids = np.full(n, OUTLIER, dtype=np.int64)
    clause_scores = _clause_scores(comments)
    sentiments = comments[C.SENTIMENT].tolist() if C.SENTIMENT in comments.columns else None
    if progress:
        progress("finding topics", 0, 1)
    run_config: dict[str, Any] = {"seed": 42 if seed is None else seed}
    if model is not None:
        reused = model if isinstance(model, TopicModeler) else TopicModeler.load(model)
        assignment = reused.assign(docs, clause_scores, sentiments)
        run = _finish(reused, assignment, comments, respondents, rows, score_cols, segment_cols, date_col)
        run.notes += _unplaced_notes(assignment, run, comments)
        run.config = {"model": "reused", "source": str(model) if not isinstance(model, TopicModeler) else "<TopicModeler>", "topics": len(reused.topics_)}
    elif n < MIN_COMMENTS:
        note = f"only {n} comments: too few for a topic model (it needs at least {MIN_COMMENTS}); topic_id is -1 for every comment"
        return TopicRun(empty_ids, [""] * n, notes=[note], config={"model": "none", "reason": "too few comments"})
    else:
        fitted = TopicModeler(seed_topics="taxonomy" if taxonomy is None else taxonomy, random_state=run_config["seed"])
        try:
            fitted.fit(docs, clause_scores, sentiments)
        except InputError as exc:
            return TopicRun(empty_ids, [""] * n, notes=[f"no topic model: {exc}"], config={"model": "none", "reason": str(exc)})
        run = _finish(fitted, fitted.assignment_, comments, respondents, rows, score_cols, segment_cols, date_col)
        run.notes += fitted.notes_
        run.config = {"model": "fitted", "seed": run_config["seed"], **{k: v for k, v in fitted.get_params().items() if isinstance(v, (int, float, str, bool)) or v is None}}
    if save_to is not None and run.model is not None:
        run.model.save(save_to)
        run.config["saved_to"] = str(save_to)
    run.config["outlier_share"] = round(float((run.topic_ids < 0).mean()), 4) if n else 0.0
    if progress:
        progress("finding topics", 1, 1)
    return run


def _finish(
    model: TopicModeler,
    assignment: TopicAssignment,
    comments: pd.DataFrame,
    respondents: pd.DataFrame | None,
    rows: Sequence[int] | None,
    score_cols: Sequence[str],
    segment_cols: Sequence[str],
    date_col: str | None,
) -> TopicRun:
    ids = assignment.topic_ids
    labels = [model.label_of(int(t)) for t in ids]
    scores = _scores(respondents, rows, score_cols)
    table = topic_table(model, assignment, comments, scores)
    tables: dict[str, pd.DataFrame] = {}
    if respondents is not None and rows is not None:
        row_index = np.asarray(rows)
        for col in segment_cols:
            if col in respondents.columns:
                tables.setdefault("topics_by_segment", pd.DataFrame())
                part = _share_by(respondents[col].to_numpy()[row_index], ids, labels, col)
                tables["topics_by_segment"] = pd.concat([tables["topics_by_segment"], part], ignore_index=True)
        if date_col and date_col in respondents.columns:
            dates = pd.to_datetime(respondents[date_col], errors="coerce").to_numpy()[row_index]
            months = pd.Series(dates).dt.to_period("M").astype(str).replace("NaT", "").to_numpy()
            tables["topics_over_time"] = _share_by(months, ids, labels, "month").rename(columns={"value": "month"}).drop(columns=["segment"])
    return TopicRun(ids, labels, table, tables, model=model)


def _scores(respondents: pd.DataFrame | None, rows: Sequence[int] | None, score_cols: Sequence[str]) -> pd.DataFrame:
    if respondents is None or rows is None or not score_cols:
        return pd.DataFrame()
    from voc.io.scores import to_scores

    row_index = np.asarray(rows)
    return pd.DataFrame({col: to_scores(respondents[col]).to_numpy()[row_index] for col in score_cols if col in respondents.columns})


def topic_table(model: TopicModeler, assignment: TopicAssignment, comments: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """One row per topic (outliers last): size, share, sentiment, code, words, quotes, mean scores."""
    ids = assignment.topic_ids
    n = max(len(ids), 1)
    sentiment = pd.to_numeric(comments[C.SENTIMENT], errors="coerce").to_numpy() if C.SENTIMENT in comments.columns else np.full(len(ids), np.nan)
    texts = comments[C.TEXT].astype(str).tolist() if C.TEXT in comments.columns else [""] * len(ids)
    rows = []
    for info in [*model.topics_, None]:
        topic = info.topic_id if info else OUTLIER
        members = np.flatnonzero(ids == topic)
        if info is None and not len(members):
            continue
        row: dict[str, Any] = {
            C.TOPIC_ID: topic,
            C.TOPIC_LABEL: info.label if info else OUTLIER_LABEL,
            "kind": info.kind if info else "",
            "mixed": info.mixed if info else False,
            "size": len(members),
            "share": round(len(members) / n, 4),
            "mean_sentiment": round(float(np.nanmean(sentiment[members])), 4) if len(members) and not np.all(np.isnan(sentiment[members])) else np.nan,
            "code": info.code if info else "",
            "words": "、".join(info.words) if info else "",
        }
        quotes = _quotes(assignment, topic, texts) if info else []
        for q in range(QUOTES):
            row[f"quote_{q + 1}"] = quotes[q] if q < len(quotes) else ""
        for col in scores.columns:
            values = scores[col].to_numpy()[members]
            row[f"mean_{col}"] = round(float(np.nanmean(values)), 3) if len(values) and not np.all(np.isnan(values)) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    order = table.assign(_out=table[C.TOPIC_ID] < 0, _praise=table["kind"] != ISSUE).sort_values(["_out", "_praise", "size", C.TOPIC_ID], ascending=[True, True, False, True])
    return order.drop(columns=["_out", "_praise"]).reset_index(drop=True)


def _quotes(assignment: TopicAssignment, topic: int, texts: list[str]) -> list[str]:
    """Comments whose clauses sit closest to the topic's centre, distinct, shortened."""
    units = np.flatnonzero(assignment.unit_topics == topic)
    order = units[np.argsort(-assignment.unit_similarity[units], kind="stable")]
    quotes: list[str] = []
    seen: set[int] = set()
    for u in order:
        c = int(assignment.units.comment[u])
        if c in seen or assignment.topic_ids[c] != topic:
            continue
        seen.add(c)
        text = texts[c]
        text = text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
        if text not in quotes:
            quotes.append(text)
        if len(quotes) == QUOTES:
            break
    return quotes


def _share_by(values: np.ndarray, ids: np.ndarray, labels: list[str], name: str) -> pd.DataFrame:
    """Comments per (value, topic) with the topic's share within the value."""
    frame = pd.DataFrame({"value": pd.Series(values).astype(str).to_numpy(), C.TOPIC_ID: ids, C.TOPIC_LABEL: [lab or OUTLIER_LABEL for lab in labels]})
    frame = frame[frame["value"].str.len() > 0]
    counts = frame.groupby(["value", C.TOPIC_ID, C.TOPIC_LABEL]).size().rename("comments").reset_index()
    counts["share"] = (counts["comments"] / counts.groupby("value")["comments"].transform("sum")).round(4)
    counts.insert(0, "segment", name)
    return counts.sort_values(["value", "comments"], ascending=[True, False]).reset_index(drop=True)


def _unplaced_notes(assignment: TopicAssignment, run: TopicRun, comments: pd.DataFrame) -> list[str]:
    """Complaints a reused model cannot place: reported, never forced into an old topic."""
    units = assignment.units
    issue = np.array([p == ISSUE for p in units.pool], dtype=bool)
    if not issue.any():
        return []
    unplaced_units = issue & (assignment.unit_topics < 0)
    complaining = set(units.comment[issue].tolist())
    unplaced = sorted(c for c in complaining if assignment.topic_ids[c] < 0)
    if not unplaced:
        return []
    words = Counter(w for u in np.flatnonzero(unplaced_units) for w in topic_words(units.text[u]) if is_label_word(w))
    top = "、".join(w for w, _ in words.most_common(8))
    texts = comments[C.TEXT].astype(str).tolist() if C.TEXT in comments.columns else [""] * len(assignment.topic_ids)
    ids = comments[C.ID].astype(str).tolist() if C.ID in comments.columns else [str(i + 1) for i in range(len(texts))]
    run.tables["topics_unplaced"] = pd.DataFrame(
        {
            C.ID: [ids[c] for c in unplaced],
            C.TEXT: [texts[c] for c in unplaced],
            "clauses": [" | ".join(units.text[u] for u in np.flatnonzero(unplaced_units & (units.comment == c))) for c in unplaced],
        }
    )
    share = len(unplaced) / max(len(complaining), 1)
    return [
        f"reused topic model: {len(unplaced)} complaint comment(s) ({share:.0%} of complaints) fit none of its topics — "
        f"possibly new pain points{'; frequent words: ' + top if top else ''} (table topics_unplaced)"
    ]
