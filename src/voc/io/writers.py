"""Write result tables atomically: a reader never sees a half-written file under the final name.

Everything goes to a temporary file in the destination's directory (same filesystem, so the final
``os.replace`` is atomic) and is renamed only after the writer finished without error.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from voc.errors import InputError

TABLE_FORMATS = ("csv", "jsonl", "parquet")


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(destination: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``destination``; rename it into place when the block succeeds."""
    destination = Path(destination)
    directory = destination.parent if str(destination.parent) else Path(".")
    if not directory.exists():
        raise InputError(f"output directory does not exist: {directory}")
    handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part", dir=directory)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        # mkstemp creates the file private (0600); results are meant to be shared like any new file.
        os.chmod(temp, 0o666 & ~_current_umask())
        os.replace(temp, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Booleans become ``true``/``false`` as the table contract says; NaN stays empty."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map({True: "true", False: "false"})
    return out


def _json_default(value: object) -> object:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def write_table(frame: pd.DataFrame, path: str | Path, fmt: str | None = None) -> Path:
    """Write one table as csv (UTF-8 with BOM, so Excel opens Chinese correctly), jsonl or parquet."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in TABLE_FORMATS:
        raise InputError(f"unknown table format '{fmt}': expected one of {', '.join(TABLE_FORMATS)}")
    with atomic_path(path) as temp:
        if fmt == "csv":
            _plain(frame).to_csv(temp, index=False, encoding="utf-8-sig")
        elif fmt == "jsonl":
            with temp.open("w", encoding="utf-8") as handle:
                for record in frame.to_dict(orient="records"):
                    clean = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in record.items()}
                    handle.write(json.dumps(clean, ensure_ascii=False, default=_json_default) + "\n")
        else:
            frame.to_parquet(temp, index=False)
    return path
