"""Recognise answers that carry no opinion ("无", "没有", "暂无", "N/A") and explicit no-complaint answers.

Survey boxes are often filled with a placeholder. Scored as text, "没有" looks negative to any model
that has learnt 没 from complaints, and a whole survey's sentiment drifts down. voc treats such answers
as neutral non-answers instead, and "没有什么不满意的" as a (mildly positive) statement of satisfaction.
"""

from __future__ import annotations

import re
from functools import lru_cache

from voc.resources import corpus_path
from voc.text.tokenize import read_word_list

_STRIP = re.compile(r"[\W_]+", re.UNICODE)
# 没有/无 + (什么/任何) + 不满意/不满/问题/意见/建议/要改进 + (的地方/的/之处) + (了): nothing to complain about.
_NO_COMPLAINT = re.compile(
    r"^(?:暂时|目前|基本|基本上|整体|总体|都)?(?:没有|没|无|暂无)(?:什么|任何|啥|太大的?|特别的?)?"
    r"(?:不满意|不满|不好|问题|毛病|意见|需要改进|要改进|可挑剔|可以挑剔|槽点)(?:的地方|的|之处|地方)?(?:了|啊|哈)?$"
)


@lru_cache(maxsize=1)
def _non_answers() -> frozenset[str]:
    return frozenset(_key(w) for w in read_word_list(corpus_path("dictionary", "non_answers.txt")))


def _key(text: str) -> str:
    return _STRIP.sub("", text.lower())


def is_non_answer(text: str) -> bool:
    """True for a placeholder answer: blank after stripping punctuation, or a listed filler.

    Examples:
        >>> is_non_answer("暂无。"), is_non_answer("N/A"), is_non_answer("没有备用机")
        (True, True, False)
    """
    key = _key(text)
    return not key or key in _non_answers()


def is_no_complaint(text: str) -> bool:
    """True for an explicit "nothing to complain about" answer ("没有什么不满意的地方").

    Examples:
        >>> is_no_complaint("没有什么不满意的地方"), is_no_complaint("没有人管")
        (True, False)
    """
    return bool(_NO_COMPLAINT.match(_key(text)))
