"""QA escalation conventions of the fresh dev reviews: suspected resale or fakes, insults aimed at
someone, complaints filed above the seller, and plain anger that is not escalated.

Every sentence was written for these tests; none is copied from a labelled set.
"""

from __future__ import annotations

import pytest

from voc.flags import FlagDetector

ESCALATE = [
    # suspected counterfeit, resold, returned or used goods
    ("一看就是退货过来的，盒子都开过", "欺诈指控"),
    ("明显是别人用过的，还有指纹", "欺诈指控"),
    ("文件夹里还有上一位买家的照片", "欺诈指控"),
    ("有必要去官网验证真伪", "欺诈指控"),
    ("这次真是上当了", "欺诈指控: 上当"),
    ("简直就是黑店", "欺诈指控: 黑店"),
    ("卖的都是残次品", "欺诈指控: 残次品"),
    ("收到的耳机是高仿", "欺诈指控: 高仿"),
    # insults and profanity aimed at someone, spelled out or disguised
    ("客服说话真不要脸", "辱骂"),
    ("谁买谁SB", "辱骂"),
    ("你们是想钱想疯了吧", "辱骂"),
    ("我去年买了个表", "辱骂"),
    # a complaint filed or taken above the seller
    ("最后只好申请平台介入才解决", "升级威胁: 介入"),
    ("我要去消费者协会反映", "升级威胁"),
    # hazards and repeat failures said in plain words
    ("电热水器总让我觉得不安全", "安全隐患: 不安全"),
    ("手机上个月又突然失灵了", "反复故障"),
    ("屏幕漏光，又换了一台", "反复故障"),
]

NOT_ESCALATE = [
    # plain anger, exasperation and many exclamation marks alone
    "东西不错！！！物流也快！！！",
    "感觉被忽悠了，价格比说的高",
    "这个膜还要花四十，坑人",
    # look-alikes of the cues above
    "在这里买绝对不上当",
    "我上当当买书好多年了",
    # a crashed system or hyperbole is not despair QA must act on
    "系统崩溃了，只好重装",
    # a relative's, not a curse
    "这是我妈妈的手机，用着还行",
    "媒体推荐的书也不一定好看",
    "买水果没水货，放心",
    "两张床挨得很近，翻身都能滚到一块",
    "这款的返修率据说有点高，希望我运气好",
    "插上USB就能用",
    "没有任何不安全的地方",
    "拿了一个用过的塑料袋给我装东西",
    "不是高仿，放心买",
    "怕是假的，验了一下是真的",
]


@pytest.mark.parametrize(("text", "reason"), ESCALATE)
def test_conventions_escalate(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, (text, result.reasons)
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", NOT_ESCALATE)
def test_plain_anger_and_look_alikes_do_not_escalate(flagger: FlagDetector, text: str) -> None:
    result = flagger.flag(text)
    assert not result.escalate, (text, result.reasons)


def test_punctuation_and_the_emotion_label_raise_severity_but_never_pile_up(
    flagger: FlagDetector,
) -> None:
    result = flagger.flag("等了一周！！！还没到？？？", ["logistics"], emotion="anger")
    assert not result.escalate
    assert result.severity == 2
    # three worded mild cues still pile up to an escalation
    assert flagger.flag("无语，心累，太折腾了").escalate


@pytest.mark.parametrize("text", ["太失望了，差差差", "无语，物流太慢了，折腾"])
def test_two_worded_discontent_cues_escalate_by_default_and_not_at_a_pileup_of_three(
    flagger: FlagDetector, text: str
) -> None:
    import dataclasses

    assert flagger.config.settings.escalate_on_pileup == 2
    result = flagger.flag(text)
    assert result.escalate and any(r.startswith("强烈不满") for r in result.reasons), result.reasons
    stricter = dataclasses.replace(
        flagger.config,
        settings=dataclasses.replace(flagger.config.settings, escalate_on_pileup=3),
    )
    assert not FlagDetector(stricter).flag(text).escalate
