"""Read survey tables from .xlsx, .csv/.tsv, .jsonl and .parquet into a DataFrame of strings and numbers.

Every failure a user can cause (missing file, wrong type, corrupt or encrypted workbook, unknown
sheet, unknown encoding, empty table) becomes an :class:`~voc.errors.InputError` with one clear line.
The file is only ever opened for reading.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from voc.errors import InputError

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json", ".parquet")
# Tried in order when a CSV is not valid UTF-8. GB18030 is a superset of GBK and GB2312.
_FALLBACK_ENCODINGS = ("gb18030", "big5")
MAX_CELL_CHARS = 32_000


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a survey table; the format comes from the extension.

    Arguments:
        path: the file.
        sheet: worksheet name or 0-based index for workbooks (default: the first sheet).

    Returns:
        the table with column names as strings, stripped; fully blank rows and columns dropped.

    Raises:
        InputError: the file cannot be used; the message says why and what to do.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"input file not found: {path}")
    if path.is_dir():
        raise InputError(f"input is a directory, expected a file: {path}")
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(
            f"unsupported input type '{suffix or path.name}': expected one of {', '.join(TABLE_SUFFIXES)}"
        )
    if path.stat().st_size == 0:
        raise InputError(f"input file is empty: {path}")
    if sheet is not None and suffix not in (".xlsx", ".xlsm"):
        raise InputError(f"--sheet only applies to Excel workbooks, not '{suffix}' files")
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = _read_excel(path, sheet)
        elif suffix in (".csv", ".tsv", ".txt"):
            frame = _read_delimited(path, sep="\t" if suffix == ".tsv" else None)
        elif suffix in (".jsonl", ".ndjson", ".json"):
            frame = _read_json(path)
        else:
            frame = _read_parquet(path)
    except InputError:
        raise
    except PermissionError as exc:
        raise InputError(f"cannot read {path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return _tidy(frame, path)


def _tidy(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    frame = frame.copy()
    names = []
    for i, col in enumerate(frame.columns):
        name = str(col).strip() if col is not None and str(col).strip() and not str(col).startswith("Unnamed:") else f"column_{i + 1}"
        names.append(name)
    frame.columns = _dedupe(names)
    frame = frame.dropna(axis=0, how="all")
    # A blank column without a header is layout debris; a named one stays (its emptiness is reported later).
    unnamed_empty = [c for c, n in zip(frame.columns, names) if n.startswith("column_") and frame[c].isna().all()]
    frame = frame.drop(columns=unnamed_empty)
    if frame.empty or len(frame.columns) == 0:
        raise InputError(f"no data rows in {path}")
    return frame.reset_index(drop=True)


def _dedupe(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # OLE2 container: an encrypted .xlsx or a legacy .xls renamed.
        raise InputError(
            f"{path.name} is password-protected or in the old .xls format: "
            "remove the password / save it as .xlsx, then try again"
        )
    if not head.startswith(b"PK"):
        raise InputError(f"{path.name} is not a valid .xlsx workbook (corrupt or another format)")
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{path.name} is not a valid .xlsx workbook (corrupt: {exc})") from exc
    try:
        names = workbook.sheetnames
        if sheet is None:
            target = names[0]
        elif isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit() and sheet not in names):
            index = int(sheet)
            if not 0 <= index < len(names):
                raise InputError(f"sheet index {index} out of range: {path.name} has sheets {names}")
            target = names[index]
        elif sheet in names:
            target = sheet
        else:
            raise InputError(f"no sheet named '{sheet}' in {path.name}; sheets are: {', '.join(names)}")
        rows = list(workbook[target].iter_rows(values_only=True))
    finally:
        workbook.close()
    rows = [r for r in rows if any(v is not None and str(v).strip() != "" for v in r)]
    if not rows:
        raise InputError(f"sheet '{target}' of {path.name} is empty")
    header = [("" if v is None else str(v)) for v in rows[0]]
    width = len(header)
    body = [list(r[:width]) + [None] * (width - len(r)) for r in rows[1:]]
    if not body:
        raise InputError(f"sheet '{target}' of {path.name} has a header row but no data rows")
    return pd.DataFrame(body, columns=header)


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # Mixed encodings (e.g. rows appended by different tools): keep what decodes, mark the rest.
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding:
        return str(best)
    raise InputError(
        f"cannot tell the text encoding of {path.name}: save it as UTF-8 (Excel: 'CSV UTF-8') and try again"
    )


def _read_delimited(path: Path, sep: str | None) -> pd.DataFrame:
    text = _decode(path.read_bytes(), path)
    if not text.strip():
        raise InputError(f"input file is empty: {path}")
    if sep is None:
        sample = text[:20_000]
        try:
            sep = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
        except csv.Error:
            sep = ","
    try:
        csv.field_size_limit(10_000_000)
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=object, keep_default_na=True, engine="python")
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputError(f"{path.name} is not a readable delimited table: {str(exc).splitlines()[0]}") from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"no data rows in {path}") from exc
    return frame


def _read_json(path: Path) -> pd.DataFrame:
    text = _decode(path.read_bytes(), path)
    records = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        records = data
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from exc
    if not records:
        raise InputError(f"no data rows in {path}")
    if not all(isinstance(r, dict) for r in records):
        raise InputError(f"{path.name}: expected one JSON object per line")
    return pd.DataFrame.from_records(records)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except ImportError as exc:
        from voc.errors import missing_dependency

        raise missing_dependency("pyarrow", "reading .parquet files") from exc
    except Exception as exc:  # pyarrow raises its own error types for corrupt files
        raise InputError(f"{path.name} is not a valid parquet file: {str(exc).splitlines()[0]}") from exc
