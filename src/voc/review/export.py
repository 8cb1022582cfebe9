"""Export the review: decisions for people (xlsx/csv) and labelled data for ``voc train flags``.

Files are written to a temporary name and renamed when complete, like every voc output.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from voc import columns as C
from voc.io.writers import write_table
from voc.review.errors import ReviewInputError
from voc.review.store import STATUSES, ReviewStore

DECISION_FORMATS = ("xlsx", "csv")
LABEL_FORMATS = ("csv", "jsonl", "parquet")
#: Review states that count as a real complaint (1) or a false alarm (0) in labelled data.
LABELS: dict[str, int] = {"confirmed": 1, "escalated": 1, "false_alarm": 0}
LABEL = "label"

REVIEW_ZH_HEADERS = {
    "item_key": "条目标识",
    "status": "审核状态",
    "status_zh": "审核结论",
    "assignee": "负责人",
    "reviewed_by": "最后处理人",
    "reviewed_at": "最后处理时间",
    "notes": "备注",
    "mismatch": "评分文字不一致",
    "flag_score": "模型投诉概率",
    "segment": "分群",
    "comment_date": "日期",
    "version": "版本",
    "item_id": "条目号",
    "action": "操作",
    "reviewer": "审核人",
    "at": "时间",
    "prev_status": "原状态",
    "new_status": "新状态",
    "prev_assignee": "原负责人",
    "new_assignee": "新负责人",
    "prev_version": "原版本",
    "new_version": "新版本",
    "note": "备注内容",
    "respondent_id": C.ZH_HEADERS[C.ID],
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def decisions_table(store: ReviewStore) -> pd.DataFrame:
    """One row per item: the analysis fields and the review outcome, with notes joined."""
    notes = store.notes_by_item()
    rows = []
    for item in store.all_items():
        rows.append(
            {
                "item_key": item["item_key"],
                C.ID: item["respondent_id"],
                C.SOURCE_COL: item["source_col"],
                C.TEXT: item["text"],
                "status": item["status"],
                "status_zh": STATUSES.get(item["status"], item["status"]),
                "assignee": item["assignee"],
                "reviewed_by": item["updated_by"],
                "reviewed_at": item["updated_at"] or "",
                "notes": " | ".join(f"{n['reviewer']} {n['at']}: {n['note']}" for n in notes.get(item["id"], [])),
                C.SEVERITY: item["severity"],
                C.ESCALATE: bool(item["escalate"]),
                "mismatch": bool(item["mismatch"]),
                C.PAIN_POINTS: item["pain_points"],
                C.FLAG_REASONS: item["flag_reasons"],
                "flag_score": item["flag_score"],
                C.SENTIMENT: item["sentiment"],
                C.SENTIMENT_LABEL: item["sentiment_label"],
                C.EMOTION: item["emotion"],
                C.TOPIC_LABEL: item["topic_label"],
                "segment": item["segment"],
                "comment_date": item["comment_date"] or "",
                "version": item["version"],
            }
        )
    columns = ["item_key", C.ID, C.SOURCE_COL, C.TEXT, "status", "status_zh", "assignee", "reviewed_by", "reviewed_at", "notes",
               C.SEVERITY, C.ESCALATE, "mismatch", C.PAIN_POINTS, C.FLAG_REASONS, "flag_score", C.SENTIMENT, C.SENTIMENT_LABEL, C.EMOTION,
               C.TOPIC_LABEL, "segment", "comment_date", "version"]
    return pd.DataFrame(rows, columns=columns)


def audit_table(store: ReviewStore) -> pd.DataFrame:
    """The whole audit trail, oldest first."""
    columns = ["item_id", "item_key", "respondent_id", "source_col", "action", "reviewer", "at", "prev_status", "new_status",
               "prev_assignee", "new_assignee", "prev_version", "new_version", "note"]
    return pd.DataFrame(store.all_decisions(), columns=columns)


def export_decisions(store: ReviewStore, out: str | Path, fmt: str | None = None) -> Path:
    """Write the review outcome: ``.xlsx`` (审核结果 + 处理记录 sheets) or ``.csv`` (outcomes only).

    CSV cells that would start a spreadsheet formula get a leading apostrophe, because people open
    this file in Excel and complaint text is written by anyone.
    """
    out = Path(out)
    fmt = _format(out, fmt, DECISION_FORMATS)
    table = decisions_table(store)
    if fmt == "xlsx":
        from voc.report.excel import write_workbook

        headers = {**C.ZH_HEADERS, **REVIEW_ZH_HEADERS}
        return write_workbook({"审核结果": table, "处理记录": audit_table(store)}, out, headers=headers)
    safe = table.copy()
    for col in safe.columns:
        if safe[col].dtype == object:
            safe[col] = safe[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return write_table(safe, out, "csv")


def labels_table(store: ReviewStore) -> pd.DataFrame:
    """Reviewed items as labelled data: text, label (1 complaint confirmed/escalated, 0 false alarm) and the rule flags."""
    table = decisions_table(store)
    table = table[table["status"].isin(list(LABELS))].copy()
    table.insert(0, LABEL, table["status"].map(LABELS).astype("int64"))
    keep = [C.TEXT, LABEL, "status", C.ESCALATE, C.SEVERITY, "mismatch", C.FLAG_REASONS, C.PAIN_POINTS, C.SENTIMENT,
            "item_key", C.ID, C.SOURCE_COL, "reviewed_by", "reviewed_at"]
    return table[keep].reset_index(drop=True)


def export_labels(store: ReviewStore, out: str | Path, fmt: str | None = None) -> Path:
    """Write :func:`labels_table` as csv/jsonl/parquet for ``voc train flags``."""
    out = Path(out)
    fmt = _format(out, fmt, LABEL_FORMATS)
    table = labels_table(store)
    if table.empty:
        raise ReviewInputError("no confirmed or false-alarm decisions yet: review some items before exporting labels")
    return write_table(table, out, fmt)


def _format(out: Path, fmt: str | None, allowed: tuple[str, ...]) -> str:
    chosen = (fmt or out.suffix.lstrip(".")).lower()
    if chosen not in allowed:
        raise ReviewInputError(f"cannot write '{out.name}': expected a {' or '.join('.' + a for a in allowed)} file (or --format)")
    if out.exists() and out.is_dir():
        raise ReviewInputError(f"--out is a directory: {out}; give a file path")
    return chosen
