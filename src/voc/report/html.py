"""The manager's report: one self-contained HTML file (inline CSS and SVG, no script, no CDN).

It answers, top to bottom: how satisfied are customers (KPIs, NPS, score distributions), what hurts
most (Pareto, driver matrix), for whom (segments), is it getting better (trend), and in their own
words (quotes). All user text is HTML-escaped.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from voc import columns as C
from voc.drivers._labels import code_label
from voc.errors import InputError
from voc.io.writers import atomic_path
from voc.report import _svg

if TYPE_CHECKING:
    from voc.result import AnalysisResult

_T = {
    "title": {"zh": "客户之声分析报告", "en": "Voice of the customer report"},
    "kpi": {"zh": "关键指标", "en": "Key figures"},
    "scores": {"zh": "评分分布", "en": "Score distributions"},
    "nps": {"zh": "净推荐值 NPS", "en": "Net Promoter Score"},
    "pareto": {"zh": "痛点帕累托", "en": "Pain-point Pareto"},
    "matrix": {"zh": "驱动因素矩阵（占比 × 影响）", "en": "Driver matrix (share × impact)"},
    "segments": {"zh": "细分对比", "en": "Segments"},
    "topics": {"zh": "主题规模", "en": "Topic sizes"},
    "trend": {"zh": "趋势", "en": "Trend"},
    "quotes": {"zh": "客户原话", "en": "Quotes"},
    "alerts": {"zh": "预警（偏离超过 2 个标准误）", "en": "Alerts (beyond 2 standard errors)"},
    "quality": {"zh": "数据质量", "en": "Data quality"},
    "worst": {"zh": "最需关注", "en": "Most at risk"},
    "best": {"zh": "最受认可", "en": "Most appreciated"},
}
_CSS = """
body{margin:0;background:#f4f6f9;color:#222;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
header{background:#1f3b5c;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.8;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:18px}
section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:16px 20px;margin:0 0 16px}
h2{font-size:17px;margin:0 0 10px;color:#1f3b5c}h3{font-size:14px;margin:12px 0 6px;color:#444}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
.kpi{background:#f7f9fc;border-radius:6px;padding:10px 12px}.kpi b{display:block;font-size:24px;color:#1f3b5c}.kpi span{font-size:12px;color:#666}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}
.grid3{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:14px;margin-bottom:8px}
figure.chart .gauge svg{max-width:300px;margin:0 auto}
figure.chart{margin:0}figure.chart svg{max-width:780px;display:block}figure.chart figcaption{font-size:12px;color:#666;margin-top:2px}
blockquote{margin:6px 0;padding:6px 10px;border-left:4px solid #c8433f;background:#fdf3f2;font-size:13px}
blockquote.good{border-color:#3a9e6f;background:#eff8f3}blockquote small{color:#777;display:block;margin-top:2px}
table{border-collapse:collapse;font-size:12px;width:100%}td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left}
.warn{color:#c8433f}.muted{color:#888;font-size:12px}
"""


_METRICS = {
    "overall": "总体满意度 overall",
    "nps_points": "NPS",
    "csat": "CSAT",
    "eci": "情感连接度 ECI",
    "resolved": "问题解决率 resolution",
}


def _t(key: str, lang: str) -> str:
    return _T[key][lang]


def _ok(value: object) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and math.isnan(value))
        and value is not pd.NA
    )


def _figure(name: str, svg: str, caption: str = "") -> str:
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure class='chart' data-chart='{escape(name, quote=True)}'>{svg}{cap}</figure>"


def _kpis(result: AnalysisResult, lang: str) -> str:
    summary = result.tables.get("survey_summary")
    cards = [
        (str(len(result.respondents) or "–"), "受访者 respondents"),
        (str(len(result.comments)), "评论 comments"),
    ]
    if summary is not None:
        for metric, value, *_ in summary.itertuples(index=False, name=None):
            if not _ok(value):
                continue
            shown = (
                f"{value:.0%}"
                if ("占比" in metric or "率" in metric)
                else f"{value:.1f}"
                if isinstance(value, float) and not float(value).is_integer()
                else f"{value:.0f}"
            )
            cards.append((shown, metric))
    body = "".join(
        f"<div class='kpi'><b>{escape(v)}</b><span>{escape(k)}</span></div>" for v, k in cards
    )
    return f"<section><h2>{_t('kpi', lang)}</h2><div class='kpis'>{body}</div></section>"


def _score_section(result: AnalysisResult, lang: str) -> str:
    items = result.tables.get("survey_items")
    resp = result.respondents
    if items is None or items.empty:
        return ""
    parts = []
    grid = items[items["role"] != "nps"]
    labels, dists = [], []
    for item, scale in zip(grid["item"], grid["scale"], strict=True):
        col = f"score:{item}" if f"score:{item}" in resp else None
        if col is None:
            continue
        low, high = (float(x) for x in str(scale).split("-"))
        mask = resp["valid"].astype(bool) if "valid" in resp else pd.Series(True, index=resp.index)
        values = resp.loc[mask, col].dropna()
        levels = [v for v in range(int(low), int(high) + 1)]
        labels.append(item)
        dists.append([float((values == v).mean()) if len(values) else 0.0 for v in levels])
    if labels:
        n_levels = max(len(d) for d in dists)
        colors = ["#c8433f", "#e98b5d", "#e8b63a", "#8cc68f", "#3a9e6f", "#2d7f58", "#1f6b4a"][
            :n_levels
        ]
        svg = _svg.stacked(
            labels, dists, [str(i + 1) for i in range(n_levels)], colors, _t("scores", lang)
        )
        parts.append(
            _figure(
                "score_distributions",
                svg,
                "每题各分值占比（有效问卷） share of each answer, valid questionnaires",
            )
        )
    nps_row = items[items["role"] == "nps"]
    summary = result.tables.get("survey_summary")
    if len(nps_row) and summary is not None:
        lookup = {m: v for m, v, *_ in summary.itertuples(index=False, name=None)}
        score = next((v for m, v in lookup.items() if m.startswith("NPS")), math.nan)
        prom = next((v for m, v in lookup.items() if "promoters" in m), math.nan)
        det = next((v for m, v in lookup.items() if "detractors" in m), math.nan)
        gauge = f"<div class='gauge'>{_svg.gauge(score, 'NPS')}</div>"
        split = _svg.stacked(
            ["NPS"],
            [[det, 1 - prom - det, prom]],
            ["贬损者 0–6", "被动者 7–8", "推荐者 9–10"],
            [_svg.BAD, _svg.MID, _svg.GOOD],
            "NPS groups",
        )
        parts.append(f"<div>{_figure('nps', gauge + split, 'NPS = 推荐者% − 贬损者%')}</div>")
    return f"<section><h2>{_t('scores', lang)} · {_t('nps', lang)}</h2><div class='grid2'>{''.join(parts)}</div></section>"


def _driver_section(result: AnalysisResult, lang: str) -> str:
    drivers = result.tables.get("drivers")
    if drivers is None or drivers.empty:
        return ""
    pains = drivers[drivers["kind"] == "pain_point"].sort_values("share", ascending=False)
    parts = []
    if len(pains):
        parts.append(
            _figure(
                "pareto",
                _svg.pareto(pains["label"].tolist(), pains["share"].tolist(), _t("pareto", lang)),
                "柱：提及该痛点的受访者占比；线：累计 bars: share of respondents; line: cumulative",
            )
        )
    impact_col = "overall_impact" if "overall_impact" in drivers else "nps_impact"
    usable = drivers[drivers[impact_col].notna()]
    if (
        usable["kind"] == "pain_point"
    ).any():  # topics restate pain points; plotting both doubles every dot
        usable = usable[usable["kind"] == "pain_point"]
    if len(usable):
        svg = _svg.scatter(
            usable["label"].tolist(),
            usable["share"].tolist(),
            usable[impact_col].tolist(),
            _t("matrix", lang),
            "占比 share of respondents",
            "影响 impact (调整后)",
        )
        parts.append(
            _figure(
                "driver_matrix",
                svg,
                "右下角：常见且伤害大，优先处理 lower right: frequent and costly",
            )
        )
    return f"<section><h2>{_t('pareto', lang)} · {_t('matrix', lang)}</h2><div class='grid2'>{''.join(parts)}</div></section>"


def _segment_section(result: AnalysisResult, lang: str) -> str:
    seg = result.tables.get("segments")
    if seg is None or len(seg) <= 1:
        return ""
    parts: list[str] = []
    for col in [c for c in seg["segment"].unique() if not str(c).startswith("(")]:
        if parts:
            parts.append("</div><div class='grid3'>")
        part = seg[seg["segment"] == col]
        labels = [f"{v} (n={n})" for v, n in zip(part["value"], part["n"], strict=True)]
        notes = ["⚠" if s else "" for s in part["small_n"]]
        if "eci" in part:
            svg = _svg.hbar(
                labels,
                part["eci"].tolist(),
                f"ECI {col}",
                lows=part.get("eci_low", pd.Series()).tolist() or None,
                highs=part.get("eci_high", pd.Series()).tolist() or None,
                domain=(0, 100),
                notes=notes,
                width=420,
            )
            parts.append(
                f"<div><h3>{escape(col)} · 情感连接度 ECI</h3>{_figure(f'eci_{col}', svg, '均值与95%区间；⚠ 样本偏少')}</div>"
            )
        if "sentiment" in part:
            colors = [_svg.GOOD if _ok(v) and v >= 0 else _svg.BAD for v in part["sentiment"]]
            svg = _svg.hbar(
                labels,
                part["sentiment"].tolist(),
                f"sentiment {col}",
                fmt="{:+.2f}",
                colors=colors,
                domain=(-1, 1),
                width=420,
            )
            parts.append(
                f"<div><h3>{escape(col)} · 平均情感 sentiment</h3>{_figure(f'sentiment_{col}', svg)}</div>"
            )
        if "nps" in part and part["nps"].notna().any():
            colors = [
                _svg.GOOD if _ok(v) and v >= 30 else _svg.MID if _ok(v) and v >= 0 else _svg.BAD
                for v in part["nps"]
            ]
            svg = _svg.hbar(
                labels,
                part["nps"].tolist(),
                f"NPS {col}",
                fmt="{:.0f}",
                lows=part["nps_low"].tolist(),
                highs=part["nps_high"].tolist(),
                colors=colors,
                domain=(-100, 100),
                notes=notes,
                width=420,
            )
            parts.append(f"<div><h3>{escape(col)} · NPS</h3>{_figure(f'nps_{col}', svg)}</div>")
    table = ""
    if len(seg):
        rows = "".join(
            f"<tr><td>{escape(str(r['segment']))}</td><td>{escape(str(r['value']))}</td><td>{r['n']}</td>"
            f"<td>{_fmt(r.get('nps'), '{:.0f}')}</td><td>{_fmt(r.get('csat'), '{:.0%}')}</td>"
            f"<td>{_fmt(r.get('base_index'), '{:.1f}')}</td>"
            f"<td>{_fmt(r.get('resolution_rate'), '{:.0%}')} <span class='muted'>(n={r.get('resolution_n', 0)})</span></td>"
            f"<td>{_fmt(r.get('eci'), '{:.1f}')}</td><td>{escape(str(r.get('top_pain_points', '') or ''))}</td>"
            f"<td>{'⚠' if r.get('small_n') else ''}</td></tr>"
            for r in seg.to_dict(orient="records")
        )
        table = (
            "<h3>三维模型与痛点 three-part model and pain points</h3><table><tr><th>细分</th><th>值</th><th>n</th>"
            "<th>NPS</th><th>CSAT</th><th>基础满意度</th><th>问题解决率</th><th>情感连接度</th><th>主要痛点</th><th></th></tr>"
            f"{rows}</table><p class='muted'>⚠ 样本少于阈值 small sample; 问题解决率只计表达了是否解决的受访者</p>"
        )
    return f"<section><h2>{_t('segments', lang)}</h2><div class='grid3'>{''.join(parts)}</div>{table}</section>"


def _fmt(value: object, fmt: str) -> str:
    return fmt.format(value) if _ok(value) else "–"


def _topic_section(result: AnalysisResult, lang: str) -> str:
    comments = result.comments
    if C.TOPIC_LABEL not in comments or not (comments[C.TOPIC_LABEL].astype(str) != "").any():
        return ""
    labels = comments[C.TOPIC_LABEL].astype(str)
    ids = pd.to_numeric(comments[C.TOPIC_ID], errors="coerce")
    counts = labels[(labels != "") & (ids >= 0)].value_counts().head(15)
    if counts.empty:
        return ""
    svg = _svg.hbar(
        counts.index.tolist(), counts.astype(float).tolist(), _t("topics", lang), fmt="{:.0f}"
    )
    return f"<section><h2>{_t('topics', lang)}</h2>{_figure('topics', svg, '每个主题的评论数 comments per topic')}</section>"


def _trend_section(result: AnalysisResult, lang: str) -> str:
    trend = result.tables.get("trend")
    if trend is None or len(trend) < 2:
        return ""
    series = {
        name: trend[col].tolist()
        for col, name in (
            ("overall_mean", "总体满意度"),
            ("nps", "NPS"),
            ("eci", "ECI"),
            ("sentiment", "情感"),
        )
        if col in trend
    }
    svg = _svg.lines(
        trend["period"].astype(str).tolist(),
        series,
        _t("trend", lang),
        height=70 * len(series) + 30,
    )
    return f"<section><h2>{_t('trend', lang)}</h2>{_figure('trend', svg, '按月 per month (有效问卷)')}</section>"


def _quotes(result: AnalysisResult, lang: str, k: int = 5) -> str:
    comments = result.comments
    if comments.empty or C.ECI not in comments:
        return ""
    scored = comments[comments[C.ECI].notna() & (comments[C.TEXT].astype(str).str.len() >= 8)]
    if scored.empty:
        return ""
    worst = scored.sort_values(C.ECI).head(k)
    best = scored.sort_values(C.ECI, ascending=False).head(k)

    def block(rows: pd.DataFrame, cls: str) -> str:
        out = []
        for r in rows.itertuples(index=False):
            meta = f"{getattr(r, C.ID)} · ECI {getattr(r, C.ECI):.0f}"
            pains = "、".join(
                code_label(c, lang)
                for c in str(getattr(r, C.PAIN_POINTS, "") or "").split(";")
                if c
            )
            if pains:
                meta += f" · {pains}"
            out.append(
                f"<blockquote class='{cls}'>{escape(str(getattr(r, C.TEXT)))}<small>{escape(meta)}</small></blockquote>"
            )
        return "".join(out)

    return (
        f"<section><h2>{_t('quotes', lang)}</h2><div class='grid2'><div><h3>{_t('worst', lang)}</h3>{block(worst, '')}</div>"
        f"<div><h3>{_t('best', lang)}</h3>{block(best, 'good')}</div></div></section>"
    )


def _alerts(result: AnalysisResult, lang: str) -> str:
    alerts = result.tables.get("alerts")
    notes = "".join(f"<li>{escape(n)}</li>" for n in result.notes)
    rows = ""
    if alerts is not None and len(alerts):
        rows = "".join(
            f"<tr><td>{escape(str(r.segment))}</td><td>{escape(str(r.value))}</td><td>{escape(_METRICS.get(str(r.metric), str(r.metric)))}</td><td>{r.n}</td>"
            f"<td>{r.segment_mean:.2f}</td><td>{r.rest_mean:.2f}</td><td class='{'warn' if r.z < 0 else ''}'>{r.z:+.1f}σ</td></tr>"
            for r in alerts.itertuples(index=False)
        )
        rows = f"<table><tr><th>细分</th><th>值</th><th>指标</th><th>n</th><th>细分</th><th>其余</th><th>z</th></tr>{rows}</table>"
    if not rows and not notes:
        return ""
    return f"<section><h2>{_t('alerts', lang)} · {_t('quality', lang)}</h2>{rows}<ul class='muted'>{notes}</ul></section>"


def _sources(result: AnalysisResult, lang: str) -> str:
    """Interview, ticket and joined-customer sections (voc.report._sources), when those tables exist."""
    from voc.report._sources import sources_sections

    return sources_sections(result, lang)


def render_html(result: AnalysisResult, lang: str = "zh") -> str:
    """The whole report as one HTML string."""
    if lang not in ("zh", "en"):
        raise InputError(f"unknown report language '{lang}': expected zh or en")
    source = str(result.config.get("input", ""))
    body = "".join(
        [
            _kpis(result, lang),
            _score_section(result, lang),
            _driver_section(result, lang),
            _segment_section(result, lang),
            _topic_section(result, lang),
            _trend_section(result, lang),
            _quotes(result, lang),
            _sources(result, lang),
            _alerts(result, lang),
        ]
    )
    return (
        f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width,initial-scale=1'><title>{_t('title', lang)}</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{_t('title', lang)}</h1><p>{escape(source)} · voc {escape(str(result.config.get('voc_version', '')))}</p></header>"
        f"<main>{body}</main></body></html>"
    )


def write_html_report(result: AnalysisResult, path: str | Path, lang: str = "zh") -> Path:
    """Write the self-contained report atomically; returns the path."""
    html = render_html(result, lang)
    path = Path(path)
    with atomic_path(path) as temp:
        temp.write_text(html, encoding="utf-8")
    return path
