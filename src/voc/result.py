"""The result of ``voc.analyze``: plain DataFrames plus the run's configuration, and ``save``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from voc import columns as C
from voc.errors import InputError
from voc.io.writers import TABLE_FORMATS, atomic_path, write_table

OUTPUT_FORMATS = ("xlsx", "html", *TABLE_FORMATS)


@dataclass
class AnalysisResult:
    """Everything one analysis produced.

    Attributes:
        comments: one row per non-blank comment; the contract columns, then voc's extras.
        topics: one row per topic (empty when no topic model ran; see ``notes``).
        respondents: the input rows (scores, segments) with per-respondent text measures.
        tables: further named tables (overview, drivers, segments …) for the workbook.
        config: the exact options and columns the run used (written beside the outputs).
        notes: things the reader should know (small input, dropped rows, warnings).
    """

    comments: pd.DataFrame
    topics: pd.DataFrame = field(default_factory=pd.DataFrame)
    respondents: pd.DataFrame = field(default_factory=pd.DataFrame)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def save(self, path: str | Path, fmt: str | None = None, lang: str = "zh") -> Path:
        """Write the result; the format comes from ``fmt`` or the extension of ``path``.

        ``.xlsx`` writes the workbook, ``.html`` the report, ``.csv``/``.jsonl``/``.parquet``
        the per-comment table (with the run's configuration in ``<path>.config.json``).
        Every file is written to a temporary name first and renamed when complete.
        """
        path = Path(path)
        fmt = (fmt or path.suffix.lstrip(".") or "xlsx").lower()
        if fmt not in OUTPUT_FORMATS:
            raise InputError(f"unknown output format '{fmt}': expected one of {', '.join(OUTPUT_FORMATS)}")
        if fmt == "xlsx":
            from voc.report.workbook import write_result_workbook

            return write_result_workbook(self, path, lang=lang)
        if fmt == "html":
            from voc.report.html import write_html_report

            return write_html_report(self, path, lang=lang)
        write_table(self.comments, path, fmt)
        self._write_config(path.with_name(path.name + ".config.json"))
        return path

    def _write_config(self, path: Path) -> None:
        with atomic_path(path) as temp:
            temp.write_text(json.dumps(self.config, ensure_ascii=False, indent=2, default=str), encoding="utf-8")

    @property
    def flagged(self) -> pd.DataFrame:
        """Comments QA should review: escalated or severity 2, most severe first."""
        mask = self.comments[C.ESCALATE].astype(bool) | (self.comments[C.SEVERITY] >= 2)
        return self.comments[mask].sort_values([C.ESCALATE, C.SEVERITY], ascending=False)

    def __repr__(self) -> str:
        return f"AnalysisResult(comments={len(self.comments)}, topics={len(self.topics)}, respondents={len(self.respondents)})"
