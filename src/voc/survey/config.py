"""The survey config: which columns are scores, on what scale, in which dimension, with which target.

A run needs one, but users rarely write one: without ``--survey`` it is built from the detected
score columns, borrowing dimension, weight and target for columns the shipped
``corpora/survey/default.toml`` knows by name. A config file (TOML or YAML) replaces all of that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from voc._compat import tomllib
from voc.errors import ConfigError
from voc.io.scores import to_scores
from voc.resources import corpus_path

_NPS_HINT = re.compile(r"推荐|recommend|nps|likelihood", re.I)
_OVERALL_HINT = re.compile(r"总体|整体|综合|总满意|overall|total", re.I)
_STANDARD_HIGHS = (5.0, 7.0, 10.0)
STRAIGHT_LINING_MODES = ("contradicted", "any", "off")
DUPLICATE_MODES = ("keep_latest", "keep_first", "off")


@dataclass(frozen=True)
class ScoreItem:
    """One rated question: its column, scale, the dimension it measures, weight and target mean."""

    column: str
    low: float = 1.0
    high: float = 5.0
    dimension: str = ""
    weight: float = 1.0
    target: float | None = None

    def normalise(self, values: pd.Series) -> pd.Series:
        """Map answers onto 0–100 (scale bottom → 0, top → 100)."""
        return (values - self.low) / (self.high - self.low) * 100.0

    @property
    def top_two(self) -> float:
        """Lowest answer that counts in the top-2 box (4 on 1–5, 9 on 0–10)."""
        return self.high - 1.0


@dataclass
class SurveyConfig:
    """How to read the numeric half of a survey.

    Attributes:
        items: the Likert items that make up the base satisfaction index (基础满意度).
        overall: the overall-satisfaction item (outcome for drivers, basis of CSAT), if any.
        nps: the 0–10 recommendation item, if any.
        resolution: a column saying whether the problem was solved (是/否, 1/0), if any.
        shortfall_ratio: a dimension below this share of its target is a shortfall.
        straight_lining: ``contradicted`` (identical grid answers the text contradicts), ``any``, ``off``.
        min_straight_items: fewest answered grid items for straight-lining to be judged.
        duplicates: ``keep_latest`` (resubmissions replace earlier answers), ``keep_first``, ``off``.
        min_segment_n: segments smaller than this get a small-n warning.
        alert_sigma: a segment further than this many standard errors from the rest is an alert.
        bootstrap: resamples for driver intervals; seed: their random seed.
        calibrate_eci: also fit the ECI component weights on this survey's overall score (out of
            fold) and add ``eci_calibrated`` per respondent.
    """

    items: list[ScoreItem] = field(default_factory=list)
    overall: ScoreItem | None = None
    nps: ScoreItem | None = None
    resolution: str | None = None
    shortfall_ratio: float = 0.8
    straight_lining: str = "contradicted"
    min_straight_items: int = 4
    duplicates: str = "keep_latest"
    min_segment_n: int = 30
    alert_sigma: float = 2.0
    bootstrap: int = 500
    seed: int = 0
    calibrate_eci: bool = False
    source: str = "defaults"

    @property
    def all_items(self) -> list[ScoreItem]:
        """Grid items, then overall and NPS (each once)."""
        out = list(self.items)
        for extra in (self.overall, self.nps):
            if extra is not None and extra.column not in {i.column for i in out}:
                out.append(extra)
        return out

    def describe(self) -> dict[str, Any]:
        """Plain data for the run config."""
        return {
            "source": self.source,
            "items": [
                f"{i.column} [{i.low:g}-{i.high:g}] {i.dimension} w={i.weight:g} target={i.target}"
                for i in self.items
            ],
            "overall": self.overall.column if self.overall else None,
            "nps": self.nps.column if self.nps else None,
            "resolution": self.resolution,
            "shortfall_ratio": self.shortfall_ratio,
            "straight_lining": self.straight_lining,
            "duplicates": self.duplicates,
            "calibrate_eci": self.calibrate_eci,
        }


def _item(raw: dict[str, Any], where: str) -> ScoreItem:
    if not isinstance(raw, dict) or not isinstance(raw.get("column"), str):
        raise ConfigError(f"{where}: each item needs a 'column' name, found {raw!r}")
    scale = raw.get("scale", [1, 5])
    if not (
        isinstance(scale, list)
        and len(scale) == 2
        and all(isinstance(v, (int, float)) for v in scale)
        and scale[0] < scale[1]
    ):
        raise ConfigError(
            f"{where}: item '{raw['column']}': scale must be [low, high] with low < high, found {scale!r}"
        )
    weight = raw.get("weight", 1.0)
    target = raw.get("target")
    if not isinstance(weight, (int, float)) or weight < 0:
        raise ConfigError(
            f"{where}: item '{raw['column']}': weight must be a number ≥ 0, found {weight!r}"
        )
    if target is not None and not isinstance(target, (int, float)):
        raise ConfigError(
            f"{where}: item '{raw['column']}': target must be a number, found {target!r}"
        )
    return ScoreItem(
        raw["column"],
        float(scale[0]),
        float(scale[1]),
        str(raw.get("dimension", "")),
        float(weight),
        None if target is None else float(target),
    )


def parse_survey_config(data: dict[str, Any], source: str = "") -> SurveyConfig:
    """Build a config from a parsed TOML/YAML document (``[survey]`` table plus ``[[items]]``).

    Raises:
        ConfigError: a key has the wrong type or an unknown value.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a table with [survey] and [[items]]")
    head = data.get("survey", {}) or {}
    if not isinstance(head, dict):
        raise ConfigError(f"{source}: [survey] must be a table")
    items_raw = data.get("items", []) or []
    if not isinstance(items_raw, list):
        raise ConfigError(f"{source}: items must be a list of tables ([[items]])")
    items = [_item(raw, source) for raw in items_raw]
    by_column = {i.column: i for i in items}

    def special(key: str, default_scale: list[int]) -> ScoreItem | None:
        value = head.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, str):
            return by_column.get(value) or ScoreItem(
                value, float(default_scale[0]), float(default_scale[1])
            )
        if isinstance(value, dict):
            return _item({"scale": default_scale, **value}, f"{source} [survey] {key}")
        raise ConfigError(f"{source}: [survey] {key} must be a column name, found {value!r}")

    overall = special("overall", [1, 5])
    nps = special("nps", [0, 10])
    items = [
        i
        for i in items
        if not (overall and i.column == overall.column) and not (nps and i.column == nps.column)
    ]
    config = SurveyConfig(items=items, overall=overall, nps=nps, source=source or "inline")
    resolution = head.get("resolution")
    config.resolution = str(resolution) if resolution else None
    for key, kind in (
        ("shortfall_ratio", float),
        ("min_straight_items", int),
        ("min_segment_n", int),
        ("alert_sigma", float),
        ("bootstrap", int),
        ("seed", int),
    ):
        if key in head:
            value = head[key]
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ConfigError(f"{source}: [survey] {key} must be a number, found {value!r}")
            setattr(config, key, kind(value))
    if "calibrate_eci" in head:
        if not isinstance(head["calibrate_eci"], bool):
            raise ConfigError(
                f"{source}: [survey] calibrate_eci must be true or false, found {head['calibrate_eci']!r}"
            )
        config.calibrate_eci = head["calibrate_eci"]
    for key, allowed in (
        ("straight_lining", STRAIGHT_LINING_MODES),
        ("duplicates", DUPLICATE_MODES),
    ):
        if key in head:
            if head[key] not in allowed:
                raise ConfigError(
                    f"{source}: [survey] {key} = {head[key]!r}: expected one of {', '.join(allowed)}"
                )
            setattr(config, key, head[key])
    return config


def load_survey_config(path: str | Path) -> SurveyConfig:
    """Read a survey config file (``.toml``, ``.yaml``/``.yml``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"survey config not found: {path}") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_survey_config(data, str(path))


def detect_scale(values: pd.Series, nps_like: bool = False) -> tuple[float, float]:
    """The scale a column was asked on: the smallest standard top (5, 7, 10) above nearly all answers.

    A stray 6 on a 5-point item is an out-of-range answer, not evidence of a 7-point scale.
    """
    numbers = to_scores(values).dropna()
    if numbers.empty:
        return (0.0, 10.0) if nps_like else (1.0, 5.0)
    top = float(numbers.quantile(0.98))
    high = 10.0 if nps_like else next((h for h in _STANDARD_HIGHS if top <= h), 10.0)
    low = 0.0 if (high == 10.0 and float(numbers.quantile(0.02)) < 1.0) or nps_like else 1.0
    return low, high


def default_survey_config(
    frame: pd.DataFrame, score_cols: list[str], resolution_col: str | None = None
) -> SurveyConfig:
    """A config from the detected score columns, enriched by ``corpora/survey/default.toml``."""
    known = load_survey_config(corpus_path("survey", "default.toml"))
    known_items = {i.column: i for i in known.all_items}
    scales = {c: detect_scale(frame[c]) for c in score_cols}
    nps_col = next((c for c in score_cols if _NPS_HINT.search(c) and scales[c][1] == 10.0), None)
    if nps_col is None:
        wide = [c for c in score_cols if scales[c][1] == 10.0 and scales[c][0] == 0.0]
        nps_col = wide[0] if len(wide) == 1 else None
    overall_col = next((c for c in score_cols if c != nps_col and _OVERALL_HINT.search(c)), None)

    def item_for(column: str, nps_like: bool = False) -> ScoreItem:
        low, high = detect_scale(frame[column], nps_like) if nps_like else scales[column]
        base = known_items.get(column)
        if base is not None:
            answers = to_scores(frame[column]).dropna()
            inside = float(answers.between(base.low, base.high).mean()) if len(answers) else 1.0
            if (
                inside >= 0.8
            ):  # a known column keeps its documented scale despite a few stray answers
                return base
        target = base.target if base is not None else low + 0.75 * (high - low)
        return ScoreItem(
            column,
            low,
            high,
            base.dimension if base else column,
            base.weight if base else 1.0,
            target,
        )

    items = [item_for(c) for c in score_cols if c not in (nps_col, overall_col)]
    config = replace(
        known,
        items=items,
        overall=item_for(overall_col) if overall_col else None,
        nps=item_for(nps_col, nps_like=True) if nps_col else None,
        resolution=resolution_col,
        source="detected columns + corpora/survey/default.toml",
    )
    return config


def validate_config(config: SurveyConfig, frame: pd.DataFrame) -> None:
    """Refuse a config naming columns the table does not have (with the list of columns)."""
    columns = [str(c) for c in frame.columns]
    named = [i.column for i in config.all_items] + (
        [config.resolution] if config.resolution else []
    )
    missing = [c for c in named if c not in columns]
    if missing:
        raise ConfigError(
            f"survey config ({config.source}) names column(s) not in the table: {', '.join(missing)}; columns are: {', '.join(columns)}"
        )
