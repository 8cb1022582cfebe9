"""Several sources together: kind detection, project files, the customer join, and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from voc import columns as C
from voc.errors import ConfigError, InputError
from voc.pipeline.scorer import Scorer
from voc.pipeline.sources import analyze_project, analyze_sources, collect_sources, detect_kind
from voc.text import ProcessedText
from voc_cli.main import app

runner = CliRunner()

INTERVIEW = """访谈编号：I01
客户编号：C0001
[00:00:05] 访谈员：维修还顺利吗？
[00:00:09] 客户：配件等了一个月，也没人告诉我进度。
[00:00:30] 访谈员：工程师呢？
[00:00:41] 客户：工程师还不错。
"""


class KeywordPainPoints:
    """A stand-in pain-point stage (codes by keyword) so the join tests do not depend on the detector."""

    name = "test_painpoints"
    KEYWORDS = {"配件": "parts_supply", "进度": "communication", "太慢": "response_delay"}

    def fit(
        self, docs: Sequence[ProcessedText], frame: pd.DataFrame | None = None
    ) -> KeywordPainPoints:
        return self

    def transform(self, docs: Sequence[ProcessedText], frame: pd.DataFrame) -> pd.DataFrame:
        codes = [";".join(c for k, c in self.KEYWORDS.items() if k in d.text) for d in docs]
        return pd.DataFrame(
            {C.SENTIMENT: [-0.5 if c else 0.2 for c in codes], C.PAIN_POINTS: codes}
        )


@pytest.fixture
def fake_scorer() -> Scorer:
    return Scorer(stages=[KeywordPainPoints()])


@pytest.fixture
def ticket_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "工单号": ["T1", "T2", "T3"],
            "客户编号": ["C0001", "C0001", "C0003"],
            "创建时间": ["2026-01-01 09:00", "2026-01-05 10:00", "2026-01-03 08:00"],
            "首次响应时间": ["2026-01-02 12:00", "2026-01-05 11:00", "2026-01-03 09:00"],
            "关闭时间": ["2026-01-20 09:00", "2026-01-06 10:00", "2026-01-04 08:00"],
            "状态": ["已关闭", "已关闭", "已关闭"],
            "类别": ["配件", "咨询", "维修"],
            "描述": ["配件缺货，等了快三周", "咨询固件升级", "开机黑屏"],
            "客户确认": ["否", "是", "是"],
        }
    )


@pytest.fixture
def three_sources(tmp_path: Path, survey_xlsx: Path, ticket_frame: pd.DataFrame) -> dict[str, Path]:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "I01.txt").write_bytes(INTERVIEW.replace("\n", "\r\n").encode("gbk"))
    tickets = tmp_path / "tickets.xlsx"
    ticket_frame.to_excel(tickets, index=False)
    return {"survey": survey_xlsx, "transcripts": folder, "tickets": tickets}


def test_kind_detection(three_sources: dict[str, Path], tmp_path: Path) -> None:
    assert detect_kind(three_sources["survey"]) == "survey"
    assert detect_kind(three_sources["tickets"]) == "tickets"
    assert detect_kind(three_sources["transcripts"]) == "transcript"
    assert detect_kind(three_sources["transcripts"] / "I01.txt") == "transcript"
    csv = tmp_path / "tickets.csv"
    csv.write_text("工单号,创建时间,描述\nT1,2026-01-01,坏了\n", encoding="utf-8")
    assert detect_kind(csv) == "tickets"
    table_txt = tmp_path / "survey.txt"
    table_txt.write_text(
        "客户编号\t意见\t总体满意度\nC1\t慢，太慢\t2\nC2\t好\t5\n", encoding="utf-8"
    )
    assert detect_kind(table_txt) == "survey"
    talk_txt = tmp_path / "talk.txt"
    talk_txt.write_text(
        "访谈员：维修，还顺利吗？\n客户：不顺利，等了很久，很久。\n访谈员：好，谢谢。\n",
        encoding="utf-8",
    )
    assert detect_kind(talk_txt) == "transcript"
    jsonl = tmp_path / "tickets.jsonl"
    jsonl.write_text(
        '{"工单号": "T1", "创建时间": "2026-01-01", "描述": "坏了"}\n', encoding="utf-8"
    )
    assert detect_kind(jsonl) == "tickets"
    parquet = tmp_path / "tickets.parquet"
    pd.DataFrame({"ticket_id": ["T1"], "created_at": ["2026-01-01"]}).to_parquet(parquet)
    assert detect_kind(parquet) == "tickets"
    project = tmp_path / "voc-project.toml"
    project.write_text('tickets = "tickets.xlsx"\n', encoding="utf-8")
    assert detect_kind(project) == "project" and detect_kind(tmp_path) == "project"
    with pytest.raises(InputError, match="not found"):
        detect_kind(tmp_path / "nope.xlsx")
    odd = tmp_path / "x.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="cannot tell"):
        detect_kind(odd)
    with pytest.raises(InputError, match="--kind"):
        collect_sources([csv], kind="emails")
    with pytest.raises(InputError, match="one survey"):
        collect_sources([three_sources["survey"], three_sources["survey"]])


def test_join_on_customer_id(three_sources: dict[str, Path], fake_scorer: Scorer) -> None:
    result = analyze_sources(list(three_sources.values()), scorer=fake_scorer)
    assert set(result.comments["source"]) == {"survey", "transcript", "tickets"}
    view = result.tables["客户视图"].set_index("客户编号")
    # C0001 answered the survey, was interviewed and has two tickets: all on one row.
    row = view.loc["C0001"]
    assert row["来源"] == "问卷+工单+访谈"
    assert row["总体满意度"] == 2 and row["不满意的地方"].startswith("维修拖了一个多月")
    assert row["工单数"] == 2 and row["工单历史"] == "T1 配件 已关闭 19.0天; T2 咨询 已关闭 1.0天"
    assert row["问题解决率"] == 0.5
    assert row["访谈"] == "I01" and "parts_supply" in row["访谈痛点"]
    assert view.loc["C0003", "来源"] == "问卷+工单"
    assert view.loc["C0002", "来源"] == "问卷"
    assert view.index[0] == "C0001"  # customers seen in most sources first
    segments = result.tables["分群视图"]
    studio = segments[
        (segments["分群维度"] == "客户类型") & (segments["分群"] == "影视制作公司")
    ].iloc[0]
    assert studio["受访者数"] == 2 and studio["总体满意度均值"] == 3.0
    assert studio["工单数"] == 2 and studio["访谈数"] == 1
    overview = dict(result.tables["overview"].itertuples(index=False, name=None))
    assert overview["跨来源客户数 customers in 2+ sources"] == 2
    assert {"访谈", "访谈代表引语", "工单", "工单指标", "SLA超时"} <= set(result.tables)


def test_one_source_gives_that_sources_result(
    three_sources: dict[str, Path], fake_scorer: Scorer
) -> None:
    result = analyze_sources([three_sources["tickets"]], scorer=fake_scorer)
    assert result.config["kind"] == "tickets" and "客户视图" not in result.tables
    result = analyze_sources([three_sources["transcripts"]], kind="transcript", scorer=fake_scorer)
    assert result.config["kind"] == "transcript"


def test_project_file(three_sources: dict[str, Path], tmp_path: Path, fake_scorer: Scorer) -> None:
    project = tmp_path / "voc-project.toml"
    project.write_text(
        'survey = "survey.xlsx"\ntranscripts = ["transcripts"]\ntickets = "tickets.xlsx"\n[sla]\n[sla.default]\nresponse_hours = 1\n',
        encoding="utf-8",
    )
    result = analyze_project(project, scorer=fake_scorer)
    assert "客户视图" in result.tables
    assert result.tables["工单"]["响应超时"].tolist() == [True, False, False]
    for text, error, message in (
        ('survey = "missing.xlsx"\n', InputError, "not found"),
        ('surveyy = "survey.xlsx"\n', ConfigError, "unknown key"),
        ("title = \n", ConfigError, "not valid TOML"),
        ('customer_col = "客户编号"\n', ConfigError, "lists no inputs"),
    ):
        project.write_text(text, encoding="utf-8")
        with pytest.raises(error, match=message):
            analyze_project(project, scorer=fake_scorer)


def test_survey_without_customer_ids_is_noted(
    tmp_path: Path, ticket_frame: pd.DataFrame, fake_scorer: Scorer
) -> None:
    survey = tmp_path / "s.csv"
    pd.DataFrame({"意见": ["配件太慢了", "很好", "一般般吧"], "总体满意度": [1, 5, 3]}).to_csv(
        survey, index=False
    )
    tickets = tmp_path / "t.xlsx"
    ticket_frame.to_excel(tickets, index=False)
    result = analyze_sources([survey, tickets], scorer=fake_scorer)
    assert "分群视图" not in result.tables


def test_cli_kind_and_several_inputs(three_sources: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    result = runner.invoke(
        app, ["analyze", *map(str, three_sources.values()), "--out", str(out), "--format", "xlsx"]
    )
    if result.exit_code != 0 and "report.html" in str(result.output):
        pytest.skip("the HTML report writer is not in this checkout yet")
    assert result.exit_code == 0, result.output
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"客户视图", "分群视图", "访谈", "工单"} <= set(sheets)
    assert "transcript: " in result.output and "tickets: " in result.output

    csv_out = tmp_path / "turns.csv"
    result = runner.invoke(
        app,
        [
            "analyze",
            str(three_sources["transcripts"]),
            "--kind",
            "transcript",
            "--out",
            str(csv_out),
        ],
    )
    assert result.exit_code == 0, result.output
    turns = pd.read_csv(csv_out)
    assert turns["interview"].tolist() == ["I01", "I01"] and turns["id"].tolist() == [
        "C0001",
        "C0001",
    ]


def test_cli_errors_are_one_line(three_sources: dict[str, Path], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["analyze", str(empty), "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "empty" in result.output
    result = runner.invoke(app, ["analyze", str(three_sources["tickets"]), "--kind", "letters"])
    assert result.exit_code == 2 and "--kind" in result.output


def test_report_sections_for_the_joined_view(
    three_sources: dict[str, Path], fake_scorer: Scorer
) -> None:
    from voc.report._sources import sources_sections

    result = analyze_sources(list(three_sources.values()), scorer=fake_scorer)
    html = sources_sections(result)
    for title in ("工单服务指标", "客户访谈", "访谈代表引语", "分群视图", "客户视图"):
        assert title in html
    assert "配件等了一个月" in html and "<script" not in html
    survey_only = analyze_sources([three_sources["survey"]], scorer=fake_scorer)
    assert sources_sections(survey_only) == ""


DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


@pytest.mark.skipif(not (DEMO / "tickets.xlsx").exists(), reason="demo sources not built")
def test_demo_sources_parse_and_share_the_survey_customers() -> None:
    from voc.tickets import detect_ticket_columns
    from voc.transcripts import read_transcripts

    transcripts = read_transcripts(DEMO / "transcripts")
    assert len(transcripts) >= 6
    assert {p.suffix for p in (DEMO / "transcripts").iterdir()} >= {".txt", ".md", ".docx"}
    for t in transcripts:
        assert t.customer_turns() and len(t.speakers) == 2, t.name
        assert "C0001" <= t.customer_id <= "C0360", t.name
    assert detect_kind(DEMO / "tickets.xlsx") == "tickets"
    frame = pd.read_excel(DEMO / "tickets.xlsx")
    spec = detect_ticket_columns(frame)
    assert spec.created == "创建时间" and spec.notes == "处理记录" and spec.confirmed == "客户确认"
    assert len(frame) >= 200 and frame["客户编号"].between("C0001", "C0360").all()


def test_cli_ticket_column_overrides(three_sources: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    result = runner.invoke(
        app,
        [
            "analyze",
            str(three_sources["tickets"]),
            "--ticket-col",
            "description=类别",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "类别" in set(pd.read_csv(out)["source_col"])
    result = runner.invoke(
        app, ["analyze", str(three_sources["tickets"]), "--ticket-col", "created"]
    )
    assert result.exit_code == 2 and "ROLE=COLUMN" in result.output
    result = runner.invoke(
        app, ["analyze", str(three_sources["tickets"]), "--ticket-col", "opened=创建时间"]
    )
    assert result.exit_code == 2 and "unknown ticket column role" in result.output
