"""The flag model trained from QA decisions: fit, cross-validated report, persistence without pickle, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from voc.errors import InputError, ModelError
from voc.flagmodel import FlagModel, evaluate, read_labels, rule_prediction

REAL = ["配件等了三周还没到，再不修就打12315投诉", "修了三次都没修好，我要找媒体曝光", "设备冒烟了，有安全隐患", "说好的换新机给了翻新机，这是欺诈",
        "客服推诿，我要投诉到消费者协会", "返修了好几次还是坏，律师函已经准备好了"]
FALSE = ["工程师态度特别好，就是等了几天", "整体还行吧，稍微有点慢", "价格有点贵，但服务不错", "没什么大问题，建议多培训",
         "希望配件再便宜一点", "下次希望快一点，总体满意"]


def labelled(repeat: int = 4) -> pd.DataFrame:
    """Rule-flagged comments: the real ones carry threat/safety/fraud cues; the false alarms are mild."""
    rows = []
    for i in range(repeat):
        for text in REAL:
            rows.append({"text": f"{text}{'！' * i}", "label": 1, "escalate": True, "severity": 2, "flag_reasons": "升级威胁: 投诉", "pain_points": "response_delay"})
        for text in FALSE:
            rows.append({"text": f"{text}{'。' * i}", "label": 0, "escalate": i % 2 == 0, "severity": 2, "flag_reasons": "明显不满: 慢", "pain_points": "response_delay"})
    return pd.DataFrame(rows)


def test_model_beats_the_rules_on_precision() -> None:
    frame = labelled()
    assert rule_prediction(frame).all()
    report = evaluate(frame, folds=4)
    assert report["rules"]["precision"] == 0.5 and report["rules"]["recall"] == 1.0
    assert report["model"]["precision"] > report["rules"]["precision"]
    assert report["change"]["precision"] == pytest.approx(report["model"]["precision"] - 0.5, abs=1e-4)
    assert report["folds"] == 4 and report["n"] == 48


def test_save_and_load_give_identical_probabilities(tmp_path: Path) -> None:
    frame = labelled()
    model = FlagModel().fit(frame)
    before = model.predict_proba(frame)
    model.save(tmp_path / "model", metrics={"note": "test"})
    with np.load(tmp_path / "model" / "arrays.npz", allow_pickle=False) as data:
        assert set(data.files) == {"terms", "idf", "coef"}
    config = json.loads((tmp_path / "model" / "config.json").read_text(encoding="utf-8"))
    assert config["voc_version"] and config["name"] == "voc.flagmodel.logreg.v1"
    loaded = FlagModel.load(tmp_path / "model")
    assert np.array_equal(loaded.predict_proba(frame), before)
    fresh = pd.DataFrame({"text": ["再不修就打12315投诉", "总体满意"]})  # rule columns are optional
    assert loaded.predict_proba(fresh).shape == (2,)


def test_incompatible_or_corrupt_models_are_refused(tmp_path: Path) -> None:
    path = FlagModel().fit(labelled()).save(tmp_path / "model")
    config_path = path / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config_path.write_text(json.dumps({**config, "voc_version": "9.0.0"}), encoding="utf-8")
    with pytest.raises(ModelError, match="incompatible"):
        FlagModel.load(path)
    config_path.write_text(json.dumps({**config, "pain_codes": []}), encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt"):
        FlagModel.load(path)
    with pytest.raises(ModelError, match="not a voc flag model"):
        FlagModel.load(tmp_path / "missing")
    with pytest.raises(ModelError, match="not fitted"):
        FlagModel().predict_proba(labelled())


def test_labels_need_both_classes() -> None:
    frame = labelled()
    with pytest.raises(InputError, match="at least 2 of each"):
        evaluate(pd.concat([frame[frame.label == 1], frame[frame.label == 0].head(1)]))
    with pytest.raises(InputError, match="all one class"):
        FlagModel().fit(frame[frame.label == 1])


def test_read_labels_accepts_statuses_and_refuses_junk(tmp_path: Path) -> None:
    pd.DataFrame({"text": ["a", "b", "c"], "label": ["confirmed", "false_alarm", "1"]}).to_csv(tmp_path / "ok.csv", index=False)
    assert read_labels(tmp_path / "ok.csv")["label"].tolist() == [1, 0, 1]
    pd.DataFrame({"text": ["a"], "label": ["maybe"]}).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(InputError, match="not 1/0"):
        read_labels(tmp_path / "bad.csv")
    pd.DataFrame({"comment": ["a"]}).to_csv(tmp_path / "cols.csv", index=False)
    with pytest.raises(InputError, match="missing"):
        read_labels(tmp_path / "cols.csv")


def test_cli_train_flags(tmp_path: Path) -> None:
    from voc_cli.main import app

    labelled().to_csv(tmp_path / "labels.csv", index=False)
    result = CliRunner().invoke(app, ["train", "flags", str(tmp_path / "labels.csv"), "--out", str(tmp_path / "model"), "--folds", "3"])
    assert result.exit_code == 0, result.output
    assert "rule flags" in result.output and "flag model" in result.output and "change" in result.output
    assert (tmp_path / "model" / "config.json").exists()
    result = CliRunner().invoke(app, ["train", "flags", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "m2")])
    assert result.exit_code == 2
