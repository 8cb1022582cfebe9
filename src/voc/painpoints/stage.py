"""The pain-point stage: writes ``pain_points`` (the contract) and the evidence QA reads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from voc import columns as C
from voc.painpoints.detector import Finding, PainPointDetector
from voc.painpoints.taxonomy import Taxonomy
from voc.text import ProcessedText


def evidence_json(findings: Sequence[Finding]) -> str:
    """``{code: [{"clause": …, "trigger": …}, …]}`` as compact JSON; empty string when none."""
    evidence: dict[str, list[dict[str, str]]] = {}
    for f in findings:
        evidence.setdefault(f.code, []).append({"clause": f.clause, "trigger": f.trigger})
    return json.dumps(evidence, ensure_ascii=False) if evidence else ""


def _clause_scores(frame: pd.DataFrame | None, n: int) -> list[list[float] | None]:
    """Per-clause polarities from the sentiment stage's JSON column, None where missing."""
    if frame is None or C.SENTIMENT_CLAUSES not in frame.columns:
        return [None] * n
    out: list[list[float] | None] = []
    for value in frame[C.SENTIMENT_CLAUSES]:
        try:
            scores = json.loads(value) if isinstance(value, str) and value else None
        except json.JSONDecodeError:
            scores = None
        out.append([float(s) for s in scores] if isinstance(scores, list) else None)
    return out


class PainPointStage:
    """Fill ``pain_points`` (``;``-joined codes in taxonomy order), their evidence and dimensions.

    Arguments:
        taxonomy: a taxonomy file path, a loaded :class:`Taxonomy`, or None for voc's default.
        use_sentiment: also count a clearly negative clause (``sentiment_clauses`` from the
            sentiment stage) about an aspect when no cue word fired. Off by default: on the
            labelled set it did not raise F1, and the cues must stand on their own.

    Examples:
        >>> from voc.text import preprocess
        >>> stage = PainPointStage()
        >>> stage.transform([preprocess("修了三次还是一样")], None)["pain_points"].tolist()
        ['misdiagnosis']
    """

    name = "pain_points"

    def __init__(
        self, taxonomy: Taxonomy | str | Path | None = None, use_sentiment: bool = False
    ) -> None:
        self.taxonomy = taxonomy
        self.use_sentiment = use_sentiment
        self._detector: PainPointDetector | None = None

    @property
    def detector_(self) -> PainPointDetector:
        """The detector, built (and the taxonomy validated) on first use."""
        if self._detector is None:
            taxonomy = str(self.taxonomy) if isinstance(self.taxonomy, Path) else self.taxonomy
            self._detector = PainPointDetector(taxonomy)
        return self._detector

    def fit(
        self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None = None
    ) -> PainPointStage:
        """Rule-based: nothing to learn."""
        return self

    def transform(self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None) -> pd.DataFrame:
        """Detect pain points in each document."""
        detector = self.detector_
        order = detector.taxonomy.code_names
        codes_col, evidence_col, dims_col = [], [], []
        clause_scores = (
            _clause_scores(frame, len(docs)) if self.use_sentiment else [None] * len(docs)
        )
        for doc, scores in zip(docs, clause_scores):
            findings = detector.detect(doc, scores)
            found = {f.code for f in findings}
            codes = [c for c in order if c in found]
            codes_col.append(";".join(codes))
            evidence_col.append(evidence_json(findings))
            dims: list[str] = []
            for code in codes:
                dim = detector.taxonomy.dimension(code)
                if dim not in dims:
                    dims.append(dim)
            dims_col.append(";".join(dims))
        return pd.DataFrame(
            {
                C.PAIN_POINTS: codes_col,
                C.PAIN_POINT_EVIDENCE: evidence_col,
                C.PAIN_POINT_DIMENSIONS: dims_col,
            }
        )
