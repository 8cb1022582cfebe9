"""The demo survey corpus: shape, planted quirks, text variety and reproducibility.

Docs, benchmarks and other tests rely on corpora/demo/comments.xlsx looking like a messy real survey
export and on the quirks listed in corpora/demo/README.md being there, so they are checked here.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
SCRIPT = DEMO / "build_demo.py"
XLSX = DEMO / "comments.xlsx"
TRUTH = DEMO / "comments_truth.csv"

LIKERT = ["响应速度", "问题解决", "服务态度", "配件供应", "沟通透明", "总体满意度"]
NPS = "推荐意愿"
COMPLAINT, SUGGESTION = "不满意的地方", "改进建议"
COLUMNS = ["客户编号", "客户类型", "区域", "设备型号", "购买渠道", "提交日期", *LIKERT, NPS, COMPLAINT, SUGGESTION]
CODES = {
    "response_delay", "misdiagnosis", "parts_supply", "staff_attitude", "communication",
    "charges", "installation", "logistics", "returns_refund", "product_quality",
}
THREAT = re.compile(r"12315|消协|微博|律师|差评|B站|打了12345|市场监管|法律途径|曝光|找媒体")
SAFETY = re.compile(r"冒烟|漏电|烫")
FRAUD = re.compile(r"翻新|骗")


def read_values(path: Path) -> list[tuple[Any, ...]]:
    wb = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in wb["问卷"].iter_rows(values_only=True)]
    finally:
        wb.close()


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    values = read_values(XLSX)
    assert list(values[0]) == COLUMNS
    return [dict(zip(COLUMNS, v, strict=True)) for v in values[1:]]


@pytest.fixture(scope="module")
def truth() -> dict[str, dict[str, str]]:
    with TRUTH.open(encoding="utf-8", newline="") as fh:
        return {rec["客户编号"]: rec for rec in csv.DictReader(fh)}


def texts(rows: list[dict[str, Any]], col: str) -> list[str]:
    return [r[col] for r in rows if r[col] is not None]


def test_workbook_shape(rows: list[dict[str, Any]]) -> None:
    wb = load_workbook(XLSX, read_only=True)
    assert wb.sheetnames == ["问卷"]
    wb.close()
    assert len(rows) >= 300
    assert len({r["客户编号"] for r in rows}) >= 300
    assert all(re.fullmatch(r"C\d{4}", r["客户编号"]) for r in rows)


def test_profile_columns(rows: list[dict[str, Any]]) -> None:
    types = [r["客户类型"] for r in rows]
    assert set(types) == {"影视制作公司", "广告团队", "教育机构", "独立创作者"}
    shares = sorted(types.count(t) for t in set(types))
    assert shares[-1] > 2 * shares[0]  # unequal shares
    assert len({r["区域"] for r in rows}) >= 6
    assert len({r["设备型号"] for r in rows}) >= 4
    assert {"官网", "授权经销商", "电商平台", "租赁转购"} <= {r["购买渠道"] for r in rows}
    dates = [r["提交日期"] for r in rows]
    assert all(isinstance(d, datetime) and d.year == 2026 for d in dates)
    assert (max(dates) - min(dates)).days >= 150


def test_scores_are_mostly_clean(rows: list[dict[str, Any]]) -> None:
    cells = [r[c] for r in rows for c in LIKERT]
    clean = [v for v in cells if isinstance(v, int) and 1 <= v <= 5]
    assert len(clean) / len(cells) > 0.97
    nps = [r[NPS] for r in rows if isinstance(r[NPS], int) and 0 <= r[NPS] <= 10]
    assert len(nps) / len(rows) > 0.97
    assert len(set(nps)) == 11


def test_scores_follow_experience(rows: list[dict[str, Any]], truth: dict[str, dict[str, str]]) -> None:
    def mean_overall(cond: Any) -> float:
        vals = [r["总体满意度"] for r in rows if isinstance(r["总体满意度"], int) and cond(truth[r["客户编号"]])]
        return sum(vals) / len(vals)

    calm = mean_overall(lambda t: not t["problems"])
    troubled = mean_overall(lambda t: t["problems"].count(";") >= 1)
    assert calm - troubled > 0.8


def test_quirk_scores_as_text_missing_and_out_of_range(rows: list[dict[str, Any]]) -> None:
    cells = [r[c] for r in rows for c in [*LIKERT, NPS]]
    as_text = [v for v in cells if isinstance(v, str)]
    assert len(as_text) >= 3
    assert all(re.fullmatch(r"\s*\d+\s*分?\s*", nfkc(v)) for v in as_text)
    assert any("分" in v for v in as_text) and any(v != nfkc(v) for v in as_text)  # "4分" and full-width "４"
    assert sum(v is None for v in cells) >= 3
    assert any(r[c] == 6 for r in rows for c in LIKERT)
    assert any(r[NPS] == 11 for r in rows)


def test_quirk_straight_liners(rows: list[dict[str, Any]], truth: dict[str, dict[str, str]]) -> None:
    liners = [r for r in rows if "straight_liner" in truth[r["客户编号"]]["quirks"]]
    assert 2 <= len(liners) <= 3
    for r in liners:
        assert len({r[c] for c in LIKERT}) == 1 and r[LIKERT[0]] in (1, 5)
        assert r[COMPLAINT]  # contradictory text is what makes them detectable
    assert {r[LIKERT[0]] for r in liners} == {1, 5}


def test_quirk_duplicates(rows: list[dict[str, Any]]) -> None:
    ids = [r["客户编号"] for r in rows]
    dup_ids = {i for i in ids if ids.count(i) > 1}
    assert 1 <= len(dup_ids) <= 2
    pairs = [[r for r in rows if r["客户编号"] == i] for i in dup_ids]
    assert any(a == b for a, b in pairs)  # a double submit
    assert len(rows) == len(set(ids)) + len(dup_ids)


def test_truth_file(rows: list[dict[str, Any]], truth: dict[str, dict[str, str]]) -> None:
    assert set(truth) == {r["客户编号"] for r in rows}
    for rec in truth.values():
        problems = set(filter(None, rec["problems"].split(";")))
        mentioned = set(filter(None, rec["mentioned"].split(";")))
        assert problems <= CODES and mentioned <= problems
        for key in ("escalation_threat", "safety", "fraud", "pii"):
            assert rec[key] in ("true", "false")
    assert sum(bool(t["problems"]) for t in truth.values()) > 0.5 * len(truth)


@pytest.mark.parametrize(("flag", "pattern", "low", "high"), [
    ("escalation_threat", THREAT, 8, 12), ("safety", SAFETY, 2, 4), ("fraud", FRAUD, 2, 3),
])
def test_planted_flags(rows: list[dict[str, Any]], truth: dict[str, dict[str, str]],
                       flag: str, pattern: re.Pattern[str], low: int, high: int) -> None:
    flagged = {i for i, t in truth.items() if t[flag] == "true"}
    assert low <= len(flagged) <= high
    hits = {r["客户编号"] for r in rows if r[COMPLAINT] and pattern.search(nfkc(r[COMPLAINT]))}
    assert hits == flagged  # planted exactly where the truth says, nowhere else


def test_planted_pii(rows: list[dict[str, Any]], truth: dict[str, dict[str, str]]) -> None:
    all_text = [nfkc(t) for r in rows for t in (r[COMPLAINT], r[SUGGESTION]) if t]
    assert any(re.search(r"1[3-9]\d{9}", t) for t in all_text)
    assert any(re.search(r"1[3-9]\d-\d{4}-\d{4}", t) for t in all_text)
    assert any(re.search(r"[\w.]+@example\.com", t) for t in all_text)
    assert sum(bool(re.search(r"WO\d{11}", t)) for t in all_text) >= 1
    assert sum(t["pii"] == "true" for t in truth.values()) >= 3


def test_texts_are_varied_and_messy(rows: list[dict[str, Any]], truth: dict[str, dict[str, str]]) -> None:
    complaints = texts(rows, COMPLAINT)
    assert len(set(complaints)) / len(complaints) >= 0.7
    assert 0.15 <= 1 - len(complaints) / len(rows) <= 0.35  # share of blank answers
    assert sum(c.strip() in ("无", "没有", "暂无", "/", "挺好的") for c in complaints) >= 3
    assert sum(len(c.strip()) <= 2 for c in complaints) >= 5  # one-word answers
    assert sum(len(re.findall(r"[。！？!?.]", c)) >= 3 for c in complaints) >= 30  # long stories
    assert sum(bool(re.search(r"但|不过|可是|可惜", c)) for c in complaints) >= 10  # contrast
    assert any("没有什么不满意" in c or "没问题" in c for c in complaints)  # negated mentions
    assert any(re.search(r"[？?]", c) for c in complaints)  # rhetorical questions
    assert sum(bool(re.fullmatch(r"[A-Za-z0-9 ,.'!/-]+", c)) for c in complaints) >= 3  # English answers
    assert sum(truth[r["客户编号"]]["language"] == "hant" and bool(r[COMPLAINT]) for r in rows) >= 3
    assert any(re.search(r"[們這說還機維後]", c) for c in complaints)  # Traditional characters
    assert sum(bool(re.search("[\U0001F300-\U0001FAFF]", c)) for c in complaints) >= 5  # emoji
    assert any("！！！" in c for c in complaints)
    assert any(re.search(r"[０-９Ａ-Ｚａ-ｚ]", c) for c in complaints)  # full-width characters
    assert any(re.search(r"在也|以经|还再|的很|的太|做的", c) for c in complaints)  # typos


def test_suggestions_follow_problems(rows: list[dict[str, Any]], truth: dict[str, dict[str, str]]) -> None:
    suggestions = texts(rows, SUGGESTION)
    assert 0.1 <= 1 - len(suggestions) / len(rows) <= 0.45
    parts_words = re.compile(r"配件|库存|补货|消耗品|配")

    def share(cond: Any) -> float:
        group = [r[SUGGESTION] for r in rows if r[SUGGESTION] and cond(truth[r["客户编号"]]["problems"])]
        return sum(bool(parts_words.search(s)) for s in group) / len(group)

    assert share(lambda p: "parts_supply" in p) > share(lambda p: "parts_supply" not in p) + 0.2


def test_rebuild_is_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "comments.xlsx"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True, capture_output=True)
    assert read_values(out) == read_values(XLSX)
    assert (tmp_path / "comments_truth.csv").read_text(encoding="utf-8") == TRUTH.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comments.xlsx", "comments_truth.csv"]  # no temp files


def test_other_seed_and_size(tmp_path: Path) -> None:
    out = tmp_path / "other.xlsx"
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--seed", "7", "--n", "150"],
                   check=True, capture_output=True)
    values = read_values(out)
    assert len({v[0] for v in values[1:]}) == 150
    assert values != read_values(XLSX)[: len(values)]
    assert (tmp_path / "other_truth.csv").exists()


def test_rejects_bad_size(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path / "x.xlsx"), "--n", "5"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "--n" in result.stderr
    assert not list(tmp_path.iterdir())
