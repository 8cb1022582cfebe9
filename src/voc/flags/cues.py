"""QA flag cues and thresholds, read from ``corpora/flags/default.toml`` (or a user file).

Kept as data so a QA team can add a hotline number or a local slang word for anger without a
release; loading names the line of a malformed entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from voc._compat import tomllib
from voc._datafiles import compile_pattern, string_list
from voc.errors import ConfigError
from voc.resources import corpus_path

DEFAULT_FLAGS = ("flags", "default.toml")
_FLAG_FIELDS = {"code", "label", "escalate", "cues", "guards", "regex", "scope"}
# Where a rule's cues are matched: one clause at a time, or a whole sentence (a cue that
# spans clauses, "换了一个，用了半天，花屏了").
SCOPES = ("clause", "sentence")
_SETTINGS: dict[str, type] = {
    "anger_threshold": float,
    "strong_negative": float,
    "many_pain_points": int,
    "escalate_on_pileup": int,
    "low_score_share": float,
    "anger_emotions": list,
}


@dataclass(frozen=True)
class FlagRule:
    """One kind of flag: its cues (compiled to one regex), the guards that cancel a cue."""

    code: str
    label: str
    escalate: bool
    cue: re.Pattern[str]
    guards: tuple[re.Pattern[str], ...] = ()
    scope: str = "clause"


@dataclass(frozen=True)
class FlagSettings:
    """Thresholds of the flag stage (documented in ``corpora/flags/README.md``)."""

    anger_threshold: float = 0.6
    strong_negative: float = -0.6
    many_pain_points: int = 3
    escalate_on_pileup: int = 2
    low_score_share: float = 0.25
    anger_emotions: tuple[str, ...] = ("anger", "despair")


@dataclass(frozen=True)
class FlagConfig:
    """The loaded flag rules and settings."""

    rules: tuple[FlagRule, ...]
    settings: FlagSettings
    source: str = ""


def _entry_lines(text: str) -> list[int]:
    return [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip().startswith("[[flag]]")
    ]


def _rule(entry: Any, where: str) -> FlagRule:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a table of fields")
    unknown = sorted(set(entry) - _FLAG_FIELDS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_FLAG_FIELDS))}"
        )
    for name in ("code", "label"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise ConfigError(f"{where}: field '{name}' must be a non-empty string")
    if not isinstance(entry.get("escalate", False), bool):
        raise ConfigError(f"{where}: field 'escalate' must be true or false")
    scope = entry.get("scope", "clause")
    if scope not in SCOPES:
        raise ConfigError(
            f"{where}: field 'scope' must be one of {', '.join(SCOPES)}, found {scope!r}"
        )
    cues = list(string_list(entry.get("cues"), where, "cues"))
    if not cues:
        raise ConfigError(f"{where}: field 'cues' is empty")
    parts = cues if entry.get("regex", False) else [re.escape(c) for c in cues]
    return FlagRule(
        code=entry["code"].strip(),
        label=entry["label"].strip(),
        escalate=bool(entry.get("escalate", False)),
        cue=compile_pattern("|".join(f"(?:{p})" for p in parts), where, "cues", re.IGNORECASE),
        guards=tuple(
            compile_pattern(g, where, "guards", re.IGNORECASE)
            for g in string_list(entry.get("guards", []), where, "guards")
        ),
        scope=scope,
    )


def parse_flags(text: str, source: str = "<string>") -> FlagConfig:
    """Parse flag TOML text, with errors naming the line and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc}); see corpora/flags/README.md") from exc
    entries = data.get("flag")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(
            f"{source}: no 'flag' entries found (one double-bracketed flag table per kind)"
        )
    lines = _entry_lines(text)
    rules = []
    for i, entry in enumerate(entries):
        where = (
            f"{source}:{lines[i]}: flag #{i + 1}" if i < len(lines) else f"{source}: flag #{i + 1}"
        )
        rules.append(_rule(entry, where))
    raw = data.get("settings", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: settings must be a table")
    values: dict[str, Any] = {}
    for name, value in raw.items():
        kind = _SETTINGS.get(name)
        if kind is None:
            raise ConfigError(
                f"{source}: settings unknown field '{name}'; allowed: {', '.join(sorted(_SETTINGS))}"
            )
        if kind is list:
            values[name] = string_list(value, f"{source}: settings", name)
        elif kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            values[name] = float(value)
        elif kind is int and isinstance(value, int) and not isinstance(value, bool):
            values[name] = value
        else:
            raise ConfigError(
                f"{source}: settings field '{name}' must be a {kind.__name__}, found {value!r}"
            )
    return FlagConfig(rules=tuple(rules), settings=FlagSettings(**values), source=source)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> FlagConfig:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read flag cues ({exc})") from exc
    return parse_flags(text, path)


def load_flags(path: str | Path | None = None) -> FlagConfig:
    """Load flag cues and settings (default: ``corpora/flags/default.toml``), cached per file."""
    resolved = Path(path) if path is not None else corpus_path(*DEFAULT_FLAGS)
    if not resolved.is_file():
        raise ConfigError(f"{resolved}: flag cue file not found")
    return _load_cached(str(resolved), resolved.stat().st_mtime)
