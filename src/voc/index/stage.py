"""The ECI stage: the last per-comment stage, reading the sentiment and emotion columns if present."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from voc import columns as C
from voc.index._lexicon import COMPONENTS, EciLexicon, load_lexicon
from voc.index.eci import score_eci
from voc.text import ProcessedText

#: Emotion columns the emotion stage may provide (read when present, ignored otherwise).
EMOTION_COLUMNS: tuple[str, ...] = (
    "emotion_trust",
    "emotion_gratitude",
    "emotion_anger",
    "emotion_anxiety",
    "emotion_disappointment",
)


class EciStage:
    """Fill ``eci`` (0–100, NaN without text) and its components ``eci_<component>`` (−1…1).

    Arguments:
        lexicon: path of an ECI data file, or a loaded :class:`EciLexicon` (default: the shipped one).
        use_sentiment: blend the sentiment stage's polarity into the valence component.
    """

    name = "eci"

    def __init__(
        self, lexicon: str | Path | EciLexicon | None = None, use_sentiment: bool = True
    ) -> None:
        self.lexicon = lexicon
        self.use_sentiment = use_sentiment
        self._lexicon: EciLexicon | None = None

    @property
    def lexicon_(self) -> EciLexicon:
        """The loaded cue lists and weights (read on first use)."""
        if self._lexicon is None:
            self._lexicon = (
                self.lexicon if isinstance(self.lexicon, EciLexicon) else load_lexicon(self.lexicon)
            )
        return self._lexicon

    def fit(self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None = None) -> EciStage:
        """Nothing to learn: weights come from the data file (calibrate with ``voc.index.calibrate``)."""
        return self

    def transform(self, docs: Sequence[ProcessedText], frame: pd.DataFrame) -> pd.DataFrame:
        """Score each document; reads ``sentiment`` and ``emotion_*`` from ``frame`` when present."""
        lex = self.lexicon_
        n = len(docs)
        sentiments = (
            frame[C.SENTIMENT].tolist()
            if self.use_sentiment and C.SENTIMENT in frame.columns
            else [None] * n
        )
        emotion_cols = [c for c in EMOTION_COLUMNS if c in frame.columns]
        rows = []
        for i, doc in enumerate(docs):
            emotions = {c: _number(frame[c].iat[i]) for c in emotion_cols}
            result = score_eci(doc, lex, _number(sentiments[i]), emotions)
            rows.append(
                {
                    C.ECI: result.eci,
                    **{f"eci_{k}": result.components[k] for k in COMPONENTS},
                    C.ECI_CUES: result.cues,
                }
            )
        out = pd.DataFrame(rows, columns=[C.ECI, *(f"eci_{k}" for k in COMPONENTS), C.ECI_CUES])
        out[C.ECI_CUES] = out[C.ECI_CUES].astype("int64")
        return out


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number
