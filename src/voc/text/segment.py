"""Split a comment into sentences and clauses.

Clauses are the unit pain points and clause-level sentiment work on: "工程师态度很好，但是配件等了三周"
holds praise and a complaint, and only clause splitting keeps them apart. Contrast words
(但是/不过/可是/然而 …) open a new clause even when no comma precedes them, and the clause
remembers the word, because the clause after a contrast usually carries the writer's verdict.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Sentence ends: Chinese and ASCII terminal punctuation (after normalisation most are ASCII),
# semicolons and line breaks. Runs of them ("?!", "...") end one sentence.
_SENTENCE_END = re.compile(r"[。！？!?;；\n]+|\.{3}|(?<=[\u4e00-\u9fff])\.(?!\d)")
# A space between two Chinese characters is how many people type a comma on a phone.
_CLAUSE_BREAK = re.compile(r"[,，:：]+|(?<!\d)\.+(?!\d)|(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
CONTRAST_WORDS: tuple[str, ...] = ("但是", "可是", "不过", "然而", "只是", "但", "却是")
_ENGLISH_CONTRAST = re.compile(r"(?i)\b(but|however|although|though)\b")
# 但 on its own is a contrast word except inside 不但/但愿/但凡.
_CONTRAST = re.compile(r"但是|可是|不过|然而|只是|(?<!不)但(?![愿凡])")
# 怎么 alone is not a question ("不怎么好" is a complaint); 呢/嘛 at the end are usually emphasis.
_QUESTION = re.compile(r"[?？]|吗[!?！？。.~～]*$|难道|为什么|为啥|凭什么|怎么(?:回事|办|还|能|会|可以|就|又|样)|什么时候|何时")


@dataclass(frozen=True)
class Clause:
    """One clause of a comment, with its place in the normalised text."""

    text: str
    start: int
    end: int
    sentence: int
    contrast: str = ""
    """The contrast word that opens this clause ("但是"), or empty."""

    @property
    def is_question(self) -> bool:
        """True when the clause asks something (a question mark, 吗/呢 at the end, 难道, 为什么 …)."""
        return bool(_QUESTION.search(self.text))


def _has_content(piece: str) -> bool:
    """A piece counts when it holds a word character or a symbol such as an emoji, not only punctuation."""
    return any(ch.isalnum() or (ord(ch) > 0x2000 and not _is_punct(ch)) for ch in piece)


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith(("P", "Z", "C"))


def _spans(text: str, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] at ``pattern`` into (start, end) spans, stripping blanks."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in pattern.finditer(text, start, end):
        # Keep terminal punctuation with its sentence so questions stay recognisable.
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    cleaned: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if _has_content(text[s:e]):
            cleaned.append((s, e))
    return cleaned


def split_sentences(text: str) -> list[str]:
    """Split normalised text into sentences (terminal punctuation stays with its sentence)."""
    return [text[s:e] for s, e in _spans(text, _SENTENCE_END)]


def _contrast_cuts(text: str, start: int, end: int) -> list[tuple[int, str]]:
    cuts: list[tuple[int, str]] = []
    for pattern in (_CONTRAST, _ENGLISH_CONTRAST):
        for m in pattern.finditer(text, start, end):
            if m.start() > start and text[start:m.start()].strip(",，:： ") or m.start() == start:
                cuts.append((m.start(), m.group(0)))
    return sorted(cuts)


def split_clauses(text: str) -> list[Clause]:
    """Split normalised text into clauses at commas, colons, sentence ends and contrast words.

    Examples:
        >>> [c.text for c in split_clauses("工程师态度很好但是配件等了三周。下次还来")]
        ['工程师态度很好', '但是配件等了三周。', '下次还来']
    """
    clauses: list[Clause] = []
    for sentence_index, (s_start, s_end) in enumerate(_spans(text, _SENTENCE_END)):
        for c_start, c_end in _spans(text, _CLAUSE_BREAK, s_start, s_end):
            cuts = _contrast_cuts(text, c_start, c_end)
            bounds = [c_start] + [pos for pos, _ in cuts if pos > c_start] + [c_end]
            words = {pos: word for pos, word in cuts}
            for piece_start, piece_end in zip(bounds, bounds[1:]):
                piece = text[piece_start:piece_end].strip()
                if not _has_content(piece):
                    continue
                lead = piece_start + (len(text[piece_start:piece_end]) - len(text[piece_start:piece_end].lstrip()))
                clauses.append(
                    Clause(
                        text=piece,
                        start=lead,
                        end=lead + len(piece),
                        sentence=sentence_index,
                        contrast=words.get(piece_start, ""),
                    )
                )
    return clauses
