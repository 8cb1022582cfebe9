"""Reading survey tables in every supported format and refusing bad input with one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from voc.errors import InputError
from voc.io import read_table, write_table
from voc.io.scores import parse_score

SURVEY_COLUMNS = ["客户编号", "客户类型", "区域", "总体满意度", "推荐意愿", "不满意的地方", "改进建议"]


def _texts(frame: pd.DataFrame) -> list[str]:
    return frame["不满意的地方"].fillna("").astype(str).tolist()


def test_reads_xlsx_first_sheet_by_default(survey_xlsx: Path) -> None:
    frame = read_table(survey_xlsx)
    assert list(frame.columns) == SURVEY_COLUMNS
    assert len(frame) == 6


def test_reads_named_and_indexed_sheet(tmp_path: Path, survey_frame: pd.DataFrame) -> None:
    path = tmp_path / "two.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="说明", index=False)
        survey_frame.to_excel(writer, sheet_name="问卷", index=False)
    assert list(read_table(path, sheet="问卷").columns) == SURVEY_COLUMNS
    assert list(read_table(path, sheet="1").columns) == SURVEY_COLUMNS
    with pytest.raises(InputError, match="no sheet named '答卷'.*说明, 问卷"):
        read_table(path, sheet="答卷")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_reads_csv_in_common_chinese_encodings(tmp_path: Path, survey_frame: pd.DataFrame, encoding: str) -> None:
    path = tmp_path / f"survey-{encoding}.csv"
    survey_frame.drop(columns=["不满意的地方"]).assign(不满意的地方=["维修太慢", "很好", "配件缺货", "投诉", "无", ""]).to_csv(
        path, index=False, encoding=encoding
    )
    frame = read_table(path)
    assert "客户编号" in frame.columns  # BOM and GBK headers decoded
    assert _texts(frame)[:3] == ["维修太慢", "很好", "配件缺货"]


def test_reads_tsv_jsonl_parquet(tmp_path: Path, survey_frame: pd.DataFrame) -> None:
    tsv = tmp_path / "s.tsv"
    survey_frame.to_csv(tsv, sep="\t", index=False)
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in survey_frame.to_dict("records")), encoding="utf-8")
    parquet = tmp_path / "s.parquet"
    survey_frame.to_parquet(parquet)
    for path in (tsv, jsonl, parquet):
        frame = read_table(path)
        assert list(frame.columns) == SURVEY_COLUMNS, path
        assert _texts(frame)[0].startswith("维修拖了")


def test_mixed_encodings_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("comment\n维修太慢\n".encode() + "配件缺货\n".encode("gbk"))
    frame = read_table(path)
    assert len(frame) == 2


def test_input_file_is_not_modified(survey_xlsx: Path) -> None:
    before = survey_xlsx.read_bytes()
    read_table(survey_xlsx)
    assert survey_xlsx.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.xlsx", None, "not found"),
        ("empty.csv", b"", "empty"),
        ("corrupt.xlsx", b"PK\x03\x04garbage", "not a valid .xlsx"),
        ("notzip.xlsx", b"hello", "not a valid .xlsx"),
        ("data.docx", b"x", "unsupported input type"),
        ("bad.jsonl", b'{"a": 1}\n{oops\n', "bad.jsonl:2"),
        ("bad.parquet", b"PAR1 not really", "not a valid parquet"),
        ("", None, "directory"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_table(path)
    assert "\n" not in str(info.value)


def test_password_protected_workbook(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["意见"])
    wb.active.append(["维修太慢"])
    wb.save(plain)
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    with pytest.raises(InputError, match="password-protected"):
        read_table(locked)


def test_empty_workbook_and_header_only(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(InputError, match="is empty"):
        read_table(empty)
    header = tmp_path / "header.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["意见", "评分"])
    wb.save(header)
    with pytest.raises(InputError, match="no data rows"):
        read_table(header)


@pytest.mark.parametrize(("value", "expected"), [("5分", 5.0), ("５", 5.0), (" 4 分 ", 4.0), (9, 9.0), ("9 points", 9.0), ("3/5", 3.0)])
def test_parse_score(value: object, expected: float) -> None:
    assert parse_score(value) == expected


@pytest.mark.parametrize("value", ["好", "", None, "五分"])
def test_parse_score_not_a_number(value: object) -> None:
    assert pd.isna(parse_score(value))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_write_table_round_trip_is_atomic(tmp_path: Path, fmt: str) -> None:
    frame = pd.DataFrame({"id": ["1", "2"], "text": ["好", "差"], "escalate": [True, False], "sentiment": [0.5, float("nan")]})
    path = write_table(frame, tmp_path / f"out.{fmt}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"out.{fmt}"]  # no temp file left behind
    back = read_table(path)
    assert back["text"].tolist() == ["好", "差"]
    if fmt == "csv":
        assert path.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[2] == "true"


def test_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    class Boom:
        def __str__(self) -> str:
            raise RuntimeError("boom")

    frame = pd.DataFrame({"x": [Boom()]})
    with pytest.raises(Exception):  # noqa: B017 - any failure inside the writer
        write_table(frame, tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []


def test_written_files_get_normal_permissions(tmp_path: Path) -> None:
    import os
    import stat

    path = write_table(pd.DataFrame({"a": [1]}), tmp_path / "o.csv")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
