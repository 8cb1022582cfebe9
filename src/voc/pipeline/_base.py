"""The interface every per-comment stage implements, so the pipeline can compose them blindly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import pandas as pd

from voc.text import ProcessedText


@runtime_checkable
class CommentStage(Protocol):
    """A per-comment stage: a pure function of each comment (plus earlier stages' columns).

    ``transform`` returns a DataFrame with one row per document, indexed 0..n-1, holding the
    columns the stage owns. ``frame`` holds the columns computed by earlier stages for the same
    documents (e.g. flags read sentiment and pain points). Rule-based stages have a no-op ``fit``.
    """

    name: str

    def fit(self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None = None) -> CommentStage: ...

    def transform(self, docs: Sequence[ProcessedText], frame: pd.DataFrame) -> pd.DataFrame: ...
