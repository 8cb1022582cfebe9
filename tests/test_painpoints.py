"""Pain-point detection: complaints are found (even implicit ones), praise/negation/questions are not."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from voc import columns as C
from voc.painpoints import PainPointDetector, PainPointStage
from voc.pipeline import CommentStage
from voc.pipeline.defaults import default_stages
from voc.text import preprocess


@pytest.fixture(scope="module")
def detector() -> PainPointDetector:
    return PainPointDetector()


COMPLAINTS = [
    ("等了半个月还没消息", ["response_delay", "communication"]),
    ("修了三次还是一样", ["misdiagnosis"]),
    ("难道保修期内还要收费吗", ["charges"]),
    ("配件缺货，等了三周", ["parts_supply"]),
    ("客服态度很差，互相推诿", ["staff_attitude"]),
    ("400电话永远打不通", ["communication"]),
    ("维修费太贵了", ["charges"]),
    ("上门安装的师傅迟到了两个小时", ["installation"]),
    ("快递太慢，包装也破了", ["logistics"]),
    ("退款申请了一个月还没到账", ["returns_refund"]),
    ("用了不到三个月就坏了", ["product_quality"]),
    ("维修速度比预期的慢", ["response_delay"]),
    ("工程师不太专业", ["misdiagnosis"]),
    ("送修之后就没人通知进度", ["communication"]),
    ("一个多月才寄回来", ["response_delay"]),
    ("希望加快维修速度", ["response_delay"]),
    ("配件", ["parts_supply"]),
    ("Turnaround time is way too slow.", ["response_delay"]),
]

NOT_COMPLAINTS = [
    "工程师很专业",
    "配件第二天就到了",
    "没有坏",
    "安装没问题",
    "没有什么不满意的",
    "请问什么时候能修好？",
    "本来以为会很慢，没想到第二天就修好了",
    "维修速度比预期的快",
    "客服小姐姐态度特别好",
    "收费很合理，价格不贵",
    "物流也特别快，包装完好",
    "一星是给快递的",
    "不好意思，麻烦了",
    "",
    "无",
]


@pytest.mark.parametrize(("text", "codes"), COMPLAINTS)
def test_complaints_are_found(detector: PainPointDetector, text: str, codes: list[str]) -> None:
    assert detector.codes(text) == codes


@pytest.mark.parametrize("text", NOT_COMPLAINTS)
def test_praise_negation_and_questions_are_not_pain_points(
    detector: PainPointDetector, text: str
) -> None:
    assert detector.codes(text) == []


def test_contrast_keeps_praise_and_complaint_apart(detector: PainPointDetector) -> None:
    assert detector.codes("工程师态度很好，但是配件等了三周") == ["parts_supply"]


def test_rhetorical_question_counts_plain_question_does_not(detector: PainPointDetector) -> None:
    assert detector.codes("为什么还要收检测费？") == ["charges"]
    assert detector.codes("检测费是多少？") == []


def test_evidence_names_the_clause_and_trigger(detector: PainPointDetector) -> None:
    findings = detector.detect("工程师很专业，但是配件等了三周还没到")
    assert {f.code for f in findings} == {"parts_supply"}
    finding = findings[0]
    assert "配件" in finding.clause and finding.trigger
    assert finding.clause_index == 1


def test_stage_columns_and_contract() -> None:
    stage = PainPointStage()
    assert isinstance(stage, CommentStage)
    assert stage.fit([]) is stage
    docs = [preprocess(t) for t in ["等了半个月还没消息", "工程师很专业", ""]]
    out = stage.transform(docs, pd.DataFrame(index=range(3)))
    assert list(out[C.PAIN_POINTS]) == ["response_delay;communication", "", ""]
    evidence = json.loads(out.at[0, C.PAIN_POINT_EVIDENCE])
    assert set(evidence) == {"response_delay", "communication"}
    assert evidence["response_delay"][0]["clause"].startswith("等了半个月")
    assert out.at[1, C.PAIN_POINT_EVIDENCE] == ""
    assert out.at[0, C.PAIN_POINT_DIMENSIONS] == "响应速度;沟通透明"


def test_custom_taxonomy_through_default_stages(tmp_path: Path) -> None:
    path = tmp_path / "tax.toml"
    path.write_text(
        'version = 1\n[[painpoint]]\ncode = "battery"\nname_zh = "电池"\nname_en = "Battery"\n'
        'description = "Battery life."\ndimension = "产品"\naspects = ["电池"]\ncomplaints = ["不耐用"]\n',
        encoding="utf-8",
    )
    stages = default_stages(taxonomy=str(path))
    stage = next(s for s in stages if isinstance(s, PainPointStage))
    out = stage.transform([preprocess("电池很不耐用")], None)
    assert out.at[0, C.PAIN_POINTS] == "battery"


def test_default_stages_include_pain_points_and_flags_last() -> None:
    names = [s.name for s in default_stages()]
    assert "pain_points" in names and names[-1] == "flags"
    assert names.index("pain_points") < names.index("flags")


def test_clause_sentiment_is_an_opt_in_signal() -> None:
    doc = preprocess("这次的售后体验让人难以接受")
    frame = pd.DataFrame({C.SENTIMENT_CLAUSES: [json.dumps([-0.9])]})
    assert PainPointStage().transform([doc], frame).at[0, C.PAIN_POINTS] == ""
    with_sentiment = PainPointStage(use_sentiment=True).transform([doc], frame)
    assert with_sentiment.at[0, C.PAIN_POINTS] == "staff_attitude"
    assert "负面情感" in with_sentiment.at[0, C.PAIN_POINT_EVIDENCE]
