"""Composing the stages: per-comment scoring (:class:`Scorer`) and the full analysis (:func:`analyze`)."""

from voc.pipeline._base import CommentStage
from voc.pipeline.scorer import Scorer

__all__ = ["CommentStage", "Scorer"]
