"""Ticket times as they arrive: typed Excel datetimes, strings in many layouts, ISO with offsets,
Excel day numbers exported to CSV."""

from __future__ import annotations

import re

import pandas as pd

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_TZ_SUFFIX = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def _time_cell(value: object) -> object:
    if isinstance(value, str):
        # Wall-clock time as the agent saw it: an offset ("+08:00") is dropped, not converted, so a
        # log that mixes offset and plain times still gives the right durations.
        value = _TZ_SUFFIX.sub("", value.strip()) or None
    elif isinstance(value, pd.Timestamp) and value.tzinfo is not None:
        value = value.tz_localize(None)
    return value


def parse_times(series: pd.Series) -> pd.Series:
    """Datetimes from typed cells or strings (``2026-01-05 10:12``, ``2026/1/5``, ISO with offset);
    blanks and junk → NaT."""
    if pd.api.types.is_datetime64_any_dtype(series):
        times = pd.to_datetime(series)
        return times.dt.tz_localize(None) if times.dt.tz is not None else times
    cells = series.map(_time_cell).map(_excel_serial)
    return pd.to_datetime(cells, errors="coerce", format="mixed")


def _excel_serial(value: object) -> object:
    """Excel day numbers (45000.5 = 2023-03-15 12:00) as exported to CSV; other numbers are not times."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or pd.isna(value):
        return value
    if 20_000 < value < 80_000:
        return _EXCEL_EPOCH + pd.to_timedelta(float(value), unit="D")
    return None
