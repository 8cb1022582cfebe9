"""Choose the columns of a ticket log (工单号, 客户编号, 创建时间, 首次响应时间, 关闭时间, 状态, 类别, 描述,
处理记录, 客户确认, 满意度, 重开次数) from headers and content, like survey columns; any role can be named.

Header words come first because ticket exports use a small, stable vocabulary; content decides when
headers are missing or ambiguous (three unnamed datetime columns are ordered by their typical values:
created before first response before closed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import pandas as pd

from voc.errors import ColumnDetectionError, InputError
from voc.io.detect import looks_like_dates, looks_numeric, text_score
from voc.tickets.times import parse_times

_HINTS: dict[str, re.Pattern[str]] = {
    "ticket_id": re.compile(
        r"工单号|工单编号|工单id|^单号$|事件编号|投诉编号|服务单号|ticket|case.?(id|no|number)",
        re.I,
    ),
    "customer_id": re.compile(
        r"客户编号|客户id|客户号|客户代码|用户编号|用户id|会员号|customer.?(id|no)", re.I
    ),
    "first_response": re.compile(
        r"首次响应|首响|首次回复|响应时间|first.?response|responded", re.I
    ),
    "closed": re.compile(
        r"关闭时间|关闭日期|结案|完成时间|解决时间|办结|闭环时间|closed|resolved.?(at|time|date)",
        re.I,
    ),
    "created": re.compile(
        r"创建|建单|报修时间|报修日期|受理时间|提交时间|登记时间|开单|created|opened|submitted",
        re.I,
    ),
    # Durations exported as numbers instead of times; the unit comes from the header (分钟/小时/天).
    "response_time": re.compile(
        r"响应时长|响应用时|首响时长|响应耗时|response.?(hours|minutes|duration)", re.I
    ),
    "resolution_time": re.compile(
        r"解决时长|处理时长|解决用时|处理用时|结案时长|resolution.?(hours|days|duration)", re.I
    ),
    "status": re.compile(r"状态|status", re.I),
    "category": re.compile(r"^(问题|工单|故障|投诉|服务)?(类别|分类|类型)$|category|^type$", re.I),
    "description": re.compile(r"描述|投诉内容|问题内容|诉求|^内容$|description|summary", re.I),
    "notes": re.compile(
        r"处理记录|处理过程|处理说明|处理情况|跟进|备注|解决方案|处理意见|notes|resolution.?notes|comments?",
        re.I,
    ),
    "confirmed": re.compile(r"客户确认|确认解决|是否解决|问题解决|解决确认|confirmed", re.I),
    "satisfaction": re.compile(r"满意度|满意|评分|打分|rating|csat", re.I),
    "reopen": re.compile(r"重开|重新打开|reopen", re.I),
}
_DATE_ROLES = ("created", "first_response", "closed")
_STATUS_WORDS = re.compile(
    r"关闭|结案|完成|解决|处理中|待处理|已受理|挂起|重开|open|closed|pending|resolved", re.I
)


@dataclass
class TicketColumns:
    """Which column plays which role (None: the table has no such column)."""

    ticket_id: str | None = None
    customer_id: str | None = None
    created: str | None = None
    first_response: str | None = None
    closed: str | None = None
    status: str | None = None
    response_time: str | None = None
    resolution_time: str | None = None
    category: str | None = None
    description: str | None = None
    notes: str | None = None
    confirmed: str | None = None
    satisfaction: str | None = None
    reopen: str | None = None

    @property
    def text_cols(self) -> list[str]:
        """The columns scored for pain points: description, then handling notes."""
        return [c for c in (self.description, self.notes) if c]

    def as_dict(self) -> dict[str, str | None]:
        """Role → column, for the run's config and the CLI's summary line."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


ROLES = tuple(f.name for f in fields(TicketColumns))


def _datetime_share(series: pd.Series) -> float:
    if pd.api.types.is_datetime64_any_dtype(series):
        return 1.0
    values = series.dropna()
    values = values[values.astype(str).str.strip() != ""]
    if values.empty:
        return 0.0
    try:
        return looks_like_dates(values)
    except (ValueError, TypeError, OverflowError):  # e.g. strings with different UTC offsets
        return 0.0


def _wordy(series: pd.Series) -> bool:
    values = series.dropna().astype(str).str.strip()
    values = values[values != ""]
    if values.empty or looks_numeric(values) > 0.5 or _datetime_share(values) > 0.5:
        return False
    return bool(values.str.contains(r"[\u4e00-\u9fff]|[A-Za-z]{2,}").mean() > 0.5)


def _unique_share(series: pd.Series) -> float:
    values = series.dropna().astype(str)
    return values.nunique() / len(values) if len(values) else 0.0


def _parsed_share(series: pd.Series) -> float:
    """Share of non-blank cells that parse as times (a header already says they should)."""
    values = series.dropna()
    values = values[values.astype(str).str.strip() != ""]
    return float(parse_times(values).notna().mean()) if len(values) else 0.0


def _fits(role: str, series: pd.Series) -> bool:
    if role in _DATE_ROLES:
        return _datetime_share(series) > 0.8 or _parsed_share(series) > 0.8
    if role == "ticket_id":
        return _unique_share(series) > 0.9
    if role in ("description", "notes"):
        # Handling notes repeat a few stock phrases, so words (not variety) are what counts here.
        return _wordy(series)
    if role == "reopen":  # counts written as 2 or "2次"
        values = series.dropna().astype(str).str.strip()
        values = values[values != ""]
        return bool(len(values)) and float(values.str.fullmatch(r"\d+(\.0)?\s*次?").mean()) > 0.9
    if role in ("response_time", "resolution_time"):
        return looks_numeric(series) > 0.9
    if role == "satisfaction":
        return looks_numeric(series) > 0.8
    if role == "confirmed":
        return looks_numeric(series) <= 0.8
    return True


def detect_ticket_columns(frame: pd.DataFrame, **given: str | None) -> TicketColumns:
    """Fill in the roles not given; check the ones that were.

    Arguments:
        frame: the ticket table.
        **given: role=column for roles to fix (``ticket_id``, ``customer_id``, ``created``,
            ``first_response``, ``closed``, ``status``, ``response_time``, ``resolution_time``,
            ``category``, ``description``, ``notes``, ``confirmed``, ``satisfaction``, ``reopen``).

    Raises:
        InputError: an unknown role or a column that does not exist.
        ColumnDetectionError: neither a creation time nor a description column was found.
    """
    columns = [str(c) for c in frame.columns]
    unknown = set(given) - set(ROLES)
    if unknown:
        raise InputError(
            f"unknown ticket column role(s) {sorted(unknown)}: expected {', '.join(ROLES)}"
        )
    spec = TicketColumns()
    taken: set[str] = set()
    for role, name in given.items():
        if name is None:
            continue
        if name not in columns:
            raise InputError(
                f"ticket column '{name}' ({role}): no such column; columns are: {', '.join(columns)}"
            )
        setattr(spec, role, name)
        taken.add(name)
    for role in _HINTS:
        if getattr(spec, role) is not None or role in given:
            continue
        match = next(
            (
                c
                for c in columns
                if c not in taken and _HINTS[role].search(c) and _fits(role, frame[c])
            ),
            None,
        )
        if match:
            setattr(spec, role, match)
            taken.add(match)
    _fill_dates_by_content(frame, spec, columns, taken, given)
    _fill_texts_by_content(frame, spec, columns, taken, given)
    if spec.status is None and "status" not in given:
        spec.status = next(
            (
                c
                for c in columns
                if c not in taken
                and frame[c].dropna().astype(str).str.contains(_STATUS_WORDS).mean() > 0.8
            ),
            None,
        )
    if spec.created is None and spec.description is None and spec.response_time is None:
        raise ColumnDetectionError(
            "this does not look like a ticket log: no creation-time column (创建时间) and no description "
            f"column (描述) found; columns are: {', '.join(columns)}"
        )
    return spec


def _fill_dates_by_content(
    frame: pd.DataFrame, spec: TicketColumns, columns: list[str], taken: set[str], given: dict
) -> None:
    missing = [r for r in _DATE_ROLES if getattr(spec, r) is None and r not in given]
    if not missing:
        return
    candidates = [c for c in columns if c not in taken and _datetime_share(frame[c]) > 0.8]
    if not candidates:
        return
    medians = {c: parse_times(frame[c]).dropna().median() for c in candidates}
    ordered = sorted(candidates, key=lambda c: medians[c])
    if len(missing) == 3 and len(ordered) == 2:
        assign = dict(zip(("created", "closed"), ordered, strict=True))
    else:
        assign = dict(zip(missing, ordered, strict=False))
    for role, column in assign.items():
        setattr(spec, role, column)
        taken.add(column)


def _fill_texts_by_content(
    frame: pd.DataFrame, spec: TicketColumns, columns: list[str], taken: set[str], given: dict
) -> None:
    missing = [r for r in ("description", "notes") if getattr(spec, r) is None and r not in given]
    if not missing:
        return
    ranked = sorted(((text_score(frame[c]), c) for c in columns if c not in taken), reverse=True)
    texts = [c for s, c in ranked if s >= 0.45]
    texts = [c for c in columns if c in texts][: len(missing)]
    for role, column in zip(missing, texts, strict=False):
        setattr(spec, role, column)
        taken.add(column)


def duration_unit_hours(header: str, default: float) -> float:
    """Hours per unit of a numeric duration column, from its header: 分钟 → 1/60, 天 → 24, 小时 → 1."""
    if re.search(r"分钟|min", header, re.I):
        return 1 / 60
    if re.search(r"小时|hour|\bh\b|\(h\)", header, re.I):
        return 1.0
    if re.search(r"天|日|day", header, re.I):
        return 24.0
    return default
