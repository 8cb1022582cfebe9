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


def write_sheet(worksheet, frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Fill one worksheet: header row (renamed by ``headers``), frozen, filtered, sized."""
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
        sample = [names[index - 1]] + [str(v) for v in frame[column].head(200).tolist() if v is not None]
        width = max((_display_width(s) for s in sample), default=8)
        worksheet.column_dimensions[get_column_letter(index)].width = max(6, min(MAX_COLUMN_WIDTH, width + 2))
        if pd.api.types.is_float_dtype(frame[column]):
            for cell in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell[0].number_format = "0.00"


def write_workbook(sheets: Mapping[str, pd.DataFrame], path: str | Path, headers: Mapping[str, str] | None = None) -> Path:
    """Write ``{sheet name: table}`` to ``path`` atomically (temp file, then rename)."""
    from openpyxl import Workbook

    workbook = Workbook()
    default = workbook.active
    for name, frame in sheets.items():
        worksheet = workbook.create_sheet(title=name[:31])
        write_sheet(worksheet, frame, headers)
    if default is not None and len(workbook.sheetnames) > 1:
        workbook.remove(default)
    path = Path(path)
    with atomic_path(path) as temp:
        workbook.save(temp)
    return path
