"""Save and load a fitted :class:`TopicModeler` as a directory: ``config.json`` + ``arrays.npz``.

No pickle: the config is JSON and the arrays are read with ``allow_pickle=False``, so loading a
model directory cannot run code. The voc version is recorded and checked on load.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from voc._version import __version__
from voc.errors import ModelError
from voc.io.writers import atomic_path

if TYPE_CHECKING:
    from voc.topics._model import TopicModeler

FORMAT = "voc.topics.model.v1"
CONFIG = "config.json"
ARRAYS = "arrays.npz"


def compatible(saved: str, current: str = __version__) -> bool:
    """Same major version (and, before 1.0, the same minor): the model format may change otherwise."""
    try:
        s = [int(p) for p in saved.split(".")[:2]]
        c = [int(p) for p in current.split(".")[:2]]
    except ValueError:
        return False
    return s[0] == c[0] and (c[0] > 0 or s[1] == c[1])


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): [str(t) for t in v] for k, v in value.items()}
    return getattr(value, "name", type(value).__name__)


def save_model(model: TopicModeler, path: Path) -> Path:
    """Write ``model`` to the directory ``path`` (created; files replaced atomically)."""
    path.mkdir(parents=True, exist_ok=True)
    embedder_config, embedder_arrays = model.embedder_.get_state()
    config = {
        "format": FORMAT,
        "voc_version": __version__,
        "params": {k: _jsonable(v) for k, v in model.get_params().items()},
        "embedder": embedder_config,
        "topics": [asdict(t) for t in model.topics_],
        "notes": list(getattr(model, "notes_", [])),
    }
    arrays: dict[str, np.ndarray] = {"centroids": model.centroids_, **{f"embedder.{k}": v for k, v in embedder_arrays.items()}}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    with atomic_path(path / ARRAYS) as temp:
        temp.write_bytes(buffer.getvalue())
    with atomic_path(path / CONFIG) as temp:
        temp.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def load_model(path: Path) -> TopicModeler:
    """Rebuild a fitted model from ``path``; :class:`ModelError` when missing, corrupt or incompatible."""
    from voc.topics._embedders import embedder_from_state
    from voc.topics._model import TopicInfo, TopicModeler

    config_path, arrays_path = path / CONFIG, path / ARRAYS
    if not config_path.is_file() or not arrays_path.is_file():
        raise ModelError(f"{path}: not a voc topic model directory (expected {CONFIG} and {ARRAYS}); save one with --save-topic-model")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{config_path}: unreadable topic model config ({exc})") from exc
    if config.get("format") != FORMAT:
        raise ModelError(f"{path}: topic model format '{config.get('format')}' is not '{FORMAT}'; refit the topics with this voc")
    saved = str(config.get("voc_version", "?"))
    if not compatible(saved):
        raise ModelError(f"{path}: topic model written by voc {saved}, incompatible with voc {__version__}; refit it with this version (voc analyze --save-topic-model DIR)")
    try:
        with np.load(arrays_path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        params = dict(config["params"])
        embedder = embedder_from_state(config["embedder"], {k.split(".", 1)[1]: v for k, v in arrays.items() if k.startswith("embedder.")})
        topics = [TopicInfo(**{**t, "words": tuple(t["words"])}) for t in config["topics"]]
    except ModelError:
        raise
    except (KeyError, TypeError, ValueError, OSError) as exc:
        raise ModelError(f"{path}: corrupt topic model ({type(exc).__name__}: {exc})") from exc
    if params.get("embedding") not in (None, "tfidf-svd") and not isinstance(params.get("embedding"), str):
        params["embedding"] = None
    model = TopicModeler(**params)
    model.embedder_ = embedder
    model.topics_ = topics
    model.centroids_ = np.asarray(arrays["centroids"], dtype=np.float32)
    model.notes_ = list(config.get("notes", []))
    if len(model.centroids_) != len(topics):
        raise ModelError(f"{path}: corrupt topic model (centroids for {len(model.centroids_)} topics, labels for {len(topics)})")
    return model
