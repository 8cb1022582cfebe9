"""English (and the English part of mixed) clauses: VADER plus a few after-sales phrases it lacks.

VADER (vaderSentiment, MIT) knows general English well but not service language: "parts took
3 weeks" or "still not fixed" carry no sentiment word, so a handful of patterns add them.
"""

from __future__ import annotations

import re
import threading
from typing import Any

# Valences on VADER's −4…4 scale for service words missing from its lexicon.
_EXTRA_WORDS: dict[str, float] = {
    "slow": -1.5,
    "slowly": -1.2,
    "delay": -1.5,
    "delayed": -1.8,
    "delays": -1.5,
    "late": -1.3,
    "broken": -1.8,
    "unresolved": -2.0,
    "unprofessional": -2.2,
    "runaround": -2.2,
    "ignored": -2.0,
    "overcharged": -2.2,
    "refused": -1.5,
    "waited": -0.8,
    "professional": 1.6,
    "prompt": 1.5,
    "promptly": 1.5,
    "patient": 1.5,
    "patiently": 1.5,
    "fixed": 1.2,
    "resolved": 1.5,
    "quick": 1.3,
    "quickly": 1.3,
    "fast": 1.3,
    "responsive": 1.6,
    "knowledgeable": 1.8,
    "courteous": 1.8,
}
_PHRASES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    (
        "took N days/weeks",
        re.compile(
            r"(?i)\b(took|waited|waiting|wait(ed)? for)\s+(over\s+|more than\s+|almost\s+)?(\d+|a|one|two|three|four|five|several|many|few)\s+(more\s+)?(days?|weeks?|months?|hours?)\b"
        ),
        -1.8,
    ),
    (
        "still not fixed",
        re.compile(
            r"(?i)\b(still|never|not yet)\b.{0,12}\b(fixed|working|resolved|arrived|repaired|solved|replied|called)\b"
        ),
        -2.0,
    ),
    (
        "nobody answered",
        re.compile(
            r"(?i)\b(no ?one|nobody)\b.{0,10}\b(answer|answered|called|replied|responded|came|cares?)\b"
        ),
        -2.0,
    ),
    (
        "fixed first time",
        re.compile(r"(?i)\b(first time|first visit|right away|same day|next day)\b"),
        1.2,
    ),
)
# VADER compound is in [-1, 1]; the rule engine's word weights are around ±1…2.5 per word.
COMPOUND_SCALE = 2.5

_analyzer: Any = None
_lock = threading.Lock()


def _vader() -> Any:
    global _analyzer
    with _lock:
        if _analyzer is None:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            analyzer = SentimentIntensityAnalyzer()
            analyzer.lexicon.update(_EXTRA_WORDS)
            _analyzer = analyzer
    return _analyzer


def score_english(text: str) -> tuple[float, list[tuple[str, float]]]:
    """Raw score (rule-engine scale) of an English fragment and the reasons that moved it."""
    reasons: list[tuple[str, float]] = []
    compound = float(_vader().polarity_scores(text)["compound"])
    raw = compound * COMPOUND_SCALE
    if compound:
        reasons.append((f"VADER({text.strip()[:30]})", round(raw, 2)))
    for name, pattern, weight in _PHRASES:
        if pattern.search(text):
            raw += weight
            reasons.append((name, weight))
    return raw, reasons
