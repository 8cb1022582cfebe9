"""Load the ECI cue lists and weights (``corpora/index/eci.toml``) into compiled matchers, once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from voc._compat import tomllib
from voc.errors import ConfigError
from voc.resources import corpus_path

#: The components of the index, in the order the formula lists them.
COMPONENTS: tuple[str, ...] = (
    "valence",
    "emotion",
    "partnership",
    "loyalty",
    "effort",
    "resolution",
)
#: For each component: (table key holding favourable cues, table key holding unfavourable cues).
_POLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "valence": (("positive",), ("negative",)),
    "emotion": (("trust", "gratitude"), ("anger", "anxiety", "disappointment")),
    "partnership": (("positive",), ("negative",)),
    "loyalty": (("positive",), ("negative",)),
    "effort": (("low",), ("high",)),
    "resolution": (("resolved",), ("unresolved",)),
}
_FORMULA_DEFAULTS: dict[str, float] = {
    "bias": 0.0,
    "scale": 1.0,
    "negation_window": 3,
    "negated_positive": -0.8,
    "negated_negative": 0.3,
    "contrast_boost": 1.5,
    "before_contrast": 0.7,
    "saturation": 2.0,
    "sentiment_share": 0.5,
    "emotion_column_share": 0.5,
}


@dataclass(frozen=True)
class CueSet:
    """Favourable and unfavourable cues of one component, as longest-first regexes."""

    positive: re.Pattern[str] | None
    negative: re.Pattern[str] | None
    positive_regexes: tuple[re.Pattern[str], ...] = ()
    negative_regexes: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class EciLexicon:
    """Everything the ECI formula needs: cue sets per component, weights and formula constants."""

    cues: dict[str, CueSet]
    weights: dict[str, float]
    formula: dict[str, float]
    intensifiers: dict[str, float] = field(default_factory=dict)
    ignore: re.Pattern[str] | None = None
    source: str = ""


def _compile(
    entries: list[str], where: str
) -> tuple[re.Pattern[str] | None, tuple[re.Pattern[str], ...]]:
    literals = sorted({e for e in entries if not e.startswith("re:")}, key=len, reverse=True)
    regexes = []
    for entry in entries:
        if entry.startswith("re:"):
            try:
                regexes.append(re.compile(entry[3:], re.IGNORECASE))
            except re.error as exc:
                raise ConfigError(f"{where}: bad regular expression {entry!r}: {exc}") from exc
    literal = (
        re.compile("|".join(re.escape(e) for e in literals), re.IGNORECASE) if literals else None
    )
    return literal, tuple(regexes)


def parse_lexicon(data: dict, source: str = "") -> EciLexicon:
    """Validate a parsed TOML document and compile its cues.

    Raises:
        ConfigError: a component table, weight or cue list is missing or of the wrong type.
    """
    weights_table = data.get("weights", {})
    weights: dict[str, float] = {}
    for name in COMPONENTS:
        value = weights_table.get(name, 0.0)
        if not isinstance(value, (int, float)):
            raise ConfigError(f"{source}: [weights] {name} must be a number, found {value!r}")
        weights[name] = float(value)
    formula = dict(_FORMULA_DEFAULTS)
    for key, value in data.get("formula", {}).items():
        if key not in _FORMULA_DEFAULTS or not isinstance(value, (int, float)):
            raise ConfigError(
                f"{source}: [formula] {key} = {value!r}: expected one of {', '.join(_FORMULA_DEFAULTS)} with a number"
            )
        formula[key] = float(value)
    cues: dict[str, CueSet] = {}
    for name, (good_keys, bad_keys) in _POLES.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: [{name}] must be a table of cue lists")
        lists = []
        for keys in (good_keys, bad_keys):
            entries: list[str] = []
            for key in keys:
                value = table.get(key, [])
                if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                    raise ConfigError(
                        f"{source}: [{name}] {key} must be a list of non-empty strings"
                    )
                entries += value
            lists.append(_compile(entries, f"{source} [{name}]"))
        cues[name] = CueSet(lists[0][0], lists[1][0], lists[0][1], lists[1][1])
    intensifiers = {
        str(k): float(v) for k, v in data.get("valence", {}).get("intensifiers", {}).items()
    }
    ignore_list = data.get("ignore", [])
    if not isinstance(ignore_list, list) or not all(isinstance(v, str) and v for v in ignore_list):
        raise ConfigError(f"{source}: ignore must be a list of non-empty strings")
    ignore, _ = _compile([v for v in ignore_list if not v.startswith("re:")], f"{source} ignore")
    return EciLexicon(
        cues=cues,
        weights=weights,
        formula=formula,
        intensifiers=intensifiers,
        ignore=ignore,
        source=source,
    )


def load_lexicon(path: str | Path | None = None) -> EciLexicon:
    """Read an ECI data file (default: the shipped ``corpora/index/eci.toml``)."""
    if path is None:
        return _default_lexicon()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _default_lexicon() -> EciLexicon:
    return _read(corpus_path("index", "eci.toml"))


def _read(path: Path) -> EciLexicon:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"ECI data file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_lexicon(data, str(path))
