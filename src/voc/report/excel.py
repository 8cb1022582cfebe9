"""Write DataFrames as a formatted Excel workbook, safely.

Cells that start with ``= + - @`` are stored as text, never as formulas: a comment typed as
``=HYPERLINK(...)`` must not run when an analyst opens the workbook (formula injection).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voc.io.writers import atomic_path

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60
MAX_CELL_CHARS = 32_000  # Excel's own limit is 32,767 characters per cell


def _cell_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return _cell_value(value.item())
        except (ValueError, AttributeError):
            return str(value)
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[:MAX_CELL_CHARS] + "…"
    if isinstance(value, (list, tuple, dict, set)):
        return str(value)
    return value


def _display_width(text: str) -> float:
    # CJK characters are about twice as wide as Latin ones in Excel's default font.
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


#: Colour scales: higher is better (green high) or worse (red high).
GOOD_HIGH = "good_high"
GOOD_LOW = "good_low"
_RED, _YELLOW, _GREEN = "F8696B", "FFEB84", "63BE7B"


def write_sheet(  # type: ignore[no-untyped-def]
    worksheet,
    frame: pd.DataFrame,
    headers: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    color_scales: Mapping[str, str] | None = None,
) -> None:
    """Fill one worksheet: header row (renamed by ``headers``), frozen, filtered, sized.

    Arguments:
        formats: Excel number format per column name (``"0.0%"``); floats default to ``0.00``.
        color_scales: ``good_high`` or ``good_low`` per column name: a red–yellow–green scale.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    headers = headers or {}
    names = [str(headers.get(str(c), c)) for c in frame.columns]
    worksheet.append(names)
    for row in frame.itertuples(index=False, name=None):
        worksheet.append([_cell_value(v) for v in row])
    # Text that looks like a formula stays text.
    for row in worksheet.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in worksheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    worksheet.freeze_panes = "A2"
    if len(frame.columns) and len(frame):
        worksheet.auto_filter.ref = worksheet.dimensions
    for index, column in enumerate(frame.columns, start=1):
        sample = [names[index - 1]] + [
            str(v) for v in frame[column].head(200).tolist() if v is not None
        ]
        width = max((_display_width(s) for s in sample), default=8)
        worksheet.column_dimensions[get_column_letter(index)].width = max(
            6, min(MAX_COLUMN_WIDTH, width + 2)
        )
        number_format = (formats or {}).get(str(column))
        if number_format is None and pd.api.types.is_float_dtype(frame[column]):
            number_format = "0.00"
        if number_format:
            for cell in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell[0].number_format = number_format
        scale = (color_scales or {}).get(str(column))
        if scale and len(frame):
            from openpyxl.formatting.rule import ColorScaleRule

            low, high = (_RED, _GREEN) if scale == GOOD_HIGH else (_GREEN, _RED)
            letter = get_column_letter(index)
            rule = ColorScaleRule(
                start_type="min",
                start_color=low,
                mid_type="percentile",
                mid_value=50,
                mid_color=_YELLOW,
                end_type="max",
                end_color=high,
            )
            worksheet.conditional_formatting.add(f"{letter}2:{letter}{len(frame) + 1}", rule)


def write_workbook(
    sheets: Mapping[str, pd.DataFrame],
    path: str | Path,
    headers: Mapping[str, str] | None = None,
    formats: Mapping[str, str] | None = None,
    color_scales: Mapping[str, Mapping[str, str]] | None = None,
) -> Path:
    """Write ``{sheet name: table}`` to ``path`` atomically (temp file, then rename).

    ``formats`` applies to every sheet (by column name); ``color_scales`` maps a sheet name to its
    column scales (see :func:`write_sheet`).
    """
    from openpyxl import Workbook

    workbook = Workbook()
    default = workbook.active
    for name, frame in sheets.items():
        worksheet = workbook.create_sheet(title=name[:31])
        write_sheet(worksheet, frame, headers, formats, (color_scales or {}).get(name))
    if default is not None and len(workbook.sheetnames) > 1:
        workbook.remove(default)
    path = Path(path)
    with atomic_path(path) as temp:
        workbook.save(temp)
    return path
