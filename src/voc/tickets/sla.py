"""Service-level thresholds for tickets, read from ``corpora/tickets/sla.toml`` or a user's file."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voc._compat import tomllib
from voc.errors import ConfigError
from voc.resources import corpus_path

DEFAULT_SLA_FILE = ("tickets", "sla.toml")
_KEYS = ("response_hours", "resolution_days")


@dataclass(frozen=True)
class SLA:
    """Breach thresholds: first response within ``response_hours``, closing within ``resolution_days``.

    ``categories`` maps a ticket category to its own thresholds (either key may be missing).
    """

    response_hours: float = 24.0
    resolution_days: float = 7.0
    categories: dict[str, dict[str, float]] = field(default_factory=dict)

    def limits(self, category: object) -> tuple[float, float]:
        """(response hours, resolution days) for a ticket of this category."""
        own = self.categories.get(str(category).strip(), {}) if category is not None else {}
        return own.get("response_hours", self.response_hours), own.get(
            "resolution_days", self.resolution_days
        )


def _number(value: Any, where: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigError(f"{where}: expected a positive number, found {value!r}")
    return float(value)


def load_sla(
    source: str | Path | SLA | dict[str, Any] | None = None, **overrides: float | None
) -> SLA:
    """Thresholds from a file, a dict in the file's shape, or the shipped defaults; keyword overrides win.

    Raises:
        ConfigError: the file is not valid TOML or holds an unknown key or a non-positive number.

    Examples:
        >>> load_sla().limits("配件"), load_sla(resolution_days=3).limits("配件")
        ((24.0, 14.0), (24.0, 3.0))
    """
    if isinstance(source, SLA):
        sla = source
    else:
        if isinstance(source, dict):
            data, name = source, "sla"
        else:
            path = Path(source) if source is not None else corpus_path(*DEFAULT_SLA_FILE)
            name = path.name
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError as exc:
                raise ConfigError(f"SLA file not found: {path}") from exc
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{name} is not valid TOML: {exc}") from exc
        sla = _from_dict(data, name)
    given = {k: _number(v, k) for k, v in overrides.items() if v is not None}
    unknown = set(given) - set(_KEYS)
    if unknown:
        raise ConfigError(f"unknown SLA setting(s) {sorted(unknown)}: expected {', '.join(_KEYS)}")
    if not given:
        return sla
    # An explicit override applies to every category, so "--response-hours 48" means what it says.
    categories = {
        c: {k: v for k, v in limits.items() if k not in given}
        for c, limits in sla.categories.items()
    }
    return SLA(
        given.get("response_hours", sla.response_hours),
        given.get("resolution_days", sla.resolution_days),
        categories,
    )


def _from_dict(data: dict[str, Any], name: str) -> SLA:
    unknown = set(data) - {"default", "categories"}
    if unknown:
        raise ConfigError(
            f'{name}: unknown table(s) {sorted(unknown)}: expected [default] and [categories."<类别>"]'
        )
    default = data.get("default", {})
    _check_keys(default, f"{name} [default]")
    categories: dict[str, dict[str, float]] = {}
    for category, limits in data.get("categories", {}).items():
        if not isinstance(limits, dict):
            raise ConfigError(f'{name} [categories."{category}"]: expected a table of thresholds')
        _check_keys(limits, f'{name} [categories."{category}"]')
        categories[str(category)] = {
            k: _number(v, f"{name} {category}.{k}") for k, v in limits.items()
        }
    return SLA(
        _number(default.get("response_hours", 24.0), f"{name} response_hours"),
        _number(default.get("resolution_days", 7.0), f"{name} resolution_days"),
        categories,
    )


def _check_keys(table: Any, where: str) -> None:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    unknown = set(table) - set(_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}: expected {', '.join(_KEYS)}")
