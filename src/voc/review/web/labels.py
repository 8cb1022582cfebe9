"""Chinese display names for codes shown on the review page (display only: unknown codes show as is)."""

from __future__ import annotations

from datetime import datetime

from voc.review.store import STATUSES

SENTIMENT_ZH = {"positive": "正面", "neutral": "中性", "negative": "负面"}
#: Default taxonomy names from DESIGN.md; a custom taxonomy's codes are shown verbatim.
PAIN_POINT_ZH = {
    "response_delay": "响应/维修时效慢",
    "misdiagnosis": "误诊/修不好",
    "parts_supply": "配件缺货/延误",
    "staff_attitude": "服务态度",
    "communication": "沟通不透明",
    "charges": "费用争议",
    "installation": "安装/上门",
    "logistics": "物流配送",
    "returns_refund": "退换货/退款",
    "product_quality": "产品质量",
}
ACTION_ZH = {
    "confirm": "确认投诉",
    "false_alarm": "误报",
    "escalate": "升级",
    "reopen": "撤回为待审",
    "assign": "指派",
    "note": "备注",
}
SEVERITY_ZH = {0: "无", 1: "一般", 2: "严重"}


def status_zh(code: str) -> str:
    """待审, 已确认 …"""
    return STATUSES.get(code, code)


def pain_zh(code: str) -> str:
    """A pain-point code with its Chinese name when it is a default code."""
    name = PAIN_POINT_ZH.get(code)
    return f"{name}" if name else code


def local_time(value: str | None) -> str:
    """Stored UTC time → this machine's local time, to the minute (reviewers read local clocks)."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value
