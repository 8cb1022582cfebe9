"""HTML sections for interviews, ticket logs and the joined customer view (issue 7).

``render_html`` adds ``sources_sections(result, lang)`` to its body; each section appears only when
its table exists, so a survey-only report is unchanged. Markup follows the report's CSS classes.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from voc.result import AnalysisResult

_T = {
    "tickets": {"zh": "工单服务指标", "en": "Ticket service metrics"},
    "interviews": {"zh": "客户访谈", "en": "Customer interviews"},
    "quotes": {
        "zh": "访谈代表引语（按痛点）",
        "en": "Representative interview quotes by pain point",
    },
    "segments": {
        "zh": "分群视图：问卷 × 工单 × 访谈",
        "en": "Segments: survey × tickets × interviews",
    },
    "customers": {
        "zh": "客户视图（跨来源客户）",
        "en": "Customer view (customers in several sources)",
    },
}


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return escape(str(value))


def _table(frame: pd.DataFrame, columns: list[str], limit: int = 30) -> str:
    cols = [c for c in columns if c in frame.columns]
    if frame.empty or not cols:
        return ""
    head = "".join(f"<th>{escape(c)}</th>" for c in cols)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
        for row in frame[cols].head(limit).itertuples(index=False, name=None)
    )
    more = (
        f"<p class='muted'>… {len(frame) - limit} more in the workbook</p>"
        if len(frame) > limit
        else ""
    )
    return f"<table><tr>{head}</tr>{rows}</table>{more}"


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{body}</section>" if body else ""


def sources_sections(result: AnalysisResult, lang: str = "zh") -> str:
    """The interview, ticket and joined-view sections of the report (empty for a survey alone)."""
    tables = result.tables
    parts = []
    summary = tables.get("工单指标")
    if summary is not None and not summary.empty:
        kpis = "".join(
            f"<div class='kpi'><b>{_cell(v)}</b><span>{escape(str(k))}</span></div>"
            for k, v in summary.itertuples(index=False, name=None)
        )
        by_category = tables.get("工单分类", pd.DataFrame())
        parts.append(
            _section(
                _T["tickets"][lang],
                f"<div class='kpis'>{kpis}</div>"
                + _table(
                    by_category,
                    [
                        "类别",
                        "工单数",
                        "关闭率",
                        "问题解决率",
                        "首次响应中位数(小时)",
                        "解决时长中位数(天)",
                        "重开率",
                        "响应超时率",
                        "解决超时率",
                    ],
                ),
            )
        )
    interviews = tables.get("访谈")
    if interviews is not None and not interviews.empty:
        parts.append(
            _section(
                _T["interviews"][lang],
                _table(
                    interviews,
                    [
                        "访谈",
                        "客户编号",
                        "客户发言数",
                        "时长(分钟)",
                        "平均情感分",
                        "情感轨迹",
                        "痛点",
                        "主要情绪",
                        "需升级",
                        "情感连接度",
                    ],
                ),
            )
        )
    quotes = tables.get("访谈代表引语")
    if quotes is not None and not quotes.empty:
        blocks = []
        for code, group in quotes.groupby("痛点", sort=False):
            items = "".join(
                f"<blockquote>{escape(str(r['引语']))}<small>{escape(str(r['访谈']))} · {escape(str(r['客户编号']))}"
                f" · 第{int(r['轮次'])}轮 {escape(str(r['时间'] or ''))}</small></blockquote>"
                for _, r in group.iterrows()
            )
            blocks.append(f"<h3>{escape(str(code))}</h3>{items}")
        parts.append(_section(_T["quotes"][lang], "".join(blocks)))
    segments = tables.get("分群视图")
    if segments is not None and not segments.empty:
        parts.append(
            _section(_T["segments"][lang], _table(segments, list(segments.columns), limit=60))
        )
    customers = tables.get("客户视图")
    if customers is not None and not customers.empty:
        shared = customers[customers["来源"].astype(str).str.contains(r"\+", regex=True)]
        parts.append(
            _section(
                _T["customers"][lang],
                _table(
                    shared,
                    [
                        "客户编号",
                        "来源",
                        "总体满意度",
                        "推荐意愿",
                        "不满意的地方",
                        "工单历史",
                        "问题解决率",
                        "访谈",
                        "访谈痛点",
                    ],
                    limit=25,
                ),
            )
        )
    return "".join(parts)
