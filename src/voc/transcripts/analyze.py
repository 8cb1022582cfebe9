"""Score interviews: the customer's turns through the usual :class:`~voc.pipeline.Scorer`, then per
interview a sentiment trajectory, pain points with quotes, emotions, flags and ECI, and across
interviews the most representative quote for each pain point."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voc import columns as C
from voc._version import __version__
from voc.errors import InputError
from voc.pipeline.scorer import (
    MAX_TEXT_CHARS,
    ProgressCallback,
    Scorer,
    describe_scoring,
    order_columns,
    score_frame,
)
from voc.pipeline.summaries import (
    count_codes,
    emotion_counts,
    format_counts,
    mean_or_nan,
    union_codes,
)
from voc.result import AnalysisResult
from voc.text import mask_pii, normalize, preprocess
from voc.transcripts.model import CUSTOMER, INTERVIEWER, Transcript
from voc.transcripts.quotes import VERBATIM, quote_candidates, representative_quotes
from voc.transcripts.read import read_transcripts

logger = logging.getLogger(__name__)

SOURCE = "transcript"
#: Extra per-turn columns (after the contract columns).
INTERVIEW, CUSTOMER_ID, TURN, TIMESTAMP, SECONDS, SPEAKER, ROLE, CONTEXT = (
    "interview",
    "customer_id",
    "turn",
    "timestamp",
    "seconds",
    "speaker",
    "role",
    "context",
)
#: The conversation is cut into this many equal parts for the trajectory.
TRAJECTORY_PARTS = 5
INTERVIEW_TABLE, TRAJECTORY_TABLE, PAIN_TABLE, QUOTES_TABLE = (
    "访谈",
    "访谈情感轨迹",
    "访谈痛点",
    "访谈代表引语",
)


def turn_table(transcripts: Sequence[Transcript], speakers: str = CUSTOMER) -> pd.DataFrame:
    """One row per turn to score, with the interviewer's preceding question as context."""
    if speakers not in (CUSTOMER, "all"):
        raise InputError(f"speakers '{speakers}': expected 'customer' or 'all'")
    rows = []
    for transcript in transcripts:
        question = ""
        for turn in transcript.turns:
            if speakers == "all" or turn.role == CUSTOMER:
                rows.append(
                    {
                        INTERVIEW: transcript.name,
                        CUSTOMER_ID: transcript.customer_id,
                        TURN: turn.position,
                        TIMESTAMP: turn.timestamp,
                        SECONDS: math.nan if turn.seconds is None else turn.seconds,
                        SPEAKER: turn.speaker,
                        ROLE: turn.role,
                        CONTEXT: mask_pii(normalize(question)) if turn.role == CUSTOMER else "",
                        "raw": turn.text,
                    }
                )
            if turn.role == INTERVIEWER:
                question = turn.text
    return pd.DataFrame(
        rows,
        columns=[INTERVIEW, CUSTOMER_ID, TURN, TIMESTAMP, SECONDS, SPEAKER, ROLE, CONTEXT, "raw"],
    )


def score_turns(
    turns: pd.DataFrame, scorer: Scorer, progress: ProgressCallback | None = None
) -> pd.DataFrame:
    """The per-comment contract columns for each turn, followed by the turn columns."""
    texts = [t[:MAX_TEXT_CHARS] for t in turns["raw"]]
    docs = [preprocess(t) for t in texts]
    scored = scorer.score_docs(docs, progress=progress)
    ids = [c or i for c, i in zip(turns[CUSTOMER_ID], turns[INTERVIEW], strict=True)]
    comments = score_frame(scored, docs, ids, SOURCE)
    comments[C.TOPIC_ID] = pd.array([pd.NA] * len(comments), dtype="Int64")
    comments[C.TOPIC_LABEL] = ""
    extra = turns.drop(columns=["raw"]).reset_index(drop=True)
    extra[VERBATIM] = [mask_pii(t) for t in texts]
    return order_columns(pd.concat([comments, extra], axis=1), C.COMMENT_COLUMNS)


def trajectory(sentiments: Sequence[float], parts: int = TRAJECTORY_PARTS) -> list[float]:
    """Mean sentiment of each of ``parts`` consecutive, nearly equal stretches of the conversation.

    Fewer turns than parts give one value per turn.
    """
    values = np.asarray(sentiments, dtype=float)
    if values.size == 0:
        return []
    chunks = np.array_split(values, min(parts, values.size))
    return [round(float(np.nanmean(c)), 3) if np.isfinite(c).any() else math.nan for c in chunks]


def _signed(value: float) -> str:
    return "" if math.isnan(value) else f"{value:+.2f}"


def interview_table(
    transcripts: Sequence[Transcript], comments: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per interview: size, sentiment trajectory, pain points, emotions, flags, ECI; and the trajectory table."""
    rows, curves = [], []
    customer = comments[comments[ROLE] == CUSTOMER]
    for t in transcripts:
        own = customer[customer[INTERVIEW] == t.name].sort_values(TURN)
        curve = trajectory(own[C.SENTIMENT].tolist())
        worst = own.loc[own[C.SENTIMENT].idxmin()] if own[C.SENTIMENT].notna().any() else None
        seconds = [turn.seconds for turn in t.turns if turn.seconds is not None]
        rows.append(
            {
                "访谈": t.name,
                "客户编号": t.customer_id,
                "文件": Path(t.source).name if t.source else "",
                "轮次": len(t.turns),
                "客户发言数": len(own),
                "时长(分钟)": round(max(seconds) / 60, 1) if seconds else math.nan,
                "平均情感分": mean_or_nan(own[C.SENTIMENT]),
                "开头情感": curve[0] if curve else math.nan,
                "结尾情感": curve[-1] if curve else math.nan,
                "情感变化": round(curve[-1] - curve[0], 3) if len(curve) > 1 else math.nan,
                "情感轨迹": " → ".join(_signed(v) for v in curve),
                "痛点": format_counts(count_codes(own[C.PAIN_POINTS])),
                "主要情绪": format_counts(emotion_counts(own), top=3),
                "需升级": int(own[C.ESCALATE].sum()),
                "最高严重度": int(own[C.SEVERITY].max()) if len(own) else 0,
                "标记原因": union_codes(own[C.FLAG_REASONS]),
                "情感连接度": mean_or_nan(own[C.ECI]),
                "最负面发言": "" if worst is None else str(worst[VERBATIM])[:200],
                "最负面发言轮次": "" if worst is None else int(worst[TURN]),
            }
        )
        curves.append(
            {
                "访谈": t.name,
                "客户编号": t.customer_id,
                **{f"第{i + 1}段": v for i, v in enumerate(curve)},
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(curves)


def interview_pain_points(comments: pd.DataFrame) -> pd.DataFrame:
    """Per interview and pain point: how often it came up, and the most negative turn saying it."""
    rows = []
    customer = comments[comments[ROLE] == CUSTOMER]
    for interview, own in customer.groupby(INTERVIEW, sort=False):
        counts = count_codes(own[C.PAIN_POINTS])
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            hits = own[
                own[C.PAIN_POINTS].fillna("").str.split(";").map(lambda codes, c=code: c in codes)
            ]
            best = hits.sort_values(
                [C.SEVERITY, C.SENTIMENT], ascending=[False, True], kind="stable"
            ).iloc[0]
            rows.append(
                {
                    "访谈": interview,
                    "客户编号": best[CUSTOMER_ID],
                    "痛点": code,
                    "次数": n,
                    "引语": best[VERBATIM],
                    "轮次": int(best[TURN]),
                    "时间": best[TIMESTAMP],
                    "提问": best[CONTEXT],
                }
            )
    return pd.DataFrame(
        rows, columns=["访谈", "客户编号", "痛点", "次数", "引语", "轮次", "时间", "提问"]
    )


def overview(transcripts: Sequence[Transcript], comments: pd.DataFrame) -> pd.DataFrame:
    """Headline numbers of the interviews."""
    customer = comments[comments[ROLE] == CUSTOMER]
    labels = customer[C.SENTIMENT_LABEL].value_counts(normalize=True)
    rows: list[tuple[str, object]] = [
        ("访谈数 interviews", len(transcripts)),
        ("客户发言数 customer turns", len(customer)),
        ("平均情感分 mean sentiment", mean_or_nan(customer[C.SENTIMENT])),
        ("负面占比 negative share", round(float(labels.get(C.NEGATIVE, 0.0)), 4)),
        ("需升级条数 escalations", int(customer[C.ESCALATE].sum())),
        ("主要痛点 top pain points", format_counts(count_codes(customer[C.PAIN_POINTS]), top=5)),
        ("情感连接度 ECI", mean_or_nan(customer[C.ECI])),
    ]
    return pd.DataFrame(rows, columns=["指标 metric", "值 value"])


def analyze_transcripts(
    paths: str | Path | Sequence[str | Path] | Sequence[Transcript],
    *,
    customer_speakers: Sequence[str] | None = None,
    speakers: str = CUSTOMER,
    quotes_per_pain_point: int = 3,
    scorer: Scorer | None = None,
    progress: Any = None,
    **options: Any,
) -> AnalysisResult:
    """Analyse interview transcripts (.txt, .md, .docx files or folders of them).

    Arguments:
        paths: a file, a folder, several of them, or already parsed :class:`Transcript` objects.
        customer_speakers: speaker labels of the customer side (default: detected per interview).
        speakers: ``customer`` (default) scores only the customer's turns; ``all`` scores every turn.
        quotes_per_pain_point: how many representative quotes to keep per pain point.
        scorer: a configured :class:`Scorer` (default: built from ``options``).
        progress: callback ``(stage, done, total)``.
        **options: scoring options, e.g. ``sentiment_backend="lexicon"``.

    Returns:
        an :class:`~voc.result.AnalysisResult`: ``comments`` holds one row per scored turn (contract
        columns, then ``interview``, ``turn``, ``timestamp``, ``speaker``, ``context`` …); ``tables``
        holds ``访谈`` (per interview), ``访谈情感轨迹``, ``访谈痛点`` and ``访谈代表引语``.

    Examples:
        >>> from voc.transcripts import parse_transcript
        >>> t = parse_transcript("访谈员：维修快吗？\\n客户：等了一个月，太慢了。", name="I01")
        >>> analyze_transcripts([t]).comments[["interview", "turn", "context"]].values.tolist()
        [['I01', 2, '维修快吗?']]
    """
    items: list[Any] = list(paths) if isinstance(paths, (list, tuple)) else [paths]
    if items and all(isinstance(p, Transcript) for p in items):
        transcripts = [p for p in items if isinstance(p, Transcript)]
    else:
        transcripts = read_transcripts(
            [Path(p) for p in items if not isinstance(p, Transcript)], customer_speakers
        )
    if not transcripts:
        raise InputError("no transcripts given")
    turns = turn_table(transcripts, speakers)
    if turns.empty:
        raise InputError(
            "the transcripts hold no customer turns: name the customer with customer_speakers"
        )
    scorer = scorer or Scorer(**options)
    callback = (
        (lambda done, total: progress("scoring interview turns", done, total)) if progress else None
    )
    comments = score_turns(turns, scorer, callback)
    per_interview, curves = interview_table(transcripts, comments)
    customer = comments[comments[ROLE] == CUSTOMER]
    quotes = representative_quotes(quote_candidates(customer, scorer), quotes_per_pain_point)
    notes = [
        f"interview {t.name}: no customer turns (speakers: {', '.join(t.speakers)})"
        for t in transcripts
        if not t.customer_turns()
    ]
    for note in notes:
        logger.warning(note)
    config = {
        "voc_version": __version__,
        "kind": "transcript",
        "inputs": [t.source or t.name for t in transcripts],
        "customer_speakers": list(customer_speakers or []),
        "speakers_scored": speakers,
        "roles": {t.name: t.speakers for t in transcripts},
        **describe_scoring(scorer, options),
    }
    return AnalysisResult(
        comments=comments,
        respondents=per_interview,
        tables={
            "overview": overview(transcripts, comments),
            INTERVIEW_TABLE: per_interview,
            TRAJECTORY_TABLE: curves,
            PAIN_TABLE: interview_pain_points(comments),
            QUOTES_TABLE: quotes,
        },
        config=config,
        notes=notes,
    )
