"""QA flags: goods that look pirated, opened, used or tampered with; 315 and joint complaints; disguised insults."""

from __future__ import annotations

import pytest

from voc.flags import FlagDetector

# Sentences written for these tests.
ESCALATE = [
    ("收到的说明书印得模糊，不像正版的", "欺诈指控"),
    ("字迹发虚，八成是影印本", "欺诈指控: 影印本"),
    ("手机盒子明显开过封的", "欺诈指控"),
    ("机身背面的标签被撕掉了", "欺诈指控"),
    ("底壳螺丝有拧过的痕迹", "欺诈指控"),
    ("屏幕上有指纹，感觉有人用过", "欺诈指控: 有人用过"),
    ("说是新品，寄来的却是旧货", "欺诈指控"),
    ("再不退款我就打315", "升级威胁: 315"),
    ("几个买家准备联名投诉这家店", "升级威胁"),
    ("卖的什么破b东西", "辱骂"),
]

NOT_ESCALATE = [
    "封条完好，没有拆封过",
    "仔细看了，没有被拆过的痕迹",
    "条码没有被撕，放心",
    "没有被别人用过的痕迹",
    "书是正版的，印刷清晰",
    "开的发票在网上查不到，有点奇怪",
    "电话3150转分机",
]


@pytest.mark.parametrize(("text", "reason"), ESCALATE)
def test_tampered_or_pirated_goods_escalate(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, text
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", NOT_ESCALATE)
def test_negated_or_harmless_mentions_do_not_escalate(flagger: FlagDetector, text: str) -> None:
    result = flagger.flag(text)
    assert not result.escalate, (text, result.reasons)


def test_a_question_whether_it_was_used_is_still_a_suspicion(flagger: FlagDetector) -> None:
    assert flagger.flag("包装很随意，不知道是不是别人用过的").escalate
