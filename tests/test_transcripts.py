"""Transcript parsing on messy real-world formats, and the per-interview analysis."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

from voc import columns as C
from voc.errors import InputError
from voc.pipeline.scorer import Scorer
from voc.text import ProcessedText
from voc.transcripts import (
    CUSTOMER,
    INTERVIEWER,
    analyze_transcripts,
    find_transcripts,
    parse_transcript,
    read_transcript,
    read_transcripts,
)
from voc.transcripts.analyze import trajectory

TIMESTAMPED = """# 客户访谈记录
访谈编号：I07
客户编号：C0123
访谈员：李明
受访者：张经理（星辰影视）

[00:00:05] 李明：张经理您好，先说说最近一次维修吧？
[00:00:12] 张经理：说实话挺糟心的。（停顿）
机器寄过去两周没人联系我，我的意思是：至少给个进度吧。
[00:01:02] 李明：后来呢？
[00:01:10] 张经理：后来[笑]换了个工程师才修好。
"""

QA_NO_TIMES = """Q: 您的机器是什么问题？
A: 开机黑屏。送修以后说是主板坏了
然后等了一个月配件。
问：这期间有人联系您吗
答：没有（苦笑），都是我自己打电话问。
"""

EXPORT_STYLE = """说话人 1  00:00:03
您好，我是售后回访的小周，耽误您几分钟可以吗？
说话人 2  00:00:09
可以，你说。
说话人 1  00:00:12
您对这次维修满意吗？
说话人 2  00:00:15
不太满意，修了三次还是一样的问题。
"""


class KeywordPainPoints:
    """A stand-in pain-point stage: codes by keyword, so the tests do not depend on the real detector."""

    name = "test_painpoints"
    KEYWORDS = {
        "配件": "parts_supply",
        "进度": "communication",
        "联系": "communication",
        "修了三次": "misdiagnosis",
    }

    def fit(
        self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None = None
    ) -> KeywordPainPoints:
        return self

    def transform(self, docs: Sequence[ProcessedText], frame: pd.DataFrame) -> pd.DataFrame:
        codes = [
            ";".join(dict.fromkeys(c for k, c in self.KEYWORDS.items() if k in d.text))
            for d in docs
        ]
        sentiment = [-0.6 if c else 0.3 for c in codes]
        return pd.DataFrame(
            {
                C.SENTIMENT: sentiment,
                C.SENTIMENT_LABEL: [C.NEGATIVE if c else C.POSITIVE for c in codes],
                C.PAIN_POINTS: codes,
                C.SEVERITY: [1 if c else 0 for c in codes],
                C.ECI: [40.0 if c else 70.0 for c in codes],
            }
        )


@pytest.fixture
def fake_scorer() -> Scorer:
    return Scorer(stages=[KeywordPainPoints()])


def test_timestamps_header_names_notes_and_multiline_turns() -> None:
    t = parse_transcript(TIMESTAMPED.replace("\n", "\r\n"), name="file")
    assert t.name == "I07" and t.customer_id == "C0123"
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("李明", INTERVIEWER),
        ("张经理", CUSTOMER),
        ("李明", INTERVIEWER),
        ("张经理", CUSTOMER),
    ]
    second = t.turns[1]
    assert second.text == "说实话挺糟心的。\n机器寄过去两周没人联系我，我的意思是：至少给个进度吧。"
    assert second.notes == ("停顿",) and second.timestamp == "00:12" and second.seconds == 12
    assert t.turns[3].text == "后来换了个工程师才修好。" and t.turns[3].notes == ("笑",)
    assert t.meta["标题"] == "客户访谈记录"


def test_qa_labels_without_timestamps() -> None:
    t = parse_transcript(QA_NO_TIMES)
    assert [x.role for x in t.turns] == [INTERVIEWER, CUSTOMER, INTERVIEWER, CUSTOMER]
    assert all(x.seconds is None and x.timestamp == "" for x in t.turns)
    assert t.turns[1].text == "开机黑屏。送修以后说是主板坏了\n然后等了一个月配件。"
    assert t.turns[3].notes == ("苦笑",)


def test_speaker_lines_with_times_and_questions_decide_the_interviewer() -> None:
    t = parse_transcript(EXPORT_STYLE)
    assert [x.speaker for x in t.turns] == ["说话人 1", "说话人 2", "说话人 1", "说话人 2"]
    assert t.speakers == {"说话人 1": INTERVIEWER, "说话人 2": CUSTOMER}
    assert t.turns[3].seconds == 15


def test_names_only_the_one_asking_is_the_interviewer() -> None:
    t = parse_transcript(
        "王总：你们这次服务我很不满意。\n小刘：能具体说说吗？\n王总：上门三次都没修好。\n小刘：是哪台设备呢？\n王总：CX-8。"
    )
    assert t.speakers == {"王总": CUSTOMER, "小刘": INTERVIEWER}


def test_mixed_labels_timestamp_positions_and_markdown() -> None:
    text = (
        "**访谈员**（00:12）：最近一次报修是什么时候？\n"
        "- **陈女士**（客户）：上个月吧。\n"
        "(12:31) 主持人: 处理得怎么样\n"
        "00:12:40 陈女士：还行，就是配件慢。\n"
        "陈女士 [00:13:02]：别的没什么。\n"
    )
    t = parse_transcript(text)
    assert [(x.speaker, x.role, x.timestamp) for x in t.turns] == [
        ("访谈员", INTERVIEWER, "00:12"),
        ("陈女士", CUSTOMER, ""),
        ("主持人", INTERVIEWER, "12:31"),
        ("陈女士", CUSTOMER, "12:40"),
        ("陈女士", CUSTOMER, "13:02"),
    ]


def test_markdown_table_transcript() -> None:
    text = "| 时间 | 说话人 | 内容 |\n|---|---|---|\n| 00:01 | 主持人 | 请介绍一下 |\n| 00:05 | 客户A | 我们是广告公司 |\n"
    t = parse_transcript(text)
    assert [(x.speaker, x.role, x.text) for x in t.turns] == [
        ("主持人", INTERVIEWER, "请介绍一下"),
        ("客户A", CUSTOMER, "我们是广告公司"),
    ]


def test_a_colon_inside_an_answer_is_not_a_speaker() -> None:
    t = parse_transcript(
        "访谈员：怎么看？\n客户：问题是：根本没人管。\n他说：等着吧。\n访谈员：好的。"
    )
    assert len(t.turns) == 3
    assert t.turns[1].text == "问题是：根本没人管。\n他说：等着吧。"


def test_customer_speakers_option_overrides_detection() -> None:
    t = parse_transcript(
        "甲：你好\n乙：你好，有什么事？\n甲：配件还没到。\n乙：好的。", customer_speakers=["甲"]
    )
    assert t.speakers == {"甲": CUSTOMER, "乙": INTERVIEWER}
    with pytest.raises(InputError, match="do not occur"):
        parse_transcript(
            "甲：你好\n乙：有事吗？\n甲：配件没到。\n乙：好的。", customer_speakers=["丙"]
        )


def test_no_turns_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no speaker turns"):
        parse_transcript("这是一段没有说话人标签的文字。\n第二行。")


def test_gbk_utf8_bom_and_windows_line_endings_read_the_same(tmp_path: Path) -> None:
    text = QA_NO_TIMES.replace("\n", "\r\n")
    paths = {}
    for name, data in (
        ("gbk", text.encode("gbk")),
        ("bom", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("utf8", text.encode("utf-8")),
    ):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_bytes(data)
    parsed = {name: read_transcript(p) for name, p in paths.items()}
    assert parsed["gbk"].turns == parsed["bom"].turns == parsed["utf8"].turns
    assert parsed["gbk"].turns[1].text.startswith("开机黑屏")


def test_empty_and_blank_files_are_input_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_text("\r\n  \r\n", encoding="utf-8")
    for path in (empty, blank):
        with pytest.raises(InputError, match="empty"):
            read_transcript(path)
    with pytest.raises(InputError, match="not found"):
        read_transcript(tmp_path / "missing.txt")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported"):
        read_transcript(pdf)


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("回访记录", level=1)
    document.add_paragraph("客户编号：C0042")
    document.add_paragraph("访谈员：请问维修进度您清楚吗？")
    document.add_paragraph("客户：完全不清楚，打了五次电话。")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(
        table.rows,
        [("00:02:10", "访谈员", "配件呢？"), ("00:02:15", "客户", "配件等了二十天。")],
        strict=True,
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    path = tmp_path / "I09.docx"
    document.save(str(path))
    t = read_transcript(path)
    assert t.name == "I09" and t.customer_id == "C0042"
    assert [(x.role, x.text, x.timestamp) for x in t.turns] == [
        (INTERVIEWER, "请问维修进度您清楚吗？", ""),
        (CUSTOMER, "完全不清楚，打了五次电话。", ""),
        (INTERVIEWER, "配件呢？", "02:10"),
        (CUSTOMER, "配件等了二十天。", "02:15"),
    ]


def test_corrupt_docx_is_an_input_error(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    path = tmp_path / "bad.docx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="not a valid .docx"):
        read_transcript(path)


def test_folder_reading_and_customer_id_from_file_name(tmp_path: Path) -> None:
    (tmp_path / "C0007_王总.txt").write_text(QA_NO_TIMES, encoding="utf-8")
    (tmp_path / "b.md").write_text(TIMESTAMPED, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert [p.name for p in find_transcripts(tmp_path)] == ["C0007_王总.txt", "b.md"]
    transcripts = read_transcripts(tmp_path)
    assert [(t.name, t.customer_id) for t in transcripts] == [
        ("C0007_王总", "C0007"),
        ("I07", "C0123"),
    ]
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    with pytest.raises(InputError, match="no transcripts"):
        find_transcripts(empty)


def test_trajectory_splits_into_parts() -> None:
    assert trajectory([1.0, 0.0, -1.0]) == [1.0, 0.0, -1.0]
    assert trajectory([0.5] * 10) == [0.5] * 5
    assert trajectory([]) == []


def test_analysis_scores_customer_turns_with_context_and_quotes(
    tmp_path: Path, fake_scorer: Scorer
) -> None:
    (tmp_path / "a.md").write_text(TIMESTAMPED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(QA_NO_TIMES, encoding="utf-8")
    (tmp_path / "c.txt").write_text(EXPORT_STYLE, encoding="utf-8")
    result = analyze_transcripts(tmp_path, scorer=fake_scorer)
    comments = result.comments
    assert list(comments.columns[:13]) == list(C.COMMENT_COLUMNS)
    assert set(comments["role"]) == {CUSTOMER}
    assert len(comments) == 2 + 2 + 2
    first = comments[comments["interview"] == "I07"].iloc[0]
    assert (
        first["context"] == "张经理您好,先说说最近一次维修吧?"
    )  # normalised, like the text column
    assert first[C.ID] == "C0123" and first["turn"] == 2 and first["timestamp"] == "00:12"
    per = result.tables["访谈"].set_index("访谈")
    assert per.loc["I07", "客户发言数"] == 2
    assert per.loc["I07", "痛点"] == "communication×1"
    assert per.loc["I07", "情感连接度"] == pytest.approx(55.0)
    assert per.loc["I07", "情感轨迹"] == "-0.60 → +0.30"
    assert math.isnan(per.loc["b", "时长(分钟)"])
    quotes = result.tables["访谈代表引语"]
    assert set(quotes["痛点"]) == {"communication", "parts_supply", "misdiagnosis"}
    misdiagnosis = quotes[quotes["痛点"] == "misdiagnosis"].iloc[0]
    assert (
        misdiagnosis["引语"] == "不太满意，修了三次还是一样的问题。"
    )  # verbatim, full-width punctuation kept
    assert (
        misdiagnosis["访谈"] == "c"
        and misdiagnosis["轮次"] == 4
        and misdiagnosis["时间"] == "00:15"
    )
    assert misdiagnosis["提问"] == "您对这次维修满意吗?"
    pains = result.tables["访谈痛点"]
    assert set(pains["访谈"]) == {"I07", "b", "c"}


def test_long_turn_quotes_only_the_sentences_with_the_pain_point(fake_scorer: Scorer) -> None:
    filler = "我们公司做广告片很多年了，用过很多品牌的机器，整体来说你们的画质是没得说的。" * 3
    t = parse_transcript(
        f"访谈员：说说售后？\n客户：{filler}但是这次配件等了整整一个月。其他都还好。", name="L1"
    )
    quotes = analyze_transcripts([t], scorer=fake_scorer).tables["访谈代表引语"]
    assert quotes["引语"].tolist() == ["但是这次配件等了整整一个月。"]


def test_all_speakers_option_and_bad_value(fake_scorer: Scorer) -> None:
    t = parse_transcript(QA_NO_TIMES, name="q")
    result = analyze_transcripts([t], speakers="all", scorer=fake_scorer)
    assert set(result.comments["role"]) == {CUSTOMER, INTERVIEWER}
    with pytest.raises(InputError, match="speakers"):
        analyze_transcripts([t], speakers="nobody", scorer=fake_scorer)


def test_default_scorer_runs_end_to_end() -> None:
    t = parse_transcript(
        "访谈员：维修快吗？\n客户：等了一个月，太慢了，一直没人告诉我进度。", name="E1"
    )
    result = analyze_transcripts([t])
    assert len(result.comments) == 1
    assert result.comments[C.SENTIMENT_LABEL].iloc[0] in (C.NEGATIVE, C.NEUTRAL, C.POSITIVE)


def test_chat_export_with_date_and_time_lines() -> None:
    text = (
        "李工 2026-01-05 10:12:31\n您好，请问设备现在怎么样？\n"
        "张经理 2026-01-05 10:13:02\n还是开不了机，\n等了两周了。\n"
        "李工 2026-01-05 10:14:00\n我们马上安排，可以吗？\n"
        "张经理 2026-01-05 10:14:30\n好的。\n"
    )
    t = parse_transcript(text)
    assert [(x.speaker, x.role, x.timestamp) for x in t.turns] == [
        ("李工", INTERVIEWER, "10:12:31"),
        ("张经理", CUSTOMER, "10:13:02"),
        ("李工", INTERVIEWER, "10:14:00"),
        ("张经理", CUSTOMER, "10:14:30"),
    ]
    assert t.turns[1].text == "还是开不了机，\n等了两周了。"


def test_numbered_exchanges_and_english_labels() -> None:
    t = parse_transcript("1. 问：维修多久？\n1. 答：两周。\n2、问：满意吗？\n2、答：还行。")
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("问", "维修多久？"),
        ("答", "两周。"),
        ("问", "满意吗？"),
        ("答", "还行。"),
    ]
    t = parse_transcript(
        "Interviewer 1: How was the repair?\nCustomer: Slow (laughs) but fine.\nInterviewer 1: Thanks."
    )
    assert t.speakers == {"Interviewer 1": INTERVIEWER, "Customer": CUSTOMER}
    assert t.turns[1].text == "Slow but fine." and t.turns[1].notes == ("laughs",)


def test_docx_read_without_python_docx(tmp_path: Path) -> None:
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body>'
        "<w:p><w:r><w:t>访谈员：进度清楚吗？</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>客户：不清楚，</w:t></w:r><w:hyperlink><w:r><w:t>打了五次电话</w:t></w:r></w:hyperlink>"
        "<w:r><w:br/><w:t>也没人回。</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    path = tmp_path / "handmade.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    t = read_transcript(path)
    assert [(x.role, x.text) for x in t.turns] == [
        (INTERVIEWER, "进度清楚吗？"),
        (CUSTOMER, "不清楚，打了五次电话\n也没人回。"),
    ]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.xml", "<x/>")
    with pytest.raises(InputError, match="not a valid .docx"):
        read_transcript(path)


def test_times_inside_turns_are_not_speakers() -> None:
    text = "00:01 访谈员：几点到的？\n00:05 客户：约的是\n下午 3:00\n00:09 结果五点才到。\n00:12 访谈员：好的。\n00:15 客户：嗯。"
    t = parse_transcript(text)
    assert [x.speaker for x in t.turns] == ["访谈员", "客户", "访谈员", "客户"]
    assert t.turns[1].text == "约的是\n下午 3:00\n结果五点才到。"
