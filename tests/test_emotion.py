"""Emotion stage: after-sales emotions, negation, neutral comments, the optional DUTIR lexicon."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from voc import columns as C
from voc.emotion import EMOTION_CODES, EmotionStage, emotion_column
from voc.emotion._lexicon import load_emotion_lexicon, read_emotion_words
from voc.errors import ConfigError
from voc.pipeline.defaults import default_stages
from voc.text import preprocess


def emotions(*texts: str, lexicon: str = "voc") -> pd.DataFrame:
    docs = [preprocess(t) for t in texts]
    return EmotionStage(lexicon).transform(docs, pd.DataFrame(index=range(len(docs))))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("等了一个月还没修好，气死我了！", "anger"),
        ("再不解决我就投诉到12315", "anger"),
        ("机器一直没修好，耽误工作，很着急", "anxiety"),
        ("对这次售后太失望了", "disappointment"),
        ("谢谢师傅，辛苦了", "gratitude"),
        ("售后有保障，用着放心", "trust"),
        ("Very disappointed, the repair took 3 weeks", "disappointment"),
    ],
)
def test_dominant_emotion(text: str, code: str) -> None:
    assert emotions(text).loc[0, C.EMOTION] == code


def test_columns_and_range() -> None:
    frame = emotions("谢谢师傅", "很失望")
    assert list(frame.columns) == [C.EMOTION] + [emotion_column(c) for c in EMOTION_CODES]
    assert list(frame.columns)[1:] == [
        C.EMOTION_ANGER,
        C.EMOTION_ANXIETY,
        C.EMOTION_DISAPPOINTMENT,
        C.EMOTION_GRATITUDE,
        C.EMOTION_TRUST,
    ]
    values = frame.drop(columns=[C.EMOTION]).to_numpy()
    assert ((values >= 0) & (values <= 1)).all()


def test_neutral_and_blank_comments_have_no_emotion() -> None:
    frame = emotions("快递今天到了", "")
    assert frame[C.EMOTION].tolist() == ["", ""]
    assert frame.loc[0, "emotion_anger"] == 0.0
    assert pd.isna(frame.loc[1, "emotion_anger"])


def test_negation() -> None:
    frame = emotions("不放心", "不生气", "我不担心")
    assert frame.loc[0, C.EMOTION] == "anxiety"  # negated trust
    assert frame.loc[1, "emotion_anger"] == 0.0
    assert frame.loc[2, "emotion_anxiety"] == 0.0


def test_intensity_grows_with_degree_and_exclamation() -> None:
    frame = emotions("失望", "非常失望!!!")
    assert frame.loc[1, "emotion_disappointment"] > frame.loc[0, "emotion_disappointment"]


def test_dutir_is_optional_and_adds_its_categories() -> None:
    assert "dutir_anger" not in load_emotion_lexicon("voc").codes
    frame = emotions("非常愤怒", lexicon="dutir")
    assert "emotion_dutir_anger" in frame.columns and "emotion_dutir_joy" in frame.columns


def test_bad_lexicon_names_and_lines(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="dutir"):
        load_emotion_lexicon("nrc")
    bad = tmp_path / "lexicon.txt"
    bad.write_text("生气 anger\n开心 joy\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"lexicon.txt:2.*joy"):
        read_emotion_words(bad, EMOTION_CODES)


def test_emotion_stage_is_in_the_default_pipeline() -> None:
    names = [stage.name for stage in default_stages()]
    assert names.index("emotion") == names.index("sentiment") + 1
    import voc

    scored = voc.score(["谢谢师傅，一次就修好了"])
    assert scored.loc[0, C.EMOTION] == "gratitude"
    assert scored.loc[0, "emotion_gratitude"] > 0
