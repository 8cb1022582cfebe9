"""Validation shared by voc's editable data files (taxonomy, flag cues …): one wording for one mistake."""

from __future__ import annotations

import re
from typing import Any

from voc.errors import ConfigError


def string_list(value: Any, where: str, name: str) -> tuple[str, ...]:
    """A field that must be a list of non-empty strings; items are stripped.

    Raises:
        ConfigError: naming the place (``where``), the field and what was found instead.
    """
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        found = (
            type(value).__name__
            if not isinstance(value, list)
            else "a list holding " + ", ".join(sorted({type(v).__name__ for v in value if not isinstance(v, str)}))
        )
        raise ConfigError(f"{where}: field '{name}' must be a list of strings, found {found}")
    items = tuple(v.strip() for v in value if v.strip())
    if len(items) != len(value):
        raise ConfigError(f"{where}: field '{name}' holds an empty string; remove it")
    return items


def compile_pattern(regex: str, where: str, name: str, flags: int = 0, shown: str | None = None) -> re.Pattern[str]:
    """Compile a user-written regular expression; ``shown`` is the pattern as the user wrote it."""
    try:
        return re.compile(regex, flags)
    except re.error as exc:
        raise ConfigError(
            f"{where}: field '{name}' has an invalid regular expression {shown or regex!r} ({exc})"
        ) from exc
