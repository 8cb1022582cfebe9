"""QA flags: hazards named in general words, faults back after a repair, resale fraud; their guards."""

from __future__ import annotations

import pytest

from voc.flags import FlagDetector

ESCALATE = [
    ("燃气热水器装完没接烟管，太危险了", "安全隐患: 危险"),
    ("家里一股燃气泄漏的味道", "安全隐患"),
    ("刚修好又开始漏水了", "反复故障"),
    ("换完主板照样死机", "反复故障"),
    ("一个热水器装了三次都没装好", "反复故障"),
    ("液压系统漏油好几次", "反复故障"),
    ("换来的新机也有坏点", "反复故障"),
    ("开箱就有划痕，肯定是二次销售", "欺诈指控: 二次销售"),
    ("商家发了个空盒子过来", "欺诈指控: 空盒子"),
]

NOT_ESCALATE = [
    "客户来电询问延保，无投诉",
    "一次就修好了，没有返修",
    "师傅说没有什么危险，放心用",
    "送货依然很快，东西不错",
    "原以为是库存货，结果生产日期很新",
]


@pytest.mark.parametrize(("text", "reason"), ESCALATE)
def test_new_cues_escalate(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, text
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", NOT_ESCALATE)
def test_new_guards_hold(flagger: FlagDetector, text: str) -> None:
    assert not flagger.flag(text).escalate, flagger.flag(text).reasons
