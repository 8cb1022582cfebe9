"""The ``voc`` command line: happy paths, output rules, and one clear line for each bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from voc_cli.main import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo" / "comments.xlsx"


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def test_analyze_writes_workbook_next_to_input(survey_xlsx: Path) -> None:
    result = invoke("analyze", str(survey_xlsx), "--no-topics") if _has_option("--no-topics") else invoke("analyze", str(survey_xlsx))
    assert result.exit_code == 0, result.output
    out = survey_xlsx.with_name("survey.voc.xlsx")
    assert out.exists()
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"总览", "逐条结果"} <= set(sheets)
    assert "text=不满意的地方, 改进建议" in result.output
    assert str(out) in result.output


def _has_option(option: str) -> bool:
    return option in invoke("analyze", "--help").output


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_analyze_table_formats(survey_csv: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"scored.{fmt}"
    result = invoke("analyze", str(survey_csv), "--out", str(out))
    assert result.exit_code == 0, result.output
    readers = {"csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"), "jsonl": lambda p: pd.read_json(p, lines=True), "parquet": pd.read_parquet}
    table = readers[fmt](out)
    assert list(table.columns[:13]) == [
        "id", "source_col", "text", "sentiment", "sentiment_label", "emotion", "pain_points",
        "severity", "escalate", "flag_reasons", "topic_id", "topic_label", "eci",
    ]
    assert "13812345678" not in out.read_text(encoding="utf-8", errors="ignore") if fmt != "parquet" else True


def test_analyze_format_option_without_out(survey_csv: Path) -> None:
    result = invoke("analyze", str(survey_csv), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert survey_csv.with_name("survey.voc.jsonl").exists()


def test_analyze_explicit_columns(survey_xlsx: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    result = invoke(
        "analyze", str(survey_xlsx), "--sheet", "问卷", "--text-col", "改进建议", "--score-col", "总体满意度",
        "--id-col", "客户编号", "--segment-col", "区域", "--out", str(out),
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert set(table["source_col"]) == {"改进建议"}
    assert table["id"].iloc[0] == "C0001"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "{missing}"], "not found"),
        (["analyze", "{xlsx}", "--text-col", "意见"], "no such column"),
        (["analyze", "{xlsx}", "--sheet", "答卷"], "no sheet named"),
        (["analyze", "{xlsx}", "--out", "{xlsx}"], "never overwrites its input"),
        (["analyze", "{xlsx}", "--format", "pdf"], "--format 'pdf'"),
        (["analyze", "{xlsx}", "--out", "{dir}/x.pdf"], "cannot tell the format"),
        (["analyze", "{xlsx}", "--text-col", "总体满意度"], "holds numbers"),
        (["analyze", "{xlsx}", "--out", "{dir}/nowhere/x.xlsx"], "output directory does not exist"),
        (["score", "{missing}"], "not found"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(survey_xlsx: Path, tmp_path: Path, args: list[str], message: str) -> None:
    before = survey_xlsx.read_bytes()
    filled = [a.format(missing=tmp_path / "none.xlsx", xlsx=survey_xlsx, dir=tmp_path) for a in args]
    result = invoke(*filled)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("error:")]) == 1
    assert survey_xlsx.read_bytes() == before


def test_all_empty_text_column(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    pd.DataFrame({"编号": ["a", "b"], "意见": ["", ""], "分": [1, 2]}).to_csv(path, index=False)
    result = invoke("analyze", str(path), "--text-col", "意见")
    assert result.exit_code == 2
    assert "blank" in result.output


def test_huge_cell_is_cut_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    pd.DataFrame({"意见": ["维修太慢了," * 200_000, "工程师很专业"]}).to_csv(path, index=False)
    result = invoke("analyze", str(path), "--out", str(tmp_path / "o.csv"))
    assert result.exit_code == 0, result.output
    assert "cut to" in result.output


def test_score_stdin_to_stdout() -> None:
    result = invoke("score", "-", input="工程师很专业,一次就修好了\n配件等了三周还没到,太慢了\n")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("id,source_col,text,sentiment")
    assert len(lines) == 3


def test_score_file_formats(survey_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    result = invoke("score", str(survey_csv), "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 10  # non-blank answers of both text columns
    assert "topic_id" not in rows[0]


def test_about_lists_resources() -> None:
    result = invoke("--about")
    assert result.exit_code == 0
    assert "voc " in result.output and "corpora/dictionary" in result.output


def test_installed_console_script_on_demo(tmp_path: Path) -> None:
    exe = shutil.which("voc", path=str(Path(sys.executable).parent)) or shutil.which("voc")
    assert exe, "the voc console script is not installed"
    demo = tmp_path / "comments.xlsx"
    shutil.copy(DEMO, demo)
    proc = subprocess.run([exe, "analyze", str(demo)], capture_output=True, text=True, timeout=600, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "comments.voc.xlsx").exists()
    assert "wrote" in proc.stdout
    bad = subprocess.run([exe, "analyze", str(tmp_path / "nope.xlsx")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "not found" in bad.stderr


def test_error_message_keeps_brackets(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    pd.DataFrame({"意见[必填]": ["维修太慢了", "很好"]}).to_csv(path, index=False)
    result = invoke("analyze", str(path), "--text-col", "[x]")
    assert result.exit_code == 2
    assert "'[x]'" in result.output and "意见[必填]" in result.output
