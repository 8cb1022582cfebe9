"""The emotional-connection index: formula, cues, negation, no text → NaN, the stage and its data file."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import voc
from voc.errors import ConfigError
from voc.index import COMPONENTS, EciStage, load_lexicon, parse_lexicon, score_eci
from voc.pipeline.defaults import default_stages
from voc.text import preprocess

LEX = load_lexicon()


def eci(text: str, sentiment: float | None = None) -> float:
    return score_eci(preprocess(text), LEX, sentiment).eci


@pytest.mark.parametrize("text", ["", "   ", "。。。"])
def test_no_text_is_nan_not_50(text: str) -> None:
    assert math.isnan(eci(text))


def test_orders_warm_over_cold() -> None:
    warm = eci("问题解决了，工程师很专业，谢谢，会继续用你们的产品")
    neutral = eci("已寄出")
    cold = eci("跑了三趟还没修好，太失望了，再也不买了，换品牌")
    assert warm > 75 > neutral > 25 > cold
    assert 40 <= neutral <= 60


@pytest.mark.parametrize(
    ("text", "component", "sign"),
    [
        ("会继续用，也会推荐给朋友", "loyalty", 1),
        ("下次换品牌，再也不买了", "loyalty", -1),
        ("打了十几个电话才有人理", "effort", -1),
        ("跑了三趟", "effort", -1),
        ("一次就修好了，很省心", "effort", 1),
        ("问题解决了", "resolution", 1),
        ("到现在还没修好", "resolution", -1),
        ("谢谢你们，很放心", "emotion", 1),
        ("太气人了，我很着急", "emotion", -1),
        ("我们是多年的合作伙伴", "partnership", 1),
    ],
)
def test_each_component_reads_its_cues(text: str, component: str, sign: int) -> None:
    value = score_eci(preprocess(text), LEX).components[component]
    assert value * sign > 0.3, (text, component, value)


def test_negation_flips_praise_but_not_complaints() -> None:
    assert score_eci(preprocess("不满意"), LEX).components["valence"] < 0
    assert score_eci(preprocess("不推荐"), LEX).components["loyalty"] < 0
    assert score_eci(preprocess("不贵"), LEX).components["valence"] > 0
    assert (
        score_eci(preprocess("不错"), LEX).components["valence"] > 0
    )  # 不错 is one cue, not 不 + 错


def test_contrast_clause_carries_the_verdict() -> None:
    assert eci("态度还行，但是问题一直没解决") < eci("问题一直没解决，但是态度还行")


def test_sentiment_and_emotion_columns_are_blended() -> None:
    doc = preprocess("已寄出")
    assert (
        score_eci(doc, LEX, 0.9).eci > score_eci(doc, LEX, None).eci > score_eci(doc, LEX, -0.9).eci
    )
    warm = score_eci(
        doc, LEX, emotions={"emotion_trust": 0.9, "emotion_gratitude": 0.8}
    ).components["emotion"]
    cold = score_eci(doc, LEX, emotions={"emotion_anger": 0.9}).components["emotion"]
    assert warm > 0 > cold


def test_stage_is_in_defaults_and_fills_columns() -> None:
    stages = default_stages()
    names = [s.name for s in stages]
    # After every stage whose columns it reads (sentiment, emotion); flags may read it in turn.
    assert names.index("eci") > max(names.index(n) for n in names if n in ("sentiment", "emotion"))
    docs = [preprocess(t) for t in ["问题解决了，谢谢", ""]]
    frame = pd.DataFrame({"sentiment": [0.5, math.nan], "emotion_anger": [0.0, math.nan]})
    out = EciStage().transform(docs, frame)
    assert list(out.columns[: 1 + len(COMPONENTS)]) == ["eci", *(f"eci_{c}" for c in COMPONENTS)]
    assert out["eci"].iloc[0] > 50 and math.isnan(out["eci"].iloc[1])


def test_score_contract_has_eci() -> None:
    table = voc.score(["工程师很专业，一次就修好了，会推荐", ""])
    assert table["eci"].iloc[0] > 60 and math.isnan(table["eci"].iloc[1])
    assert table["eci"].between(0, 100).iloc[:1].all()


def test_custom_lexicon_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "eci.toml"
    path.write_text(
        '[weights]\nloyalty = 3.0\n[loyalty]\npositive = ["铁粉"]\nnegative = []\n',
        encoding="utf-8",
    )
    lex = load_lexicon(path)
    assert score_eci(preprocess("我是铁粉"), lex).eci == pytest.approx(
        100 / (1 + math.exp(-3.0 * math.tanh(0.5))), abs=0.01
    )
    with pytest.raises(ConfigError, match="weights"):
        parse_lexicon({"weights": {"valence": "high"}}, "x.toml")
    with pytest.raises(ConfigError, match="regular expression"):
        parse_lexicon({"effort": {"high": ["re:(unclosed"]}}, "x.toml")
    with pytest.raises(ConfigError, match="formula"):
        parse_lexicon({"formula": {"nonsense": 1}}, "x.toml")
    with pytest.raises(ConfigError, match="not found"):
        load_lexicon(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[weights\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        load_lexicon(bad)


def test_calibration_is_out_of_fold_and_recovers_weights() -> None:
    from voc.index.calibrate import calibrate_eci

    rng = np.random.default_rng(0)
    n = 300
    comps = pd.DataFrame({f"eci_{k}": rng.uniform(-1, 1, n) for k in COMPONENTS})
    outcome = pd.Series(3 + 1.5 * comps["eci_loyalty"] + rng.normal(0, 0.3, n))
    calibrated, table = calibrate_eci(comps, outcome, (1, 5), seed=0)
    weights = table.set_index("component")["weight_per_point"]
    assert weights["loyalty"] == pytest.approx(1.5, abs=0.1) and abs(weights["valence"]) < 0.1
    assert calibrated.between(0, 100).all() and table["oof_spearman"].iloc[0] > 0.8
    # Pure noise must not look predictive out of fold.
    _, noise = calibrate_eci(comps, pd.Series(rng.normal(3, 1, n)), (1, 5), seed=0)
    assert abs(noise["oof_spearman"].iloc[0]) < 0.2
    few, empty = calibrate_eci(comps.head(10), outcome.head(10), (1, 5))
    assert few.isna().all() and empty.empty
