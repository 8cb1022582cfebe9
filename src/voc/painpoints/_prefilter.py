"""Literal pre-screens for taxonomy patterns: skip a regex when text lacks a string it must contain.

Most clauses match none of a code's dozens of patterns, and Python's regex engine tries every
alternative at every position, so running them all is the detector's main cost. Each pattern is
parsed once for a set of literal strings one of which any match must contain ("等(配件|零件)" needs
"等"; "(维修|修理)太慢" needs 维修 or 修理); a pattern whose strings are all absent from a clause
cannot match it and is not run. Patterns with no such string (``.{0,3}慢?``) are always run, so the
screen never changes what is found.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

if sys.version_info >= (3, 11):
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
else:  # pragma: no cover - exercised on Python 3.10 only
    import sre_constants as _sre
    import sre_parse as _sre_parse

_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT}
if hasattr(_sre, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_sre.POSSESSIVE_REPEAT)
# More alternatives than this make a screen that costs about as much as the regex it guards.
_MAX_ALTERNATIVES = 64


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or None when none can be told.

    Examples:
        >>> sorted(required_literals(re.compile("(维修|修理)(太|很)?慢")))
        ['修理', '维修']
        >>> required_literals(re.compile("[^,]{0,3}(慢)?")) is None
        True
    """
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - the pattern compiled, so it parses
        return None
    return _sequence(list(parsed))


def _sequence(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """The most selective required set of a sequence: a run of literals, or one required item."""
    options: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append(frozenset({run}))
            run = ""
        found = _item(op, av)
        if found is not None:
            options.append(found)
    if run:
        options.append(frozenset({run}))
    if not options:
        return None
    # Fewest alternatives first, then the longest shortest string: the rarest thing to find.
    return min(options, key=lambda s: (len(s), -min(len(x) for x in s)))


def _item(op: Any, av: Any) -> frozenset[str] | None:
    if op is _sre.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _sre.BRANCH:
        alternatives: set[str] = set()
        for branch in av[1]:
            found = _sequence(list(branch))
            if found is None:
                return None
            alternatives |= found
        return frozenset(alternatives) if len(alternatives) <= _MAX_ALTERNATIVES else None
    if op is _sre.IN:
        chars = {chr(v) for o, v in av if o is _sre.LITERAL}
        if len(chars) != len(av) or not chars:
            return None  # a range, a category or a negated class: anything may match
        return frozenset(chars)
    if op in _REPEATS:
        low, _, body = av
        return _sequence(list(body)) if low >= 1 else None
    return None  # anchors, lookarounds, backreferences, "any character"


class PatternScreen:
    """Indexes patterns by the first character of their required strings.

    Arguments:
        patterns: the patterns, in the order they are tried.
        ignore_case: the patterns are matched case-insensitively (voc's flag cues): their required
            strings are read from the pattern as written and compared with texts lower-cased.
    """

    def __init__(self, patterns: Iterable[re.Pattern[str]], ignore_case: bool = False) -> None:
        self.patterns = tuple(patterns)
        self.ignore_case = ignore_case
        self._always: list[int] = []
        # first character of a required string -> (pattern, the string)
        self._by_char: dict[str, list[tuple[int, str]]] = {}
        for index, pattern in enumerate(self.patterns):
            needs = required_literals(re.compile(pattern.pattern) if ignore_case else pattern)
            if needs is None or "" in needs:
                self._always.append(index)
                continue
            for word in sorted({w.lower() for w in needs} if ignore_case else needs):
                self._by_char.setdefault(word[0], []).append((index, word))

    def candidates(self, text: str) -> list[int]:
        """Indices, in order, of the patterns that may match ``text``."""
        if self.ignore_case:
            text = text.lower()
        found = set(self._always)
        for ch in set(text).intersection(self._by_char):
            for index, word in self._by_char[ch]:
                if index not in found and (len(word) == 1 or word in text):
                    found.add(index)
        return sorted(found)


class WordIndex:
    """Finds which of many words occur in a short text, indexed by first character.

    Arguments:
        words: the words; matching is on their lower-case form, results are the words as given,
            in the given order.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(words)
        self._by_char: dict[str, list[tuple[int, str]]] = {}
        self._empty = [i for i, w in enumerate(self.words) if not w]
        for index, word in enumerate(self.words):
            lowered = word.lower()
            if lowered:
                self._by_char.setdefault(lowered[0], []).append((index, lowered))

    def present(self, text: str) -> list[str]:
        """The words that occur in ``text``, in the order given."""
        hits = list(self._empty)
        for ch in set(text).intersection(self._by_char):
            hits.extend(i for i, w in self._by_char[ch] if len(w) == 1 or w in text)
        if not hits:
            return []
        return [self.words[i] for i in sorted(hits)]
