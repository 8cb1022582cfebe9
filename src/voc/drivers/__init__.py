"""Drivers and segments: what hurts satisfaction most, for whom, and where numbers drift."""

from voc.drivers.impact import adjusted_impacts, driver_table
from voc.drivers.mismatch import mismatches
from voc.drivers.segments import alerts, segment_table, three_part, trend

__all__ = [
    "adjusted_impacts",
    "alerts",
    "driver_table",
    "mismatches",
    "segment_table",
    "three_part",
    "trend",
]
