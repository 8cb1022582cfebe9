"""QA flags: hazards, insults, suspicions and demands said without the usual keywords, and their guards."""

from __future__ import annotations

import pytest

from voc.flags import FlagDetector

# Sentences written for these tests.
ESCALATE = [
    ("燃气灶点火时有爆燃声，吓死人", "安全隐患"),
    ("洗碗机外壳带电，摸一下就麻", "安全隐患"),
    ("吊柜脱落下来差点砸到老人", "安全隐患"),
    ("售后那个人简直是废物，一问三不知", "辱骂"),
    ("开口就要加钱，跟强盗一样", "辱骂"),
    ("发个旧货过来，当我傻吗", "辱骂"),
    ("换上的电池续航更差，怀疑是副厂货", "欺诈指控"),
    ("膜都没有，这真的是全新的吗", "欺诈指控"),
    ("商家给我寄了台展示机", "欺诈指控"),
    ("商家不退款还拉黑我，平台管不管", "升级威胁"),
    ("上门人员与客户发生争执，客户要求公司道歉", "升级威胁"),
    ("第二台了还是这样，品控不行", "反复故障"),
    ("这都第几次了，还没修好", "反复故障"),
]

NOT_ESCALATE = [
    "客服说是我操作不当，后来发现确实是我按错了",
    "客厅的烟雾报警器装得很好",
    "担心买到的是网上说的那种翻新机，查了序列号是新机，放心了",
    "客服说拆封会影响二次销售，所以没拆",
    "挂架装得很牢，没有脱落的风险",
]


@pytest.mark.parametrize(("text", "reason"), ESCALATE)
def test_unworded_cues_escalate(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, text
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", NOT_ESCALATE)
def test_harmless_look_alikes_do_not_escalate(flagger: FlagDetector, text: str) -> None:
    result = flagger.flag(text)
    assert not result.escalate, (text, result.reasons)


# A second set, written for these tests.
MORE = [
    ("字印得歪歪扭扭，怀疑是不是盗版", "欺诈指控"),
    ("赠品被快递员贪污了吧", "欺诈指控"),
    ("好评全是水军刷的", "欺诈指控"),
    ("送货的嫌楼高，还骂脏话", "辱骂"),
    ("三次都没解决，希望有人管管", "升级威胁"),
    ("今天必须给我一个说法", "升级威胁"),
    ("我会告诉身边的朋友千万别买", "升级威胁"),
]


@pytest.mark.parametrize(("text", "reason"), MORE)
def test_more_unworded_cues_escalate(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, text
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", ["书是正版的，不是盗版", "这个说法我能接受", "朋友推荐的，不错"])
def test_more_look_alikes_do_not_escalate(flagger: FlagDetector, text: str) -> None:
    assert not flagger.flag(text).escalate, text
