"""The default backend: the linear model and the rule engine, combined by fitted weights.

The two fail differently — the n-gram model knows general review language, the rule engine
knows negation, contrast and after-sales phrases — so a logistic combination of the two beats
each (see ``benchmarks/RESULTS.md``). The weights are fitted out-of-fold at training time and
stored in the model's ``config.json``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from voc.sentiment._base import SentimentResult
from voc.sentiment._lexicon import LexiconReading, LexiconSentiment, squash
from voc.sentiment._linear import LinearSentiment
from voc.text import ProcessedText

#: Inputs of the combination, in the order :func:`stack_features` returns them. Each has a weight
#: in ``config.json["ensemble"]`` (plus ``bias``); a weight the model does not carry counts as 0, so a
#: model trained by an older voc (the first four inputs only) scores exactly as it did.
STACK_FEATURES = (
    "linear",
    "lexicon",
    "lexicon_gated",
    "no_hits",
    "evidence",
    "length",
    "clauses",
    "contrast",
    "mixed",
    "linear_x_length",
    "lexicon_x_length",
    "lexicon_x_evidence",
    "lexicon_x_contrast",
    "linear_x_contrast",
)

#: Used when a model directory carries no ensemble weights (e.g. trained by an older voc).
DEFAULT_WEIGHTS = {"linear": 1.0, "lexicon": 0.5, "lexicon_gated": 1.0, "no_hits": 0.0, "bias": 0.0}

#: Length is read as log(characters / LENGTH_CENTRE): 0 for a 30-character comment.
LENGTH_CENTRE = 30.0


def lexicon_features(doc: ProcessedText, reading: LexiconReading) -> tuple[float, ...]:
    """What the ensemble reads from the comment and the rule engine, without the n-gram model.

    Rule polarity, no rule hit, evidence (log(1 + rule hits)), length (log characters, centred),
    clauses (log count), contrast word present, mixed Chinese/English. A pure function of one
    comment: scoring alone or in a batch gives the same numbers.
    """
    return (
        squash(reading.raw),
        1.0 if reading.hits == 0 else 0.0,
        math.log1p(reading.hits),
        math.log(max(1, len(doc.text)) / LENGTH_CENTRE),
        math.log(max(1, len(doc.clauses))),
        1.0 if any(c.contrast for c in doc.clauses) else 0.0,
        1.0 if doc.lang == "mixed" else 0.0,
    )


def stack_features(linear_logit: float, lexicon: Sequence[float]) -> tuple[float, ...]:
    """Inputs of the combination (:data:`STACK_FEATURES`) from the log-odds and :func:`lexicon_features`.

    The gate (1 − |2p − 1|) lets the rules speak loudest where the n-gram model is unsure; the
    products with length, evidence and contrast let the fit trust each part differently on long
    reviews, on comments where the rules found much or little, and around a contrast.
    """
    p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, linear_logit))))
    rules, no_hits, evidence, length, clauses, contrast, mixed = lexicon[:7]
    return (
        linear_logit,
        rules,
        rules * (1.0 - abs(2.0 * p - 1.0)),
        no_hits,
        evidence,
        length,
        clauses,
        contrast,
        mixed,
        linear_logit * length,
        rules * length,
        rules * evidence,
        rules * contrast,
        linear_logit * contrast,
    )


def combine(weights: dict[str, float], linear_logit: float, lexicon: Sequence[float]) -> float:
    """P(positive) from the linear log-odds and the rule-engine features."""
    z = weights.get("bias", 0.0)
    for name, value in zip(STACK_FEATURES, stack_features(linear_logit, lexicon)):
        z += weights.get(name, 0.0) * value
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


class EnsembleSentiment:
    """Linear model + rule engine. English comments go to the rule engine (VADER) alone.

    Arguments:
        model_dir: a model trained with ``voc train sentiment`` (default: the shipped one).
        lexicon_dir: lexicon files for the rule engine (default: voc's).
    """

    name = "ensemble"

    def __init__(
        self, model_dir: str | Path | None = None, lexicon_dir: Path | None = None
    ) -> None:
        self.linear = LinearSentiment(model_dir)
        self.lexicon = LexiconSentiment(lexicon_dir)

    def score(self, docs: Sequence[ProcessedText]) -> list[SentimentResult]:
        """Score each comment independently; the explanation lists the rule engine's reasons."""
        model = self.linear.model
        weights = {**DEFAULT_WEIGHTS, **model.metadata.get("ensemble", {})}
        chinese = [d for d in docs if not d.is_empty and d.lang != "en"]
        logits = iter(model.decision_function([d.text for d in chinese]))
        results = []
        for doc in docs:
            if doc.is_empty:
                results.append(SentimentResult(math.nan))
                continue
            reading = self.lexicon.read(doc)
            rules = LexiconSentiment.result(reading)
            if doc.lang == "en":
                results.append(rules)
                continue
            logit = float(next(logits))
            polarity = 2.0 * combine(weights, logit, lexicon_features(doc, reading)) - 1.0
            explanation = (
                f"n-gram model {2.0 / (1.0 + math.exp(-logit)) - 1.0:+.2f}",
                *rules.explanation,
            )
            results.append(
                SentimentResult(polarity, abs(polarity), rules.clause_scores, explanation)
            )
        return results
