"""Text processing: normalisation, PII masking, clauses, tokenisation, language, spaCy."""

from __future__ import annotations

import jieba
import pytest

from voc.text import (
    DomainTokenizer,
    detect_language,
    mask_pii,
    normalize,
    preprocess,
    split_clauses,
    split_sentences,
    tokenize,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),  # full-width → half-width
        ("維修太慢了，等了一個月", "维修太慢了,等了一个月"),  # Traditional → Simplified
        ("  太慢了  \t 真的 ", "太慢了 真的"),
        ("态度很好<br>就是慢&nbsp;了", "态度很好\n就是慢 了"),
        ("太差了！！！！！！", "太差了!!!"),  # capped, not removed
        ("好评👍😡", "好评👍😡"),  # emoji kept
        ("等等。。。。。。", "等等。。。"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_non_strings_are_empty() -> None:
    assert normalize(None) == ""
    assert normalize(float("nan")) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("我的电话13812345678", "我的电话[电话]"),
        ("手机 +86 138-1234-5678 谢谢", "手机 [电话] 谢谢"),
        ("座机010-62345678转123", "座机[电话]"),
        ("邮箱 zhang.san@example.com", "邮箱 [邮箱]"),
        ("身份证110101199003071234", "身份证[身份证]"),
        ("工单号:WO20260312001没人处理", "工单号:[单号]没人处理"),
        ("订单 1234567890123 一直没发货", "订单 [单号] 一直没发货"),
    ],
)
def test_mask_pii(raw: str, expected: str) -> None:
    assert mask_pii(raw) == expected


def test_mask_pii_keeps_hotlines_models_and_dates() -> None:
    text = "我要打12315投诉,CX-8电影机,2026-03-12送修,修了3次,花了1200元"
    assert mask_pii(text) == text


def test_clauses_split_at_contrast_words_without_comma() -> None:
    clauses = split_clauses("工程师态度很好但是配件等了三周。下次还来")
    assert [c.text for c in clauses] == ["工程师态度很好", "但是配件等了三周。", "下次还来"]
    assert clauses[1].contrast == "但是"
    assert [c.sentence for c in clauses] == [0, 0, 1]


@pytest.mark.parametrize("word", ["不过", "可是", "然而"])
def test_each_contrast_word_opens_a_clause(word: str) -> None:
    clauses = split_clauses(f"服务不错{word}太贵了")
    assert len(clauses) == 2 and clauses[1].contrast == word


def test_budan_is_not_a_contrast() -> None:
    assert [c.text for c in split_clauses("不但没修好")] == ["不但没修好"]


def test_clause_offsets_point_into_text() -> None:
    text = "等了半个月,还没消息!难道保修期内还要收费吗?"
    for clause in split_clauses(text):
        assert text[clause.start : clause.end] == clause.text
    assert split_clauses(text)[-1].is_question


def test_english_contrast_and_sentences() -> None:
    clauses = split_clauses("the engineer was great but parts took 3 weeks")
    assert [c.contrast for c in clauses] == ["", "but"]
    assert split_sentences("太慢了!还没修好。") == ["太慢了!", "还没修好。"]


def test_space_between_chinese_phrases_separates_clauses() -> None:
    assert [c.text for c in split_clauses("太慢了 真的很差")] == ["太慢了", "真的很差"]


def test_punctuation_only_gives_no_clauses() -> None:
    assert split_clauses("。。。!!") == []
    assert preprocess("  ").is_empty


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("南京市长江大桥", ["南京市", "长江大桥"]),
        ("结婚的和尚未结婚的", ["结婚", "的", "和", "尚未", "结婚", "的"]),
        ("保修期内返修了两次", ["保修期内", "返修", "了", "两次"]),
        ("寄修后没有备用机", ["寄修", "后", "没有", "备用机"]),
    ],
)
def test_tokenizer_regressions(sentence: str, expected: list[str]) -> None:
    assert tokenize(sentence) == expected


def test_domain_words_do_not_leak_into_global_jieba(tmp_path) -> None:
    userdict = tmp_path / "words.txt"
    userdict.write_text("光影测试词 5000 n\n", encoding="utf-8")
    tok = DomainTokenizer(userdicts=[userdict])
    assert "光影测试词" in tok.cut("这是光影测试词吗")
    assert "光影测试词" not in jieba.lcut("这是光影测试词吗")


def test_malformed_userdict_reports_line(tmp_path) -> None:
    from voc.errors import ConfigError

    userdict = tmp_path / "bad.txt"
    userdict.write_text("# header\n返修 2000 v\n配件 many n\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.txt:3"):
        DomainTokenizer(userdicts=[userdict]).cut("返修")


def test_content_words_drop_stopwords_and_single_chars() -> None:
    words = DomainTokenizer().content_words("我们的配件一直没有到,太慢了!")
    assert "配件" in words
    assert not {"我们", "的", "了", "!"} & set(words)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("工程师很专业", "zh"),
        ("the engineer was great", "en"),
        ("the engineer 很专业 but 配件等了三周", "mixed"),
        ("CX-8 电影机维修太慢", "zh"),
        ("👍👍", ""),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_preprocess_masks_before_splitting() -> None:
    processed = preprocess("電話13812345678,維修太慢")
    assert "13812345678" not in processed.text
    assert processed.text == "电话[电话],维修太慢"
    assert processed.lang == "zh"


def test_spacy_pipeline_uses_domain_segmenter() -> None:
    from voc.text.spacy_zh import load_spacy

    nlp = load_spacy()
    doc = nlp("保修期内返修了两次 ok")
    assert [t.text for t in doc] == ["保修期内", "返修", "了", "两次", "ok"]
    assert doc.text == "保修期内返修了两次 ok"
    assert nlp.lang == "zh"


def test_spacy_scorer_sets_extensions() -> None:
    from voc.text.spacy_zh import load_spacy

    doc = load_spacy(score=True)("配件等了三周还没到,太慢了!")
    assert doc._.sentiment is not None and doc._.sentiment < 0
    assert isinstance(doc._.pain_points, list)


@pytest.mark.parametrize(
    ("clause", "question"),
    [("难道保修期内还要收费吗?", True), ("怎么还没修好", True), ("配件什么时候到", True),
     ("不怎么好", False), ("还在等呢", False), ("没什么问题", False)],
)
def test_question_detection(clause: str, question: bool) -> None:
    assert split_clauses(clause)[0].is_question is question


@pytest.mark.parametrize("text", ["反覆回覆,不瞭解", "沈默的客服", "維修太慢了,等了一個月", "已经是简体的句子"])
def test_simplified_conversion_matches_opencc(text: str) -> None:
    from opencc import OpenCC

    from voc.text.normalize import to_simplified

    assert to_simplified(text) == OpenCC("t2s").convert(text)


@pytest.mark.parametrize(
    "text",
    [
        "什么都好,怎么说呢",  # 么 alone: no Traditional phrase can match
        "么麼小事,後來好了",  # the phrase 么麼 and a Traditional character in another stretch
        "很好。服務很差!後來 還是 沒修好…彷彿",
        "乾淨,衛生;沒問題\n謝謝",
    ],
)
def test_simplified_conversion_by_stretch_matches_opencc(text: str) -> None:
    from opencc import OpenCC

    from voc.text.normalize import to_simplified

    assert to_simplified(text) == OpenCC("t2s").convert(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("等了3天,修了2次", "等了3天,修了2次"),  # digits, but no run of three
        ("订单号A1B2C3D4没到", "订单号[单号]没到"),  # labelled, no run of three digits
        ("单号A1B2C3D4,电话13812345678", "单号[单号],电话[电话]"),
    ],
)
def test_mask_pii_with_short_numbers(raw: str, expected: str) -> None:
    assert mask_pii(raw) == expected


def test_longest_match_scan() -> None:
    from voc.text._wordscan import LongestMatch

    table = {"不": "neg", "不好": "bad", "好": "good", "好不容易": "hard", "ok": "latin"}
    matches = list(LongestMatch(table).finditer("不好不容易好不容易ok"))
    assert matches == [(0, 2, "bad"), (2, 1, "neg"), (5, 4, "hard"), (9, 2, "latin")]
    # A key whose first character fails can_start is never matched.
    latin_free = LongestMatch(table, can_start=lambda ch: not ch.isascii())
    assert [m[2] for m in latin_free.finditer("ok好")] == ["good"]


def test_buguo_inside_a_verdict_does_not_open_a_clause() -> None:
    from voc.text.segment import split_clauses

    assert [c.text for c in split_clauses("维修技术不过关")] == ["维修技术不过关"]
    assert [c.text for c in split_clauses("服务也不过如此")] == ["服务也不过如此"]
    assert [c.contrast for c in split_clauses("师傅很好不过配件太贵")] == ["", "不过"]
