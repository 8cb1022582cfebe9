"""The analyst's workbook: which sheets an analysis result becomes, in which order, with which headers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from voc import columns as C
from voc.report.excel import write_workbook

if TYPE_CHECKING:
    from voc.result import AnalysisResult

SHEET_NAMES = {
    "overview": {"zh": "总览", "en": "Overview"},
    "comments": {"zh": "逐条结果", "en": "Comments"},
    "topics": {"zh": "主题", "en": "Topics"},
    "config": {"zh": "运行配置", "en": "Run config"},
}


def _config_table(config: dict) -> pd.DataFrame:
    rows = [(str(k), v if isinstance(v, str) else repr(v)) for k, v in config.items()]
    return pd.DataFrame(rows, columns=["key", "value"])


def write_result_workbook(result: AnalysisResult, path: str | Path, lang: str = "zh") -> Path:
    """Write the overview, per-comment, topic and config sheets (plus any extra tables)."""
    if lang not in ("zh", "en"):
        from voc.errors import InputError

        raise InputError(f"unknown report language '{lang}': expected zh or en")
    sheets: dict[str, pd.DataFrame] = {}
    overview = result.tables.get("overview")
    if overview is not None:
        sheets[SHEET_NAMES["overview"][lang]] = overview
    sheets[SHEET_NAMES["comments"][lang]] = result.comments
    for name, table in result.tables.items():
        if name != "overview":
            sheets[name] = table
    if not result.topics.empty:
        sheets[SHEET_NAMES["topics"][lang]] = result.topics
    sheets[SHEET_NAMES["config"][lang]] = _config_table(result.config)
    headers = C.ZH_HEADERS if lang == "zh" else None
    return write_workbook(sheets, path, headers=headers)
