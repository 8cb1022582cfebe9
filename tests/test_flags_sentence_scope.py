"""QA flags: cues matched over a whole sentence, and the escalation families added with them.

All sentences were written for these tests.
"""

from __future__ import annotations

import pytest

from voc.errors import ConfigError
from voc.flags import FlagDetector, parse_flags

ESCALATE = [
    # a replacement or a repaired unit that failed too, told over several clauses
    ("第一台屏幕漏光。换了一台，开机两小时，又黑屏了", "反复故障"),
    ("售后给调换了一部，没过一周，也出问题了", "反复故障"),
    ("这台净水器维修已经三次了", "反复故障"),
    # goods that are not new, old stock, cheating customers
    ("外壳有划痕，根本不是新的", "欺诈指控: 不是新的"),
    ("卖的全是陈货", "欺诈指控: 陈货"),
    ("这家店专门坑顾客", "欺诈指控: 坑顾客"),
    # demanding someone be sacked; profanity spaced out
    ("这种快递员早该开除", "升级威胁: 开除"),
    ("什么傻 逼客服", "辱骂"),
]

NOT_ESCALATE = [
    "换了一台，用了半年，没有再出过问题",
    "修好以后，到现在都没坏",
    "是不是全新的我也看不出来，用着挺好",
    "送货很快，包装完好",
    "上个月被公司辞退了，买个便宜的先用着",
]


@pytest.mark.parametrize(("text", "reason"), ESCALATE)
def test_escalates(flagger: FlagDetector, text: str, reason: str) -> None:
    result = flagger.flag(text)
    assert result.escalate, (text, result.reasons)
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


@pytest.mark.parametrize("text", NOT_ESCALATE)
def test_guards_hold(flagger: FlagDetector, text: str) -> None:
    result = flagger.flag(text)
    assert not result.escalate, (text, result.reasons)


SENTENCE_RULE = """
version = 1
[[flag]]
code = "repeat_failure"
label = "反复故障"
escalate = true
regex = true
scope = "{scope}"
cues = ['换了一台[^.!?;]{{0,10}}坏']
"""


def test_sentence_scope_spans_clauses_but_not_sentences() -> None:
    sentence = FlagDetector(parse_flags(SENTENCE_RULE.format(scope="sentence")))
    clause = FlagDetector(parse_flags(SENTENCE_RULE.format(scope="clause")))
    assert sentence.flag("换了一台，没几天，又坏了").escalate
    assert not clause.flag("换了一台，没几天，又坏了").escalate
    # the cue may not run past the end of a sentence
    assert not sentence.flag("换了一台。另一台没几天就坏了").escalate


def test_unknown_scope_is_reported() -> None:
    with pytest.raises(ConfigError, match="scope"):
        parse_flags(SENTENCE_RULE.format(scope="comment"))
