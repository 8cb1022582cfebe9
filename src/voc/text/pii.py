"""Mask personal data (phone numbers, e-mail, ID-card and order/ticket numbers) before text is written.

Masks are readable placeholders in brackets so that a reader still sees *that* a number was given.
Patterns are conservative about short numbers: 12315 (the consumer hotline) and model names such
as CX-8 must survive, because flags and pain points read them.
"""

from __future__ import annotations

import re

PHONE_MASK = "[电话]"
EMAIL_MASK = "[邮箱]"
ID_CARD_MASK = "[身份证]"
ORDER_MASK = "[单号]"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# 18-digit resident ID (last char may be X); checked before phone numbers because it is longer.
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")
# Mainland mobile numbers, optionally with +86 and separators: 13812345678, 138-1234-5678, +86 138 1234 5678.
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[\s\-]?)?1[3-9]\d(?:[\s\-]?\d{4}){2}(?![0-9])")
# Landlines: 010-12345678, (0755)12345678, 0755 1234 5678, with optional extension.
_LANDLINE = re.compile(r"(?<![0-9])(?:\(0\d{2,3}\)|0\d{2,3})[\s\-]?\d{3,4}[\s\-]?\d{4}(?:[\-转]\d{1,5})?(?![0-9])")
# Order / ticket / tracking numbers introduced by a label: 工单号: WO20260312001, 订单号 1234567890.
_LABELLED_ORDER = re.compile(
    r"((?:工单|订单|单|运单|快递单|物流单|维修单|服务单|序列|SN|sn)(?:号|编号|号码)?\s*[:：#]?\s*)"
    r"([A-Za-z]{0,4}[\-]?\d[\dA-Za-z\-]{5,})"
)
# Unlabelled: letters followed by a long digit run (WO20260312001), or a bare run of 10+ digits.
_CODE_LIKE = re.compile(r"(?<![0-9A-Za-z])(?:[A-Za-z]{1,4}\-?\d{8,}|\d{10,})(?![0-9A-Za-z])")
# Every pattern but the e-mail one needs a digit; all but the labelled one need three in a row.
_DIGIT = re.compile(r"\d")
_THREE_DIGITS = re.compile(r"\d{3}")


def mask_pii(text: str) -> str:
    """Replace personal data in ``text`` with placeholders.

    Examples:
        >>> mask_pii("电话13812345678，邮箱 a.b@example.com，工单号WO20260312001")
        '电话[电话]，邮箱 [邮箱]，工单号[单号]'
    """
    if not text:
        return text
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    if _DIGIT.search(text) is None:
        # Most comments hold no number at all: skip five scans that could not match.
        return text
    # "等了3天" has digits but no run of three: only a labelled order number could be there.
    # (Masks hold no digits, so masking never makes a run appear.)
    long_numbers = _THREE_DIGITS.search(text) is not None
    if long_numbers:
        text = _ID_CARD.sub(ID_CARD_MASK, text)
    text = _LABELLED_ORDER.sub(lambda m: m.group(1) + ORDER_MASK, text)
    if not long_numbers:
        return text
    text = _MOBILE.sub(PHONE_MASK, text)
    text = _LANDLINE.sub(PHONE_MASK, text)
    return _CODE_LIKE.sub(ORDER_MASK, text)
