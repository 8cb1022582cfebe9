"""Save and load a fitted :class:`TopicModeler` as a directory: ``config.json`` + ``arrays.npz``.

No pickle: the config is JSON and the arrays are read with ``allow_pickle=False``, so loading a
model directory cannot run code. The voc version is recorded and checked on load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from voc._modeldir import read_model_dir, write_model_dir
from voc.errors import ModelError

if TYPE_CHECKING:
    from voc.topics._model import TopicModeler

FORMAT = "voc.topics.model.v1"




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
        "params": {k: _jsonable(v) for k, v in model.get_params().items()},
        "embedder": embedder_config,
        "topics": [asdict(t) for t in model.topics_],
        "notes": list(getattr(model, "notes_", [])),
    }
    arrays: dict[str, np.ndarray] = {"centroids": model.centroids_, **{f"embedder.{k}": v for k, v in embedder_arrays.items()}}
    return write_model_dir(path, config, arrays)


def load_model(path: Path) -> TopicModeler:
    """Rebuild a fitted model from ``path``; :class:`ModelError` when missing, corrupt or incompatible."""
    from voc.topics._embedders import embedder_from_state
    from voc.topics._model import TopicInfo, TopicModeler

    config, arrays = read_model_dir(path, "topic model", "refit it with this voc (voc analyze --save-topic-model DIR)")
    if config.get("format") != FORMAT:
        raise ModelError(f"{path}: topic model format '{config.get('format')}' is not '{FORMAT}'; refit the topics with this voc")
    try:
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
