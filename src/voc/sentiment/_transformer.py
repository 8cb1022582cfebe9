"""Any Hugging Face sequence-classification model from a local directory (never a download).

torch and transformers are imported only when this backend is built. The model's labels decide
the polarity: a two-label model is read as (negative, positive); with more labels, ``id2label``
names containing "neg"/"pos" are used (others count as neutral).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voc.errors import ModelError, missing_dependency
from voc.sentiment._base import SentimentResult
from voc.text import ProcessedText


class TransformerSentiment:
    """Polarity = P(positive) − P(negative) from a local sequence-classification model.

    Arguments:
        model_dir: a directory saved with ``save_pretrained`` (model + tokenizer).
        batch_size: texts per forward pass (results do not depend on it: no padding effects on
            the logits beyond floating-point noise, which rounding to 4 places removes).
        max_length: longest input in tokens.
    """

    name = "transformer"

    def __init__(self, model_dir: str | Path, batch_size: int = 16, max_length: int = 256) -> None:
        self.model_dir = Path(model_dir)
        self.batch_size = batch_size
        self.max_length = max_length
        self._model: Any = None
        self._tokenizer: Any = None

    def initialize(self) -> TransformerSentiment:
        """Load model and tokenizer from the local directory."""
        if self._model is not None:
            return self
        try:
            import torch  # noqa: F401
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise missing_dependency(
                exc.name or "transformers", "the transformer sentiment backend"
            ) from exc
        if not self.model_dir.is_dir():
            raise ModelError(
                f"transformer model directory not found: {self.model_dir} (voc never downloads models)"
            )
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(
                str(self.model_dir), local_files_only=True
            )
            self._model = AutoModelForSequenceClassification.from_pretrained(
                str(self.model_dir), local_files_only=True
            )
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"{self.model_dir}: cannot load a sequence-classification model ({exc})"
            ) from exc
        self._model.eval()
        return self

    def _polarity_weights(self) -> list[float]:
        labels = {int(k): str(v).lower() for k, v in self._model.config.id2label.items()}
        if len(labels) == 2 and not any("neg" in v or "pos" in v for v in labels.values()):
            return [-1.0, 1.0]
        return [
            (-1.0 if "neg" in labels[i] else 1.0 if "pos" in labels[i] else 0.0)
            for i in range(len(labels))
        ]

    def _probabilities(self, texts: list[str]) -> list[list[float]]:
        import torch

        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            # One text per forward pass would be slower; padding does not change a text's logits.
            batch = self._tokenizer(
                texts[start : start + self.batch_size],
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            )
            with torch.no_grad():
                logits = self._model(**batch).logits
            out.extend(torch.softmax(logits.float(), dim=-1).tolist())
        return out

    def score(self, docs: Sequence[ProcessedText]) -> list[SentimentResult]:
        """Score each comment; clause scores come from the same model on each clause."""
        self.initialize()
        weights = self._polarity_weights()
        present = [d for d in docs if not d.is_empty]
        probabilities = iter(
            self._probabilities(
                [d.text for d in present] + [c.text for d in present for c in d.clauses]
            )
        )
        doc_probabilities = [next(probabilities) for _ in present]
        results: list[SentimentResult] = []
        doc_iter = iter(doc_probabilities)
        polarities: list[float | None] = []
        for doc in docs:
            polarities.append(
                None if doc.is_empty else sum(w * p for w, p in zip(weights, next(doc_iter)))
            )
        for doc, polarity in zip(docs, polarities):
            if polarity is None:
                results.append(SentimentResult(math.nan))
                continue
            clauses = tuple(
                round(sum(w * p for w, p in zip(weights, next(probabilities))), 4)
                for _ in doc.clauses
            )
            results.append(
                SentimentResult(
                    polarity, abs(polarity), clauses, (f"transformer {self.model_dir.name}",)
                )
            )
        return results
