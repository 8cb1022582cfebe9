"""The default backend: the linear model and the rule engine, combined by fitted weights.

The two fail differently — the n-gram model knows general review language, the rule engine
knows negation, contrast and after-sales phrases — so a logistic combination of the two beats
each (see ``benchmarks/RESULTS.md``). How much each deserves depends on length: in a short answer
one rule ("拖了一周") decides, while a long review piles up many rule hits pointing both ways and
the n-gram model, which weighs all of its evidence, is the better judge. So the combination also
takes the text's (log) length. The weights are fitted out-of-fold at training time and stored in
the model's ``config.json``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from voc.sentiment._base import SentimentResult
from voc.sentiment._lexicon import LexiconReading, LexiconSentiment, squash
from voc.sentiment._linear import LinearSentiment
from voc.text import ProcessedText

#: Names of the combination's inputs, in the order of :func:`stack_features`.
FEATURES = (
    "linear",
    "lexicon",
    "lexicon_gated",
    "no_hits",
    "linear_x_length",
    "lexicon_x_length",
    "length",
)
#: Used when a model directory carries no (or only some) ensemble weights, e.g. trained by an
#: older voc: missing length terms are 0, which is the length-blind combination.
DEFAULT_WEIGHTS = {
    "linear": 1.0,
    "lexicon": 0.5,
    "lexicon_gated": 1.0,
    "no_hits": 0.0,
    "linear_x_length": 0.0,
    "lexicon_x_length": 0.0,
    "length": 0.0,
    "bias": 0.0,
}
#: Length (characters) at which the length feature reaches 1; longer texts go a little beyond.
LENGTH_SCALE = 200


def lexicon_features(reading: LexiconReading) -> tuple[float, float]:
    """What the ensemble reads from the rule engine: its polarity and whether it found anything."""
    return (squash(reading.raw), 1.0 if reading.hits == 0 else 0.0)


def length_feature(n_chars: int) -> float:
    """log(1 + length), scaled so a 200-character review is 1."""
    return math.log1p(n_chars) / math.log1p(LENGTH_SCALE)


def stack_features(
    linear_logit: float, lexicon: Sequence[float], n_chars: int
) -> tuple[float, ...]:
    """Inputs of the combination, in the order of :data:`FEATURES`.

    Log-odds, rule polarity, rule polarity gated by the model's doubt (1 − |2p − 1| lets the rules
    speak loudest where the n-gram model is unsure), no-hits, and the first two times the length.
    """
    p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, linear_logit))))
    length = length_feature(n_chars)
    return (
        linear_logit,
        lexicon[0],
        lexicon[0] * (1.0 - abs(2.0 * p - 1.0)),
        lexicon[1],
        linear_logit * length,
        lexicon[0] * length,
        length,
    )


def combine(
    weights: dict[str, float], linear_logit: float, lexicon: Sequence[float], n_chars: int
) -> float:
    """P(positive) from the linear log-odds, the rule-engine features and the text's length."""
    x = stack_features(linear_logit, lexicon, n_chars)
    z = weights["bias"] + sum(weights[name] * value for name, value in zip(FEATURES, x))
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
            polarity = 2.0 * combine(weights, logit, lexicon_features(reading), len(doc.text)) - 1.0
            explanation = (
                f"n-gram model {2.0 / (1.0 + math.exp(-logit)) - 1.0:+.2f}",
                *rules.explanation,
            )
            results.append(
                SentimentResult(polarity, abs(polarity), rules.clause_scores, explanation)
            )
        return results
