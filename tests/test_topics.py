"""Topics: a synthetic after-sales corpus with known themes, fitted once per session."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from voc import columns as C
from voc.errors import InputError, ModelError
from voc.text import preprocess
from voc.topics import TfidfSvdEmbedder, TopicModeler, compatible, resolve_embedder
from voc.topics._units import ISSUE, PRAISE, build_units
from voc.topics._words import is_label_word, label_words, make_label

# Complaint themes: what customers name × what they say about it, so clauses vary like real ones.
THEMES: dict[str, tuple[list[str], list[str]]] = {
    "parts_supply": (
        ["配件", "备件", "零件", "原厂配件"],
        ["缺货等了两周", "一直没有到货", "迟迟不发货", "等了一个多月", "库存没有货", "供应太慢"],
    ),
    "charges": (
        ["维修费", "检测费", "上门费", "报价"],
        ["收得太贵", "乱收费", "比外面贵很多", "不合理", "收得离谱", "保修期内还要收"],
    ),
    "staff_attitude": (
        ["客服", "工作人员", "接待人员", "售后人员"],
        ["态度很差", "态度恶劣", "一直推诿", "说话很不耐烦", "态度冷漠", "敷衍了事"],
    ),
    "logistics": (
        ["快递", "物流", "快递员", "包装"],
        ["把箱子摔坏了", "太慢了", "一周才送到", "破损严重", "信息一直不更新", "不送上门"],
    ),
}
FILLERS = ["真的很无语", "非常失望", "太让人生气了", "", ""]
PRAISE_PHRASES = [
    "工程师很专业",
    "服务态度很好",
    "维修很及时",
    "客服很耐心",
    "上门很准时",
    "整体非常满意",
]
NEW_THEME = ["屏幕出现漏光现象", "屏幕漏光很明显", "显示屏有漏光", "屏幕边缘漏光严重"]


def make_corpus(
    per_theme: int = 70, praise: int = 60, seed: int = 0
) -> tuple[list[str], list[float], list[str]]:
    """(texts, comment sentiment, theme) for a corpus of complaints plus praise-only comments."""
    rng = random.Random(seed)
    texts, sentiments, themes = [], [], []
    for theme, (subjects, predicates) in THEMES.items():
        for _ in range(per_theme):
            clause = rng.choice(subjects) + rng.choice(predicates)
            filler = rng.choice(FILLERS)
            texts.append("，".join(p for p in (clause, filler) if p) + "。")
            sentiments.append(-0.8)
            themes.append(theme)
    for _ in range(praise):
        a, b = rng.sample(PRAISE_PHRASES, 2)
        texts.append(f"{a}，{b}！")
        sentiments.append(0.8)
        themes.append("praise")
    return texts, sentiments, themes


SEEDS = {
    "parts_supply": ["配件", "备件", "缺货"],
    "charges": ["收费", "费用", "报价"],
    "logistics": ["快递", "物流", "包装"],
}


@pytest.fixture(scope="session")
def corpus() -> tuple[list[str], list[float], list[str]]:
    return make_corpus()


@pytest.fixture(scope="session")
def fitted(corpus: tuple[list[str], list[float], list[str]]) -> TopicModeler:
    texts, sentiments, _ = corpus
    return TopicModeler(seed_topics=SEEDS, random_state=7).fit(texts, sentiments=sentiments)


# ----------------------------------------------------------------------------- fast, no BERTopic
def test_import_voc_topics_stays_light() -> None:
    code = "import sys, voc, voc.topics; print(sorted(m for m in ('bertopic', 'umap', 'hdbscan', 'torch', 'sentence_transformers') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_units_take_complaint_clauses_and_praise_only_comments() -> None:
    texts = ("工程师很专业，但是配件等了三周，太失望了", "服务很好，上门很准时", "没有", "太让人生气了！")
    units = build_units([preprocess(t) for t in texts], clause_scores=[[0.7, -0.8, -0.9], [0.6, 0.9], [0.0], [-0.9]])
    # Praise beside a complaint is not clustered; a bare feeling only when it is all there is;
    # "没有" is no answer.
    pairs = list(zip(units.comment.tolist(), units.pool))
    assert pairs == [(0, ISSUE), (1, PRAISE), (1, PRAISE), (3, ISSUE)]
    assert "配件" in units.text[0]


def test_label_words_are_real_words() -> None:
    assert label_words(["的", "配件", "，", "1", "缺货", "配件缺货", "a", "发货"]) == [
        "配件",
        "缺货",
        "发货",
    ]
    assert not is_label_word("不是") and not is_label_word("了") and not is_label_word("!!")
    assert make_label(["配件", "缺货"], "parts_supply") == "配件、缺货 [parts_supply]"
    assert make_label(["服务"], praise=True) == "服务 [好评]"


def test_tfidf_svd_embedder_round_trips_its_state() -> None:
    texts = [
        "配件缺货等了两周",
        "快递太慢了",
        "客服态度很差",
        "维修收费太贵",
        "配件一直没有到货",
    ] * 3
    embedder = TfidfSvdEmbedder(n_components=3, random_state=1).fit(texts)
    config, arrays = embedder.get_state()
    again = TfidfSvdEmbedder.from_state(json.loads(json.dumps(config)), arrays)
    assert np.array_equal(embedder.embed(texts), again.embed(texts))
    assert np.allclose(np.linalg.norm(embedder.embed(texts), axis=1), 1.0, atol=1e-5)


def test_embedder_registry_resolves_names_and_rejects_unknown() -> None:
    assert isinstance(resolve_embedder("tfidf-svd"), TfidfSvdEmbedder)
    with pytest.raises(InputError, match="available: sentence-transformers, tfidf-svd"):
        resolve_embedder("word2vec")


def test_sentence_transformers_needs_a_local_directory(tmp_path: Path) -> None:
    embedder = resolve_embedder(str(tmp_path / "no-such-model"))
    with pytest.raises(InputError, match="not a local directory"):
        embedder.embed(["配件缺货"])


def test_version_compatibility_rule() -> None:
    assert compatible("0.1.0", "0.1.5")
    assert not compatible("0.2.0", "0.1.0")
    assert compatible("1.0.0", "1.4.0") and not compatible("2.0.0", "1.4.0")
    assert not compatible("garbage", "0.1.0")


def test_unfitted_model_and_too_few_comments() -> None:
    with pytest.raises(InputError, match="not fitted"):
        TopicModeler().transform(["配件缺货"])
    with pytest.raises(InputError, match="at least 50 comments"):
        TopicModeler().fit(["配件缺货"] * 10)


def test_load_refuses_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a voc topic model directory"):
        TopicModeler.load(tmp_path)


def test_small_input_gets_a_note_not_a_model() -> None:
    import voc

    frame = pd.DataFrame({"意见": ["配件等了三周，太慢了", "工程师很专业", "客服态度很差"] * 4})
    result = voc.analyze(frame, text_cols="意见")
    assert any("too few for a topic model" in note for note in result.notes)
    assert result.topics.empty
    assert (result.comments[C.TOPIC_ID] == -1).all()
    assert result.config["topics"]["model"] == "none"


def test_no_topics_option_skips_the_step() -> None:
    import voc

    frame = pd.DataFrame({"意见": ["配件等了三周，太慢了", "工程师很专业"]})
    result = voc.analyze(frame, text_cols="意见", topics=False)
    assert result.config["topics"] == {"model": "off"}
    assert not any("topic model" in note for note in result.notes)


# ----------------------------------------------------------------------------- BERTopic fits
@pytest.mark.slow
def test_topics_recover_the_themes(
    fitted: TopicModeler, corpus: tuple[list[str], list[float], list[str]]
) -> None:
    _, _, themes = corpus
    ids, theme_of = fitted.assignment_.topic_ids, np.array(themes)
    assert (ids < 0).mean() <= 0.2
    kinds = {t.topic_id: t.kind for t in fitted.topics_}
    codes = {t.topic_id: t.code for t in fitted.topics_}
    for topic in set(ids.tolist()) - {-1}:
        members = theme_of[ids == topic]
        values, counts = np.unique(members, return_counts=True)
        main = str(values[counts.argmax()])
        assert counts.max() / len(members) >= 0.8, (
            fitted.label_of(topic),
            dict(zip(values, counts)),
        )
        assert kinds[topic] == (PRAISE if main == "praise" else ISSUE)
        if main in SEEDS and len(members) >= 20:
            assert codes[topic] == main, fitted.label_of(topic)
    for theme in THEMES:
        assert (ids[theme_of == theme] >= 0).mean() >= 0.8, theme


@pytest.mark.slow
def test_labels_are_made_of_real_chinese_words(fitted: TopicModeler) -> None:
    for topic in fitted.topics_:
        words = topic.label.split(" [")[0].split("、")
        if topic.mixed:  # a remainder of varied complaints is labelled 其他 (other) first
            assert words[0] == "其他"
            words = words[1:]
        assert all(is_label_word(w) for w in words), topic.label


@pytest.mark.slow
def test_same_seed_same_topics(
    fitted: TopicModeler, corpus: tuple[list[str], list[float], list[str]]
) -> None:
    texts, sentiments, _ = corpus
    again = TopicModeler(seed_topics=SEEDS, random_state=7).fit(texts, sentiments=sentiments)
    assert np.array_equal(again.assignment_.topic_ids, fitted.assignment_.topic_ids)
    assert [t.label for t in again.topics_] == [t.label for t in fitted.topics_]


@pytest.mark.slow
def test_new_pain_points_are_not_forced_into_old_topics(fitted: TopicModeler) -> None:
    new = [f"{a}，{b}。" for a in NEW_THEME for b in NEW_THEME if a != b]
    subjects, predicates = THEMES["charges"]
    old = [f"{a}{b}。" for a in subjects for b in predicates[:2]]
    frame = fitted.transform(new + old, sentiments=[-0.8] * (len(new) + len(old)))
    assert (frame[C.TOPIC_ID].iloc[: len(new)] == -1).mean() >= 0.8
    placed = frame[C.TOPIC_ID].iloc[len(new) :]
    assert (placed >= 0).mean() >= 0.5
    charges = {t.topic_id for t in fitted.topics_ if t.code == "charges"}
    assert set(placed[placed >= 0]) <= charges | {
        t.topic_id for t in fitted.topics_ if "费" in t.label
    }


@pytest.mark.slow
def test_save_load_round_trip_in_a_fresh_process(
    fitted: TopicModeler, corpus: tuple[list[str], list[float], list[str]], tmp_path: Path
) -> None:
    texts, sentiments, _ = corpus
    fitted.save(tmp_path / "model")
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == ["arrays.npz", "config.json"]
    expected = fitted.transform(texts, sentiments=sentiments)
    assert expected.equals(
        TopicModeler.load(tmp_path / "model").transform(texts, sentiments=sentiments)
    )
    (tmp_path / "in.json").write_text(
        json.dumps({"texts": texts, "sentiments": sentiments}, ensure_ascii=False), encoding="utf-8"
    )
    code = (
        "import json, sys; from voc.topics import TopicModeler; d = json.load(open(sys.argv[2], encoding='utf-8'));"
        "f = TopicModeler.load(sys.argv[1]).transform(d['texts'], sentiments=d['sentiments']);"
        "print(json.dumps([f.topic_id.tolist(), f.topic_label.tolist()], ensure_ascii=False))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "model"), str(tmp_path / "in.json")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert json.loads(out.stdout) == [
        expected[C.TOPIC_ID].tolist(),
        expected[C.TOPIC_LABEL].tolist(),
    ]


@pytest.mark.slow
def test_load_refuses_an_incompatible_version(fitted: TopicModeler, tmp_path: Path) -> None:
    fitted.save(tmp_path / "model")
    config_path = tmp_path / "model" / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["voc_version"] = "9.0.0"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError, match="written by voc 9.0.0"):
        TopicModeler.load(tmp_path / "model")


@pytest.mark.slow
def test_analyze_fills_topics_and_reuses_a_saved_model(
    tmp_path: Path, corpus: tuple[list[str], list[float], list[str]]
) -> None:
    import voc

    texts, _, _ = corpus
    rng = random.Random(3)
    frame = pd.DataFrame(
        {
            "意见": texts,
            "总体满意度": [rng.randint(1, 5) for _ in texts],
            "区域": [rng.choice(["华东", "华北"]) for _ in texts],
        }
    )
    result = voc.analyze(
        frame,
        text_cols="意见",
        score_cols="总体满意度",
        segment_cols="区域",
        seed=3,
        save_topic_model=tmp_path / "wave1",
    )
    comments, topics = result.comments, result.topics
    assert comments[C.TOPIC_ID].dtype == np.int64
    assert set(comments[C.TOPIC_ID]) - {-1} <= set(topics[C.TOPIC_ID])
    assert {
        "size",
        "share",
        "mean_sentiment",
        "code",
        "quote_1",
        "quote_2",
        "quote_3",
        "mean_总体满意度",
    } <= set(topics.columns)
    assert topics["size"].sum() == len(comments)
    assert "topics_by_segment" in result.tables
    assert result.config["topics"]["seed"] == 3
    again = voc.analyze(
        frame, text_cols="意见", score_cols="总体满意度", topic_model=tmp_path / "wave1"
    )
    assert (
        result.config["topics"]["model"] == "fitted" and again.config["topics"]["model"] == "reused"
    )
    assert set(again.comments[C.TOPIC_LABEL]) - {""} <= set(topics[C.TOPIC_LABEL])


def test_cli_topic_options(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from voc_cli.main import app

    data = tmp_path / "survey.csv"
    pd.DataFrame({"意见": ["配件等了三周，太慢了", "工程师很专业"] * 3}).to_csv(data, index=False)
    not_a_model = tmp_path / "empty"
    not_a_model.mkdir()
    out = tmp_path / "out.csv"
    runner = CliRunner()
    base = ["analyze", str(data), "--text-col", "意见", "--out", str(out)]
    result = runner.invoke(app, [*base, "--topic-model", str(not_a_model)])
    assert result.exit_code == 2
    assert "not a voc topic model directory" in result.output
    result = runner.invoke(app, [*base, "--no-topics", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out.csv.config.json").read_text(encoding="utf-8"))["topics"] == {"model": "off"}
