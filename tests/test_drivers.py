"""Drivers (with/without, adjusted impact, bootstrap, priority), segments, alerts, mismatches, and the join in analyze."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import voc
from voc.drivers import adjusted_impacts, alerts, driver_table, mismatches, segment_table


def _population(n: int = 300, seed: int = 1) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    slow = rng.random(n) < 0.4
    rude = rng.random(n) < 0.1
    noise = rng.random(n) < 0.3  # unrelated to the score
    overall = 4.5 - 1.5 * slow - 0.8 * rude + rng.normal(0, 0.3, n)
    features = pd.DataFrame(
        {"response_delay": slow, "staff_attitude": rude, "logistics": noise}
    ).astype(int)
    return features, pd.Series(overall)


def test_adjusted_impacts_recover_effects_with_intervals() -> None:
    features, overall = _population()
    impacts = adjusted_impacts(features, overall, bootstrap=200, seed=0)
    assert impacts.loc["response_delay", "impact"] == pytest.approx(-1.5, abs=0.15)
    assert impacts.loc["staff_attitude", "impact"] == pytest.approx(-0.8, abs=0.25)
    low, high = impacts.loc["logistics", ["impact_low", "impact_high"]]
    assert low < 0 < high
    again = adjusted_impacts(features, overall, bootstrap=200, seed=0)
    pd.testing.assert_frame_equal(impacts, again)  # seeded


def test_driver_table_priority_ranking() -> None:
    features, overall = _population()
    points = pd.Series(np.where(overall > 4.2, 100.0, np.where(overall < 3.5, -100.0, 0.0)))
    table = driver_table(features, overall, points, bootstrap=100, seed=0)
    assert table["driver"].iloc[0] == "response_delay" and table["rank"].iloc[0] == 1
    row = table.set_index("driver").loc["response_delay"]
    assert row["share"] == pytest.approx(features["response_delay"].mean())
    assert row["overall_with"] < row["overall_without"] and row["nps_with"] < row["nps_without"]
    assert row["priority"] == pytest.approx(row["share"] * -row["overall_impact"])
    assert bool(row["significant"])


def test_rare_driver_gets_no_impact() -> None:
    features = pd.DataFrame({"rare": [1, 1] + [0] * 48, "common": [1, 0] * 25})
    impacts = adjusted_impacts(features, pd.Series(np.linspace(1, 5, 50)), bootstrap=10)
    assert np.isnan(impacts.loc["rare", "impact"]) and not np.isnan(impacts.loc["common", "impact"])


def _respondents() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 200
    region = np.where(np.arange(n) < 40, "西南", np.where(np.arange(n) < 195, "华东", "西北"))
    overall = np.clip(np.round(4 - 1.5 * (region == "西南") + rng.normal(0, 0.6, n)), 1, 5)
    nps_score = np.clip(np.round(overall * 2 + rng.normal(0, 1, n)), 0, 10)
    return pd.DataFrame(
        {
            "区域": region,
            "overall": overall,
            "nps_score": nps_score,
            "nps_points": np.where(nps_score >= 9, 100.0, np.where(nps_score <= 6, -100.0, 0.0)),
            "csat": (overall >= 4).astype(float),
            "eci": 30 + 10 * overall,
            "base_index": overall * 20,
            "resolved": (overall >= 3).astype(float),
            "sentiment": overall / 5 - 0.5,
            "pain_points": np.where(region == "西南", "response_delay", ""),
        }
    )


def test_segment_table_intervals_small_n_and_pain_shares() -> None:
    table = segment_table(_respondents(), ["区域"], ["response_delay"], min_n=30)
    rows = table.set_index("value")
    assert rows.loc["", "n"] == 200 and rows.loc["西南", "n"] == 40
    assert bool(rows.loc["西北", "small_n"]) and not bool(rows.loc["华东", "small_n"])
    assert (
        rows.loc["西南", "overall_low"]
        < rows.loc["西南", "overall_mean"]
        < rows.loc["西南", "overall_high"]
    )
    assert rows.loc["西南", "pp:response_delay"] == 1.0
    assert "100%" in rows.loc["西南", "top_pain_points"]


def test_alerts_flag_a_drifting_segment() -> None:
    table = alerts(_respondents(), ["区域"], sigma=2.0, min_n=10)
    hit = table[(table["value"] == "西南") & (table["metric"] == "overall")]
    assert len(hit) == 1 and hit["direction"].iloc[0] == "worse" and hit["z"].iloc[0] < -2
    assert (table["value"] != "西北").all()  # below min_n: no alert


def test_mismatches_both_directions() -> None:
    comments = pd.DataFrame(
        {
            "row": [0, 1, 2],
            "id": ["a", "b", "c"],
            "source_col": ["t"] * 3,
            "text": ["气死了，再也不买", "非常满意，谢谢", "一般"],
            "eci": [8.0, 90.0, 50.0],
            "sentiment": [-0.9, 0.9, 0.0],
        }
    )
    high = pd.Series([True, False, True])
    low = pd.Series([False, True, False])
    out = mismatches(pd.DataFrame(), comments, high, low)
    assert out.set_index("id")["kind"].to_dict() == {
        "a": "high_score_negative_text",
        "b": "low_score_positive_text",
    }


def test_analyze_builds_survey_tables() -> None:
    rng = np.random.default_rng(0)
    n = 60
    slow = rng.random(n) < 0.4
    overall = np.where(slow, rng.integers(1, 4, n), rng.integers(3, 6, n))
    frame = pd.DataFrame(
        {
            "客户编号": [f"C{i:03d}" for i in range(n)],
            "区域": rng.choice(["华东", "华南"], n),
            "响应速度": np.clip(overall + rng.integers(-1, 2, n), 1, 5),
            "问题解决": overall,
            "服务态度": np.clip(overall + 1, 1, 5),
            "总体满意度": overall,
            "推荐意愿": np.clip(overall * 2 + rng.integers(-1, 2, n), 0, 10),
            "不满意的地方": np.where(slow, "维修太慢了，等了三周才修好", "工程师很专业，谢谢"),
        }
    )
    result = voc.analyze(frame, text_cols="不满意的地方", topics=False)
    for name in (
        "survey_items",
        "dimensions",
        "drivers",
        "segments",
        "three_part",
        "alerts",
        "mismatches",
        "data_quality",
        "survey_summary",
    ):
        assert name in result.tables, name
    assert {"valid", "eci", "nps_group", "base_index", "pain_points"} <= set(
        result.respondents.columns
    )
    assert len(result.respondents) == n and "客户编号" in result.respondents
    assert result.config["survey"]["nps"] == "推荐意愿"
    drivers = result.tables["drivers"]
    if len(drivers):  # depends on the pain-point detector finding response_delay
        assert drivers.iloc[0]["driver"] == "response_delay"
