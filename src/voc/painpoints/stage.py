"""The pain-point stage: writes ``pain_points`` (the contract) and the evidence QA reads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from voc import columns as C
from voc.painpoints.detector import Finding, PainPointDetector
from voc.painpoints.model import PainPointModel, default_model_dir
from voc.painpoints.taxonomy import Taxonomy
from voc.text import ProcessedText

ModelChoice = PainPointModel | str | Path | Literal["default"] | None
# Wishes and suggestions ("建议出更多焦段的镜头") name a problem only through the rules' suggestion
# reading; the learned reader was trained on reviews and reads a wish as a complaint.
_WISHES = ("希望", "建议", "能不能", "能否", "可否", "please", "should", "suggest")


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
        model: the learned second reader that adds codes the rules missed
            (:mod:`voc.painpoints.model`): ``"default"`` uses voc's shipped model with voc's default
            taxonomy and none with a custom taxonomy (its codes may mean something else); a
            directory from ``voc train painpoints`` or a loaded model is used with any taxonomy, for
            the codes both share; None reads with the rules alone.

    Examples:
        >>> from voc.text import preprocess
        >>> stage = PainPointStage()
        >>> stage.transform([preprocess("修了三次还是一样")], None)["pain_points"].tolist()
        ['misdiagnosis']
    """

    name = "pain_points"

    def __init__(
        self,
        taxonomy: Taxonomy | str | Path | None = None,
        use_sentiment: bool = False,
        model: ModelChoice = "default",
    ) -> None:
        self.taxonomy = taxonomy
        self.use_sentiment = use_sentiment
        self.model = model
        self._detector: PainPointDetector | None = None
        self._model: PainPointModel | None | bool = False  # False: not resolved yet

    @property
    def model_(self) -> PainPointModel | None:
        """The learned model in use (loaded on first use), or None when reading with rules alone."""
        if self._model is False:
            choice = self.model
            if isinstance(choice, PainPointModel):
                self._model = choice
            elif choice is None:
                self._model = None
            elif isinstance(choice, str) and choice == "default":
                self._model = PainPointModel.load(default_model_dir()) if self.taxonomy is None else None
            else:
                self._model = PainPointModel.load(choice)
        return self._model  # type: ignore[return-value]

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
        all_findings = [detector.detect(doc, scores) for doc, scores in zip(docs, clause_scores)]
        if self.model_ is not None:
            all_findings = self._add_model_findings(docs, frame, all_findings)
        for findings in all_findings:
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

    def _add_model_findings(
        self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None, all_findings: list[list[Finding]]
    ) -> list[list[Finding]]:
        """Append a finding for each code the model adds; its evidence is the clause that speaks for it most."""
        model = self.model_
        assert model is not None
        known = set(self.detector_.taxonomy.code_names)
        # Placeholder answers ("无", "没有。") and "nothing to complain about" state no complaint.
        present = [i for i, doc in enumerate(docs) if doc.clauses and not doc.is_non_answer and not doc.is_no_complaint]
        if not present:
            return all_findings
        sentiments = _comment_sentiments(docs, frame)
        added = model.added_codes(
            [docs[i].text for i in present],
            [{f.code for f in all_findings[i]} for i in present],
            [sentiments[i] for i in present],
        )
        out = list(all_findings)
        for i, codes in zip(present, added):
            codes = {c: p for c, p in codes.items() if c in known}
            if not codes:
                continue
            clauses = docs[i].clauses
            eligible = np.flatnonzero(
                [
                    may and not any(w in clause.text.lower() for w in _WISHES)
                    for may, clause in zip(self.detector_.complaint_clauses(docs[i]), clauses)
                ]
            )
            if not len(eligible):  # only questions, wishes, hearsay or imagined problems: nothing to add
                continue
            scores = model.text_scores([clauses[k].text for k in eligible])
            extra = []
            for code, p in codes.items():
                best = int(eligible[int(np.argmax(scores[:, model.codes.index(code)]))])
                extra.append(Finding(code, clauses[best].text, best, f"模型 p={p:.2f}", "model"))
            out[i] = list(all_findings[i]) + extra
        return out


def _comment_sentiments(docs: Sequence[ProcessedText], frame: pd.DataFrame | None) -> list[float]:
    """The sentiment stage's polarity per comment; scored here with voc's default backend when absent."""
    if frame is not None and C.SENTIMENT in frame.columns and len(frame) == len(docs):
        return [float(v) if v == v else 0.0 for v in pd.to_numeric(frame[C.SENTIMENT], errors="coerce")]
    from voc.sentiment import DEFAULT_BACKEND, resolve_backend

    results = resolve_backend(DEFAULT_BACKEND).score(docs)
    return [float(r.score) if r.score == r.score else 0.0 for r in results]
