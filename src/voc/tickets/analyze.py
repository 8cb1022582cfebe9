"""``analyze_tickets``: service metrics of a ticket log plus pain points, severity and flags of each
ticket's description and handling notes, scored by the usual :class:`~voc.pipeline.Scorer`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from voc import columns as C
from voc._version import __version__
from voc.errors import InputError
from voc.pipeline.scorer import MAX_TEXT_CHARS, Scorer, describe_scoring, order_columns, score_frame
from voc.pipeline.summaries import count_codes, format_counts, mean_or_nan, union_codes
from voc.result import AnalysisResult
from voc.text import preprocess
from voc.tickets.columns import TicketColumns, detect_ticket_columns
from voc.tickets.metrics import (
    CATEGORY,
    CUSTOMER,
    RESOLUTION_BREACH,
    RESPONSE_BREACH,
    TICKET,
    by_group,
    summary_table,
    ticket_metrics,
)
from voc.tickets.sla import SLA, load_sla

logger = logging.getLogger(__name__)

TICKETS_TABLE, SUMMARY_TABLE, CATEGORY_TABLE, BREACH_TABLE, CUSTOMER_TABLE = (
    "工单",
    "工单指标",
    "工单分类",
    "SLA超时",
    "工单客户",
)
SOURCE_CUSTOMER = "customer_id"


def score_ticket_texts(
    frame: pd.DataFrame,
    spec: TicketColumns,
    tickets: pd.DataFrame,
    scorer: Scorer,
    progress: Any = None,
) -> pd.DataFrame:
    """One scored comment per non-blank description / handling note (id = ticket id)."""
    records = []
    for col in spec.text_cols:
        for row, value in enumerate(frame[col]):
            if (
                value is None
                or (isinstance(value, float) and pd.isna(value))
                or not str(value).strip()
            ):
                continue
            records.append((row, col, str(value).strip()[:MAX_TEXT_CHARS]))
    records.sort(key=lambda r: r[0])
    docs = [preprocess(text) for _, _, text in records]
    callback = (lambda done, total: progress("scoring tickets", done, total)) if progress else None
    scored = scorer.score_docs(docs, progress=callback)
    rows = [r for r, _, _ in records]
    comments = score_frame(
        scored, docs, [tickets[TICKET].iat[r] for r in rows], [c for _, c, _ in records]
    )
    comments[C.TOPIC_ID] = pd.array([pd.NA] * len(comments), dtype="Int64")
    comments[C.TOPIC_LABEL] = ""
    comments[SOURCE_CUSTOMER] = [tickets[CUSTOMER].iat[r] for r in rows]
    comments["row"] = rows
    return order_columns(comments, C.COMMENT_COLUMNS)


def attach_scores(
    tickets: pd.DataFrame, comments: pd.DataFrame, spec: TicketColumns
) -> pd.DataFrame:
    """Per ticket: description sentiment, pain points of description and notes, max severity, flags."""
    out = tickets.copy()
    sentiment = pd.Series(float("nan"), index=out.index)
    pains = pd.Series("", index=out.index)
    severity = pd.Series(0, index=out.index)
    escalate = pd.Series(False, index=out.index)
    reasons = pd.Series("", index=out.index)
    for row, group in comments.groupby("row", sort=True):
        own = group[group[C.SOURCE_COL] == spec.description] if spec.description else group
        sentiment.at[row] = (
            mean_or_nan(own[C.SENTIMENT]) if len(own) else mean_or_nan(group[C.SENTIMENT])
        )
        pains.at[row] = union_codes(group[C.PAIN_POINTS])
        severity.at[row] = int(group[C.SEVERITY].max())
        escalate.at[row] = bool(group[C.ESCALATE].any())
        reasons.at[row] = union_codes(group[C.FLAG_REASONS])
    out["描述情感分"] = sentiment
    out["痛点"] = pains
    out["严重度"] = severity.astype(int)
    out["需升级"] = escalate.astype(bool)
    out["标记原因"] = reasons
    return out


def customer_table(tickets: pd.DataFrame) -> pd.DataFrame:
    """Per customer: ticket metrics, ticket ids and the pain points of their tickets."""
    known = tickets[tickets[CUSTOMER] != ""]
    if known.empty:
        return pd.DataFrame()
    table = by_group(known, CUSTOMER)
    extra = known.groupby(CUSTOMER, sort=True).agg(
        工单列表=(TICKET, lambda s: ";".join(s)),
        未关闭数=("已关闭", lambda s: int((~s.astype(bool)).sum())),
        最近工单=("创建时间", "max"),
        工单痛点=("痛点", lambda s: format_counts(count_codes(s), top=5)),
        最高严重度=("严重度", "max"),
    )
    return table.merge(extra, left_on=CUSTOMER, right_index=True, how="left")


def analyze_tickets(
    data: pd.DataFrame | str | Path,
    *,
    columns: dict[str, str] | None = None,
    sheet: str | int | None = None,
    sla: str | Path | SLA | dict[str, Any] | None = None,
    response_hours: float | None = None,
    resolution_days: float | None = None,
    as_of: str | pd.Timestamp | None = None,
    scorer: Scorer | None = None,
    progress: Any = None,
    **options: Any,
) -> AnalysisResult:
    """Analyse a ticket/complaint log.

    Arguments:
        data: a DataFrame (left unmodified) or a table file (.xlsx, .csv, .jsonl, .parquet).
        columns: role → column for roles detection gets wrong, e.g. ``{"created": "报修时间"}``
            (roles: see :class:`~voc.tickets.columns.TicketColumns`).
        sheet: worksheet for workbooks.
        sla: thresholds file/dict/object (default ``corpora/tickets/sla.toml``).
        response_hours, resolution_days: override the thresholds for every category.
        as_of: the time open tickets are aged to (default: the latest time in the log).
        scorer: a configured :class:`Scorer` (default built from ``options``).
        progress: callback ``(stage, done, total)``.
        **options: scoring options, e.g. ``sentiment_backend="lexicon"``.

    Returns:
        an :class:`~voc.result.AnalysisResult`: ``comments`` holds the scored descriptions and notes
        (``id`` = ticket id); ``tables`` holds ``工单`` (per ticket), ``工单指标`` (overall),
        ``工单分类`` (per category), ``SLA超时`` (breaching tickets) and ``工单客户`` (per customer).
    """
    from voc.pipeline.analyze import load_frame

    frame = load_frame(data, sheet)
    spec = detect_ticket_columns(frame, **(columns or {}))
    thresholds = load_sla(sla, response_hours=response_hours, resolution_days=resolution_days)
    stamp = pd.Timestamp(as_of) if as_of is not None else None
    tickets, notes = ticket_metrics(frame, spec, thresholds, stamp)
    scorer = scorer or Scorer(**options)
    comments = score_ticket_texts(frame, spec, tickets, scorer, progress)
    if not spec.text_cols:
        notes.append(
            "no description or notes column found: tickets were not scored for pain points"
        )
    tickets = attach_scores(tickets, comments, spec)
    comments = comments.drop(columns=["row"])
    breaches = tickets[tickets[RESPONSE_BREACH] | tickets[RESOLUTION_BREACH]]
    overview = summary_table(tickets)
    pain = format_counts(count_codes(tickets["痛点"]), top=5)
    overview.loc[len(overview)] = ["主要痛点 top pain points", pain]
    overview.loc[len(overview)] = ["需升级工单 escalations", int(tickets["需升级"].sum())]
    for note in notes:
        logger.warning(note)
    if len(tickets) == 0:
        raise InputError("the ticket log has no rows")
    config = {
        "voc_version": __version__,
        "kind": "tickets",
        "input": str(data) if not isinstance(data, pd.DataFrame) else "<DataFrame>",
        "columns": spec.as_dict(),
        "sla": {
            "response_hours": thresholds.response_hours,
            "resolution_days": thresholds.resolution_days,
            "categories": thresholds.categories,
        },
        "as_of": str(stamp) if stamp is not None else "latest time in the log",
        **describe_scoring(scorer, options),
    }
    return AnalysisResult(
        comments=comments,
        respondents=tickets,
        tables={
            "overview": overview,
            TICKETS_TABLE: tickets,
            SUMMARY_TABLE: summary_table(tickets),
            CATEGORY_TABLE: by_group(tickets, CATEGORY) if spec.category else pd.DataFrame(),
            BREACH_TABLE: breaches.reset_index(drop=True),
            CUSTOMER_TABLE: customer_table(tickets),
        },
        config=config,
        notes=notes,
    )
