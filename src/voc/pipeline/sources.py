"""Survey, interview transcripts and ticket logs analysed together and joined on the customer id.

Each source is analysed by its own function (:func:`voc.analyze`, :func:`analyze_transcripts`,
:func:`analyze_tickets`); this module decides which kind each input is, runs them, and builds the
joined views: a customer's survey answer next to their ticket history and interviews
(``客户视图``), and each survey segment's scores next to its ticket metrics and interview themes
(``分群视图``). Inputs can be listed directly or in a small project file::

    # voc-project.toml — paths are relative to this file
    survey = "comments.xlsx"
    transcripts = ["transcripts/"]
    tickets = "tickets.xlsx"
    customer_col = "客户编号"        # optional: the survey's customer-id column
    customer_speakers = ["张经理"]   # optional: transcript labels of the customer side
    sla = "sla.toml"                 # optional: ticket thresholds (or an inline [sla] table)
    [ticket_columns]                 # optional: ticket column roles detection gets wrong
    created = "报修时间"
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from voc import columns as C
from voc._compat import tomllib
from voc._version import __version__
from voc.errors import ConfigError, InputError
from voc.io.readers import TABLE_SUFFIXES
from voc.pipeline.summaries import count_codes, format_counts, mean_or_nan, normalize_ids
from voc.result import AnalysisResult

logger = logging.getLogger(__name__)

KINDS = ("survey", "transcript", "tickets")
PROJECT_FILE = "voc-project.toml"
CUSTOMER_VIEW, SEGMENT_VIEW = "客户视图", "分群视图"
SOURCE_KIND = "source"
_PROJECT_KEYS = {
    "survey",
    "surveys",
    "transcripts",
    "transcript",
    "tickets",
    "customer_col",
    "customer_speakers",
    "sla",
    "sheet",
    "ticket_columns",
}
_TICKET_ID = ("工单号", "工单编号", "工单id", "ticket", "服务单号", "投诉编号")
# "访谈员：…" — a transcript line, even when it happens to contain commas.
_SPEAKER_LINE = re.compile(r"^\s*(?:\[?[\d:]+\]?\s*)?[^\s,，:：\t]{1,12}\s*[:：]")
_TICKET_TIME = (
    "创建时间",
    "建单时间",
    "报修时间",
    "受理时间",
    "开单时间",
    "created",
    "首次响应",
    "关闭时间",
)


@dataclass
class Sources:
    """The inputs of one run, by kind (paths as given, relative to the working directory)."""

    survey: list[Path] = field(default_factory=list)
    transcript: list[Path] = field(default_factory=list)
    tickets: list[Path] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    def add(self, kind: str, path: Path) -> None:
        getattr(self, kind).append(path)

    @property
    def kinds(self) -> list[str]:
        """The kinds present, in the fixed order survey, transcript, tickets."""
        return [k for k in KINDS if getattr(self, k)]


def _head_lines(path: Path, limit: int = 65_536) -> list[str]:
    """The first lines of a text file, decoded like the table reader does (cut at a line end)."""
    from voc.io.readers import _decode

    with path.open("rb") as handle:
        head = handle.read(limit)
    if len(head) == limit and b"\n" in head:
        head = head[: head.rfind(b"\n")]
    try:
        return [line for line in _decode(head, path).splitlines() if line.strip()]
    except (InputError, UnicodeDecodeError):
        return []


def _table_header(path: Path) -> list[str]:
    """The header (column names) of a table, read cheaply: no full read just to decide the kind."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                for row in workbook[workbook.sheetnames[0]].iter_rows(values_only=True):
                    if any(v is not None and str(v).strip() for v in row):
                        return [str(v).strip() for v in row if v is not None]
            finally:
                workbook.close()
        elif suffix in (".csv", ".tsv", ".txt"):
            lines = _head_lines(path)
            if lines:
                first = lines[0]
                return [c.strip().strip('"') for c in re.split(r"[,\t;|]", first)]
        elif suffix in (".jsonl", ".ndjson", ".json"):
            lines = _head_lines(path)
            if lines:
                record = json.loads(lines[0].lstrip("[").rstrip(","))
                return [str(k) for k in record] if isinstance(record, dict) else []
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            return list(pq.read_schema(path).names)
    except Exception:  # a broken file is reported by the reader that follows, with a clear message
        return []
    return []


def _looks_tabular(path: Path) -> bool:
    """A .txt that is really a delimited table: its first lines split into the same number of fields."""
    lines = _head_lines(path)[:6]
    if len(lines) < 2 or any(_SPEAKER_LINE.match(line) for line in lines[1:]):
        return False
    for sep, least in (("\t", 1), (",", 2), ("|", 2), (";", 2)):
        counts = {line.count(sep) for line in lines}
        if len(counts) == 1 and counts.pop() >= least:
            return True
    return False


def detect_kind(path: str | Path) -> str:
    """``survey``, ``transcript``, ``tickets`` or ``project`` for one input.

    A folder, .md, .docx or .txt is a transcript (unless the .txt is a delimited table, as a survey
    export saved as .txt); a ``.toml`` is a project file; a table whose header has a ticket number
    and a ticket time (工单号 + 创建时间) is a ticket log; any other table is a survey.

    Raises:
        InputError: the path does not exist or is of no known kind.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"input not found: {path}")
    if path.is_dir():
        project = path / PROJECT_FILE
        return "project" if project.is_file() else "transcript"
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return "project"
    if suffix in (".md", ".markdown", ".docx") or (suffix == ".txt" and not _looks_tabular(path)):
        return "transcript"
    if suffix not in TABLE_SUFFIXES:
        raise InputError(
            f"cannot tell what {path.name} is: expected a survey/ticket table, a transcript or {PROJECT_FILE}"
        )
    header = [h.lower() for h in _table_header(path)]
    has_id = any(any(k.lower() in h for k in _TICKET_ID) for h in header)
    has_time = any(any(k.lower() in h for k in _TICKET_TIME) for h in header)
    return "tickets" if has_id and has_time else "survey"


def load_project(path: str | Path) -> Sources:
    """Read a project file (or a folder holding ``voc-project.toml``); paths resolve relative to it.

    Raises:
        ConfigError: not valid TOML, an unknown key, or no inputs listed.
        InputError: a listed path does not exist.
    """
    path = Path(path)
    if path.is_dir():
        path = path / PROJECT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"project file not found: {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from exc
    unknown = set(data) - _PROJECT_KEYS
    if unknown:
        raise ConfigError(
            f"{path.name}: unknown key(s) {sorted(unknown)}: expected {', '.join(sorted(_PROJECT_KEYS))}"
        )
    sources = Sources()
    base = path.parent
    for key, kind in (
        ("survey", "survey"),
        ("surveys", "survey"),
        ("transcripts", "transcript"),
        ("transcript", "transcript"),
        ("tickets", "tickets"),
    ):
        value = data.get(key)
        if value is None:
            continue
        for item in [value] if isinstance(value, str) else value:
            if not isinstance(item, str):
                raise ConfigError(
                    f"{path.name}: '{key}' must be a path or a list of paths, found {item!r}"
                )
            target = (base / item) if not Path(item).is_absolute() else Path(item)
            if not target.exists():
                raise InputError(f"{path.name}: {key} path not found: {target}")
            sources.add(kind, target)
    if not sources.kinds:
        raise ConfigError(
            f'{path.name} lists no inputs: add survey = "…", transcripts = ["…"] or tickets = "…"'
        )
    for key in ("customer_col", "customer_speakers", "sheet", "ticket_columns"):
        if key in data:
            sources.options[key] = data[key]
    if "sla" in data:
        sources.options["sla"] = (
            data["sla"] if isinstance(data["sla"], dict) else str(base / str(data["sla"]))
        )
    return sources


def collect_sources(inputs: Sequence[str | Path], kind: str | None = None) -> Sources:
    """Sort the inputs by kind (``kind`` forces one kind for all of them)."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"--kind '{kind}': expected one of {', '.join(KINDS)}")
    if not inputs:
        raise InputError("no inputs given")
    sources = Sources()
    for item in inputs:
        path = Path(item)
        found = kind or detect_kind(path)
        if kind is None and found == "project":
            project = load_project(path)
            for k in KINDS:
                getattr(sources, k).extend(getattr(project, k))
            sources.options.update(project.options)
        else:
            if not path.exists():
                raise InputError(f"input not found: {path}")
            sources.add(found, path)
    if len(sources.survey) > 1:
        raise InputError(
            f"give one survey table, not {len(sources.survey)}: {', '.join(map(str, sources.survey))}"
        )
    return sources


def _read_tickets(paths: list[Path], sheet: Any) -> pd.DataFrame:
    from voc.io.readers import read_table

    frames = [read_table(p, sheet=sheet) for p in paths]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True, sort=False)


def analyze_sources(
    inputs: Sequence[str | Path] | Sources,
    kind: str | None = None,
    *,
    customer_col: str | None = None,
    customer_speakers: Sequence[str] | None = None,
    sla: Any = None,
    ticket_columns: dict[str, str] | None = None,
    survey_options: dict[str, Any] | None = None,
    scorer: Any = None,
    progress: Any = None,
    **options: Any,
) -> AnalysisResult:
    """Analyse any mix of one survey, transcripts and ticket logs, joined on the customer id.

    Arguments:
        inputs: paths (files, transcript folders, project files) or a :class:`Sources`.
        kind: force the kind of every input (``survey``, ``transcript``, ``tickets``); detected otherwise.
        customer_col: the survey's customer-id column (default: its detected id column).
        customer_speakers: transcript speaker labels of the customer side.
        sla: ticket service-level thresholds (file, dict or :class:`~voc.tickets.SLA`).
        ticket_columns: role → column overrides for ticket logs.
        survey_options: extra keyword arguments for :func:`voc.analyze` (text_cols, sheet …).
        scorer: a configured :class:`~voc.pipeline.Scorer` shared by all sources (default: from ``options``).
        progress: callback ``(stage, done, total)``.
        **options: scoring options shared by all sources, e.g. ``sentiment_backend="lexicon"``.

    Returns:
        one :class:`~voc.result.AnalysisResult`: ``comments`` from every source with a ``source``
        column; each source's tables; ``客户视图`` and ``分群视图`` when sources share customers.
        A single source gives exactly that source's own result.
    """
    from voc.pipeline.scorer import Scorer

    sources = inputs if isinstance(inputs, Sources) else collect_sources(inputs, kind)
    customer_col = customer_col or sources.options.get("customer_col")
    customer_speakers = customer_speakers or sources.options.get("customer_speakers")
    sla = sla if sla is not None else sources.options.get("sla")
    ticket_columns = ticket_columns or sources.options.get("ticket_columns")
    survey_options = dict(survey_options or {})
    if "sheet" in sources.options:
        survey_options.setdefault("sheet", sources.options["sheet"])
    scorer = scorer or Scorer(**options)
    results: dict[str, AnalysisResult] = {}
    if sources.survey:
        from voc.pipeline.analyze import analyze

        if customer_col:
            survey_options.setdefault("id_col", customer_col)
        results["survey"] = analyze(
            sources.survey[0], scorer=scorer, progress=progress, **survey_options
        )
    if sources.transcript:
        from voc.transcripts import analyze_transcripts

        results["transcript"] = analyze_transcripts(
            sources.transcript,
            customer_speakers=customer_speakers,
            scorer=scorer,
            progress=progress,
        )
    if sources.tickets:
        from voc.tickets import analyze_tickets

        frame = _read_tickets(sources.tickets, None)
        results["tickets"] = analyze_tickets(
            frame, columns=ticket_columns, sla=sla, scorer=scorer, progress=progress
        )
        results["tickets"].config["input"] = [str(p) for p in sources.tickets]
    if len(results) == 1:
        return next(iter(results.values()))
    return combine(results, scorer_options=options)


def _survey_ids(survey: AnalysisResult) -> tuple[str | None, pd.DataFrame]:
    id_col = survey.config.get("id_col")
    frame = survey.respondents
    if not id_col or id_col not in frame.columns:
        return None, frame
    return id_col, frame.assign(**{id_col: normalize_ids(frame[id_col])})


def customer_view(results: dict[str, AnalysisResult]) -> pd.DataFrame:
    """One row per customer seen in any source: survey answer, ticket history, interviews."""
    parts: list[pd.DataFrame] = []
    key = "客户编号"
    survey = results.get("survey")
    if survey is not None:
        id_col, frame = _survey_ids(survey)
        if id_col:
            cfg = survey.config
            keep = [
                c
                for c in [
                    *cfg.get("segment_cols", []),
                    *cfg.get("score_cols", []),
                    *cfg.get("text_cols", []),
                ]
                if c in frame.columns and c != id_col
            ]
            part = frame[[id_col, *keep]].rename(columns={id_col: key}).drop_duplicates(key)
            comments = survey.comments.assign(**{C.ID: normalize_ids(survey.comments[C.ID])})
            grouped = comments.groupby(C.ID, sort=False)
            own = pd.DataFrame(
                {
                    "问卷情感分": grouped[C.SENTIMENT].mean().round(3),
                    "问卷痛点": grouped[C.PAIN_POINTS].agg(lambda s: format_counts(count_codes(s))),
                }
            )
            parts.append(part.merge(own, left_on=key, right_index=True, how="left"))
    tickets = results.get("tickets")
    if tickets is not None and not tickets.tables.get("工单客户", pd.DataFrame()).empty:
        per = tickets.tables["工单客户"]
        keep = [
            "客户编号",
            "工单数",
            "未关闭数",
            "问题解决率",
            "首次响应中位数(小时)",
            "解决时长均值(天)",
            "重开次数合计",
            "响应超时数",
            "解决超时数",
            "最近工单",
            "工单痛点",
        ]
        part = per[[c for c in keep if c in per.columns]].copy()
        part.insert(2, "工单历史", part[key].map(_ticket_history(tickets.tables["工单"])))
        parts.append(part)
    interviews = results.get("transcript")
    if interviews is not None:
        per = interviews.tables["访谈"]
        per = per[per["客户编号"] != ""]
        if len(per):
            comments = interviews.comments
            grouped = per.groupby("客户编号", sort=True)
            part = pd.DataFrame(
                {
                    "访谈": grouped["访谈"].agg(";".join),
                    "访谈情感分": grouped["平均情感分"].mean().round(3),
                    "访谈痛点": grouped["访谈"].agg(
                        lambda names: format_counts(
                            count_codes(comments[comments["interview"].isin(names)][C.PAIN_POINTS])
                        )
                    ),
                }
            ).reset_index()
            parts.append(part)
    if not parts:
        return pd.DataFrame()
    view = parts[0]
    for part in parts[1:]:
        view = view.merge(part, on=key, how="outer")
    present = pd.DataFrame(
        {
            name: view[col].notna() & (view[col].astype(str) != "")
            for name, col in (("问卷", "问卷情感分"), ("工单", "工单数"), ("访谈", "访谈"))
            if col in view.columns
        }
    )
    view.insert(
        1,
        "来源",
        present.apply(lambda row: "+".join(k for k, v in row.items() if v), axis=1)
        if len(present.columns)
        else "",
    )
    view["_n"] = present.sum(axis=1) if len(present.columns) else 0
    view = view.sort_values(["_n", key], ascending=[False, True], kind="stable").drop(columns="_n")
    return view.reset_index(drop=True)


def _ticket_history(tickets: pd.DataFrame) -> dict[str, str]:
    """Customer → "T0012 配件 已关闭 18.0天; …" in creation order."""
    history: dict[str, str] = {}
    for customer, group in (
        tickets[tickets["客户编号"] != ""].sort_values("创建时间").groupby("客户编号", sort=False)
    ):
        items = []
        for _, row in group.iterrows():
            took = row["解决时长(天)"]
            span = f"{took:.1f}天" if isinstance(took, float) and not math.isnan(took) else "未结"
            items.append(
                " ".join(str(x) for x in (row["工单号"], row["类别"], row["状态"], span) if str(x))
            )
        history[str(customer)] = "; ".join(items)
    return history


def segment_view(results: dict[str, AnalysisResult]) -> pd.DataFrame:
    """Per survey segment: mean survey scores, ticket metrics and interview themes of its customers."""
    from voc.tickets.metrics import summarize

    survey = results.get("survey")
    if survey is None:
        return pd.DataFrame()
    id_col, frame = _survey_ids(survey)
    segments = [c for c in survey.config.get("segment_cols", []) if c in frame.columns]
    if not id_col or not segments:
        return pd.DataFrame()
    from voc.io.scores import to_scores

    scores = {
        c: to_scores(frame[c]) for c in survey.config.get("score_cols", []) if c in frame.columns
    }
    tickets = results["tickets"].tables["工单"] if "tickets" in results else None
    interviews = results.get("transcript")
    rows = []
    for segment in segments:
        for value, members in frame.groupby(segment, sort=True):
            ids = set(members[id_col])
            row: dict[str, object] = {"分群维度": segment, "分群": value, "受访者数": len(members)}
            for col, values in scores.items():
                row[f"{col}均值"] = (
                    round(float(values[members.index].mean()), 3)
                    if values[members.index].notna().any()
                    else math.nan
                )
            if tickets is not None:
                own = tickets[tickets["客户编号"].isin(ids)]
                summary = summarize(own) if len(own) else {"工单数": 0}
                for name in (
                    "工单数",
                    "问题解决率",
                    "首次响应中位数(小时)",
                    "解决时长中位数(天)",
                    "重开率",
                    "响应超时率",
                    "解决超时率",
                ):
                    row[name] = summary.get(name, math.nan)
                row["工单痛点"] = format_counts(count_codes(own["痛点"]), top=3) if len(own) else ""
            if interviews is not None:
                own_turns = interviews.comments[interviews.comments["customer_id"].isin(ids)]
                row["访谈数"] = int(own_turns["interview"].nunique())
                row["访谈情感分"] = mean_or_nan(own_turns[C.SENTIMENT])
                row["访谈痛点"] = format_counts(count_codes(own_turns[C.PAIN_POINTS]), top=3)
            rows.append(row)
    return pd.DataFrame(rows)


_RENAMED_OVERVIEWS = {"transcript": "访谈总览", "tickets": "工单总览"}


def combine(
    results: dict[str, AnalysisResult], scorer_options: dict[str, Any] | None = None
) -> AnalysisResult:
    """Merge per-source results into one, adding the joined customer and segment views."""
    comments = []
    for kind, result in results.items():
        comments.append(result.comments.assign(**{SOURCE_KIND: kind}))
    merged = pd.concat(comments, ignore_index=True, sort=False)
    from voc.pipeline.scorer import order_columns

    merged = order_columns(merged, C.COMMENT_COLUMNS)
    tables: dict[str, pd.DataFrame] = {}
    overview_rows: list[tuple[str, object]] = []
    first = next(iter(results))
    for kind, result in results.items():
        for name, table in result.tables.items():
            if name == "overview":
                if kind == first:
                    overview_rows += list(table.itertuples(index=False, name=None))
                else:
                    tables[_RENAMED_OVERVIEWS.get(kind, f"{kind} overview")] = table
            else:
                tables[name] = table
    customers = customer_view(results)
    segments = segment_view(results)
    if not customers.empty:
        shared = int((customers["来源"].str.count(r"\+") >= 1).sum())
        overview_rows.append(("跨来源客户数 customers in 2+ sources", shared))
        tables[CUSTOMER_VIEW] = customers
    if not segments.empty:
        tables[SEGMENT_VIEW] = segments
    for kind, label in (("transcript", "访谈数 interviews"), ("tickets", "工单数 tickets")):
        if kind in results:
            overview_rows.append((label, len(results[kind].respondents)))
    notes = [f"{kind}: {note}" for kind, result in results.items() for note in result.notes]
    if "survey" in results and customers.empty:
        notes.append(
            "the survey has no customer-id column to join on: name it with customer_col / --id-col"
        )
    base = results.get("survey")
    inputs = [
        str(r.config.get("input") or "; ".join(map(str, r.config.get("inputs", []))))
        for r in results.values()
    ]
    config = {
        "voc_version": __version__,
        "kind": "combined",
        "input": " + ".join(inputs),
        "sources": {kind: result.config for kind, result in results.items()},
        "options": {
            k: (v if isinstance(v, (str, int, float, bool)) else type(v).__name__)
            for k, v in (scorer_options or {}).items()
        },
    }
    return AnalysisResult(
        comments=merged,
        topics=base.topics if base is not None else pd.DataFrame(),
        respondents=base.respondents if base is not None else pd.DataFrame(),
        tables={
            "overview": pd.DataFrame(
                overview_rows, columns=["指标 metric", "值 value"], dtype=object
            ),
            **tables,
        },
        config=config,
        notes=notes,
    )


def analyze_project(path: str | Path, **options: Any) -> AnalysisResult:
    """Analyse the inputs a ``voc-project.toml`` lists (see the module docstring for its format)."""
    return analyze_sources(load_project(path), **options)
