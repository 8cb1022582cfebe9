"""Pick the quotes that best represent each pain point across interviews (extractive, verbatim).

A quote is a sentence the customer actually said (PII-masked), chosen because it carries the pain
point, is close to what the other customers said about it (TF-IDF centrality over character
n-grams, so no tokenizer or model is needed) and is clearly negative; one quote per interview comes
first so a single talkative customer cannot fill the list.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from voc import columns as C
from voc.pipeline.scorer import Scorer
from voc.pipeline.summaries import split_codes
from voc.text import preprocess, split_sentences

#: A turn longer than this is cut to the sentences that carry the pain point.
MAX_QUOTE_CHARS = 120

#: The turn as said (PII-masked, not normalised): quotes are cut from it.
VERBATIM = "verbatim"

QUOTE_COLUMNS = [
    "痛点",
    "排名",
    "引语",
    "访谈",
    "客户编号",
    "轮次",
    "时间",
    "提问",
    "情感分",
    "提及访谈数",
]


def _sentences(text: str) -> list[str]:
    return [s for s in split_sentences(text) if s.strip()] if text else []


def quote_candidates(turns: pd.DataFrame, scorer: Scorer) -> pd.DataFrame:
    """One row per (turn, pain point) with the verbatim span to quote.

    Long turns are scored sentence by sentence and the sentences carrying the pain point are kept;
    when no single sentence carries it (the complaint needs the whole turn), the turn's first
    ``MAX_QUOTE_CHARS`` characters are used.
    """
    rows = []
    long_turns = turns[turns[VERBATIM].str.len() > MAX_QUOTE_CHARS]
    sentence_codes: dict[int, list[tuple[str, list[str], float]]] = {}
    if len(long_turns):
        pieces = [(idx, s) for idx, text in long_turns[VERBATIM].items() for s in _sentences(text)]
        if pieces:
            scored = scorer.score_docs([preprocess(s) for _, s in pieces])
            for (idx, sentence), codes, sentiment in zip(
                pieces, scored[C.PAIN_POINTS], scored[C.SENTIMENT], strict=True
            ):
                sentence_codes.setdefault(idx, []).append(
                    (sentence, split_codes(codes), float(sentiment))
                )
    for idx, row in turns.iterrows():
        for code in split_codes(row[C.PAIN_POINTS]):
            quote, sentiment = row[VERBATIM], float(row[C.SENTIMENT])
            if idx in sentence_codes:
                hits = [
                    (i, s, v)
                    for i, (s, codes, v) in enumerate(sentence_codes[idx])
                    if code in codes
                ]
                if hits:
                    # The two most negative sentences carrying the pain point, in the order said.
                    chosen = sorted(sorted(hits, key=lambda h: np.nan_to_num(h[2]))[:2])
                    quote = "".join(s for _, s, _ in chosen)
                    values = [v for _, _, v in chosen if not math.isnan(v)]
                    sentiment = float(np.mean(values)) if values else math.nan
                else:
                    quote = row[VERBATIM][:MAX_QUOTE_CHARS]
            rows.append(
                {
                    "痛点": code,
                    "引语": quote.strip(),
                    "访谈": row["interview"],
                    "客户编号": row["customer_id"],
                    "轮次": int(row["turn"]),
                    "时间": row["timestamp"],
                    "提问": row["context"],
                    "情感分": sentiment,
                    C.SEVERITY: int(row[C.SEVERITY]),
                }
            )
    return pd.DataFrame(rows)


def _centrality(texts: Sequence[str]) -> np.ndarray:
    if len(texts) < 2:
        return np.ones(len(texts))
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 2)).fit_transform(texts)
    centroid = np.asarray(matrix.mean(axis=0))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel() * (
        np.linalg.norm(centroid) or 1.0
    )
    sims = np.asarray(matrix @ centroid.T).ravel() / np.where(norms == 0, 1.0, norms)
    spread = sims.max() - sims.min()
    return (sims - sims.min()) / spread if spread > 0 else np.ones(len(texts))


def representative_quotes(candidates: pd.DataFrame, per_pain_point: int = 3) -> pd.DataFrame:
    """The ``per_pain_point`` best quotes for each pain point, most mentioned pain point first."""
    if candidates.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    out = []
    order = candidates.groupby("痛点")["访谈"].nunique().sort_values(ascending=False, kind="stable")
    for code in order.index:
        group = candidates[candidates["痛点"] == code].drop_duplicates(["访谈", "引语"]).copy()
        negativity = (-group["情感分"].fillna(0.0)).clip(0, 1)
        group["_rank"] = (
            0.5 * _centrality(group["引语"].tolist())
            + 0.3 * negativity
            + 0.2 * group[C.SEVERITY] / 2
        )
        group = group.sort_values(
            ["_rank", "访谈", "轮次"], ascending=[False, True, True], kind="stable"
        )
        first_per_interview = ~group.duplicated("访谈")
        ranked = pd.concat([group[first_per_interview], group[~first_per_interview]]).head(
            per_pain_point
        )
        ranked = ranked.assign(排名=range(1, len(ranked) + 1), 提及访谈数=int(order[code]))
        ranked["情感分"] = ranked["情感分"].round(3)
        out.append(ranked[QUOTE_COLUMNS])
    return pd.concat(out, ignore_index=True)
