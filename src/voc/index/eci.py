"""The emotional-connection index (ECI): how attached a customer sounds, 0–100, from the text alone.

Six components, each in −1…1, are read from the clauses of one comment: valence, emotions,
partnership language, loyalty intent, customer effort and problem resolution. The index is a
logistic of their weighted sum (weights in ``corpora/index/eci.toml``; see its README), so 50 means
"no lean either way" and the extremes need several agreeing signals. A comment without text has
no index (NaN), never 50.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from voc.index._lexicon import COMPONENTS, EciLexicon
from voc.text import ProcessedText

_NEGATOR = re.compile(r"[不没未别无非]")
# Words that contain a negator character but do not negate what follows.
_NOT_NEGATING = re.compile(r"不但|不仅|不少|不过|不管|无论|非常|非要|没想到|不错|别的|别家|无语")


@dataclass(frozen=True)
class EciScore:
    """The index of one comment and the parts it was built from (for explanations and drivers)."""

    eci: float
    components: dict[str, float]
    cues: int


def _negated(clause: str, start: int, window: int) -> bool:
    before = _NOT_NEGATING.sub("  ", clause[max(0, start - window) : start])
    return bool(_NEGATOR.search(before))


def _intensity(clause: str, start: int, intensifiers: Mapping[str, float]) -> float:
    for word, factor in intensifiers.items():
        if clause.endswith(word, 0, start) or clause.endswith(word, 0, max(0, start - 1)):
            return factor
    return 1.0


def _evidence(doc: ProcessedText, lex: EciLexicon, component: str) -> tuple[float, float, int]:
    """(favourable, unfavourable, number of cues) for one component, weighting clauses by contrast."""
    cue_set = lex.cues[component]
    f = lex.formula
    window = int(f["negation_window"])
    good = bad = 0.0
    count = 0
    clauses = doc.clauses
    for i, clause in enumerate(clauses):
        weight = 1.0
        if clause.contrast:
            weight = f["contrast_boost"]
        elif i + 1 < len(clauses) and clauses[i + 1].contrast:
            weight = f["before_contrast"]
        text = clause.text
        if lex.ignore is not None:
            # Same length, so positions stay valid; the blank is no negator and no cue.
            text = lex.ignore.sub(lambda m: "□" * len(m.group()), text)
        question = clause.is_question
        hits: list[tuple[int, bool]] = []
        for pattern, favourable in ((cue_set.positive, True), (cue_set.negative, False)):
            if pattern is not None:
                hits += [(m.start(), favourable) for m in pattern.finditer(text)]
        for regexes, favourable in (
            (cue_set.positive_regexes, True),
            (cue_set.negative_regexes, False),
        ):
            for rx in regexes:
                hits += [(m.start(), favourable) for m in rx.finditer(text)]
        for start, favourable in hits:
            count += 1
            strength = weight * (
                _intensity(text, start, lex.intensifiers) if component == "valence" else 1.0
            )
            if _negated(text, start, window):
                signed = f["negated_positive"] if favourable else f["negated_negative"]
            else:
                signed = 1.0 if favourable else -1.0
            if question and signed > 0:
                signed = -0.5 * signed  # "这就是你们的专业服务吗?" praises nothing
            if signed > 0:
                good += signed * strength
            else:
                bad -= signed * strength
    return good, bad, count


def _clip(value: float) -> float:
    return max(-1.0, min(1.0, value))


def emotion_from_columns(values: Mapping[str, float]) -> float | None:
    """Net emotion from the emotion engine's columns (trust+gratitude − anger−anxiety−disappointment)."""
    good = [values.get(k) for k in ("emotion_trust", "emotion_gratitude")]
    bad = [values.get(k) for k in ("emotion_anger", "emotion_anxiety", "emotion_disappointment")]
    known = [
        v for v in good + bad if v is not None and not (isinstance(v, float) and math.isnan(v))
    ]
    if not known:
        return None

    def total(items: list[float | None]) -> float:
        return sum(
            max(0.0, min(1.0, float(v)))
            for v in items
            if v is not None and not (isinstance(v, float) and math.isnan(v))
        )

    return _clip(total(good) - total(bad))


def score_eci(
    doc: ProcessedText,
    lex: EciLexicon,
    sentiment: float | None = None,
    emotions: Mapping[str, float] | None = None,
) -> EciScore:
    """The ECI of one comment.

    Arguments:
        doc: the preprocessed comment.
        lex: cue lists and weights (:func:`voc.index.load_lexicon`).
        sentiment: the sentiment stage's polarity (−1…1) when it ran; NaN/None to use cues only.
        emotions: the emotion engine's ``emotion_*`` columns for this comment, when present.

    Examples:
        >>> from voc.index import load_lexicon
        >>> from voc.text import preprocess
        >>> lex = load_lexicon()
        >>> score_eci(preprocess("问题解决了，工程师很专业，会继续用，谢谢"), lex).eci > 75
        True
        >>> score_eci(preprocess("跑了三趟还没修好，再也不买了"), lex).eci < 25
        True
        >>> math.isnan(score_eci(preprocess(""), lex).eci)
        True
    """
    if doc.is_empty or doc.is_non_answer:  # "无"/"N/A" say nothing about the relationship
        return EciScore(math.nan, {k: math.nan for k in COMPONENTS}, 0)
    f = lex.formula
    saturation = max(f["saturation"], 1e-6)
    components: dict[str, float] = {}
    cues = 0
    for name in COMPONENTS:
        good, bad, count = _evidence(doc, lex, name)
        cues += count
        components[name] = math.tanh((good - bad) / saturation)
    if sentiment is not None and not math.isnan(sentiment):
        share = f["sentiment_share"]
        components["valence"] = (
            share * _clip(float(sentiment)) + (1 - share) * components["valence"]
        )
    from_columns = emotion_from_columns(emotions or {})
    if from_columns is not None:
        share = f["emotion_column_share"]
        components["emotion"] = share * from_columns + (1 - share) * components["emotion"]
    z = f["bias"] + sum(lex.weights[k] * components[k] for k in COMPONENTS)
    eci = 100.0 / (1.0 + math.exp(-f["scale"] * z))
    return EciScore(round(eci, 2), {k: round(v, 4) for k, v in components.items()}, cues)
