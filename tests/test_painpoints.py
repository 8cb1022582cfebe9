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


# Classes of expressions the detector must generalise over (written for these tests, not taken
# from the labelled set): each line is a generic phrasing, with typos (的/得) and no aspect word.
GENERALISES = [
    # bare delay complaints: 拖/慢/久/迟迟, no aspect word, 的 for 得
    ("拖的太久了", ["response_delay"]),
    ("拖得太久", ["response_delay"]),
    ("一直拖着不给解决", ["response_delay"]),
    ("办事太拖拉", ["response_delay"]),
    ("慢的要死", ["response_delay"]),
    ("等了一整个下午", ["response_delay"]),
    ("这么久了也不来", ["response_delay"]),
    ("修个东西要半个月", ["response_delay"]),
    ("排了很久的队", ["response_delay"]),
    # communication: no reply, unreachable, no notice, inconsistent answers
    ("客服不理人", ["staff_attitude", "communication"]),
    ("发了消息一直没人回", ["communication"]),
    ("也不知道修得怎么样了", ["communication"]),
    ("问了几次也说不清楚", ["communication"]),
    ("每个客服说的都不一样", ["communication"]),
    ("事先也没有告知", ["communication"]),
    ("不给个准话", ["communication"]),
    ("客服答非所问", ["communication"]),
    ("售后电话一直占线", ["communication"]),
    ("只会说帮我反馈一下", ["communication"]),
    ("投诉无门", ["communication"]),
    # logistics: 快递/物流/发货/送货 + slow, late, damaged, lost, left at the door, wrong items
    ("快递送得很晚", ["logistics"]),
    ("快递暴力分拣", ["logistics"]),
    ("快递员直接放门口就走了", ["logistics"]),
    ("送货的不肯送上楼", ["logistics"]),
    ("少发了一件", ["logistics"]),
    ("送到隔壁去了", ["logistics"]),
    ("包裹过了五天还没到", ["logistics"]),
    ("物流太慢。等了快十天了", ["logistics"]),
    ("物流服务很不满意", ["logistics"]),
    # installation: 安装/上门/师傅 + no-show, late, unskilled, damage, mess
    ("约好上门安装，结果没来", ["installation"]),
    ("师傅不会装", ["installation"]),
    ("安装师傅临时改时间", ["installation"]),
    ("师傅把地板划了", ["installation"]),
    ("师傅装完就走，垃圾也不收拾", ["installation"]),
    ("安装人员态度差", ["staff_attitude", "installation"]),
    # installation fees are charges (labelling convention)
    ("乱收安装费", ["charges"]),
    # charges
    ("价格比别家高", ["charges"]),
    ("优惠券用不了", ["charges"]),
    ("换个零件要好几百", ["charges"]),
    # staff attitude
    ("师傅脾气很大", ["staff_attitude"]),
]

STILL_CLEAN = [
    "不用等太久",
    "等了两天就到了，很快",
    "收费透明",
    "价格不贵",
    "不知道好不好用，先用几天看看",
    "物流很快，包装完好",
    "快递员很负责，送货上门",
    "师傅准时上门，装得很好",
    "还没有安装好，好了再追评",
    "待机时间长，续航时间很长",
    "拖着行李走到大堂",
    "这样的配置卖这个价钱，性价比算很高了",
    "上门取件预约好了",
    "怎么联系售后？",
]


@pytest.mark.parametrize(("text", "codes"), GENERALISES)
def test_classes_of_expressions_generalise(
    detector: PainPointDetector, text: str, codes: list[str]
) -> None:
    assert detector.codes(text) == codes


@pytest.mark.parametrize("text", STILL_CLEAN)
def test_praise_negation_and_look_alikes_stay_clean(detector: PainPointDetector, text: str) -> None:
    assert detector.codes(text) == []


def test_borrowed_aspects_do_not_hide_the_next_clause(detector: PainPointDetector) -> None:
    # "上门" stood at the same positions in the previous clause as "没来" does in this one.
    findings = detector.detect("约好上门安装，结果没来")
    assert [(f.code, f.clause_index) for f in findings] == [("installation", 1)]


def test_bare_wait_yields_across_the_comment_only_without_an_aspect(
    detector: PainPointDetector,
) -> None:
    assert detector.codes("物流太慢。等了快十天了") == ["logistics"]
    assert detector.codes("物流太慢。维修也等了十天") == ["response_delay", "logistics"]


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


def test_bare_yields_to_names_known_codes() -> None:
    from voc.errors import ConfigError
    from voc.painpoints import load_taxonomy
    from voc.painpoints.taxonomy import parse_taxonomy

    entry = 'version = 1\n[[painpoint]]\ncode = "a"\nname_zh = "甲"\nname_en = "A"\ndescription = "d"\ndimension = "x"\naspects = ["甲"]\n'
    cues = load_taxonomy().cues
    parsed = parse_taxonomy(entry + 'bare_yields_to = ["a"]\n', default_cues=cues)
    assert parsed.codes[0].bare_yields_to == ("a",)
    with pytest.raises(ConfigError, match="bare_yields_to"):
        parse_taxonomy(entry + 'bare_yields_to = ["nope"]\n', default_cues=cues)
