"""A flag re-ranker learned from QA decisions: which rule flags reviewers confirm, and which they dismiss.

``voc train flags LABELS --out DIR`` fits it from ``voc review export --labels``; the directory holds a
JSON config (with the voc version) and an ``.npz`` of arrays — no pickle.
"""

from __future__ import annotations

from voc.flagmodel._model import FlagModel, evaluate, read_labels, rule_prediction

__all__ = ["FlagModel", "evaluate", "read_labels", "rule_prediction"]
