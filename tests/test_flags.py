"""QA flags: threats, safety, fraud, anger and repeated failures escalate; guards and severity levels hold."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from voc import columns as C
from voc.errors import ConfigError
from voc.flags import FlagDetector, FlagStage, load_flags, parse_flags, score_text_flags
from voc.pipeline import CommentStage
from voc.text import preprocess

ESCALATE = [
    ("再不解决我就打12315", "升级威胁: 12315"),
    ("我已经投诉到消协了", "升级威胁: 投诉"),
    ("如果三天内没有答复，我直接找媒体", "升级威胁: 找媒体"),
    ("不解决就给差评", "升级威胁"),
    ("充电的时候冒烟了，还有焦味", "安全隐患: 冒烟"),
    ("接上电源以后机身漏电", "安全隐患: 漏电"),
    ("说好的换新机，结果是翻新机", "欺诈指控: 翻新机"),
    ("这是假货吧", "欺诈指控: 假货"),
    ("气死我了，欺人太甚", "强烈不满: 气死"),
    ("修了三次还是一样", "反复故障: 修了三次"),
    ("第三次返修了", "反复故障"),
    ("垃圾，太差劲了，再也不买了", "强烈不满"),
]

NOT_ESCALATE = [
    "工程师很专业，一次就修好了",
    "我不会给差评的，放心",
    "投诉处理得很及时，满意",
    "没有漏电，也没有发热",
    "是正品，不是假货",
    "给个差评",  # a rating, not a threat
    "配件等了三周",
    "",
]


@pytest.mark.parametrize(("text", "reason"), ESCALATE)
def test_escalations_and_readable_reasons(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate
    assert result.severity == 2
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", NOT_ESCALATE)
def test_guards_and_plain_complaints_do_not_escalate(flagger: FlagDetector, text: str) -> None:
    assert not flagger.flag(text).escalate


def test_severity_levels(flagger: FlagDetector) -> None:
    assert flagger.flag("工程师很专业", []).severity == 0
    assert flagger.flag("配件等了三周", ["parts_supply"]).severity == 1
    assert flagger.flag("配件等了三周，真是无语", ["parts_supply"]).severity == 2
    assert flagger.flag("配件等了三周", ["parts_supply"], sentiment=-0.9).severity == 1
    two = ["parts_supply", "communication"]
    assert flagger.flag("配件等了三周，也没人通知", two, sentiment=-0.9).severity == 2
    assert flagger.flag("配件等了三周，也没人通知", two, sentiment=-0.3).severity == 1
    three = ["parts_supply", "charges", "communication"]
    assert flagger.flag("配件慢，收费贵，没人回", three).severity == 2
    # sentiment alone never makes a complaint: a mis-scored compliment stays at 0
    assert flagger.flag("工程师很专业", [], sentiment=-0.9).severity == 0


def test_emotion_columns_are_read_when_present(flagger: FlagDetector) -> None:
    angry_label = flagger.flag("这次维修体验", ["response_delay"], emotion="anger")
    assert not angry_label.escalate and angry_label.severity == 2
    assert "明显不满: 情绪 anger" in angry_label.reasons
    assert flagger.flag("这次维修体验", [], anger=0.9).escalate
    assert not flagger.flag("这次维修体验", [], anger=0.1).escalate
    # the emotion label fires on ordinary complaints: it never piles up to an escalation
    assert not flagger.flag("这次维修体验太差劲", [], emotion="anger").escalate


def test_stage_reads_earlier_columns() -> None:
    stage = FlagStage()
    assert isinstance(stage, CommentStage)
    docs = [preprocess(t) for t in ["再不解决我就打12315", "配件等了三周", "挺好的"]]
    frame = pd.DataFrame(
        {
            C.PAIN_POINTS: ["", "parts_supply", ""],
            C.SENTIMENT: [-0.8, -0.3, 0.8],
            C.EMOTION: ["", "", ""],
        }
    )
    out = stage.transform(docs, frame)
    assert list(out[C.ESCALATE]) == [True, False, False]
    assert list(out[C.SEVERITY]) == [2, 1, 0]
    assert out.at[0, C.FLAG_REASONS] == "升级威胁: 12315"
    assert out.at[0, C.FLAG_CODES] == "threat"
    assert out[C.SEVERITY].dtype == "int64"
    # without earlier columns the stage works from the text alone
    alone = stage.transform(docs, None)
    assert list(alone[C.ESCALATE]) == [True, False, False]


def test_score_text_flags_low_score_and_angry_text() -> None:
    comments = pd.DataFrame(
        {
            C.TEXT: ["垃圾售后，气死我了", "挺好", "气死了", "一般"],
            C.SENTIMENT: [-0.9, 0.8, -0.9, math.nan],
            C.SEVERITY: [2, 0, 2, 0],
            C.ESCALATE: [True, False, True, False],
            C.FLAG_REASONS: ["强烈不满: 气死", "", "强烈不满: 气死", ""],
            C.FLAG_CODES: ["anger", "", "anger", ""],
        }
    )
    before = comments.copy()
    out = score_text_flags(comments, [1, 1, 5, math.nan])
    pd.testing.assert_frame_equal(comments, before)  # input untouched
    assert out.at[0, C.FLAG_REASONS] == "强烈不满: 气死;低分且愤怒: 评分 1"
    assert "低分" not in out.at[1, C.FLAG_REASONS]  # low score, calm text
    assert "低分" not in out.at[2, C.FLAG_REASONS]  # angry text, high score
    assert not out.at[3, C.ESCALATE]
    ten = score_text_flags(comments, [2, 9, 9, 9])  # a 0-10 scale: 2 is very low
    assert "低分且愤怒" in ten.at[0, C.FLAG_REASONS]
    with pytest.raises(ValueError, match="2 values for 4 comments"):
        score_text_flags(comments, [1, 2])


def test_flag_file_errors(tmp_path: Path) -> None:
    assert {r.code for r in load_flags().rules} >= {
        "threat",
        "safety",
        "fraud",
        "anger",
        "repeat_failure",
    }
    with pytest.raises(ConfigError, match="no 'flag' entries"):
        parse_flags("version = 1", "f.toml")
    with pytest.raises(ConfigError, match=r"f.toml:2: flag #1: field 'cues'"):
        parse_flags('version = 1\n[[flag]]\ncode = "x"\nlabel = "X"\ncues = "投诉"\n', "f.toml")
    with pytest.raises(ConfigError, match="invalid regular expression"):
        parse_flags('[[flag]]\ncode = "x"\nlabel = "X"\nregex = true\ncues = ["(投诉"]\n', "f.toml")
    with pytest.raises(ConfigError, match="unknown field 'colour'"):
        parse_flags(
            '[settings]\ncolour = 1\n[[flag]]\ncode = "x"\nlabel = "X"\ncues = ["a"]\n', "f.toml"
        )
    with pytest.raises(ConfigError, match="not found"):
        load_flags(tmp_path / "none.toml")


def test_low_score_with_a_polite_suggestion_is_not_escalated() -> None:
    import voc
    from voc.flags import score_text_flags

    df = voc.score(["维修期间要是能借一台备用机就好了!", "配件等了三周还没到,太慢了,气死了"])
    flagged = score_text_flags(df, [1, 1], scale=(1, 5))
    assert flagged["escalate"].tolist() == [False, True]
