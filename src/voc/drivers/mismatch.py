"""Text-vs-score mismatches for QA: a top score over an angry comment, a bottom score over praise.

Either the respondent ticked the wrong end of the scale, or the text scorer misread the comment;
both are worth a human look before the numbers go to a manager.
"""

from __future__ import annotations

import pandas as pd

from voc import columns as C

ANGRY_ECI = 20.0
PRAISE_ECI = 70.0


def mismatches(
    respondents: pd.DataFrame,
    comments: pd.DataFrame,
    high: pd.Series,
    low: pd.Series,
    row_col: str = "row",
) -> pd.DataFrame:
    """Comments whose tone contradicts their author's score.

    Arguments:
        respondents: the per-respondent table (``row`` = position in the input).
        comments: scored comments with ``row``, ``eci`` and ``sentiment``.
        high, low: per-respondent booleans (indexed by row): score in the top box / bottom box.

    Returns:
        one row per contradicting comment: id, kind, the scores, eci, sentiment and text.
    """
    if comments.empty:
        return pd.DataFrame(columns=["id", "kind", "row", "eci", "sentiment", "text"])
    rows = comments[row_col].to_numpy()
    is_high = high.reindex(rows).fillna(False).to_numpy(dtype=bool)
    is_low = low.reindex(rows).fillna(False).to_numpy(dtype=bool)
    eci = comments[C.ECI].astype(float).to_numpy()
    sentiment = comments[C.SENTIMENT].astype(float).to_numpy()
    angry = (eci < ANGRY_ECI) & (sentiment < -0.5)
    praise = (eci > PRAISE_ECI) & (sentiment > 0.3)
    kind = pd.Series("", index=comments.index, dtype=object)
    kind[is_high & angry] = "high_score_negative_text"
    kind[is_low & praise] = "low_score_positive_text"
    picked = comments[kind != ""]
    out = pd.DataFrame(
        {
            "id": picked[C.ID].to_numpy(),
            "kind": kind[kind != ""].to_numpy(),
            "row": picked[row_col].to_numpy(),
            "eci": picked[C.ECI].to_numpy(),
            "sentiment": picked[C.SENTIMENT].to_numpy(),
            "source_col": picked[C.SOURCE_COL].to_numpy(),
            "text": picked[C.TEXT].to_numpy(),
        }
    )
    return out
