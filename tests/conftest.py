"""Shared fixtures: small tables written as real files in every supported format."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

SURVEY_ROWS = [
    ("C0001", "影视制作公司", "华东", 2, 1, "维修拖了一个多月，工程师说是主板问题，结果换了还是不行", "希望提供备用机"),
    ("C0002", "独立创作者", "华南", 5, 10, "工程师很专业，一次就修好了👍", ""),
    ("C0003", "广告团队", "华北", 3, 6, "客服态度还可以，但是配件等了三周", "配件多备一些"),
    ("C0004", "教育机构", "华东", 1, 0, "再不解决我就投诉到12315！电话13812345678", "无"),
    ("C0005", "独立创作者", "西南", 4, 8, "無", "建議開通維修進度查詢"),
    ("C0006", "影视制作公司", "华南", 4, 9, "", "整体满意，继续合作"),
]
SURVEY_COLUMNS = ["客户编号", "客户类型", "区域", "总体满意度", "推荐意愿", "不满意的地方", "改进建议"]


@pytest.fixture
def survey_frame() -> pd.DataFrame:
    """A tiny survey with Chinese headers, blanks, Traditional text, PII and a threat."""
    return pd.DataFrame(SURVEY_ROWS, columns=SURVEY_COLUMNS)


@pytest.fixture
def survey_xlsx(tmp_path: Path, survey_frame: pd.DataFrame) -> Path:
    path = tmp_path / "survey.xlsx"
    survey_frame.to_excel(path, index=False, sheet_name="问卷")
    return path


@pytest.fixture
def survey_csv(tmp_path: Path, survey_frame: pd.DataFrame) -> Path:
    path = tmp_path / "survey.csv"
    survey_frame.to_csv(path, index=False, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def flagger():  # type: ignore[no-untyped-def]
    """voc's default QA flag detector, built once for every flag test."""
    from voc.flags import FlagDetector

    return FlagDetector()
