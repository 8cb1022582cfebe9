"""The analyst's workbook: which sheets an analysis result becomes, in which order, with which headers.

Sheets: 总览 (headline numbers, items, dimensions), 逐条结果 (every comment), 痛点, 主题, 细分
(segments with the three-part model), 驱动因素 (all drivers by priority), 待审投诉 (escalations and
text-vs-score mismatches), 数据质量 (invalid questionnaires and run notes), then 预警, 受访者 and 运行配置.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from voc import columns as C
from voc.drivers._labels import code_label
from voc.errors import InputError
from voc.report._labels import TABLE_HEADERS_ZH
from voc.report.excel import GOOD_HIGH, GOOD_LOW, write_workbook

if TYPE_CHECKING:
    from voc.result import AnalysisResult

SHEET_NAMES = {
    "overview": {"zh": "总览", "en": "Overview"},
    "comments": {"zh": "逐条结果", "en": "Comments"},
    "pain_points": {"zh": "痛点", "en": "Pain points"},
    "topics": {"zh": "主题", "en": "Topics"},
    "segments": {"zh": "细分", "en": "Segments"},
    "drivers": {"zh": "驱动因素", "en": "Drivers"},
    "review": {"zh": "待审投诉", "en": "Complaints to review"},
    "quality": {"zh": "数据质量", "en": "Data quality"},
    "alerts": {"zh": "预警", "en": "Alerts"},
    "respondents": {"zh": "受访者", "en": "Respondents"},
    "config": {"zh": "运行配置", "en": "Run config"},
    # tables other stages add, shown after ours
    "topics_by_segment": {"zh": "主题×细分", "en": "Topics by segment"},
    "topics_over_time": {"zh": "主题趋势", "en": "Topics over time"},
    "trend": {"zh": "月度趋势", "en": "Trend"},
    "dimensions": {"zh": "维度", "en": "Dimensions"},
    "eci_calibration": {"zh": "情感连接度校准", "en": "ECI calibration"},
}
#: Number formats by column name, whichever sheet the column is on.
FORMATS: dict[str, str] = {
    **dict.fromkeys(
        [
            "share",
            "csat",
            "csat_low",
            "csat_high",
            "resolution_rate",
            "top2_share",
            "attainment",
            "promoters",
            "passives",
            "detractors",
            "priority_share",
        ],
        "0.0%",
    ),
    **dict.fromkeys(
        [
            "nps",
            "nps_low",
            "nps_high",
            "nps_with",
            "nps_without",
            "nps_gap",
            "nps_impact",
            "nps_impact_low",
            "nps_impact_high",
            "eci",
            "eci_low",
            "eci_high",
            "base_index",
            "index",
            C.ECI,
        ],
        "0.0",
    ),
    "priority": "0.000",
    "z": "0.00",
}
_DRIVER_COLUMNS = [
    "rank",
    "label",
    "kind",
    "n_with",
    "share",
    "overall_with",
    "overall_without",
    "overall_gap",
    "overall_impact",
    "overall_impact_low",
    "overall_impact_high",
    "nps_with",
    "nps_without",
    "nps_impact",
    "nps_impact_low",
    "nps_impact_high",
    "priority",
    "significant",
    "driver",
]


def _config_table(config: dict) -> pd.DataFrame:
    rows = [(str(k), v if isinstance(v, str) else repr(v)) for k, v in config.items()]
    return pd.DataFrame(rows, columns=["key", "value"])


def _overview(result: AnalysisResult) -> pd.DataFrame:
    """Headline numbers, then every survey item and dimension against its target, in one table."""
    rows: list[dict[str, object]] = []
    base = result.tables.get("overview")
    summary = result.tables.get("survey_summary")
    items = result.tables.get("survey_items")
    if base is not None and not base.empty:
        for m, v in base.itertuples(index=False, name=None):
            # Item means over every row (invalid ones too) would contradict the valid-only item rows below.
            if items is not None and not items.empty and str(m).endswith("均值 mean"):
                continue
            rows.append({"metric": m, "value": v})
    if summary is not None:
        rows += summary.to_dict(orient="records")
    if items is not None:
        for r in items.to_dict(orient="records"):
            rows.append(
                {
                    "metric": f"题目 {r['item']} ({r['dimension'] or r['role']}, {r['scale']})",
                    "value": r["mean"],
                    "low": r["mean_low"],
                    "high": r["mean_high"],
                    "n": r["n"],
                    "target": r["target"],
                    "attainment": r["attainment"],
                    "shortfall": r["shortfall"],
                    "top2_share": r["top2_share"],
                }
            )
    dims = result.tables.get("dimensions")
    if dims is not None:
        for r in dims.to_dict(orient="records"):
            rows.append(
                {
                    "metric": f"维度 {r['dimension']} (权重 {r['weight']:.0%}; {r['items']})",
                    "value": r["mean"],
                    "target": r["target"],
                    "attainment": r["attainment"],
                    "shortfall": r["shortfall"],
                    "index": r["index"],
                }
            )
    table = pd.DataFrame(rows)
    for col in ("low", "high", "n", "target", "attainment", "shortfall", "top2_share", "index"):
        if col not in table:
            table[col] = math.nan
    return table[
        [
            "metric",
            "value",
            "low",
            "high",
            "n",
            "target",
            "attainment",
            "shortfall",
            "top2_share",
            "index",
        ]
    ]


def _drivers(table: pd.DataFrame | None, kind: str | None = None) -> pd.DataFrame:
    if table is None or table.empty:
        return pd.DataFrame(
            {"note": ["no drivers: needs pain points or topics and an overall or NPS score"]}
        )
    if kind is not None:
        table = table[table["kind"] == kind]
    return table[[c for c in _DRIVER_COLUMNS if c in table.columns]]


def _review(result: AnalysisResult) -> pd.DataFrame:
    """Escalated or severe comments, then comments whose tone contradicts the score."""
    flagged = result.flagged
    keep = [
        c
        for c in (
            C.ID,
            C.SOURCE_COL,
            C.TEXT,
            C.SEVERITY,
            C.ESCALATE,
            C.FLAG_REASONS,
            C.PAIN_POINTS,
            C.SENTIMENT,
            C.ECI,
        )
        if c in flagged
    ]
    parts = [flagged[keep].assign(review_kind="escalation")]
    mismatch = result.tables.get("mismatches")
    if mismatch is not None and not mismatch.empty:
        parts.append(
            mismatch.rename(columns={"kind": "review_kind"}).drop(columns=["row"], errors="ignore")
        )
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    front = ["review_kind", C.ID]
    return table[front + [c for c in table.columns if c not in front]]


def _quality(result: AnalysisResult) -> pd.DataFrame:
    rows = []
    quality = result.tables.get("data_quality")
    if quality is not None:
        rows += [
            {
                "kind": "invalid questionnaire",
                "id": r["id"],
                "excel_row": int(r["row"]) + 2,  # header is row 1
                "detail": r["invalid_reasons"],
            }
            for r in quality.to_dict(orient="records")
        ]
    rows += [{"kind": "note", "id": "", "excel_row": None, "detail": note} for note in result.notes]
    return pd.DataFrame(rows, columns=["kind", "id", "excel_row", "detail"])


def _topics(result: AnalysisResult) -> pd.DataFrame:
    if not result.topics.empty:
        return result.topics
    drivers = result.tables.get("drivers")
    if drivers is not None and not drivers.empty and (drivers["kind"] == "topic").any():
        return _drivers(drivers, "topic")
    return pd.DataFrame({"note": ["no topic model ran for this analysis"]})


def build_sheets(
    result: AnalysisResult, lang: str = "zh"
) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, str]]]:
    """The sheets in order (name → table) and each sheet's colour scales."""
    name = {key: names[lang] for key, names in SHEET_NAMES.items()}
    sheets: dict[str, pd.DataFrame] = {name["overview"]: _overview(result)}
    sheets[name["comments"]] = result.comments
    sheets[name["pain_points"]] = _drivers(result.tables.get("drivers"), "pain_point")
    sheets[name["topics"]] = _topics(result)
    segments = result.tables.get("segments")
    sheets[name["segments"]] = segments if segments is not None else pd.DataFrame()
    sheets[name["drivers"]] = _drivers(result.tables.get("drivers"))
    sheets[name["review"]] = _review(result)
    sheets[name["quality"]] = _quality(result)
    known = {
        "overview",
        "survey_summary",
        "survey_items",
        "dimensions",
        "drivers",
        "segments",
        "mismatches",
        "data_quality",
        "three_part",
        "alerts",
        "trend",
    }
    alerts = result.tables.get("alerts")
    if alerts is not None:
        sheets[name["alerts"]] = alerts
    if not result.respondents.empty:
        sheets[name["respondents"]] = result.respondents
    trend = result.tables.get("trend")
    if trend is not None and not trend.empty:
        sheets[name["trend"]] = trend
    for key, table in result.tables.items():
        if key not in known:
            sheets[name.get(key, key)] = table
    sheets[name["config"]] = _config_table(result.config)
    drivers_scale = {
        "share": GOOD_LOW,
        "overall_impact": GOOD_HIGH,
        "nps_impact": GOOD_HIGH,
        "priority": GOOD_LOW,
    }
    scales = {
        name["comments"]: {C.SENTIMENT: GOOD_HIGH, C.ECI: GOOD_HIGH},
        name["pain_points"]: drivers_scale,
        name["drivers"]: drivers_scale,
        name["segments"]: {
            "overall_mean": GOOD_HIGH,
            "nps": GOOD_HIGH,
            "csat": GOOD_HIGH,
            "eci": GOOD_HIGH,
            "base_index": GOOD_HIGH,
            "resolution_rate": GOOD_HIGH,
        },
        name["overview"]: {"attainment": GOOD_HIGH},
    }
    return sheets, scales


def write_result_workbook(result: AnalysisResult, path: str | Path, lang: str = "zh") -> Path:
    """Write the analyst's workbook (Chinese headers by default, ``lang="en"`` for English)."""
    if lang not in ("zh", "en"):
        raise InputError(f"unknown report language '{lang}': expected zh or en")
    sheets, scales = build_sheets(result, lang)
    columns = {str(c) for table in sheets.values() for c in table.columns}
    formats = {**FORMATS, **{c: "0%" for c in columns if c.startswith("pp:")}}
    headers: dict[str, str] | None = None
    if lang == "zh":
        headers = {**C.ZH_HEADERS, **TABLE_HEADERS_ZH}
        # Per-code share columns of the segment table, and the validated score columns of respondents.
        headers.update(
            {c: f"痛点占比:{code_label(c[3:], lang)}" for c in columns if c.startswith("pp:")}
        )
        headers.update({c: f"{c[6:]}(校验后)" for c in columns if c.startswith("score:")})
    return write_workbook(sheets, path, headers=headers, formats=formats, color_scales=scales)
