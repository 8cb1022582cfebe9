"""Ticket service metrics: response and resolution times, reopenings, closure and confirmed resolution,
and service-level breaches, per ticket and summarised overall, per category and per customer.

Times are measured against the ticket's creation. Open tickets are aged against ``as_of`` (default:
the latest timestamp in the log, so the same file always gives the same numbers).
"""

from __future__ import annotations

import logging
import math
import re

import numpy as np
import pandas as pd

from voc.io.scores import to_scores
from voc.pipeline.summaries import normalize_ids
from voc.tickets.columns import TicketColumns, duration_unit_hours
from voc.tickets.sla import SLA
from voc.tickets.times import parse_times

logger = logging.getLogger(__name__)

_NEGATED = re.compile(r"^(未|没|不|非|尚未|无)|\bnot\b|\bun", re.I)
_CLOSED = re.compile(
    r"关闭|结案|完成|已解决|解决|办结|闭环|归档|closed|resolved|done|complete", re.I
)
_OPEN = re.compile(
    r"处理中|待处理|未关闭|未解决|跟进中|挂起|重开|新建|待响应|已受理|受理中|open|pending|new|progress|reopen",
    re.I,
)
_YES = re.compile(
    r"^(是|已?解决|已?确认|确认解决|满意|非常满意|比较满意|基本满意|y|yes|true|1|✓|√|ok)$", re.I
)
_NO = re.compile(
    r"^(否|未解决|没解决|没有解决|未确认|不确认|不满意|非常不满意|拒绝确认|n|no|false|0|✗|×)$", re.I
)

# Per-ticket columns (Chinese, as the workbook shows them).
TICKET, CUSTOMER, CATEGORY, STATUS, CREATED = "工单号", "客户编号", "类别", "状态", "创建时间"
CLOSED, RESPONSE_H, RESOLUTION_D, AGE_D = "已关闭", "首次响应(小时)", "解决时长(天)", "未结天数"
REOPENS, CONFIRMED, SATISFACTION = "重开次数", "客户确认解决", "满意度"
RESPONSE_BREACH, RESOLUTION_BREACH = "响应超时", "解决超时"


def parse_closed(value: object) -> bool | None:
    """Status text → closed (True), open (False), or unknown (None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    if _OPEN.search(text) or (_NEGATED.search(text) and _CLOSED.search(text)):
        return False
    if _CLOSED.search(text):
        return True
    return None


def parse_confirmed(value: object) -> bool | None:
    """Customer confirmation (是/否, 已解决/未解决, 满意/不满意, yes/no, 1/0) → bool, blank → None."""
    if value is None or isinstance(value, bool):
        return value if isinstance(value, bool) else None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    if _YES.match(text):
        return True
    if _NO.match(text):
        return False
    return None


def ticket_metrics(
    frame: pd.DataFrame, spec: TicketColumns, sla: SLA, as_of: pd.Timestamp | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """One row per ticket with its times, state and breaches; plus notes about data problems."""
    frame = frame.reset_index(drop=True)
    n = len(frame)
    notes: list[str] = []
    ids = (
        normalize_ids(frame[spec.ticket_id])
        if spec.ticket_id
        else pd.Series([f"T{i + 1}" for i in range(n)])
    )
    created = (
        parse_times(frame[spec.created])
        if spec.created
        else pd.Series([pd.NaT] * n, dtype="datetime64[ns]")
    )
    responded = (
        parse_times(frame[spec.first_response])
        if spec.first_response
        else pd.Series([pd.NaT] * n, dtype="datetime64[ns]")
    )
    closed_at = (
        parse_times(frame[spec.closed])
        if spec.closed
        else pd.Series([pd.NaT] * n, dtype="datetime64[ns]")
    )
    if as_of is None:
        stamps = pd.concat([created, responded, closed_at]).dropna()
        as_of = stamps.max() if len(stamps) else pd.Timestamp.now().floor("D")

    response_h = (responded - created).dt.total_seconds() / 3600
    resolution_d = (closed_at - created).dt.total_seconds() / 86400
    for label, values in (("first response", response_h), ("closing", resolution_d)):
        bad = int((values < 0).sum())
        if bad:
            notes.append(
                f"{bad} ticket(s) have a {label} time before their creation time; those durations are left empty"
            )
    response_h = response_h.where(response_h >= 0)
    resolution_d = resolution_d.where(resolution_d >= 0)
    if spec.response_time:
        hours = to_scores(frame[spec.response_time]).reset_index(drop=True) * duration_unit_hours(
            spec.response_time, 1.0
        )
        response_h = response_h.fillna(hours.where(hours >= 0))
    if spec.resolution_time:
        hours = to_scores(frame[spec.resolution_time]).reset_index(drop=True) * duration_unit_hours(
            spec.resolution_time, 24.0
        )
        resolution_d = resolution_d.fillna((hours / 24).where(hours >= 0))

    status = frame[spec.status] if spec.status else pd.Series([None] * n)
    closed_flag = [parse_closed(s) for s in status]
    closed = pd.Series(
        [
            c if c is not None else bool(pd.notna(t) or pd.notna(d))
            for c, t, d in zip(closed_flag, closed_at, resolution_d, strict=True)
        ]
    )
    age_d = ((as_of - created).dt.total_seconds() / 86400).where(~closed)

    reopens = _counts(frame[spec.reopen]) if spec.reopen else pd.Series([0] * n)
    confirmed = (
        pd.Series([parse_confirmed(v) for v in frame[spec.confirmed]], dtype=object)
        if spec.confirmed
        else pd.Series([None] * n, dtype=object)
    )
    satisfaction = (
        to_scores(frame[spec.satisfaction]) if spec.satisfaction else pd.Series([math.nan] * n)
    )
    category = (
        frame[spec.category].fillna("").astype(str).str.strip()
        if spec.category
        else pd.Series([""] * n)
    )

    limits = [sla.limits(c) for c in category]
    response_limit = pd.Series([lim[0] for lim in limits], dtype=float)
    resolution_limit = pd.Series([lim[1] for lim in limits], dtype=float)
    waiting_h = (as_of - created).dt.total_seconds() / 3600
    response_breach = (response_h > response_limit) | (
        responded.isna() & created.notna() & (waiting_h > response_limit) & ~closed
    )
    resolution_breach = (resolution_d > resolution_limit) | (age_d > resolution_limit)

    table = pd.DataFrame(
        {
            TICKET: ids.to_numpy(),
            CUSTOMER: normalize_ids(frame[spec.customer_id]).to_numpy() if spec.customer_id else "",
            CATEGORY: category.to_numpy(),
            STATUS: status.fillna("").astype(str).to_numpy()
            if spec.status
            else np.where(closed, "closed", "open"),
            CREATED: created.to_numpy(),
            CLOSED: closed.to_numpy(dtype=bool),
            RESPONSE_H: response_h.round(2).to_numpy(),
            RESOLUTION_D: resolution_d.round(2).to_numpy(),
            AGE_D: age_d.round(1).to_numpy(),
            REOPENS: reopens.to_numpy(),
            CONFIRMED: confirmed.to_numpy(),
            SATISFACTION: satisfaction.to_numpy(),
            RESPONSE_BREACH: response_breach.fillna(False).to_numpy(dtype=bool),
            RESOLUTION_BREACH: resolution_breach.fillna(False).to_numpy(dtype=bool),
        }
    )
    if spec.ticket_id and table[TICKET].duplicated().any():
        notes.append(
            f"{int(table[TICKET].duplicated().sum())} duplicate ticket id(s) in column '{spec.ticket_id}'"
        )
    return table, notes


def _counts(series: pd.Series) -> pd.Series:
    """Reopen counts: ``2``, ``"2次"``, blank (0)."""
    numbers = to_scores(series)
    text = series.astype(str).str.extract(r"(\d+)")[0]
    numbers = numbers.fillna(pd.to_numeric(text, errors="coerce"))
    return numbers.fillna(0).astype(int).reset_index(drop=True)


def _rate(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else math.nan


def _quantile(values: pd.Series, q: float) -> float:
    values = pd.to_numeric(values, errors="coerce").dropna()
    return round(float(values.quantile(q)), 2) if len(values) else math.nan


def summarize(tickets: pd.DataFrame) -> dict[str, object]:
    """The headline numbers of a set of tickets (used overall, per category, per segment, per customer)."""
    n = len(tickets)
    answered = tickets[CONFIRMED].dropna()
    return {
        "工单数": n,
        "关闭率": _rate(tickets[CLOSED].sum(), n),
        "问题解决率": _rate(sum(bool(v) for v in answered), len(answered)),
        "已确认数": len(answered),
        "满意度均值": round(float(tickets[SATISFACTION].mean()), 2)
        if tickets[SATISFACTION].notna().any()
        else math.nan,
        "首次响应中位数(小时)": _quantile(tickets[RESPONSE_H], 0.5),
        "首次响应P90(小时)": _quantile(tickets[RESPONSE_H], 0.9),
        "解决时长中位数(天)": _quantile(tickets[RESOLUTION_D], 0.5),
        "解决时长均值(天)": round(float(tickets[RESOLUTION_D].mean()), 2)
        if tickets[RESOLUTION_D].notna().any()
        else math.nan,
        "重开率": _rate((tickets[REOPENS] > 0).sum(), n),
        "重开次数合计": int(tickets[REOPENS].sum()),
        "响应超时数": int(tickets[RESPONSE_BREACH].sum()),
        "响应超时率": _rate(tickets[RESPONSE_BREACH].sum(), n),
        "解决超时数": int(tickets[RESOLUTION_BREACH].sum()),
        "解决超时率": _rate(tickets[RESOLUTION_BREACH].sum(), n),
    }


def summary_table(tickets: pd.DataFrame) -> pd.DataFrame:
    """Overall numbers as metric/value rows."""
    return pd.DataFrame(
        list(summarize(tickets).items()), columns=["指标 metric", "值 value"], dtype=object
    )


def by_group(tickets: pd.DataFrame, column: str) -> pd.DataFrame:
    """The summary numbers for each value of ``column`` (category, customer, segment …)."""
    rows = [
        {column: key, **summarize(group)}
        for key, group in tickets.groupby(column, sort=True)
        if str(key) != ""
    ]
    return pd.DataFrame(rows)
