"""The emotional-connection index (ECI): per-comment stage, formula and data file."""

from voc.index._lexicon import COMPONENTS, EciLexicon, load_lexicon, parse_lexicon
from voc.index.eci import EciScore, score_eci
from voc.index.stage import EciStage

__all__ = [
    "COMPONENTS",
    "EciLexicon",
    "EciScore",
    "EciStage",
    "load_lexicon",
    "parse_lexicon",
    "score_eci",
]
