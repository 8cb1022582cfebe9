"""Choose the text, score, id, segment and date columns of a survey table from headers and content.

Chinese headers are the norm (改进建议, 总体满意度, 推荐意愿, 客户类型) but nothing depends on them
alone: a column is a free-text column because its cells are varied, wordy strings; a score column
because its cells parse as small numbers on a Likert or 0–10 scale. Header words only break ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from voc.errors import ColumnDetectionError, InputError
from voc.io.scores import to_scores

_TEXT_HINTS = re.compile(r"建议|意见|不满|满意的地方|评价|原因|反馈|描述|备注|说明|其他|其它|内容|留言|投诉|问题|comment|feedback|review|remark|suggest|reason|text|answer", re.I)
_SCORE_HINTS = re.compile(r"满意|评分|打分|得分|分数|推荐|意愿|速度|态度|解决|供应|透明|质量|效率|评价分|score|rating|nps|csat|likert|recommend", re.I)
_ID_HINTS = re.compile(r"编号|序号|编码|工单号|订单号|客户号|用户号|会员号|^id$|_id$|^id_|respondent|uuid", re.I)
_DATE_HINTS = re.compile(r"日期|时间|提交|date|time|created|submitted", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass
class ColumnSpec:
    """The columns a run uses; printed to the user and saved with the results."""

    text_cols: list[str]
    score_cols: list[str] = field(default_factory=list)
    id_col: str | None = None
    segment_cols: list[str] = field(default_factory=list)
    date_col: str | None = None

    def describe(self) -> str:
        """One line per role, for the CLI to print."""
        lines = [f"text columns:    {', '.join(self.text_cols)}"]
        lines.append(f"score columns:   {', '.join(self.score_cols) or '(none)'}")
        lines.append(f"id column:       {self.id_col or '(row number)'}")
        lines.append(f"segment columns: {', '.join(self.segment_cols) or '(none)'}")
        if self.date_col:
            lines.append(f"date column:     {self.date_col}")
        return "\n".join(lines)


def _non_blank(series: pd.Series) -> pd.Series:
    values = series.dropna()
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        values = values[values.astype(str).str.strip() != ""]
    return values


def looks_numeric(series: pd.Series) -> float:
    """Share of non-blank cells that parse as numbers."""
    values = _non_blank(series)
    if values.empty:
        return 0.0
    return float(to_scores(values).notna().mean())


def looks_like_dates(series: pd.Series) -> float:
    """Share of non-blank cells that are dates or datetimes (typed, or parseable strings)."""
    values = _non_blank(series)
    if values.empty:
        return 0.0
    if pd.api.types.is_datetime64_any_dtype(values):
        return 1.0
    sample = values.head(200)
    typed = sample.map(lambda v: hasattr(v, "year") and hasattr(v, "month")).mean()
    if typed > 0.8:
        return float(typed)
    text = sample.astype(str)
    if not text.str.contains(r"\d{4}[-/年.]\d{1,2}", regex=True).mean() > 0.8:
        return 0.0
    parsed = pd.to_datetime(text, errors="coerce", format="mixed")
    return float(parsed.notna().mean())


def text_score(series: pd.Series) -> float:
    """How much a column looks like free text: 0 (not at all) … about 1 (clearly)."""
    values = _non_blank(series)
    if values.empty:
        return 0.0
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
        return 0.0
    if looks_numeric(values) > 0.8 or looks_like_dates(values) > 0.8:
        return 0.0
    text = values.astype(str)
    wordy = (text.str.contains(_CJK) | text.str.contains(_WORD)).mean()
    mean_len = text.str.len().mean()
    variety = text.nunique() / len(text)
    if wordy < 0.5 or mean_len < 2:
        return 0.0
    # Few distinct short values that repeat: a category (客户类型, 区域), not free text.
    n_unique = text.nunique()
    if n_unique <= 30 and variety < 0.8 and text.value_counts().iloc[0] >= 2 and mean_len < 10:
        return 0.0
    return float(wordy * min(mean_len / 8.0, 1.0) * min(variety / 0.6, 1.0))


def score_scale(series: pd.Series) -> tuple[float, float] | None:
    """(min, max) of a plausible rating column (Likert 1–5/1–7/1–10 or 0–10), else None."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return None
    values = _non_blank(series)
    if values.empty or looks_numeric(values) < 0.9:
        return None
    numbers = to_scores(values).dropna()
    if numbers.empty:
        return None
    integer_share = float((numbers == numbers.round()).mean())
    low, high = float(numbers.quantile(0.01)), float(numbers.quantile(0.99))
    if integer_share < 0.9 or low < 0 or high > 11 or numbers.nunique() > 12:
        return None
    return float(numbers.min()), float(numbers.max())


def _is_id(name: str, series: pd.Series) -> bool:
    values = _non_blank(series)
    if values.empty:
        return False
    unique_share = values.astype(str).nunique() / len(values)
    if _ID_HINTS.search(name) and unique_share > 0.9:
        return True
    text = values.astype(str)
    code_like = text.str.fullmatch(r"[A-Za-z]{0,4}[-_]?\d{3,}").mean()
    return bool(unique_share > 0.98 and code_like > 0.95 and len(values) >= 5)


def _is_segment(series: pd.Series, n_rows: int) -> bool:
    values = _non_blank(series)
    if len(values) < max(3, 0.5 * n_rows):
        return False
    text = values.astype(str)
    n_unique = text.nunique()
    limit = min(30, max(3, int(0.7 * len(values))))
    repeats = text.value_counts().iloc[0] >= 2
    return bool(2 <= n_unique <= limit and repeats and text.str.len().mean() <= 20)


def detect_columns(
    frame: pd.DataFrame,
    text_cols: list[str] | None = None,
    score_cols: list[str] | None = None,
    id_col: str | None = None,
    segment_cols: list[str] | None = None,
    date_col: str | None = None,
) -> ColumnSpec:
    """Fill in whichever roles the user did not give; validate the ones they did.

    Raises:
        InputError: a named column does not exist, or a text column holds no text.
        ColumnDetectionError: no free-text column could be recognised.
    """
    columns = [str(c) for c in frame.columns]
    for option, names in (("--text-col", text_cols), ("--score-col", score_cols), ("--segment-col", segment_cols)):
        for name in names or []:
            _require(name, columns, option)
    if id_col is not None:
        _require(id_col, columns, "--id-col")
    if date_col is not None:
        _require(date_col, columns, "--date-col")

    n_rows = len(frame)
    taken: set[str] = set()
    if id_col is None:
        id_col = next((c for c in columns if _is_id(c, frame[c])), None)
    if id_col:
        taken.add(id_col)

    if date_col is None:
        candidates = [c for c in columns if c not in taken]
        hinted = [c for c in candidates if _DATE_HINTS.search(c)]
        ordered = hinted + [c for c in candidates if c not in hinted]
        date_col = next((c for c in ordered if looks_like_dates(frame[c]) > 0.8), None)
    if date_col:
        taken.add(date_col)

    if text_cols:
        for name in text_cols:
            validate_text_column(frame, name)
    else:
        ranked = sorted(
            ((text_score(frame[c]) + (0.3 if _TEXT_HINTS.search(c) else 0.0), c) for c in columns if c not in taken),
            reverse=True,
        )
        text_cols = [c for s, c in ranked if s >= 0.45 and text_score(frame[c]) >= 0.25]
        text_cols = [c for c in columns if c in text_cols]  # keep the table's order
        if not text_cols:
            raise ColumnDetectionError(
                "could not find a free-text column; columns are: "
                + ", ".join(columns)
                + ". Name it with --text-col COLUMN"
            )
    taken.update(text_cols)

    if score_cols is None:
        score_cols = [c for c in columns if c not in taken and score_scale(frame[c]) is not None]
    taken.update(score_cols)

    if segment_cols is None:
        segment_cols = [
            c for c in columns
            if c not in taken and not pd.api.types.is_numeric_dtype(frame[c]) and _is_segment(frame[c], n_rows)
        ]
    return ColumnSpec(list(text_cols), list(score_cols), id_col, list(segment_cols), date_col)


def _require(name: str, columns: list[str], option: str) -> None:
    if name not in columns:
        raise InputError(f"{option} '{name}': no such column; columns are: {', '.join(columns)}")


def validate_text_column(frame: pd.DataFrame, name: str) -> None:
    """Refuse a text column that is empty or holds numbers/dates instead of words."""
    values = _non_blank(frame[name])
    if values.empty:
        raise InputError(f"text column '{name}' is empty: every cell is blank")
    numeric = looks_numeric(values)
    dates = looks_like_dates(values)
    if numeric > 0.9 or dates > 0.9 or pd.api.types.is_numeric_dtype(values.infer_objects()):
        kind = "dates" if dates > numeric else "numbers"
        raise InputError(f"text column '{name}' holds {kind}, not comments; choose another with --text-col")


def numeric_share_warning(series: pd.Series) -> float:
    """Share of cells in a chosen text column that are bare numbers (for a warning)."""
    values = _non_blank(series)
    if values.empty:
        return 0.0
    return float(np.mean([isinstance(v, (int, float)) or str(v).strip().replace(".", "", 1).isdigit() for v in values]))
