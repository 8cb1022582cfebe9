"""``voc.analyze``: read a survey, choose columns, score every comment, and assemble the result."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from voc import columns as C
from voc._version import __version__
from voc.errors import InputError
from voc.io import ColumnSpec, detect_columns, read_table
from voc.io.detect import numeric_share_warning
from voc.io.scores import to_scores
from voc.pipeline.scorer import (
    MAX_TEXT_CHARS,
    ProgressCallback,
    Scorer,
    describe_scoring,
    order_columns,
    score_frame,
)
from voc.result import AnalysisResult
from voc.text import preprocess

logger = logging.getLogger(__name__)

#: Called with (stage description, done, total); lets the CLI draw progress bars.
StageProgress = Callable[[str, int, int], None]
#: Row position of each comment's respondent in the input table (joins comments back to scores).
ROW = "row"


def load_frame(data: pd.DataFrame | str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """A copy of the input table (a DataFrame is never modified; a path is read)."""
    if isinstance(data, pd.DataFrame):
        if data.empty:
            raise InputError("the input table has no rows")
        frame = data.copy()
        frame.columns = [str(c) for c in frame.columns]
        return frame.reset_index(drop=True)
    if isinstance(data, (str, Path)):
        return read_table(data, sheet=sheet)
    raise InputError(f"data must be a DataFrame or a file path, not {type(data).__name__}")


def long_comments(frame: pd.DataFrame, spec: ColumnSpec) -> pd.DataFrame:
    """One row per non-blank answer: row, id, source column and raw text, in table order."""
    ids = frame[spec.id_col].astype(str).tolist() if spec.id_col else [str(i + 1) for i in range(len(frame))]
    records = []
    for row_index in range(len(frame)):
        for col in spec.text_cols:
            value = frame.at[row_index, col]
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            text = str(value).strip()
            if text:
                records.append((row_index, ids[row_index], col, text))
    return pd.DataFrame(records, columns=[ROW, C.ID, C.SOURCE_COL, "raw"])


def overview_table(comments: pd.DataFrame, frame: pd.DataFrame, spec: ColumnSpec) -> pd.DataFrame:
    """Headline numbers for the first sheet."""
    rows: list[tuple[str, object]] = [
        ("受访者数 respondents", len(frame)),
        ("评论数 comments", len(comments)),
    ]
    if len(comments):
        labels = comments[C.SENTIMENT_LABEL].value_counts(normalize=True)
        rows += [
            ("正面占比 positive share", round(float(labels.get(C.POSITIVE, 0.0)), 4)),
            ("中性占比 neutral share", round(float(labels.get(C.NEUTRAL, 0.0)), 4)),
            ("负面占比 negative share", round(float(labels.get(C.NEGATIVE, 0.0)), 4)),
            ("平均情感分 mean sentiment", round(float(comments[C.SENTIMENT].mean()), 4)),
            ("需升级条数 escalations", int(comments[C.ESCALATE].sum())),
        ]
    for col in spec.score_cols:
        scores = to_scores(frame[col])
        rows.append((f"{col} 均值 mean", round(float(scores.mean()), 3) if scores.notna().any() else None))
    return pd.DataFrame(rows, columns=["指标 metric", "值 value"])


def analyze(
    data: pd.DataFrame | str | Path,
    text_cols: Sequence[str] | str | None = None,
    score_cols: Sequence[str] | str | None = None,
    id_col: str | None = None,
    segment_cols: Sequence[str] | str | None = None,
    *,
    sheet: str | int | None = None,
    date_col: str | None = None,
    survey: Any = None,
    scorer: Scorer | None = None,
    progress: StageProgress | None = None,
    topics: bool = True,
    topic_model: Any = None,
    save_topic_model: str | Path | None = None,
    seed: int | None = None,
    **options: Any,
) -> AnalysisResult:
    """Analyse a survey table: detect columns, score each comment, join back to the respondents.

    Arguments:
        data: a DataFrame (left unmodified) or a path to .xlsx/.csv/.tsv/.jsonl/.parquet.
        text_cols, score_cols, id_col, segment_cols: column roles; detected when omitted.
        sheet: worksheet for workbooks (default the first).
        date_col: a date column for trends (detected when omitted).
        survey: survey config (:class:`voc.survey.SurveyConfig` or a TOML/YAML path); default:
            built from the detected score columns.
        scorer: a configured :class:`Scorer` (default: built from ``options``).
        progress: callback ``(stage, done, total)`` for progress display.
        topics: find topics (BERTopic over complaint/praise clauses); ``False`` skips them.
        topic_model: a fitted :class:`voc.topics.TopicModeler` or its directory, reused so topics
            keep their ids and labels across survey waves (complaints it cannot place are reported).
        save_topic_model: directory to save the topic model to, for reuse in the next wave.
        seed: random state of the topic model (default 42: same input, same topics).
        **options: scoring options, e.g. ``sentiment_backend="lexicon"``.

    Returns:
        an :class:`~voc.result.AnalysisResult`.

    Examples:
        >>> import pandas as pd, voc
        >>> df = pd.DataFrame({"改进建议": ["配件等了三周，太慢了", "工程师很专业"], "总体满意度": [2, 5]})
        >>> result = voc.analyze(df)
        >>> result.comments[["text", "sentiment_label"]].shape
        (2, 2)
    """
    frame = load_frame(data, sheet)
    spec = detect_columns(
        frame,
        text_cols=_as_list(text_cols),
        score_cols=_as_list(score_cols),
        id_col=id_col,
        segment_cols=_as_list(segment_cols),
        date_col=date_col,
    )
    notes: list[str] = []
    for col in spec.text_cols:
        share = numeric_share_warning(frame[col])
        if share > 0.2:
            notes.append(f"text column '{col}': {share:.0%} of its cells are bare numbers")
    long = long_comments(frame, spec)
    if long.empty:
        raise InputError(f"no comments to analyse: the text columns ({', '.join(spec.text_cols)}) are all blank")
    too_long = int((long["raw"].str.len() > MAX_TEXT_CHARS).sum())
    if too_long:
        notes.append(f"{too_long} comment(s) longer than {MAX_TEXT_CHARS} characters were cut to that length")

    scorer = scorer or Scorer(**options)
    docs = [preprocess(t[:MAX_TEXT_CHARS]) for t in long["raw"]]
    stage_progress: ProgressCallback | None = (lambda done, total: progress("scoring comments", done, total)) if progress else None
    scored = scorer.score_docs(docs, progress=stage_progress)
    comments = score_frame(scored, docs, long[C.ID].tolist(), long[C.SOURCE_COL].tolist())
    comments[ROW] = long[ROW].to_numpy()
    comments[C.TOPIC_ID] = pd.array([pd.NA] * len(comments), dtype="Int64")
    comments[C.TOPIC_LABEL] = ""
    tables: dict[str, pd.DataFrame] = {}
    topic_table = pd.DataFrame()

    # --- corpus-level: topics (owned by voc.topics) ---
    topic_config: dict[str, Any] = {"model": "off"}
    if topics:
        from voc.topics._pipeline import run_topics

        topic_run = run_topics(
            docs, comments, frame, long[ROW].tolist(),
            score_cols=spec.score_cols, segment_cols=spec.segment_cols, date_col=spec.date_col,
            model=topic_model, seed=seed, save_to=save_topic_model, progress=progress,
            taxonomy=options.get("taxonomy"),
        )
        comments[C.TOPIC_ID] = topic_run.topic_ids
        comments[C.TOPIC_LABEL] = topic_run.labels
        topic_table = topic_run.table
        tables.update(topic_run.tables)
        notes += topic_run.notes
        topic_config = topic_run.config

    # --- join with numeric survey scores (owned by voc.survey) ---
    from voc.survey import join_survey

    joined = join_survey(frame, spec, comments, survey)
    comments = joined.comments
    tables.update(joined.tables)
    notes += joined.notes
    respondents = joined.respondents
    comments = _mark_mismatches(comments, tables.get("mismatches"))

    comments = order_columns(comments, C.COMMENT_COLUMNS)

    for note in notes:
        logger.warning(note)
    config = {
        "voc_version": __version__,
        "input": str(data) if not isinstance(data, pd.DataFrame) else "<DataFrame>",
        "sheet": sheet,
        "text_cols": spec.text_cols,
        "score_cols": spec.score_cols,
        "id_col": spec.id_col,
        "segment_cols": spec.segment_cols,
        "date_col": spec.date_col,
        "survey": joined.config.describe() if joined.config else None,
        "topics": topic_config,
        **describe_scoring(scorer, options),
    }
    return AnalysisResult(
        comments=comments,
        topics=topic_table,
        respondents=respondents,
        tables={"overview": overview_table(comments, frame, spec), **tables},
        config=config,
        notes=notes,
    )


def _mark_mismatches(comments: pd.DataFrame, found: pd.DataFrame | None) -> pd.DataFrame:
    """Mark each comment whose tone contradicts its author's score, so QA's queue can pick it up."""
    kinds: dict[tuple[int, str], str] = {}
    if found is not None and not found.empty:
        kinds = {(int(r), str(s)): str(k) for r, s, k in zip(found[ROW], found[C.SOURCE_COL], found["kind"])}
    kind = [kinds.get((int(r), str(s)), "") for r, s in zip(comments[ROW], comments[C.SOURCE_COL])]
    return comments.assign(**{C.MISMATCH: [bool(k) for k in kind], C.MISMATCH_KIND: kind})


def _as_list(value: Sequence[str] | str | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    values = list(value)
    return values or None
