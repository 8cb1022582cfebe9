"""Saving and loading model directories: ``config.json`` (with the voc version) plus ``arrays.npz``.

Every trained part of voc (sentiment models, flag models, topic models) persists this way, so the
version policy, the refusal of pickles and the error messages are the same everywhere.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from voc._version import __version__
from voc.errors import InputError, ModelError
from voc.io.writers import atomic_path

CONFIG = "config.json"
ARRAYS = "arrays.npz"


def compatible(saved: str, current: str = __version__) -> bool:
    """Same major version (and, before 1.0, the same minor): the formats may change otherwise.

    Examples:
        >>> compatible("0.1.3", "0.1.0"), compatible("0.2.0", "0.1.0"), compatible("1.4.0", "1.0.0")
        (True, False, True)
    """
    try:
        s = [int(p) for p in saved.split(".")[:2]]
        c = [int(p) for p in current.split(".")[:2]]
    except ValueError:
        return False
    return len(s) == 2 and len(c) == 2 and s[0] == c[0] and (c[0] > 0 or s[1] == c[1])


def write_model_dir(
    path: str | Path, config: dict[str, Any], arrays: dict[str, np.ndarray]
) -> Path:
    """Write ``config`` (the voc version is added) and ``arrays`` into the directory ``path``."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"a model is saved as a directory, and {path} is a file")
    path.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    with atomic_path(path / ARRAYS) as temp:
        temp.write_bytes(buffer.getvalue())
    with atomic_path(path / CONFIG) as temp:
        payload = {**config, "voc_version": __version__}
        temp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_model_dir(
    path: str | Path, what: str, remedy: str
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Read a model directory; :class:`ModelError` (naming ``what`` and the ``remedy``) when unusable.

    Arguments:
        path: the directory.
        what: what the model is, for messages ("flag model").
        remedy: what the user should do, e.g. "retrain it with `voc train flags`".
    """
    path = Path(path)
    config_path, arrays_path = path / CONFIG, path / ARRAYS
    if not config_path.is_file() or not arrays_path.is_file():
        raise ModelError(
            f"{path}: not a voc {what} directory (expected {CONFIG} and {ARRAYS}); {remedy}"
        )
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{config_path}: unreadable {what} config ({exc})") from exc
    if not isinstance(config, dict):
        raise ModelError(f"{config_path}: unreadable {what} config (not a JSON object)")
    saved = str(config.get("voc_version", "?"))
    if not compatible(saved):
        raise ModelError(
            f"{path}: {what} written by voc {saved}, incompatible with voc {__version__}; {remedy}"
        )
    try:
        with np.load(arrays_path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError) as exc:
        raise ModelError(f"{arrays_path}: corrupt {what} arrays ({exc})") from exc
    return config, arrays
