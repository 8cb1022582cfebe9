"""Word segmentation with jieba plus voc's after-sales dictionary, never touching jieba's global state.

jieba's module-level ``jieba.cut`` shares one dictionary with every other user in the process, so
voc owns a private :class:`jieba.Tokenizer` and loads its domain words (``corpora/dictionary/
userdict.txt``) into that one only. The dictionary loads on first use and jieba caches the prefix
dictionary on disk, so the second process starts fast.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from voc.errors import ConfigError
from voc.resources import corpus_path

USERDICT = ("dictionary", "userdict.txt")
STOPWORDS = ("dictionary", "stopwords.txt")


def _quiet_jieba() -> None:
    # jieba attaches its own stderr handler and logs "Building prefix dict..." at DEBUG on every start.
    logging.getLogger("jieba").setLevel(logging.WARNING)


def read_word_list(path: Path) -> list[str]:
    """Read a one-entry-per-line file; ``#`` starts a comment, blank lines are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read word list ({exc.strerror})") from exc
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def parse_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Parse a jieba user dictionary: ``word [freq] [pos]`` per line, with line-numbered errors."""
    entries: list[tuple[str, int | None, str | None]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read user dictionary ({exc})") from exc
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) > 3:
            raise ConfigError(f"{path}:{number}: expected 'word [freq] [pos]', found {raw.strip()!r}")
        freq: int | None = None
        pos: str | None = None
        if len(parts) >= 2:
            if not parts[1].isdigit():
                raise ConfigError(f"{path}:{number}: frequency must be a whole number, found {parts[1]!r}")
            freq = int(parts[1])
        if len(parts) == 3:
            pos = parts[2]
        entries.append((parts[0], freq, pos))
    return entries


class DomainTokenizer:
    """jieba segmentation with domain words, stopwords and a lazy, thread-safe start.

    Arguments:
        userdicts: user dictionaries to load (default: voc's after-sales dictionary).
        stopwords: stopword files (default: voc's list), used by :meth:`content_words`.

    Examples:
        >>> tok = DomainTokenizer()
        >>> tok.cut("保修期内返修了两次")
        ['保修期', '内', '返修', '了', '两次']
    """

    def __init__(self, userdicts: Iterable[Path] | None = None, stopwords: Iterable[Path] | None = None) -> None:
        self.userdicts = list(userdicts) if userdicts is not None else [corpus_path(*USERDICT)]
        self.stopword_files = list(stopwords) if stopwords is not None else [corpus_path(*STOPWORDS)]
        self._jieba = None
        self._stopwords: frozenset[str] | None = None
        self._lock = threading.Lock()

    def initialize(self) -> DomainTokenizer:
        """Load jieba's dictionary and the domain words (done on first use if not called)."""
        with self._lock:
            if self._jieba is None:
                import jieba

                _quiet_jieba()
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for path in self.userdicts:
                    for word, freq, tag in parse_userdict(path):
                        tokenizer.add_word(word, freq, tag)
                self._jieba = tokenizer
        return self

    @property
    def stopwords(self) -> frozenset[str]:
        """Words that carry no topic on their own (function words, punctuation, fillers)."""
        if self._stopwords is None:
            words: set[str] = set()
            for path in self.stopword_files:
                words.update(read_word_list(path))
            self._stopwords = frozenset(words)
        return self._stopwords

    def cut(self, text: str) -> list[str]:
        """Segment ``text`` into words (spaces dropped)."""
        if self._jieba is None:
            self.initialize()
        assert self._jieba is not None
        return [w for w in self._jieba.lcut(text, HMM=True) if w.strip()]

    def content_words(self, text: str) -> list[str]:
        """Words worth counting for topics: no stopwords, no punctuation, no single characters."""
        stop = self.stopwords
        return [w for w in self.cut(text) if len(w) > 1 and w not in stop and any(ch.isalnum() for ch in w)]


@lru_cache(maxsize=1)
def get_tokenizer() -> DomainTokenizer:
    """The process-wide default tokenizer (built once, initialised on first use)."""
    return DomainTokenizer()


def tokenize(text: str) -> list[str]:
    """Segment ``text`` with the default domain tokenizer."""
    return get_tokenizer().cut(text)
