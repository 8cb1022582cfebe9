"""Read an analysis result (workbook, table file or result directory) and turn flagged comments into review items.

An item's identity is a hash of (id, source column, masked text), so importing the same run twice
adds nothing, and a later run adds only the comments that are new while old decisions stay.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from voc import columns as C
from voc.review.errors import ReviewInputError

if TYPE_CHECKING:
    from voc.flagmodel import FlagModel
    from voc.review.store import ImportSummary, ReviewStore

logger = logging.getLogger(__name__)

#: Row position of each comment's respondent (written by ``voc.analyze``; see voc.pipeline.analyze.ROW).
ROW = "row"
#: Per-comment evidence column: JSON mapping pain-point code → clauses / trigger words.
EVIDENCE = "pain_point_evidence"
COMMENT_SHEETS = ("逐条结果", "Comments", "comments")
RESPONDENT_SHEETS = ("受访者", "Respondents", "respondents")
CONFIG_SHEETS = ("运行配置", "Run config")
TABLE_SUFFIXES = (".parquet", ".jsonl", ".csv", ".xlsx")
_MISMATCH_MARKERS = ("mismatch", "不一致", "矛盾")
_TRUE = {"true", "1", "yes", "y", "t", "是", "需升级"}


@dataclass
class ResultTables:
    """What an analysis result holds, read back from disk."""

    comments: pd.DataFrame
    respondents: pd.DataFrame | None = None
    config: dict[str, Any] = field(default_factory=dict)
    source: str = ""


def item_key(respondent_id: object, source_col: object, text: object) -> str:
    """Stable identity of a comment across imports: sha256 of id, source column and masked text."""
    joined = "\x1f".join(_text(v) for v in (respondent_id, source_col, text))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def read_result(path: str | Path, survey: str | Path | None = None) -> ResultTables:
    """Read the per-comment table, the run config and, when available, the respondents' rows.

    Arguments:
        path: a workbook written by ``voc analyze``, a ``.parquet``/``.jsonl``/``.csv`` result table
            (its ``<file>.config.json`` is read too), or a directory holding such files.
        survey: the original survey file, to show each respondent's scores and other answers
            (default: the input recorded in the run config, when it still exists).
    """
    path = Path(path)
    if not path.exists():
        raise ReviewInputError(f"result not found: {path}")
    if path.is_dir():
        tables = _read_directory(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        tables = _read_workbook(path)
    elif path.suffix.lower() in TABLE_SUFFIXES:
        tables = ResultTables(comments=_read_table(path), config=_read_config(path.with_name(path.name + ".config.json")))
    else:
        raise ReviewInputError(f"cannot import '{path.name}': expected a voc result (.xlsx, .parquet, .jsonl, .csv) or a result directory")
    tables.source = str(path)
    _check_columns(tables.comments, path)
    if survey is not None:
        tables.respondents = _read_survey(Path(survey), tables.config)
    elif tables.respondents is None:
        recorded = _recorded_input(tables.config, path)
        if recorded is None and tables.config.get("input") not in (None, "", "<DataFrame>"):
            logger.warning(
                "survey file %s (recorded by the run) not found: respondents' scores and other answers are not "
                "imported; give it with --survey FILE", tables.config.get("input")
            )
        if recorded is not None:
            try:
                tables.respondents = _read_survey(recorded, tables.config)
            except ReviewInputError as exc:  # the comments still import; only the extra answers are missing
                logger.warning("respondent answers not imported: %s", exc)
    return tables


def flagged_mask(comments: pd.DataFrame) -> pd.Series:
    """Comments QA must see: escalated, severity ≥ 2, or a score/text mismatch."""
    escalate = comments[C.ESCALATE].map(_bool) if C.ESCALATE in comments else pd.Series(False, index=comments.index)
    severity = comments[C.SEVERITY].map(_int) if C.SEVERITY in comments else pd.Series(0, index=comments.index)
    return escalate.astype(bool) | (severity >= 2) | _mismatch(comments).astype(bool)


def to_records(tables: ResultTables, include_all: bool = False, flag_model: FlagModel | None = None) -> list[dict[str, Any]]:
    """Review-store rows for the flagged comments (or all of them with ``include_all``).

    With a ``flag_model`` (from ``voc train flags``) each row also gets ``flag_score``, the learned
    probability that the flag is a real complaint, which ranks the queue within a rule level.
    """
    comments = tables.comments
    if not include_all:
        comments = comments[flagged_mask(comments)]
    mismatch = _mismatch(comments)
    scores = None
    if flag_model is not None and len(comments):
        features = comments.assign(mismatch=mismatch, **{C.TEXT: comments[C.TEXT].map(_text)})
        scores = pd.Series(flag_model.predict_proba(features), index=comments.index)
    config = tables.config
    records = []
    for index, row in comments.iterrows():
        respondent, segment, date = _respondent(row, tables.respondents, config)
        rid, src, text = _text(row.get(C.ID)), _text(row.get(C.SOURCE_COL)), _text(row.get(C.TEXT))
        records.append(
            {
                "item_key": item_key(rid, src, text),
                "respondent_id": rid,
                "source_col": src,
                "text": text,
                "sentiment": _float(row.get(C.SENTIMENT)),
                "sentiment_label": _text(row.get(C.SENTIMENT_LABEL)),
                "emotion": _text(row.get(C.EMOTION)),
                "pain_points": _text(row.get(C.PAIN_POINTS)),
                "severity": _int(row.get(C.SEVERITY)),
                "escalate": _bool(row.get(C.ESCALATE)),
                "mismatch": bool(mismatch.loc[index]),
                "flag_reasons": _text(row.get(C.FLAG_REASONS)),
                "topic_id": _int_or_none(row.get(C.TOPIC_ID)),
                "topic_label": _text(row.get(C.TOPIC_LABEL)),
                "eci": _float(row.get(C.ECI)),
                "flag_score": None if scores is None else round(float(scores.loc[index]), 4),
                "evidence_json": _evidence_json(row.get(EVIDENCE)),
                "details_json": json.dumps(_details(row), ensure_ascii=False, default=str),
                "respondent_json": json.dumps(respondent, ensure_ascii=False, default=str),
                "segment": segment,
                "comment_date": date,
            }
        )
    return records


def import_result(
    store: ReviewStore,
    path: str | Path,
    include_all: bool = False,
    survey: str | Path | None = None,
    flag_model: str | Path | FlagModel | None = None,
) -> ImportSummary:
    """Read ``path`` and add its flagged comments to ``store`` (one transaction).

    ``flag_model`` (a directory from ``voc train flags``, or a loaded model) scores each item.
    """
    if isinstance(flag_model, (str, Path)):
        from voc.flagmodel import FlagModel as _FlagModel

        flag_model = _FlagModel.load(flag_model)
    tables = read_result(path, survey=survey)
    records = to_records(tables, include_all=include_all, flag_model=flag_model)
    return store.import_items(records, source=tables.source, config=tables.config)


# --- reading -----------------------------------------------------------------------------------


def _read_table(path: Path, sheet: str | None = None) -> pd.DataFrame:
    from voc.errors import InputError
    from voc.io import read_table

    try:
        frame = read_table(path, sheet=sheet)
    except InputError as exc:
        raise ReviewInputError(str(exc)) from exc
    return _english_headers(frame)


def _english_headers(frame: pd.DataFrame) -> pd.DataFrame:
    # Built at call time, so headers other stages add to ZH_HEADERS are mapped back too.
    back = {zh: en for en, zh in C.ZH_HEADERS.items()}
    return frame.rename(columns={c: back.get(c, c) for c in frame.columns})


def _read_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("run config %s not read: %s", path, exc)
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _read_workbook(path: Path) -> ResultTables:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
        names = list(workbook.sheetnames)
        workbook.close()
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise ReviewInputError(f"{path.name} is not a readable .xlsx workbook: {exc}") from exc
    sheet = next((s for s in COMMENT_SHEETS if s in names), None)
    if sheet is None:
        raise ReviewInputError(
            f"{path.name} has no per-comment sheet ({' / '.join(COMMENT_SHEETS)}); sheets are: {', '.join(names)} — "
            "import a workbook written by `voc analyze`"
        )
    comments = _read_table(path, sheet)
    config: dict[str, Any] = {}
    config_sheet = next((s for s in CONFIG_SHEETS if s in names), None)
    if config_sheet is not None:
        table = _read_table(path, config_sheet)
        if {"key", "value"} <= set(table.columns):
            config = {str(k): _literal(v) for k, v in zip(table["key"], table["value"], strict=False)}
    respondent_sheet = next((s for s in RESPONDENT_SHEETS if s in names), None)
    respondents = _read_table(path, respondent_sheet) if respondent_sheet else None
    return ResultTables(comments=comments, respondents=respondents, config=config)


def _read_directory(path: Path) -> ResultTables:
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith("."))
    by_stem = {p.stem: p for p in files}
    comments_file = by_stem.get("comments")
    if comments_file is None:
        workbooks = [p for p in files if p.suffix.lower() == ".xlsx"]
        tables = [p for p in files if p.suffix.lower() != ".xlsx" and p.stem not in ("respondents", "topics")]
        if len(tables) == 1:
            comments_file = tables[0]
        elif not tables and len(workbooks) == 1:
            return _read_workbook(workbooks[0])
        else:
            raise ReviewInputError(
                f"cannot tell which file in {path} holds the comments: name it comments.parquet (or .jsonl/.csv), "
                "or import the file itself"
            )
    if comments_file.suffix.lower() == ".xlsx":
        return _read_workbook(comments_file)
    config = _read_config(comments_file.with_name(comments_file.name + ".config.json")) or _read_config(path / "config.json")
    respondents_file = by_stem.get("respondents")
    respondents = _read_table(respondents_file) if respondents_file else None
    return ResultTables(comments=_read_table(comments_file), respondents=respondents, config=config)


def _recorded_input(config: dict[str, Any], result: Path) -> Path | None:
    """The survey file the run read: as recorded (relative to where analyze ran), else beside the result."""
    recorded = config.get("input")
    if not isinstance(recorded, str) or not recorded or recorded == "<DataFrame>":
        return None
    base = result if result.is_dir() else result.parent
    for candidate in (Path(recorded), base / recorded, base / Path(recorded).name):
        if candidate.is_file():
            return candidate
    return None


def _read_survey(path: Path, config: dict[str, Any]) -> pd.DataFrame:
    from voc.errors import InputError
    from voc.io import read_table

    sheet = config.get("sheet")
    try:
        return read_table(path, sheet=sheet if isinstance(sheet, (str, int)) and path.suffix.lower() in (".xlsx", ".xlsm") else None)
    except InputError as exc:
        raise ReviewInputError(f"survey file {path}: {exc}") from exc


def _check_columns(comments: pd.DataFrame, path: Path) -> None:
    missing = [c for c in (C.ID, C.TEXT) if c not in comments.columns]
    if missing:
        raise ReviewInputError(
            f"{path.name} is not a voc result: column(s) {', '.join(missing)} missing (found: {', '.join(map(str, comments.columns[:12]))}); "
            "run `voc analyze` first and import its output"
        )


# --- per-comment values ------------------------------------------------------------------------


def _respondent(row: pd.Series, respondents: pd.DataFrame | None, config: dict[str, Any]) -> tuple[dict[str, Any], str, str | None]:
    """Scores, segments and other answers of the comment's respondent; the segment label; the date."""
    if respondents is None or respondents.empty:
        return {}, "", None
    record: pd.Series | None = None
    position = _int_or_none(row.get(ROW))
    if position is not None and 0 <= position < len(respondents):
        record = respondents.iloc[position]
    elif config.get("id_col") in respondents.columns:
        hits = respondents[respondents[config["id_col"]].astype(str) == _text(row.get(C.ID))]
        record = hits.iloc[0] if len(hits) else None
    if record is None:
        return {}, "", None
    from voc.text.pii import mask_pii

    score_cols = [c for c in _as_list(config.get("score_cols")) if c in record.index]
    segment_cols = [c for c in _as_list(config.get("segment_cols")) if c in record.index]
    date_col = config.get("date_col") if config.get("date_col") in record.index else None
    skip = {*score_cols, *segment_cols, date_col, config.get("id_col"), _text(row.get(C.SOURCE_COL))}
    scores = {c: _score(record[c]) for c in score_cols}
    segments = {c: _text(record[c]) for c in segment_cols}
    # Answers come from the raw survey, so personal data is masked here, as voc masks comment text.
    answers = {str(c): mask_pii(_text(record[c])) for c in record.index if c not in skip and _text(record[c])}
    date = None
    if date_col:
        parsed = pd.to_datetime(pd.Series([record[date_col]]), errors="coerce").iloc[0]
        date = None if pd.isna(parsed) else parsed.strftime("%Y-%m-%d")
    segment = " / ".join(v for v in segments.values() if v)
    return {"scores": scores, "segments": segments, "answers": answers}, segment, date


def _score(value: object) -> object:
    from voc.io.scores import parse_score

    number = parse_score(value)
    if isinstance(number, float) and not math.isnan(number):
        return int(number) if number.is_integer() else number
    return _plain(value)


def _details(row: pd.Series) -> dict[str, Any]:
    known = {*C.COMMENT_COLUMNS, ROW, EVIDENCE, "mismatch"}
    return {str(k): _plain(v) for k, v in row.items() if k not in known and _text(v)}


def _evidence_json(value: object) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    text = _text(value)
    if not text:
        return "{}"
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return json.dumps({"_": [text]}, ensure_ascii=False)


def _mismatch(comments: pd.DataFrame) -> pd.Series:
    if "mismatch" in comments.columns:
        return comments["mismatch"].map(_bool)
    if C.FLAG_REASONS not in comments.columns:
        return pd.Series(False, index=comments.index)
    reasons = comments[C.FLAG_REASONS].map(_text).str.lower()
    return reasons.map(lambda r: any(m in r for m in _MISMATCH_MARKERS))


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(value: object) -> str:
    return "" if _missing(value) else str(value).strip()


def _bool(value: object) -> bool:
    if _missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return bool(value)


def _int(value: object) -> int:
    result = _int_or_none(value)
    return 0 if result is None else result


def _int_or_none(value: object) -> int | None:
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(float(str(value)))
    except ValueError:
        return None


def _float(value: object) -> float | None:
    if _missing(value):
        return None
    try:
        number = float(str(value))
    except ValueError:
        return None
    return None if math.isnan(number) else number


def _plain(value: object) -> object:
    if _missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return str(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _literal(value: object) -> object:
    if not isinstance(value, str):
        return _plain(value)
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return value


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return []
