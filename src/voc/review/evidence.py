"""Evidence behind a flag, as highlight spans over the comment text.

The page never builds HTML from complaint text: it gets plain-text segments with labels, and the
template escapes each one. Evidence formats are read tolerantly — the pain-point stage may write
``{code: [strings]}``, ``{code: {"clauses": [...], "triggers": [...]}}`` or a list of
``{"code": ..., "clause": ..., "trigger": ...}`` records.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_CLAUSE_KEYS = ("clause", "sentence", "span", "context")
_MAX_PHRASE = 500
_REASON_DETAIL = re.compile(r"^\s*([^:：(（]+)\s*[:：(（]\s*(.*?)\s*[)）]?\s*$")


@dataclass
class Evidence:
    """The clauses and trigger words behind one pain point or flag."""

    code: str
    clauses: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)


@dataclass
class Segment:
    """A run of comment text with the same highlighting."""

    text: str
    kind: str = ""  # "", "clause" or "trigger"
    codes: tuple[str, ...] = ()


def parse_evidence(raw: str | None) -> list[Evidence]:
    """Evidence per pain-point code from the stored JSON (empty when absent or unreadable)."""
    if not raw:
        return []
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    found: dict[str, Evidence] = {}
    if isinstance(data, dict):
        for code, value in data.items():
            _collect(found.setdefault(str(code), Evidence(str(code))), value, None)
    elif isinstance(data, list):
        for record in data:
            if isinstance(record, dict):
                code = str(record.get("code") or record.get("pain_point") or "_")
                _collect(found.setdefault(code, Evidence(code)), {k: v for k, v in record.items() if k not in ("code", "pain_point")}, None)
    return [e for e in found.values() if e.clauses or e.triggers]


def _collect(target: Evidence, value: object, key: str | None) -> None:
    if isinstance(value, str):
        text = value.strip()[:_MAX_PHRASE]
        if not text:
            return
        is_clause = any(k in key for k in _CLAUSE_KEYS) if key else len(text) > 8
        # A composite trigger ("态度+不好") is several words that matched together.
        parts = [text] if is_clause else [p.strip() for p in text.split("+") if p.strip()]
        bucket = target.clauses if is_clause else target.triggers
        for part in parts:
            if part not in bucket:
                bucket.append(part)
    elif isinstance(value, dict):
        for k, v in value.items():
            _collect(target, v, str(k).lower())
    elif isinstance(value, (list, tuple)):
        for v in value:
            _collect(target, v, key)


def parse_reasons(flag_reasons: str) -> list[Evidence]:
    """Flag reasons (``;``-separated; ``code:detail`` gives the detail as a trigger)."""
    out = []
    for part in (flag_reasons or "").split(";"):
        part = part.strip()
        if not part:
            continue
        match = _REASON_DETAIL.match(part)
        if match and match.group(2):
            out.append(Evidence(match.group(1).strip(), triggers=[match.group(2)]))
        else:
            out.append(Evidence(part, triggers=[part]))
    return out


def highlight(text: str, evidence: list[Evidence]) -> list[Segment]:
    """Split ``text`` into segments marked by the evidence phrases found in it (triggers win over clauses)."""
    n = len(text)
    kind = [0] * n  # 0 none, 1 clause, 2 trigger
    codes: list[set[str]] = [set() for _ in range(n)]
    for item in evidence:
        inside = [False] * n
        for phrase in item.clauses:
            for match in re.finditer(re.escape(phrase), text):
                for i in range(match.start(), match.end()):
                    kind[i] = max(kind[i], 1)
                    codes[i].add(item.code)
                    inside[i] = True
        for phrase in item.triggers:
            for match in re.finditer(re.escape(phrase), text):
                # With known clauses, a trigger counts only inside them (a one-character word like
                # 修 must not light up every occurrence in the comment).
                if item.clauses and not all(inside[match.start() : match.end()]):
                    continue
                for i in range(match.start(), match.end()):
                    kind[i] = 2
                    codes[i].add(item.code)
    segments: list[Segment] = []
    names = ("", "clause", "trigger")
    for i, ch in enumerate(text):
        state = (names[kind[i]], tuple(sorted(codes[i])) if kind[i] else ())
        if segments and (segments[-1].kind, segments[-1].codes) == state:
            segments[-1].text += ch
        else:
            segments.append(Segment(ch, *state))
    return segments
