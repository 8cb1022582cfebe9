"""Text normalisation: make the same comment look the same however it was typed.

Full-width forms become half-width, Traditional characters become Simplified, HTML remnants and
odd whitespace go, and runs of repeated punctuation are capped (not removed: "!!!" is a signal of
intensity that sentiment scoring reads). Emoji are kept for the same reason.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,200}>")
_BR = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*p\s*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b\u2028\u2029\ufeff]+")
_NEWLINES = re.compile(r"\s*\n\s*")
# The same punctuation mark (or ellipsis dot) repeated more than three times.
_REPEATED_PUNCT = re.compile(r"([!?。.,，~～…\-=*])\1{3,}")
_ELLIPSIS = re.compile(r"…+|\.{4,}")
_MAX_PUNCT_RUN = 3


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("t2s")


def to_half_width(text: str) -> str:
    """Fold full-width letters, digits, punctuation and the ideographic space to their ASCII forms.

    NFKC does exactly this for the full-width block while leaving CJK characters and emoji alone.
    """
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1)
def _traditional_triggers() -> frozenset[str]:
    """Characters of which a text must hold at least one for OpenCC's t2s to change it.

    Most comments are already Simplified; checking for these characters (a C-level set test) lets
    them skip OpenCC's pure-Python phrase segmentation, the slowest step of preprocessing.
    """
    from pathlib import Path

    import opencc

    folder = Path(opencc.__file__).resolve().parent / "dictionary"
    changed: list[tuple[str, str]] = []
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            source, _, targets = line.partition("\t")
            target = targets.split(" ")[0]
            if source != target:
                changed.append((source, target))
    characters = {source for source, _ in changed if len(source) == 1}
    triggers = set(characters)
    for source, target in changed:
        if len(source) == 1 or not characters.isdisjoint(source):
            # A phrase holding a changed character cannot occur in a text without that trigger
            # ("么麼" needs 麼), so its other characters (么, in most comments) need not trigger.
            continue
        if len(source) == len(target):
            triggers.update(a for a, b in zip(source, target) if a != b)
        else:
            triggers.update(source)
    return frozenset(triggers)


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese characters to Simplified (OpenCC t2s tables)."""
    triggers = _traditional_triggers()
    if not text or triggers.isdisjoint(text):
        return text
    converter = _t2s()
    separators = getattr(converter, "split_chars_re", None)
    if separators is None:
        converted: str = converter.convert(text)
        return converted
    # OpenCC converts each stretch between its separators (punctuation, spaces) on its own, so
    # only the stretches that hold a trigger can change: a long review with one Traditional
    # character pays for one clause, not for all of it.
    pieces = separators.split(text)
    return "".join(
        converter.convert(piece) if index % 2 == 0 and not triggers.isdisjoint(piece) else piece
        for index, piece in enumerate(pieces)
    )


def strip_html(text: str) -> str:
    """Remove tags and decode entities left behind by web forms (``<br>``, ``&nbsp;``)."""
    if "<" not in text and "&" not in text:
        return text
    text = _BR.sub("\n", text)
    text = _TAG.sub(" ", text)
    return html.unescape(text)


def collapse_whitespace(text: str) -> str:
    """Trim, collapse runs of spaces, keep single line breaks (they often separate sentences)."""
    text = _SPACES.sub(" ", text)
    if "\n" in text:
        text = _NEWLINES.sub("\n", text)
    return text.strip()


def cap_repeated_punctuation(text: str) -> str:
    """Cap a run of the same punctuation mark at three, and write every ellipsis as ``...``."""
    if "…" in text or "...." in text:
        text = _ELLIPSIS.sub("...", text)
    return _REPEATED_PUNCT.sub(lambda m: m.group(1) * _MAX_PUNCT_RUN, text)


def normalize(text: object) -> str:
    """Normalise one comment; non-strings (NaN, None) become the empty string.

    Examples:
        >>> normalize("  維修太慢了！！！！！ＡＢＣ<br>謝謝 ")
        '维修太慢了!!!ABC\\n谢谢'
    """
    if not isinstance(text, str):
        return ""
    text = strip_html(text)
    text = to_half_width(text)
    text = to_simplified(text)
    text = cap_repeated_punctuation(text)
    return collapse_whitespace(text)
