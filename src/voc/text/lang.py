"""Per-comment language detection: Chinese, English, mixed, or none.

Survey answers from multinational customers mix English into Chinese; the sentiment engine picks
its scorer by this label. Script counts are enough here and cost microseconds, where a statistical
detector would be slower and no more reliable on ten-character answers.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

ZH, EN, MIXED, NONE = "zh", "en", "mixed", ""


def detect_language(text: str) -> str:
    """Return ``zh``, ``en``, ``mixed`` or ``""`` (no words: digits, emoji, punctuation).

    A few Latin words inside Chinese (a model name, "OK") keep a comment ``zh``; it is ``mixed``
    when English carries a real share of the words.

    Examples:
        >>> detect_language("工程师很专业"), detect_language("the engineer was great")
        ('zh', 'en')
        >>> detect_language("engineer 很好 but parts took 3 weeks")
        'mixed'
    """
    cjk = len(_CJK.findall(text))
    latin_words = _LATIN_WORD.findall(text)
    # A Chinese word averages about 1.5 characters: compare word counts, not characters.
    zh_words = cjk / 1.5
    en_words = len(latin_words)
    if zh_words == 0 and en_words == 0:
        return NONE
    if en_words == 0:
        return ZH
    if zh_words == 0:
        return EN
    share_en = en_words / (en_words + zh_words)
    if share_en >= 0.75:
        return EN
    if share_en <= 0.25:
        return ZH
    return MIXED
