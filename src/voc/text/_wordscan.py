"""Longest dictionary match, left to right: the scan shared by the sentiment and emotion lexicons.

Both engines read a clause by taking, at each position, the longest lexicon key that starts
there, then jumping past it. A plain scan tries every key length at every character; indexing
the keys by their first two characters lets a position that starts no key cost two dictionary
lookups, and one that does try only the lengths of the keys that can still match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar

V = TypeVar("V")


class LongestMatch(Generic[V]):
    """Find, left to right, the longest key of ``table`` at each position (non-overlapping).

    Arguments:
        table: key → value (never None); the values are handed back with each match.
        can_start: keys whose first character fails this test are never matched (the sentiment
            engine leaves Latin letters to its English scorer); default: every key is.

    Examples:
        >>> [m for m in LongestMatch({"不": 1, "不好": 2, "好": 3}).finditer("很不好好")]
        [(1, 2, 2), (3, 1, 3)]
    """

    def __init__(
        self, table: Mapping[str, V], can_start: Callable[[str], bool] | None = None
    ) -> None:
        keys = [key for key in table if key and (can_start is None or can_start(key[0]))]
        self.table = {key: table[key] for key in keys}
        self.singles = {key: table[key] for key in keys if len(key) == 1}
        prefixes: dict[str, set[int]] = {}
        for key in keys:
            if len(key) > 1:
                prefixes.setdefault(key[:2], set()).add(len(key))
        for prefix, found in prefixes.items():
            if prefix[0] in self.singles:
                found.add(1)
        # Longest first: the first length that matches is the longest match.
        self.prefixes = {
            prefix: tuple(sorted(found, reverse=True)) for prefix, found in prefixes.items()
        }

    def finditer(self, text: str) -> Iterator[tuple[int, int, V]]:
        """Yield ``(start, length, value)`` for each match, scanning on after the end of each."""
        table, singles, prefixes = self.table, self.singles, self.prefixes
        i, n = 0, len(text)
        while i < n:
            candidates = prefixes.get(text[i : i + 2])
            if candidates is None:
                entry = singles.get(text[i])
                length = 1
            else:
                entry = None
                for length in candidates:
                    entry = table.get(text[i : i + length]) if i + length <= n else None
                    if entry is not None:
                        break
            if entry is None:
                i += 1
                continue
            yield i, length, entry
            i += length
