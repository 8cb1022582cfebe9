"""One comment after text processing: the shared input of every per-comment stage.

Normalising, masking and splitting are done once per comment here, so sentiment, emotion,
pain points and flags all read the same clauses and never redo the work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from voc.text.lang import detect_language
from voc.text.nonanswer import is_no_complaint, is_non_answer
from voc.text.normalize import normalize
from voc.text.pii import mask_pii
from voc.text.segment import Clause, split_clauses


@dataclass(frozen=True)
class ProcessedText:
    """A comment ready for scoring.

    Attributes:
        raw: the text as given (never written out: it may hold personal data).
        text: normalised and PII-masked text; every offset refers to it.
        clauses: the clauses of ``text``.
        lang: ``zh``, ``en``, ``mixed`` or ``""``.
    """

    raw: str
    text: str
    clauses: tuple[Clause, ...] = field(default=())
    lang: str = ""

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to score (blank, or only punctuation)."""
        return not self.clauses

    @property
    def is_non_answer(self) -> bool:
        """True for a placeholder answer ("无", "暂无", "N/A"): it states no opinion at all."""
        return is_non_answer(self.text)

    @property
    def is_no_complaint(self) -> bool:
        """True for an explicit "nothing to complain about" ("没有什么不满意的")."""
        return is_no_complaint(self.text)


def preprocess(text: object) -> ProcessedText:
    """Normalise, mask personal data, detect the language and split into clauses.

    Examples:
        >>> p = preprocess("工程師態度很好，但是配件等了三周！電話13812345678")
        >>> p.text
        '工程师态度很好,但是配件等了三周!电话[电话]'
        >>> [c.text for c in p.clauses]
        ['工程师态度很好,', '但是配件等了三周!', '电话[电话]']
    """
    raw = text if isinstance(text, str) else ""
    clean = mask_pii(normalize(raw))
    return ProcessedText(raw=raw, text=clean, clauses=tuple(split_clauses(clean)), lang=detect_language(clean))


def preprocess_many(texts: Iterable[object]) -> list[ProcessedText]:
    """:func:`preprocess` every text, keeping order."""
    return [preprocess(t) for t in texts]
