"""Optional calibration of the ECI weights on a survey's own scores, with out-of-fold predictions only.

The default weights are a documented prior. A survey with an overall-satisfaction item can learn
how much each ECI component matters to *its* customers; each respondent's calibrated index then
comes from weights fitted without that respondent (K-fold), so the index never sees the score it
is later compared with.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from voc.index._lexicon import COMPONENTS

#: Fewest respondents with text and a score before calibration is attempted.
MIN_CALIBRATION_N = 50


def _ridge(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, float]:
    mx, my = x.mean(axis=0), y.mean()
    xc = x - mx
    coef = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ (y - my))
    return coef, float(my - mx @ coef)


def calibrate_eci(
    components: pd.DataFrame,
    outcome: pd.Series,
    scale: tuple[float, float],
    folds: int = 5,
    seed: int = 0,
    alpha: float = 1.0,
) -> tuple[pd.Series, pd.DataFrame]:
    """Out-of-fold calibrated ECI (0–100) per respondent and a table of the learned weights.

    Arguments:
        components: per-respondent ``eci_<component>`` columns (−1…1).
        outcome: the score to calibrate on (e.g. overall satisfaction), same index.
        scale: (low, high) of the outcome; predictions are mapped onto 0–100 with it.
        folds, seed: K-fold split and its seed; alpha: ridge penalty.

    Returns:
        (calibrated ECI, NaN where a respondent has no text or no score; weights table with the
        full-data weight of each component — for reading only — and the out-of-fold fit).
    """
    cols = [f"eci_{k}" for k in COMPONENTS]
    data = components[cols].astype(float)
    ok = data.notna().all(axis=1) & outcome.notna()
    calibrated = pd.Series(np.nan, index=components.index)
    if ok.sum() < MIN_CALIBRATION_N:
        return calibrated, pd.DataFrame()
    x = data[ok].to_numpy()
    y = outcome[ok].to_numpy(dtype=float)
    order = np.random.default_rng(seed).permutation(len(y))
    pred = np.empty(len(y))
    for part in np.array_split(order, folds):
        train = np.setdiff1d(order, part)
        coef, intercept = _ridge(x[train], y[train], alpha)
        pred[part] = x[part] @ coef + intercept
    low, high = scale
    calibrated[ok] = np.clip((pred - low) / (high - low) * 100.0, 0.0, 100.0).round(2)
    coef, _ = _ridge(x, y, alpha)
    table = pd.DataFrame({"component": list(COMPONENTS), "weight_per_point": coef})
    table["oof_spearman"] = float(spearmanr(pred, y)[0])
    if "eci" in components:
        # The default index on the same respondents: calibration is worth using only if it beats this.
        table["default_spearman"] = float(spearmanr(components.loc[ok, "eci"].astype(float), y)[0])
    table["n"] = int(ok.sum())
    return calibrated, table
