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
# 但 on its own is a contrast word except inside 不但/但愿/但凡; 不过 is not one in 不过关 (not up
# to standard), 不过如此 (nothing special) or 不过瘾 (unsatisfying), which are verdicts.
_CONTRAST = re.compile(r"但是|可是|不过(?![关瘾]|如此)|然而|只是|(?<!不)但(?![愿凡])")
# What _CONTRAST or _ENGLISH_CONTRAST could match, without their context checks: where this finds
# nothing (in a text, or in a clause), no clause there can open with a contrast word.
_CONTRAST_ANYWHERE = re.compile(r"(?i)但|可是|不过|然而|只是|but|however|although|though")
# A character str.isalnum() accepts: re's \w is exactly isalnum() plus "_".
_ALNUM = re.compile(r"[^\W_]")
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
    """A piece counts when it holds a word character or a symbol such as an emoji, not only punctuation.

    The regex settles almost every piece in C; the per-character test is left for pieces of
    symbols only.
    """
    if _ALNUM.search(piece) is not None:
        return True
    return any(ord(ch) > 0x2000 and not _is_punct(ch) for ch in piece)


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith(("P", "Z", "C"))


def _spans(text: str, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] at ``pattern`` into (start, end) spans, stripping blanks."""
    end = len(text) if end is None else end
    # Keep terminal punctuation with its sentence so questions stay recognisable.
    stops = [match.end() for match in pattern.finditer(text, start, end)]
    stops.append(end)
    cleaned: list[tuple[int, int]] = []
    cursor = start
    for stop in stops:
        piece = text[cursor:stop]
        stripped = piece.strip()
        if stripped and _has_content(stripped):
            s = cursor + len(piece) - len(piece.lstrip())
            cleaned.append((s, s + len(stripped)))
        cursor = stop
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
    may_contrast = _CONTRAST_ANYWHERE.search(text) is not None
    for sentence_index, (s_start, s_end) in enumerate(_spans(text, _SENTENCE_END)):
        for c_start, c_end in _spans(text, _CLAUSE_BREAK, s_start, s_end):
            may_cut = may_contrast and _CONTRAST_ANYWHERE.search(text, c_start, c_end) is not None
            cuts = _contrast_cuts(text, c_start, c_end) if may_cut else []
            if not cuts:
                # The common case: _spans has already stripped the clause and checked its content.
                clauses.append(Clause(text[c_start:c_end], c_start, c_end, sentence_index))
                continue
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
