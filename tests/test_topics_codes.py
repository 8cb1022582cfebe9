"""A topic's matched code comes from what the pain-point rules find in its clauses, not from a stray seed word."""

from __future__ import annotations

import pytest

from voc.painpoints.detector import PainPointDetector
from voc.topics._seeds import detected_code, match_code, taxonomy_seed_terms


@pytest.fixture(scope="module")
def detector() -> PainPointDetector:
    return PainPointDetector()


def test_a_generic_seed_word_does_not_name_the_topic(detector: PainPointDetector) -> None:
    # Written for this test: product faults that all say 问题, a seed word of another code.
    clauses = ["屏幕有坏点，问题不小", "电池的问题，续航太短", "键盘问题，按键失灵", "做工问题，缝隙很大"]
    seeds = {"misdiagnosis": ["问题"]}
    assert match_code(clauses, seeds) == "misdiagnosis"  # what the seed word alone would say
    assert detected_code(clauses, detector, seeds) == "product_quality"


def test_the_rules_name_a_clear_topic(detector: PainPointDetector) -> None:
    clauses = ["快递太慢了", "物流一个星期才到", "快递员态度差还摔坏了箱子", "发货拖了五天"]
    assert detected_code(clauses, detector, taxonomy_seed_terms()) == "logistics"


def test_a_seed_match_the_rules_never_back_gives_no_code(detector: PainPointDetector) -> None:
    clauses = ["五星级的名头", "设备有点旧", "大堂的装修风格"]
    seeds = {"installation": ["设备", "装修"]}
    assert match_code(clauses, seeds) == "installation"
    assert detected_code(clauses, detector, seeds) == ""
