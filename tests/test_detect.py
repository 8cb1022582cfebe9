"""Column detection: text, score, id, segment and date columns from headers and content."""

from __future__ import annotations

import pandas as pd
import pytest

from voc.errors import ColumnDetectionError, InputError
from voc.io import detect_columns


def test_detects_survey_roles(survey_frame: pd.DataFrame) -> None:
    spec = detect_columns(survey_frame)
    assert spec.text_cols == ["不满意的地方", "改进建议"]
    assert spec.score_cols == ["总体满意度", "推荐意愿"]
    assert spec.id_col == "客户编号"
    assert set(spec.segment_cols) >= {"客户类型"}


def test_scores_stored_as_text_are_scores() -> None:
    frame = pd.DataFrame(
        {
            "编号": range(1, 41),
            "服务态度": ["5分", "4分", "3 分", "5", "2分"] * 8,
            "意见": [f"第{i}条意见,维修太慢了" if i % 3 else f"工程师很专业{i}" for i in range(40)],
        }
    )
    spec = detect_columns(frame)
    assert spec.score_cols == ["服务态度"]
    assert spec.text_cols == ["意见"]


def test_dates_are_not_text_or_scores() -> None:
    frame = pd.DataFrame(
        {
            "提交日期": pd.date_range("2026-01-01", periods=30, freq="D"),
            "反馈": [f"配件等了{i}天还没到" for i in range(30)],
        }
    )
    spec = detect_columns(frame)
    assert spec.date_col == "提交日期"
    assert spec.text_cols == ["反馈"]


def test_cannot_decide_lists_columns_and_option() -> None:
    frame = pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]})
    with pytest.raises(ColumnDetectionError, match=r"columns are: a, b.*--text-col"):
        detect_columns(frame)


def test_unknown_column_is_named(survey_frame: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="--text-col '意见': no such column"):
        detect_columns(survey_frame, text_cols=["意见"])


def test_all_empty_text_column_is_refused() -> None:
    frame = pd.DataFrame({"意见": [None, "", "  "], "分": [1, 2, 3]})
    with pytest.raises(InputError, match="every cell is blank"):
        detect_columns(frame, text_cols=["意见"])


@pytest.mark.parametrize(
    ("values", "kind"),
    [([1, 2, 3, 4], "numbers"), (["2026-01-01", "2026-01-02", "2026-02-03", "2026-03-04"], "dates")],
)
def test_numbers_or_dates_in_text_column_are_refused(values: list, kind: str) -> None:
    with pytest.raises(InputError, match=f"holds {kind}"):
        detect_columns(pd.DataFrame({"意见": values}), text_cols=["意见"])
