"""Join scored comments to the numeric half of the survey: one call that builds every survey table.

``voc.analyze`` calls :func:`join_survey` once; it returns the per-respondent table and the named
tables the workbook and HTML report show (items, dimensions, drivers, segments, alerts, QA lists).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from voc import columns as C
from voc.index._lexicon import COMPONENTS
from voc.io import ColumnSpec
from voc.survey.config import (
    SurveyConfig,
    default_survey_config,
    load_survey_config,
    validate_config,
)
from voc.survey.metrics import (
    base_index,
    dimension_table,
    in_range,
    item_table,
    nps,
    nps_groups,
    top_box_share,
)
from voc.survey.validity import INVALID_REASONS, VALID, check_validity, score_frame

logger = logging.getLogger(__name__)

ROW = "row"
#: Threshold on the ``eci_resolution`` component for a comment to state (un)resolution.
RESOLUTION_CUE = 0.3
COMPONENT_COLUMNS = tuple(f"eci_{k}" for k in COMPONENTS)
_YES = {"是", "已解决", "解决", "解决了", "yes", "y", "true", "1", "1.0", "已处理", "resolved"}
_NO = {
    "否",
    "未解决",
    "没解决",
    "没有解决",
    "不是",
    "no",
    "n",
    "false",
    "0",
    "0.0",
    "未处理",
    "unresolved",
}


@dataclass
class SurveyOutput:
    """What the survey join produced."""

    respondents: pd.DataFrame
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    config: SurveyConfig | None = None


def resolve_config(
    survey: SurveyConfig | str | Path | None, frame: pd.DataFrame, spec: ColumnSpec
) -> SurveyConfig:
    """A config object from what the user passed (object, file path, or nothing → defaults)."""
    if isinstance(survey, SurveyConfig):
        config = survey
    elif survey is not None:
        config = load_survey_config(survey)
    else:
        config = default_survey_config(frame, list(spec.score_cols))
    validate_config(config, frame)
    return config


def parse_resolution(values: pd.Series) -> pd.Series:
    """是/否, 已解决/未解决, 1/0, yes/no → True/False; anything else → missing."""

    def one(value: object) -> object:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return np.nan
        text = str(value).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        return np.nan

    return pd.Series([one(v) for v in values], index=values.index, dtype=object)


def _text_measures(comments: pd.DataFrame, n_rows: int) -> pd.DataFrame:
    """Per respondent row: comment count, ECI (cue-weighted mean), its min/max, sentiment, codes, topics."""
    from voc.drivers._labels import code_names

    out = pd.DataFrame(index=pd.RangeIndex(n_rows))
    out["n_comments"] = 0
    for col in ("eci", "eci_min", "eci_max", "sentiment"):
        out[col] = np.nan
    out["pain_points"] = ""
    out["topics"] = ""
    out["resolved_text"] = pd.Series([np.nan] * n_rows, dtype=object)
    components = [c for c in COMPONENT_COLUMNS if c in comments]
    for col in components:
        out[col] = np.nan
    if comments.empty:
        return out
    order = {c: i for i, c in enumerate(code_names())}
    cues = comments[C.ECI_CUES] if C.ECI_CUES in comments else pd.Series(0, index=comments.index)
    resolution = (
        comments[C.ECI_RESOLUTION]
        if C.ECI_RESOLUTION in comments
        else pd.Series(np.nan, index=comments.index)
    )
    for row, group in comments.groupby(ROW, sort=True):
        i = int(row)  # type: ignore[call-overload]
        out.at[i, "n_comments"] = len(group)
        eci = group[C.ECI].astype(float)
        ok = eci.notna()
        if ok.any():
            weights = 1.0 + cues[group.index][ok].astype(float)
            out.at[i, "eci"] = round(float(np.average(eci[ok], weights=weights)), 2)
            out.at[i, "eci_min"] = float(eci[ok].min())
            out.at[i, "eci_max"] = float(eci[ok].max())
            for col in components:
                out.at[i, col] = round(
                    float(np.average(group[col][ok].astype(float), weights=weights)), 4
                )
        out.at[i, "sentiment"] = float(group[C.SENTIMENT].astype(float).mean())
        codes = {c for v in group[C.PAIN_POINTS].fillna("") for c in str(v).split(";") if c}
        out.at[i, "pain_points"] = ";".join(sorted(codes, key=lambda c: (order.get(c, 99), c)))
        topics = group[C.TOPIC_ID].dropna() if C.TOPIC_ID in group else pd.Series(dtype=float)
        labels = {
            f"{int(t)}:{lab}"
            for t, lab in zip(topics, group.loc[topics.index, C.TOPIC_LABEL], strict=True)
            if int(t) >= 0
        }
        out.at[i, "topics"] = ";".join(sorted(labels))
        res = resolution[group.index].astype(float)
        if (res < -RESOLUTION_CUE).any():
            out.at[i, "resolved_text"] = False
        elif (res > RESOLUTION_CUE).any():
            out.at[i, "resolved_text"] = True
    return out


def join_survey(
    frame: pd.DataFrame,
    spec: ColumnSpec,
    comments: pd.DataFrame,
    survey: SurveyConfig | str | Path | None = None,
    lang: str = "zh",
) -> SurveyOutput:
    """Build the per-respondent table and every survey table.

    Arguments:
        frame: the input table (row positions 0..n-1, unmodified).
        spec: the detected/given columns.
        comments: scored comments with a ``row`` column (position of their respondent).
        survey: a :class:`SurveyConfig`, a TOML/YAML path, or None for defaults from ``spec``.
        lang: language of the display names inside tables (pain-point names).
    """
    config = resolve_config(survey, frame, spec)
    notes: list[str] = []
    n = len(frame)
    text = _text_measures(comments, n)
    validity = check_validity(
        frame,
        config,
        spec.id_col,
        spec.date_col,
        tone=text[["eci_min", "eci_max"]].assign(has_pain=text["pain_points"] != ""),
    )
    scores = score_frame(frame, config)

    resp = pd.DataFrame(index=frame.index)
    resp[ROW] = np.arange(n)
    resp[C.ID] = frame[spec.id_col].astype(str) if spec.id_col else [str(i + 1) for i in range(n)]
    resp[VALID] = validity[VALID]
    resp[INVALID_REASONS] = validity[INVALID_REASONS]
    for item in config.all_items:
        resp[f"score:{item.column}"] = in_range(scores[item.column], item)
    if config.overall is not None:
        overall = in_range(scores[config.overall.column], config.overall)
        resp["overall"] = overall
        resp["csat"] = (overall >= config.overall.top_two).astype(float).where(overall.notna())
    if config.nps is not None:
        score = in_range(scores[config.nps.column], config.nps)
        resp["nps_score"] = score
        resp["nps_group"] = nps_groups(score)
        resp["nps_points"] = resp["nps_group"].map(
            {"promoter": 100.0, "passive": 0.0, "detractor": -100.0}
        )
    resp["base_index"] = base_index(scores, config)
    if config.resolution:
        resp["resolved"] = parse_resolution(frame[config.resolution])
        resp["resolution_source"] = "column"
    else:
        resp["resolved"] = text["resolved_text"]
        resp["resolution_source"] = "text"
    for col in text.columns:
        if col not in ("resolved_text",):
            resp[col] = text[col].to_numpy()
    segment_cols = [c for c in spec.segment_cols if c not in resp.columns]
    for col in segment_cols:
        resp[col] = frame[col]
    if spec.date_col and spec.date_col not in resp.columns:
        resp[spec.date_col] = frame[spec.date_col]

    calibration = _calibrate(resp, config, notes) if config.calibrate_eci else None
    valid = resp[resp[VALID]]
    invalid = int((~resp[VALID]).sum())
    if invalid:
        notes.append(
            f"{invalid} questionnaire(s) invalid (out of range, straight-lining or duplicates): kept in outputs, left out of statistics"
        )
    tables = _tables(resp, valid, config, segment_cols, spec, comments, lang, notes)
    if calibration is not None:
        tables["eci_calibration"] = calibration
    comments = _score_flags(comments, resp, config)
    copied = segment_cols + (
        [spec.date_col]
        if spec.date_col and spec.date_col not in segment_cols and spec.date_col in resp
        else []
    )
    respondents = _respondents_out(frame, resp, copied)
    return SurveyOutput(
        respondents=respondents, comments=comments, tables=tables, notes=notes, config=config
    )


def _calibrate(resp: pd.DataFrame, config: SurveyConfig, notes: list[str]) -> pd.DataFrame | None:
    """Add ``eci_calibrated`` (out-of-fold, fitted on valid respondents' overall score or NPS)."""
    from voc.index.calibrate import MIN_CALIBRATION_N, calibrate_eci

    item, key = (
        (config.overall, "overall") if config.overall is not None else (config.nps, "nps_score")
    )
    if item is None or key not in resp:
        notes.append(
            "calibrate_eci: no overall or NPS item to calibrate on; default ECI weights kept"
        )
        return None
    outcome = resp[key].where(resp[VALID])
    calibrated, weights = calibrate_eci(resp, outcome, (item.low, item.high), seed=config.seed)
    if weights.empty:
        notes.append(
            f"calibrate_eci: fewer than {MIN_CALIBRATION_N} valid respondents with text and a score; default ECI weights kept"
        )
        return None
    resp["eci_calibrated"] = calibrated
    return weights


def _score_flags(comments: pd.DataFrame, resp: pd.DataFrame, config: SurveyConfig) -> pd.DataFrame:
    """Escalate comments whose author gave a very low score with an angry text (voc.flags' rule)."""
    item, key = (
        (config.overall, "overall") if config.overall is not None else (config.nps, "nps_score")
    )
    if item is None or key not in resp or comments.empty:
        return comments
    try:
        from voc.flags import score_text_flags
    except ImportError:  # the flags stage is optional in a trimmed install
        return comments
    scores = resp[key].reindex(comments[ROW].to_numpy()).to_numpy(dtype=float)
    return score_text_flags(comments, scores, scale=(item.low, item.high))


def _respondents_out(frame: pd.DataFrame, resp: pd.DataFrame, copied: list[str]) -> pd.DataFrame:
    """The input columns, then voc's per-respondent measures (prefixed ``voc_`` on a name clash)."""
    measures = resp.drop(columns=copied)
    renamed = {c: (f"voc_{c}" if c in frame.columns else c) for c in measures.columns}
    return pd.concat([frame, measures.rename(columns=renamed)], axis=1)


def _tables(
    resp: pd.DataFrame,
    valid: pd.DataFrame,
    config: SurveyConfig,
    segment_cols: list[str],
    spec: ColumnSpec,
    comments: pd.DataFrame,
    lang: str,
    notes: list[str],
) -> dict[str, pd.DataFrame]:
    # voc.drivers builds on voc.survey.metrics; importing it here keeps the two packages acyclic.
    from voc.drivers import alerts, mismatches, segment_table, three_part, trend
    from voc.drivers._labels import code_label, code_names

    tables: dict[str, pd.DataFrame] = {}
    valid_scores = pd.DataFrame(
        {i.column: valid[f"score:{i.column}"] for i in config.all_items}, index=valid.index
    )
    items = item_table(valid_scores, config) if config.all_items else pd.DataFrame()
    tables["survey_items"] = items
    tables["dimensions"] = dimension_table(items, config) if not items.empty else pd.DataFrame()

    present = {c for v in resp["pain_points"] for c in str(v).split(";") if c}
    order = list(code_names())
    codes = [c for c in order if c in present] + sorted(present - set(order))
    features = pd.DataFrame(
        {c: valid["pain_points"].map(lambda s, c=c: c in str(s).split(";")) for c in codes},
        index=valid.index,
    )
    labels = {c: code_label(c, lang) for c in codes}
    kinds = dict.fromkeys(codes, "pain_point")
    topic_keys = sorted({t for v in valid["topics"] for t in str(v).split(";") if t})
    for key in topic_keys:
        name = f"topic:{key}"
        features[name] = valid["topics"].map(lambda s, k=key: k in str(s).split(";"))
        labels[name] = key.split(":", 1)[1] or key
        kinds[name] = "topic"
    overall = valid.get("overall")
    nps_points = valid.get("nps_points")
    tables["drivers"] = _drivers(features.astype(int), overall, nps_points, labels, kinds, config)
    segments = segment_table(valid, segment_cols, codes, config.min_segment_n, lang)
    tables["segments"] = segments
    tables["three_part"] = three_part(segments)
    small = segments[segments["small_n"] & (segments["segment"] != segments["segment"].iloc[0])]
    if len(small):
        notes.append(
            f"{len(small)} segment value(s) have fewer than {config.min_segment_n} valid respondents: read their figures with care"
        )
    period = None
    if spec.date_col and spec.date_col in valid:
        period = "月份 month"
        dates = pd.to_datetime(valid[spec.date_col], errors="coerce", format="mixed")
        valid = valid.assign(**{period: dates.dt.to_period("M").astype(str).where(dates.notna())})
    tables["alerts"] = alerts(valid, segment_cols, config.alert_sigma, period_col=period)
    tables["trend"] = (
        trend(valid, spec.date_col) if spec.date_col and spec.date_col in valid else pd.DataFrame()
    )
    high = pd.Series(False, index=resp.index)
    low = pd.Series(False, index=resp.index)
    for key, item in (("overall", config.overall), ("nps_score", config.nps)):
        if item is not None and key in resp:
            high |= resp[key] >= (item.high if item.high <= 7 else item.top_two)
            low |= resp[key] <= item.low + (1 if item.high <= 7 else 3)
    tables["mismatches"] = mismatches(resp, comments, high, low)
    tables["data_quality"] = resp.loc[~resp[VALID], [ROW, C.ID, INVALID_REASONS]].reset_index(
        drop=True
    )
    tables["survey_summary"] = _summary(resp, valid, config)
    return tables


def _drivers(
    features: pd.DataFrame,
    overall: pd.Series | None,
    nps_points: pd.Series | None,
    labels: dict[str, str],
    kinds: dict[str, str],
    config: SurveyConfig,
) -> pd.DataFrame:
    """Pain points and topics ranked together, each adjusted only within its own family.

    Topics often restate pain points (a "配件、到货" topic is parts_supply), so one joint regression
    would split the same effect between the twins and understate both.
    """
    from voc.drivers import driver_table

    if not len(features.columns) or (overall is None and nps_points is None):
        return pd.DataFrame()
    parts = []
    for kind in ("pain_point", "topic"):
        cols = [c for c in features.columns if kinds.get(c) == kind]
        if cols:
            parts.append(
                driver_table(
                    features[cols],
                    overall,
                    nps_points,
                    labels,
                    kinds,
                    config.bootstrap,
                    config.seed,
                )
            )
    table = pd.concat(parts, ignore_index=True)
    if "priority" in table:
        table = table.sort_values("priority", ascending=False, na_position="last").reset_index(
            drop=True
        )
        table["rank"] = range(1, len(table) + 1)
    return table


def _summary(resp: pd.DataFrame, valid: pd.DataFrame, config: SurveyConfig) -> pd.DataFrame:
    """Headline survey numbers for the overview sheet (metric, value, low, high, n)."""
    rows: list[tuple[str, float, float, float, int]] = [
        ("有效问卷 valid questionnaires", float(len(valid)), math.nan, math.nan, len(resp)),
    ]
    if config.nps is not None:
        stats = nps(valid["nps_score"])
        rows.append(
            ("NPS 净推荐值", stats["nps"], stats["nps_low"], stats["nps_high"], int(stats["n"]))
        )
        rows.append(
            ("推荐者占比 promoters", stats["promoters"], math.nan, math.nan, int(stats["n"]))
        )
        rows.append(
            ("贬损者占比 detractors", stats["detractors"], math.nan, math.nan, int(stats["n"]))
        )
    if config.overall is not None:
        share, low, high, n = top_box_share(valid["overall"], config.overall)
        rows.append(("CSAT 满意率 (top-2 box)", share, low, high, n))
        rows.append(
            (
                f"{config.overall.column} 均值 mean",
                float(valid["overall"].mean()),
                math.nan,
                math.nan,
                int(valid["overall"].notna().sum()),
            )
        )
    rows.append(
        (
            "基础满意度 base index (0–100)",
            float(valid["base_index"].mean()),
            math.nan,
            math.nan,
            int(valid["base_index"].notna().sum()),
        )
    )
    resolved = valid["resolved"].dropna().astype(float)
    source = "column" if config.resolution else "text"
    rows.append(
        (
            f"问题解决率 resolution rate ({source})",
            float(resolved.mean()) if len(resolved) else math.nan,
            math.nan,
            math.nan,
            len(resolved),
        )
    )
    rows.append(
        (
            "情感连接度 ECI (0–100)",
            float(valid["eci"].mean()),
            math.nan,
            math.nan,
            int(valid["eci"].notna().sum()),
        )
    )
    return pd.DataFrame(rows, columns=["metric", "value", "low", "high", "n"])
