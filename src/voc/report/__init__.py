"""Outputs for people: the Excel workbook (and, later, the HTML report)."""

from voc.report.excel import write_sheet, write_workbook

__all__ = ["write_sheet", "write_workbook"]
