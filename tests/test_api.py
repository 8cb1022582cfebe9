"""The library surface: voc.score, voc.analyze, AnalysisResult.save, and a light import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import voc
from voc import columns as C


def test_import_is_light() -> None:
    code = "import sys, voc; voc.score; print('torch' in sys.modules, 'bertopic' in sys.modules, 'spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "False"]


def test_score_returns_contract_columns() -> None:
    table = voc.score(["工程师很专业,一次就修好了", "", "配件等了三周还没到,太慢了"])
    assert list(table.columns[: len(C.SCORE_COLUMNS)]) == list(C.SCORE_COLUMNS)
    assert len(table) == 3
    assert table["id"].tolist() == ["1", "2", "3"]
    assert table.loc[1, "sentiment_label"] == "" and pd.isna(table.loc[1, "sentiment"])
    assert table["severity"].dtype == "int64" and table["escalate"].dtype == bool
    assert table["sentiment"].dropna().between(-1, 1).all()


def test_score_one_at_a_time_equals_batch() -> None:
    texts = ["维修太慢了", "工程师很耐心", "the engineer was great but parts took 3 weeks", "无"]
    batch = voc.score(texts).drop(columns=["id"])
    single = pd.concat([voc.score([t]) for t in texts], ignore_index=True).drop(columns=["id"])
    pd.testing.assert_frame_equal(batch, single)


def test_score_masks_pii() -> None:
    table = voc.score(["电话13812345678,邮箱a@b.com"])
    assert table.loc[0, "text"] == "电话[电话],邮箱[邮箱]"


def test_analyze_does_not_modify_the_frame(survey_frame: pd.DataFrame) -> None:
    before = survey_frame.copy()
    result = voc.analyze(survey_frame)
    pd.testing.assert_frame_equal(survey_frame, before)
    assert list(result.comments.columns[: len(C.COMMENT_COLUMNS)]) == list(C.COMMENT_COLUMNS)
    assert len(result.comments) == 10  # non-blank answers only
    assert result.config["id_col"] == "客户编号"
    assert set(result.comments["id"]) <= set(survey_frame["客户编号"])


def test_analyze_path_and_explicit_columns(survey_xlsx: Path) -> None:
    result = voc.analyze(survey_xlsx, text_cols="改进建议", score_cols=["总体满意度"], segment_cols=["区域"])
    assert set(result.comments["source_col"]) == {"改进建议"}
    assert result.config["score_cols"] == ["总体满意度"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".jsonl", ".parquet"])
def test_save_formats(survey_frame: pd.DataFrame, tmp_path: Path, suffix: str) -> None:
    result = voc.analyze(survey_frame)
    path = result.save(tmp_path / f"out{suffix}")
    assert path.exists()
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert leftovers == []


def test_save_unknown_format(survey_frame: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(voc.InputError, match="unknown output format"):
        voc.analyze(survey_frame).save(tmp_path / "x.pdf")


def test_analyze_rejects_bad_data() -> None:
    with pytest.raises(voc.InputError):
        voc.analyze(pd.DataFrame())
    with pytest.raises(voc.InputError):
        voc.analyze(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["无", "没有", "暂无。", "N/A", "None", "没什么", "无意见"])
def test_placeholder_answers_are_neutral_without_eci(text: str) -> None:
    row = voc.score([text]).iloc[0]
    assert row["sentiment"] == 0.0 and row["sentiment_label"] == "neutral"
    assert row["pain_points"] == "" and not row["escalate"]
    assert pd.isna(row["eci"])


@pytest.mark.parametrize("text", ["没有什么不满意的地方", "没有不满意的", "基本没什么问题"])
def test_no_complaint_answers_are_mildly_positive(text: str) -> None:
    row = voc.score([text]).iloc[0]
    assert row["sentiment_label"] == "positive" and row["pain_points"] == ""


def test_placeholder_lookalikes_are_still_scored() -> None:
    row = voc.score(["没有备用机,等了一个月"]).iloc[0]
    assert row["sentiment_label"] == "negative" and "response_delay" in row["pain_points"]


def test_score_text_mismatch_is_marked_on_comments() -> None:
    rows = [("R1", 5, "垃圾售后,修了三次都没修好,气死我了,再也不买了!"), ("R2", 1, "工程师非常专业,一次就修好了,感谢!会推荐给朋友")]
    rows += [(f"R{i}", 3 + i % 3, f"配件等了{i}天,还行吧") for i in range(3, 40)]
    frame = pd.DataFrame(rows, columns=["编号", "总体满意度", "意见"])
    comments = voc.analyze(frame, topics=False).comments.set_index("id")
    assert comments.loc["R1", "mismatch"] and comments.loc["R1", "mismatch_kind"] == "high_score_negative_text"
    assert comments.loc["R2", "mismatch"] and comments.loc["R2", "mismatch_kind"] == "low_score_positive_text"
    assert not comments.loc["R3", "mismatch"]
