"""The workbook (real xlsx read back) and the HTML report (escaping, offline, rendered in Chromium)."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import voc
from voc import columns as C
from voc.errors import InputError
from voc.report import write_workbook

openpyxl = pytest.importorskip("openpyxl")

SHEETS_ZH = ["总览", "逐条结果", "痛点", "主题", "细分", "驱动因素", "待审投诉", "数据质量"]


def _survey() -> pd.DataFrame:
    texts = [
        "配件等了三周，太慢了，再也不买了",
        "工程师很专业，一次就修好了，谢谢",
        '=HYPERLINK("http://x","点我")',
        "<script>alert(1)</script> 客服态度差",
        "跑了三趟还没修好，非常失望",
        "问题解决了，会继续用",
        "维修太慢",
        "服务很好",
        "打了十几个电话没人管",
        "很满意，会推荐给朋友",
        "+1 还可以吧",
        "@客服 收费太贵",
    ]
    n = len(texts)
    return pd.DataFrame(
        {
            "客户编号": [f"C{i:03d}" for i in range(n)],
            "区域": ["华东", "华南", "华北"] * (n // 3),
            "提交日期": pd.date_range("2026-01-01", periods=n, freq="10D"),
            "响应速度": [1, 5, 3, 2, 1, 5, 2, 4, 1, 5, 3, 2],
            "服务态度": [2, 5, 3, 1, 2, 4, 3, 5, 2, 5, 4, 3],
            "问题解决": [1, 5, 4, 2, 1, 5, 3, 4, 2, 5, 3, 3],
            "沟通透明": [2, 4, 3, 2, 1, 5, 3, 4, 1, 4, 3, 3],
            "总体满意度": [1, 5, 3, 2, 1, 5, 3, 4, 2, 5, 3, 3],
            "推荐意愿": [0, 10, 6, 3, 1, 9, 5, 8, 2, 10, 7, 4],
            "不满意的地方": texts,
        }
    )


@pytest.fixture(scope="module")
def result() -> voc.AnalysisResult:
    return voc.analyze(_survey(), topics=False)


def test_workbook_sheets_headers_frozen(result: voc.AnalysisResult, tmp_path: Path) -> None:
    path = result.save(tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[: len(SHEETS_ZH)] == SHEETS_ZH
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
    comments = wb["逐条结果"]
    headers = [c.value for c in comments[1]]
    assert headers[:3] == ["编号", "来源列", "文本"] and "情感连接度" in headers
    assert [c.value for c in wb["痛点"][1]][:2] == ["排名", "名称"] or wb["痛点"][
        "A1"
    ].value == "说明"
    assert wb["细分"]["A1"].value == "细分维度"
    assert comments.column_dimensions["C"].width > 10
    assert len(wb["逐条结果"].conditional_formatting) >= 1


def test_workbook_english_headers(result: voc.AnalysisResult, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(result.save(tmp_path / "en.xlsx", lang="en"))
    assert wb.sheetnames[:3] == ["Overview", "Comments", "Pain points"]
    assert [c.value for c in wb["Comments"][1]][:3] == ["id", "source_col", "text"]


def test_formula_looking_comment_is_text(result: voc.AnalysisResult, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(result.save(tmp_path / "f.xlsx"))
    ws = wb["逐条结果"]
    cells = [
        c
        for row in ws.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str) and c.value[:1] in "=+@"
    ]
    assert any(c.value.startswith("=HYPERLINK") for c in cells)
    assert all(c.data_type == "s" for c in cells)


def test_write_workbook_formula_injection_plain(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "ok"]})
    wb = openpyxl.load_workbook(write_workbook({"s": frame}, tmp_path / "x.xlsx"))
    values = [(c.value, c.data_type) for c in wb["s"]["A"][1:]]
    assert values[0] == ("=1+1", "s") and all(t == "s" for _, t in values)


def test_unknown_language_is_refused(result: voc.AnalysisResult, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="zh or en"):
        result.save(tmp_path / "x.xlsx", lang="fr")
    with pytest.raises(InputError, match="zh or en"):
        result.save(tmp_path / "x.html", lang="fr")


def test_html_is_escaped_and_offline(result: voc.AnalysisResult, tmp_path: Path) -> None:
    # Normalisation already strips tags from comments, so plant one after analysis to test the report itself.
    comments = result.comments.copy()
    worst = comments[C.ECI].idxmin()
    comments.loc[worst, C.TEXT] = "<script>alert(1)</script> & 差"
    planted = dataclasses.replace(result, comments=comments)
    html = planted.save(tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 差" in html
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)\s*=\s*['\"]?https?:", html), (
        "the report must not load anything from the network"
    )
    for chart in ("score_distributions", "nps", "pareto", "trend"):
        assert f"data-chart='{chart}'" in html, chart


CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_html_renders_in_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    demo = Path(__file__).resolve().parents[1] / "corpora" / "demo" / "comments.xlsx"
    result = (
        voc.analyze(demo, topics=False) if demo.exists() else voc.analyze(_survey(), topics=False)
    )
    path = result.save(tmp_path / "report.html")
    errors: list[str] = []
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                errors.append(f"network: {r.url}")
                if not r.url.startswith(("file:", "data:"))
                else None
            ),
        )
        page.goto(path.as_uri())
        charts = page.locator("figure.chart")
        assert charts.count() >= 5
        for i in range(charts.count()):
            box = charts.nth(i).locator("svg").first.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 20
            assert charts.nth(i).locator("svg rect, svg circle, svg path, svg polyline").count() > 0
        shot = Path(__file__).resolve().parent / "_artifacts"
        shot.mkdir(exist_ok=True)
        page.screenshot(path=str(shot / "report.png"), full_page=True)
        browser.close()
    assert errors == []


def test_cli_analyze_writes_workbook_and_report_with_survey_config(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from voc_cli.main import app

    data = tmp_path / "comments.xlsx"
    _survey().to_excel(data, index=False)
    config = tmp_path / "survey.toml"
    config.write_text(
        '[survey]\noverall = "总体满意度"\nnps = "推荐意愿"\n[[items]]\ncolumn = "响应速度"\ndimension = "效率"\n'
        '[[items]]\ncolumn = "服务态度"\ndimension = "服务"\n',
        encoding="utf-8",
    )
    run = CliRunner().invoke(app, ["analyze", str(data), "--no-topics", "--survey", str(config)])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "comments.voc.xlsx").exists() and (tmp_path / "comments.voc.html").exists()
    wb = openpyxl.load_workbook(tmp_path / "comments.voc.xlsx")
    overview = [row[0] for row in wb["总览"].iter_rows(min_row=2, values_only=True)]
    assert any(str(m).startswith("维度 效率") for m in overview) and not any(
        "问题解决 (" in str(m) for m in overview
    )
    bad = tmp_path / "bad.toml"
    bad.write_text('[[items]]\ncolumn = "没有这列"\n', encoding="utf-8")
    run = CliRunner().invoke(app, ["analyze", str(data), "--no-topics", "--survey", str(bad)])
    assert run.exit_code == 2 and "没有这列" in run.output
