"""Ticket logs: column detection, service metrics, SLA breaches and per-ticket scoring."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from voc import columns as C
from voc.errors import ColumnDetectionError, ConfigError, InputError
from voc.tickets import (
    SLA,
    analyze_tickets,
    detect_ticket_columns,
    load_sla,
    parse_closed,
    parse_confirmed,
    summarize,
    ticket_metrics,
)


@pytest.fixture
def tickets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "工单号": ["T1", "T2", "T3", "T4"],
            "客户编号": ["C0001", "C0002", "C0001", "C0003"],
            "创建时间": [
                "2026-01-01 09:00",
                "2026-01-02 10:00",
                "2026-01-03 08:00",
                "2026-01-10 12:00",
            ],
            "首次响应时间": ["2026-01-01 12:00", "2026-01-04 10:00", None, "2026-01-10 13:00"],
            "关闭时间": ["2026-01-03 09:00", "2026-01-20 10:00", None, "2026-01-12 12:00"],
            "状态": ["已关闭", "已关闭", "处理中", "已关闭"],
            "类别": ["维修", "配件", "维修", "咨询"],
            "问题描述": [
                "机器开不了机，寄修后两天修好",
                "等配件等了两周多，一直没人通知进度",
                "工程师说修好了结果又坏了，太气人了",
                "咨询固件升级",
            ],
            "处理记录": ["更换电源板", "配件缺货，工厂调货", None, "远程指导升级"],
            "客户确认/满意度": ["是", "否", None, "已解决"],
            "重开次数": [0, 1, 2, 0],
        }
    )


def test_columns_detected_by_header(tickets: pd.DataFrame) -> None:
    spec = detect_ticket_columns(tickets)
    assert spec.as_dict() == {
        "ticket_id": "工单号",
        "customer_id": "客户编号",
        "created": "创建时间",
        "first_response": "首次响应时间",
        "closed": "关闭时间",
        "status": "状态",
        "response_time": None,
        "resolution_time": None,
        "category": "类别",
        "description": "问题描述",
        "notes": "处理记录",
        "confirmed": "客户确认/满意度",
        "satisfaction": None,
        "reopen": "重开次数",
    }


def test_numeric_confirmation_column_is_satisfaction(tickets: pd.DataFrame) -> None:
    frame = tickets.assign(**{"客户确认/满意度": [5, 2, None, 4]})
    spec = detect_ticket_columns(frame)
    assert spec.confirmed is None and spec.satisfaction == "客户确认/满意度"


def test_unnamed_datetime_columns_are_ordered_by_content(tickets: pd.DataFrame) -> None:
    frame = tickets.rename(columns={"创建时间": "t_a", "首次响应时间": "t_b", "关闭时间": "t_c"})[
        ["t_c", "t_a", "t_b", "工单号", "问题描述"]
    ]
    spec = detect_ticket_columns(frame)
    assert (spec.created, spec.first_response, spec.closed) == ("t_a", "t_b", "t_c")


def test_overrides_and_their_errors(tickets: pd.DataFrame) -> None:
    spec = detect_ticket_columns(tickets, notes=None, description="处理记录")
    assert spec.description == "处理记录" and spec.notes is None
    with pytest.raises(InputError, match="no such column"):
        detect_ticket_columns(tickets, created="开始时间")
    with pytest.raises(InputError, match="unknown ticket column role"):
        detect_ticket_columns(tickets, opened="创建时间")
    with pytest.raises(ColumnDetectionError, match="does not look like a ticket log"):
        detect_ticket_columns(pd.DataFrame({"a": [1, 2], "b": [3, 4]}))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("已关闭", True),
        ("已解决", True),
        ("Closed", True),
        ("处理中", False),
        ("未关闭", False),
        ("未解决", False),
        ("重开", False),
        ("open", False),
        ("", None),
        (None, None),
        ("？", None),
    ],
)
def test_status_parsing(value: object, expected: bool | None) -> None:
    assert parse_closed(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("已解决", True),
        ("满意", True),
        ("Y", True),
        (1, True),
        ("否", False),
        ("未解决", False),
        ("不满意", False),
        (0, False),
        ("", None),
        (None, None),
        (float("nan"), None),
        ("再看看", None),
    ],
)
def test_confirmation_parsing(value: object, expected: bool | None) -> None:
    assert parse_confirmed(value) is expected


def test_metrics_and_breaches(tickets: pd.DataFrame) -> None:
    spec = detect_ticket_columns(tickets)
    table, notes = ticket_metrics(tickets, spec, load_sla())
    assert notes == []
    rows = table.set_index("工单号")
    assert rows["首次响应(小时)"].tolist()[:2] == [3.0, 48.0]
    assert math.isnan(rows.loc["T3", "首次响应(小时)"])
    assert rows["解决时长(天)"].tolist()[:2] == [2.0, 18.0]
    assert rows["已关闭"].tolist() == [True, True, False, True]
    # As of the latest time in the log (T2 closed 2026-01-20 10:00) T3 has been open 17.1 days.
    assert rows.loc["T3", "未结天数"] == pytest.approx(17.1)
    # T2: response 48 h > 24 h, resolution 18 d > 14 d (配件); T3: no response, open 17.1 d > 7 d.
    assert rows["响应超时"].tolist() == [False, True, True, False]
    assert rows["解决超时"].tolist() == [False, True, True, False]
    summary = summarize(table)
    assert summary["工单数"] == 4
    assert summary["关闭率"] == 0.75
    assert summary["问题解决率"] == pytest.approx(2 / 3, abs=1e-4)
    assert summary["首次响应中位数(小时)"] == 3.0
    assert summary["重开率"] == 0.5 and summary["重开次数合计"] == 3
    assert summary["响应超时数"] == 2 and summary["解决超时率"] == 0.5


def test_thresholds_are_configurable(tickets: pd.DataFrame) -> None:
    spec = detect_ticket_columns(tickets)
    table, _ = ticket_metrics(tickets, spec, load_sla(response_hours=72, resolution_days=30))
    assert table["响应超时"].tolist() == [
        False,
        False,
        True,
        False,
    ]  # T3: still no response after 17 days
    assert table["解决超时"].tolist() == [False, False, False, False]
    table, _ = ticket_metrics(tickets, spec, SLA(response_hours=2, resolution_days=1))
    assert table["响应超时"].tolist() == [True, True, True, False]
    assert table["解决超时"].tolist() == [True, True, True, True]


def test_times_before_creation_are_reported_not_counted(tickets: pd.DataFrame) -> None:
    frame = tickets.copy()
    frame.loc[0, "关闭时间"] = "2025-12-31 09:00"
    table, notes = ticket_metrics(frame, detect_ticket_columns(frame), load_sla())
    assert math.isnan(table.loc[0, "解决时长(天)"])
    assert any("before their creation time" in n for n in notes)


def test_sla_file_format_and_errors(tmp_path: Path) -> None:
    assert load_sla().limits("配件") == (24.0, 14.0)
    assert load_sla().limits("维修") == (24.0, 7.0)
    good = tmp_path / "sla.toml"
    good.write_text(
        '[default]\nresponse_hours = 8\n[categories."投诉"]\nresolution_days = 2\n',
        encoding="utf-8",
    )
    assert load_sla(good).limits("投诉") == (8.0, 2.0)
    for text, message in (
        ("[default]\nresponse_hours = -1\n", "positive number"),
        ("[default]\nrespond_hours = 8\n", "unknown key"),
        ("[other]\n", "unknown table"),
        ("[default\n", "not valid TOML"),
    ):
        good.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=message):
            load_sla(good)
    with pytest.raises(ConfigError, match="not found"):
        load_sla(tmp_path / "missing.toml")


def test_analyze_tickets_scores_descriptions_and_notes(
    tickets: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "tickets.xlsx"
    tickets.to_excel(path, index=False)
    result = analyze_tickets(path)
    comments = result.comments
    assert list(comments.columns[:13]) == list(C.COMMENT_COLUMNS)
    assert comments[C.ID].tolist() == ["T1", "T1", "T2", "T2", "T3", "T4", "T4"]
    assert set(comments[C.SOURCE_COL]) == {"问题描述", "处理记录"}
    per = result.tables["工单"]
    assert {"痛点", "严重度", "需升级", "标记原因", "描述情感分"} <= set(per.columns)
    assert result.tables["SLA超时"]["工单号"].tolist() == ["T2", "T3"]
    by_customer = result.tables["工单客户"].set_index("客户编号")
    assert (
        by_customer.loc["C0001", "工单列表"] == "T1;T3"
        and by_customer.loc["C0001", "未关闭数"] == 1
    )
    assert set(result.tables["工单分类"]["类别"]) == {"维修", "配件", "咨询"}
    assert result.config["columns"]["created"] == "创建时间"
    out = result.save(tmp_path / "out.xlsx")
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"工单", "工单指标", "SLA超时"} <= set(sheets)


def test_ticket_log_without_texts_still_gives_metrics(tickets: pd.DataFrame) -> None:
    frame = tickets.drop(columns=["问题描述", "处理记录"])
    result = analyze_tickets(frame, as_of="2026-02-01")
    assert result.comments.empty
    assert any("not scored" in n for n in result.notes)
    assert result.tables["工单"].set_index("工单号").loc["T3", "未结天数"] == pytest.approx(28.7)


def test_messy_export_numeric_durations_text_times_and_float_ids() -> None:
    frame = pd.DataFrame(
        {
            "服务单号": [101.0, 102.0, 103.0],
            "客户ID": [1001.0, None, 1003.0],
            "报修时间": ["2026-01-05T10:00:00+08:00", 46027.5, "2026/1/6 8:00"],
            "首响时长(分钟)": [90, 30, None],
            "处理时长(天)": [2.5, None, 9],
            "问题类型": ["维修", "维修", "配件"],
            "故障描述": ["开机黑屏", "录制中断", "配件缺货"],
            "重开": ["1次", "", 0],
        }
    )
    spec = detect_ticket_columns(frame)
    assert (spec.ticket_id, spec.customer_id, spec.created) == ("服务单号", "客户ID", "报修时间")
    assert (spec.response_time, spec.resolution_time, spec.category) == (
        "首响时长(分钟)",
        "处理时长(天)",
        "问题类型",
    )
    table, _ = ticket_metrics(frame, spec, load_sla())
    assert table["工单号"].tolist() == ["101", "102", "103"]
    assert table["客户编号"].tolist() == ["1001", "", "1003"]
    assert table["创建时间"].tolist()[:2] == [
        pd.Timestamp("2026-01-05 10:00"),
        pd.Timestamp("2026-01-05 12:00"),
    ]
    assert table["首次响应(小时)"].tolist()[:2] == [1.5, 0.5]
    assert table["解决时长(天)"].tolist()[0] == 2.5
    assert table["已关闭"].tolist() == [True, False, True]
    assert table["重开次数"].tolist() == [1, 0, 0]
    # 9 days for a parts ticket is within its 14-day limit.
    assert not table["解决超时"].iloc[2]
