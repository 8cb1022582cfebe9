"""UMAP on a precomputed cosine-distance matrix, shaped like the ``umap_model`` BERTopic expects.

With fewer than 4,096 points UMAP computes all pairwise distances, but for ``metric="cosine"`` it
does so through a Python-level callable, pair by pair (minutes for 4,000 clauses); above 4,096 it
compiles pynndescent with numba (minutes again, per process). A dense cosine matrix from one
matrix product gives UMAP the same neighbours in well under a second.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np


class PrecomputedCosineUMAP:
    """``fit(X, y)`` / ``transform(X)`` over L2-normalised vectors, for BERTopic's fit only.

    Arguments:
        **umap_params: passed to :class:`umap.UMAP` (``metric`` is fixed to ``"precomputed"``).
    """

    def __init__(self, **umap_params: Any) -> None:
        self.umap_params = umap_params

    def fit(self, X: np.ndarray, y: Any = None) -> PrecomputedCosineUMAP:
        """Reduce ``X``; semi-supervised when ``y`` (guided-topic labels, -1 unknown) is given."""
        from umap import UMAP

        vectors = np.asarray(X, dtype=np.float32)
        distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
        np.fill_diagonal(distances, 0.0)
        params = dict(self.umap_params)
        if "init" not in params:
            # UMAP's default spectral start is not reproducible when the neighbour graph falls apart
            # into components (duplicate clauses do that); PCA of the vectors is, and is as good a start.
            from sklearn.decomposition import PCA

            k = int(params.get("n_components", 2))
            params["init"] = PCA(n_components=k, random_state=params.get("random_state")).fit_transform(vectors) if min(vectors.shape) > k else "random"
        self.model_ = UMAP(metric="precomputed", **params)
        with warnings.catch_warnings():
            # Only inverse_transform needs the raw vectors, and voc never calls it.
            warnings.filterwarnings("ignore", message="using precomputed metric", category=UserWarning)
            self.embedding_ = self.model_.fit_transform(distances, y=y)
        self._fitted_on = vectors.shape
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        """The reduced vectors of the data ``fit`` saw (BERTopic asks for exactly those)."""
        if np.shape(X) != self._fitted_on:
            raise ValueError("PrecomputedCosineUMAP only reduces the data it was fitted on")
        return np.asarray(self.embedding_)
