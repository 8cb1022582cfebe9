"""Survey config, NPS/CSAT/top-2-box, dimension index and shortfalls, invalid questionnaires."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from voc.errors import ConfigError
from voc.io import ColumnSpec
from voc.survey import (
    SurveyConfig,
    check_validity,
    join_survey,
    load_survey_config,
    nps,
    parse_survey_config,
    top_box_share,
)
from voc.survey.config import ScoreItem, default_survey_config, detect_scale
from voc.survey.metrics import base_index, dimension_table, item_table


def test_nps_groups_and_value() -> None:
    stats = nps(pd.Series([10, 9, 8, 7, 6, 0, None]))
    assert stats["n"] == 6
    assert stats["nps"] == pytest.approx(100 * (2 / 6 - 2 / 6))
    assert stats["nps_low"] < stats["nps"] < stats["nps_high"]
    assert nps(pd.Series([10, 10]))["nps"] == 100


def test_csat_is_share_of_4_and_5() -> None:
    share, low, high, n = top_box_share(pd.Series([5, 4, 3, 2, 1, 9]), ScoreItem("x", 1, 5))
    assert (
        n == 5 and share == pytest.approx(0.4) and low < 0.4 < high
    )  # 9 is out of range, not counted


def test_detect_scale_ignores_a_stray_out_of_range_answer() -> None:
    assert detect_scale(pd.Series([1, 2, 3, 4, 5] * 20 + [6])) == (1.0, 5.0)
    assert detect_scale(pd.Series(list(range(11)) * 5), nps_like=True) == (0.0, 10.0)


FRAME = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d", "d", "e"],
        "date": pd.to_datetime(
            ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-09", "2026-01-05"]
        ),
        "响应速度": [5, 2, 4, 3, 2, 5],
        "问题解决": [5, 1, 4, 3, 2, 4],
        "服务态度": [5, 3, 9, 4, 3, 5],
        "沟通透明": [5, 2, 3, 3, 3, 4],
        "总体满意度": ["5分", 2, 4, 3, 2, 5],
        "推荐意愿": [10, 3, 8, 6, 5, 11],
    }
)


def test_default_config_from_detected_columns() -> None:
    config = default_survey_config(
        FRAME, ["响应速度", "问题解决", "服务态度", "沟通透明", "总体满意度", "推荐意愿"]
    )
    assert (
        config.nps is not None
        and config.nps.column == "推荐意愿"
        and (config.nps.low, config.nps.high) == (0, 10)
    )
    assert config.overall is not None and config.overall.column == "总体满意度"
    by_col = {i.column: i for i in config.items}
    assert (
        by_col["问题解决"].dimension == "质量" and by_col["问题解决"].target == 4.2
    )  # from default.toml


def test_validity_out_of_range_duplicates_straight_lining() -> None:
    config = default_survey_config(
        FRAME, ["响应速度", "问题解决", "服务态度", "沟通透明", "总体满意度", "推荐意愿"]
    )
    tone = pd.DataFrame(
        {
            "eci_min": [10, 50, 50, 50, 50, 50],
            "eci_max": [20, 50, 50, 50, 50, 50],
            "has_pain": [True] + [False] * 5,
        }
    )
    v = check_validity(FRAME, config, id_col="id", date_col="date", tone=tone)
    reasons = v["invalid_reasons"].tolist()
    assert reasons[0].startswith("straight_lining")  # all 5s with a complaining text
    assert "out_of_range:服务态度" in reasons[2]
    assert (
        "duplicate:superseded_by_later_submission" in reasons[3] and reasons[4] == ""
    )  # the later one is kept
    assert "out_of_range:推荐意愿" in reasons[5]
    assert v["valid"].tolist() == [False, True, False, False, True, False]


def test_straight_lining_any_and_off() -> None:
    frame = FRAME.drop_duplicates("id").reset_index(drop=True)
    for mode, expected in (("any", True), ("off", False)):
        config = default_survey_config(
            frame, ["响应速度", "问题解决", "服务态度", "沟通透明", "总体满意度"]
        )
        config.straight_lining = mode
        assert (
            "straight_lining" in check_validity(frame, config)["invalid_reasons"][0]
        ) is expected


def test_dimension_index_and_shortfall() -> None:
    config = SurveyConfig(
        items=[ScoreItem("a", 1, 5, "质量", 0.75, 4.5), ScoreItem("b", 1, 5, "效率", 0.25, 4.0)]
    )
    scores = pd.DataFrame({"a": [1.0, 3.0, 3.0], "b": [5.0, 5.0, None]})
    assert base_index(scores, config).tolist() == pytest.approx([25.0, 62.5, 50.0])
    dims = dimension_table(item_table(scores, config), config).set_index("dimension")
    assert bool(dims.loc["质量", "shortfall"]) is True  # 2.33 < 0.8 × 4.5
    assert bool(dims.loc["效率", "shortfall"]) is False
    assert dims["weight"].sum() == pytest.approx(1.0)


def test_config_files_toml_and_yaml(tmp_path: Path) -> None:
    toml = tmp_path / "s.toml"
    toml.write_text(
        '[survey]\noverall = "总体"\nnps = "推荐"\n[[items]]\ncolumn = "速度"\nscale = [1, 7]\nweight = 2\ntarget = 6\n',
        encoding="utf-8",
    )
    config = load_survey_config(toml)
    assert (
        config.items[0].high == 7
        and config.overall is not None
        and config.nps is not None
        and config.nps.high == 10
    )
    yaml_path = tmp_path / "s.yaml"
    yaml_path.write_text(
        "survey:\n  nps: 推荐\nitems:\n  - column: 速度\n    scale: [1, 5]\n", encoding="utf-8"
    )
    assert load_survey_config(yaml_path).items[0].column == "速度"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"items": [{"column": "x", "scale": [5, 1]}]}, "scale"),
        ({"items": [{"scale": [1, 5]}]}, "column"),
        ({"survey": {"straight_lining": "sometimes"}}, "straight_lining"),
        ({"survey": {"alert_sigma": "two"}}, "alert_sigma"),
        ({"items": [{"column": "x", "weight": -1}]}, "weight"),
        ({"survey": {"calibrate_eci": "yes"}}, "calibrate_eci"),
    ],
)
def test_config_errors(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_survey_config(data, "test.toml")


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_survey_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[survey\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        load_survey_config(bad)


def test_join_refuses_unknown_columns() -> None:
    config = parse_survey_config({"items": [{"column": "不存在"}]}, "x.toml")
    comments = pd.DataFrame(
        columns=["row", "id", "source_col", "text", "sentiment", "pain_points", "eci"]
    )
    with pytest.raises(ConfigError, match="不存在"):
        join_survey(FRAME, ColumnSpec(["x"]), comments, config)


def test_resolution_column_is_used(tmp_path: Path) -> None:
    frame = FRAME.assign(是否解决=["是", "否", "已解决", "未解决", "否", "是"])
    cfg = tmp_path / "s.toml"
    cfg.write_text(
        '[survey]\noverall = "总体满意度"\nnps = "推荐意愿"\nresolution = "是否解决"\nduplicates = "off"\n'
        '[[items]]\ncolumn = "响应速度"\n[[items]]\ncolumn = "问题解决"\n',
        encoding="utf-8",
    )
    comments = pd.DataFrame(
        {
            "row": [0],
            "id": ["a"],
            "source_col": ["t"],
            "text": ["好"],
            "sentiment": [0.5],
            "pain_points": [""],
            "eci": [70.0],
            "topic_id": [-1],
            "topic_label": [""],
        }
    )
    out = join_survey(frame, ColumnSpec(["t"], id_col="id"), comments, cfg)
    summary = out.tables["survey_summary"].set_index("metric")
    rate = summary.loc[[m for m in summary.index if m.startswith("问题解决率")][0], "value"]
    assert rate == pytest.approx(0.4)  # rows 0–4 valid (row 5 has NPS 11): 是 否 已解决 未解决 否
    assert out.respondents["resolution_source"].eq("column").all()
