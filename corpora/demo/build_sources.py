"""Build the demo interview transcripts (``corpora/demo/transcripts/``) and ticket log (``tickets.xlsx``).

They belong to the same fictional customers as the demo survey (``comments.xlsx``, ids C0001…C0360):
each interview from ``interviews.toml`` goes to a survey customer whose simulated problems
(``comments_truth.csv``) match the interview's pain points, and each customer's tickets are drawn
from their problems, so the joined report tells one consistent story. The interviews are written in
the formats found in practice (timestamps, Q/A, names, Markdown, Word paragraphs and tables, GBK and
UTF-8-with-BOM text, Windows line endings). One seeded ``random.Random`` drives everything, and
.docx/.xlsx files get fixed timestamps, so a rebuild gives byte-identical transcripts and the
same ticket cells.

Usage: python corpora/demo/build_sources.py [--seed N]   (data card: transcripts/README.md)
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import tomllib
from openpyxl import Workbook, load_workbook

HERE = Path(__file__).resolve().parent
TRANSCRIPTS = HERE / "transcripts"
TICKETS = HERE / "tickets.xlsx"
DEFAULT_SEED = 2026
FIXED_TIME = datetime(2026, 1, 15, 9, 0, 0)
N_CUSTOMERS = 360
CAMERAS = ("CX-8 电影机", "CX-6 Pro", "M4 便携机")

TICKET_COLUMNS = [
    "工单号",
    "客户编号",
    "创建时间",
    "首次响应时间",
    "关闭时间",
    "状态",
    "类别",
    "问题描述",
    "处理记录",
    "客户确认",
    "满意度",
    "重开次数",
]
CATEGORY = {
    "response_delay": "维修",
    "misdiagnosis": "维修",
    "parts_supply": "配件",
    "staff_attitude": "投诉",
    "communication": "投诉",
    "charges": "费用",
    "installation": "上门",
    "logistics": "寄修",
    "returns_refund": "退换货",
    "product_quality": "维修",
}
DESCRIPTIONS = {
    "response_delay": [
        "{model}报修三天了还没有工程师联系，项目下周就要开机，请尽快处理",
        "提交报修后一直没人响应，打电话说在排队，太慢了",
        "维修已经两周了还没修好，之前说一周内完成",
    ],
    "misdiagnosis": [
        "{model}画面有横纹，上次维修后问题依旧，第二次送修",
        "修好寄回来又出现同样的故障，怀疑上次根本没查出原因",
        "工程师判断是固件问题，刷完固件还是黑屏，要求重新检测",
    ],
    "parts_supply": [
        "{model}主板需要更换，被告知配件缺货，等待时间未知",
        "等配件等了三周还没到，请给一个确切的到货时间",
        "更换卡口配件，维修中心说要从工厂调货",
    ],
    "staff_attitude": [
        "客服态度很差，不耐烦，一直让我看说明书",
        "工程师推诿，说是我们使用不当，拒绝进一步检测",
        "投诉接线员态度问题，问了三次都没人认真回答",
    ],
    "communication": [
        "送修后一直不知道进度，每次打电话都是不同的人，说法也不一样",
        "答应回电一直没回，维修进度完全不透明",
        "询问维修进度，客服说查不到，请安排专人对接",
    ],
    "charges": [
        "保修期内被判定人为损坏，要收一千八维修费，对判定有异议",
        "报价和最后收费不一致，多收了检测费，要求解释",
        "质保期内维修还收了上门费，不合理",
    ],
    "installation": [
        "{model}上门安装约好上午，下午才到，调试也没做完",
        "安装后跟焦系统有延迟，需要再次上门调试",
        "上门工程师不会调试套件，要求换人",
    ],
    "logistics": [
        "寄修返回时外箱破损，手柄配件丢失",
        "寄修快递一周还没到维修中心，物流信息不更新",
        "返修件发错地址，至今没收到",
    ],
    "returns_refund": [
        "{model}购买两周反复过热关机，申请换新被拒",
        "申请退货一个月了退款还没到账",
        "换新已经批准但新机迟迟不发货",
    ],
    "product_quality": [
        "{model}拍摄高帧率十几分钟就过热关机",
        "开机后录制键无反应，换卡也不行",
        "使用三个月屏幕铰链松动，画面闪烁",
    ],
    None: [
        "咨询{model}固件升级方法",
        "预约常规保养清洁",
        "咨询延保服务价格",
        "申请开具维修发票",
    ],
}
NOTES = {
    "维修": [
        "已安排工程师检测，确认故障原因后维修",
        "更换故障模块，测试正常后寄回",
        "远程排查无果，转寄修处理",
    ],
    "配件": [
        "配件缺货，已向工厂申请调货",
        "配件到货后安排更换，已测试",
        "配件延期，已致电客户说明",
    ],
    "投诉": [
        "已致电客户致歉，并反馈相关人员主管",
        "安排专人跟进，每两天同步一次进度",
        "客户情绪激动，已升级处理",
    ],
    "费用": ["提供检测照片，费用减免20%", "核对收费明细后退还多收费用", "维持原判定，客户不认可"],
    "上门": ["改派资深工程师二次上门，调试完成", "上门完成安装调试", "客户要求更换工程师，已安排"],
    "寄修": ["联系快递理赔中", "补发丢失配件", "更正地址后重新发出"],
    "退换货": ["审批通过，安排换新", "退款已提交财务，预计5个工作日到账", "超出退换期限，转为维修"],
    "咨询": ["电话指导完成", "已发送操作说明", "已报价，客户考虑中"],
    "保养": ["保养完成", "已预约保养时间"],
}


def _read_survey() -> tuple[dict[str, list[str]], dict[str, str]]:
    """Customer → simulated problems, and customer → device model, from the demo survey if present."""
    problems: dict[str, list[str]] = {}
    truth = HERE / "comments_truth.csv"
    if truth.exists():
        with truth.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                problems[row["客户编号"]] = [p for p in row["problems"].split(";") if p]
    models: dict[str, str] = {}
    survey = HERE / "comments.xlsx"
    if survey.exists():
        workbook = load_workbook(survey, read_only=True)
        rows = workbook[workbook.sheetnames[0]].iter_rows(values_only=True)
        header = [str(h) for h in next(rows)]
        for row in rows:
            record = dict(zip(header, row, strict=False))
            if record.get("客户编号"):
                models[str(record["客户编号"])] = str(record.get("设备型号") or "")
        workbook.close()
    return problems, models


def _short_model(model: str) -> str:
    return model.split(" ")[0] if model else "机器"


def _assign_interviews(
    interviews: list[dict],
    problems: dict[str, list[str]],
    models: dict[str, str],
    rng: random.Random,
) -> dict[str, str]:
    """Interview id → a survey customer whose problems include the interview's first pain point."""
    taken: set[str] = set()
    chosen: dict[str, str] = {}
    ids = [f"C{i:04d}" for i in range(1, N_CUSTOMERS + 1)]
    for interview in interviews:
        code = interview["codes"][0]
        fits = [
            c
            for c in ids
            if c not in taken
            and code in problems.get(c, [])
            and models.get(c, CAMERAS[0]) in CAMERAS
        ]
        fits = fits or [c for c in ids if c not in taken]
        customer = rng.choice(fits)
        taken.add(customer)
        chosen[interview["id"]] = customer
    return chosen


# --- transcript writers: one per format --------------------------------------------------------


def _clock(seconds: int, hours: bool = True) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" if hours else f"{h * 60 + m:02d}:{s:02d}"


def _times(turns: list[str], rng: random.Random) -> list[int]:
    now, out = rng.randint(3, 20), []
    for turn in turns:
        out.append(now)
        now += 4 + len(turn) // 4 + rng.randint(2, 25)
    return out


def _lines(interview: dict, customer: str, when: str) -> list[str]:
    return [f"客户编号：{customer}", f"访谈日期：{when}"]


def _speaker(interview: dict, role: str) -> str:
    return interview["interviewer"] if role == "I" else interview["customer"]


def _txt_timestamps_crlf(
    interview: dict, turns: list[tuple[str, str]], head: list[str], times: list[int]
) -> tuple[str, bytes]:
    lines = ["客户售后访谈记录", f"访谈编号：{interview['id']}", *head, ""]
    lines += [
        f"[{_clock(t)}] {_speaker(interview, r)}：{x}"
        for (r, x), t in zip(turns, times, strict=True)
    ]
    return ".txt", "\r\n".join(lines).encode("utf-8") + b"\r\n"


def _txt_qa_gbk(
    interview: dict, turns: list[tuple[str, str]], head: list[str], times: list[int]
) -> tuple[str, bytes]:
    lines = [f"访谈编号：{interview['id']}", *head, ""]
    for role, text in turns:
        # Long answers wrap over two lines, as people type them.
        if role == "C" and "。" in text[:-1]:
            first, rest = text.split("。", 1)
            lines += [f"{_speaker(interview, role)}: {first}。", rest]
        else:
            lines.append(f"{_speaker(interview, role)}: {text}")
        if role == "C":
            lines.append("")
    return ".txt", "\r\n".join(lines).encode("gbk")


def _md_bold_names(
    interview: dict, turns: list[tuple[str, str]], head: list[str], times: list[int]
) -> tuple[str, bytes]:
    lines = [
        f"# 访谈 {interview['id']}：影视制作公司客户",
        "",
        *[f"- {h}" for h in head],
        f"- 访谈员：{interview['interviewer']}",
        f"- 受访者：{interview['customer']}",
        "",
        "---",
        "",
    ]
    for role, text in turns:
        lines += [f"**{_speaker(interview, role)}**：{text}", ""]
    return ".md", "\n".join(lines).encode("utf-8")


def _fixed_zip(raw: bytes) -> bytes:
    """The same zip with fixed entry times, so a rebuild of a .docx/.xlsx is byte-identical."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                    data,
                )
            dst.writestr(info, data)
    return out.getvalue()


def _docx_bytes(build: Callable) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.author = props.last_modified_by = "voc demo"
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _docx_paragraphs(
    interview: dict, turns: list[tuple[str, str]], head: list[str], times: list[int]
) -> tuple[str, bytes]:
    def build(document) -> None:  # type: ignore[no-untyped-def]
        document.add_heading(f"售后回访访谈 {interview['id']}", level=1)
        for h in head:
            document.add_paragraph(h)
        for role, text in turns:
            document.add_paragraph(f"{_speaker(interview, role)}：{text}")

    return ".docx", _docx_bytes(build)


def _docx_table(
    interview: dict, turns: list[tuple[str, str]], head: list[str], times: list[int]
) -> tuple[str, bytes]:
    def build(document) -> None:  # type: ignore[no-untyped-def]
        document.add_heading(f"访谈纪要 {interview['id']}", level=1)
        for h in head:
            document.add_paragraph(h)
        table = document.add_table(rows=1, cols=3)
        for cell, title in zip(table.rows[0].cells, ("时间", "说话人", "内容"), strict=True):
            cell.text = title
        for (role, text), t in zip(turns, times, strict=True):
            cells = table.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = _clock(t), _speaker(interview, role), text

    return ".docx", _docx_bytes(build)


def _txt_speaker_lines_bom(
    interview: dict, turns: list[tuple[str, str]], head: list[str], times: list[int]
) -> tuple[str, bytes]:
    lines = [f"访谈编号：{interview['id']}", *head, ""]
    for (role, text), t in zip(turns, times, strict=True):
        lines += [f"{_speaker(interview, role)}  {_clock(t)}", text, ""]
    return ".txt", b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8")


def _md_qa_times(
    interview: dict, turns: list[tuple[str, str]], head: list[str], times: list[int]
) -> tuple[str, bytes]:
    lines = [f"## 上门服务客户访谈（{interview['id']}）", "", *[f"> {h}" for h in head], ""]
    lines += [
        f"({_clock(t, hours=False)}) {_speaker(interview, r)}：{x}"
        for (r, x), t in zip(turns, times, strict=True)
    ]
    return ".md", "\n".join(lines).encode("utf-8")


def _txt_names_bare_times(
    interview: dict, turns: list[tuple[str, str]], head: list[str], times: list[int]
) -> tuple[str, bytes]:
    lines = [f"访谈编号：{interview['id']}", *head, "参与人：客户体验部 主持人；租赁公司 王总", ""]
    lines += [
        f"{_clock(t, hours=False)} {_speaker(interview, r)}：{x}"
        for (r, x), t in zip(turns, times, strict=True)
    ]
    return ".txt", "\n".join(lines).encode("utf-8")


WRITERS = {
    "txt_timestamps_crlf": _txt_timestamps_crlf,
    "txt_qa_gbk": _txt_qa_gbk,
    "md_bold_names": _md_bold_names,
    "docx_paragraphs": _docx_paragraphs,
    "docx_table": _docx_table,
    "txt_speaker_lines_bom": _txt_speaker_lines_bom,
    "md_qa_times": _md_qa_times,
    "txt_names_bare_times": _txt_names_bare_times,
}


def build_transcripts(
    rng: random.Random, problems: dict[str, list[str]], models: dict[str, str]
) -> dict[str, str]:
    """Write every interview; returns interview id → customer id."""
    interviews = tomllib.loads((HERE / "interviews.toml").read_text(encoding="utf-8"))["interview"]
    owners = _assign_interviews(interviews, problems, models, rng)
    TRANSCRIPTS.mkdir(exist_ok=True)
    for old in TRANSCRIPTS.glob("I0*"):
        old.unlink()
    for n, interview in enumerate(interviews):
        customer = owners[interview["id"]]
        model = _short_model(models.get(customer, "CX-8 电影机"))
        turns = [(t[0], t[2:].replace("{model}", model)) for t in interview["turns"]]
        when = (datetime(2026, 1, 12) + timedelta(days=n)).strftime("%Y-%m-%d")
        suffix, data = WRITERS[interview["format"]](
            interview, turns, _lines(interview, customer, when), _times([t for _, t in turns], rng)
        )
        _write_bytes(TRANSCRIPTS / f"{interview['id']}{suffix}", data)
    return owners


# --- tickets -------------------------------------------------------------------------------------


def _ticket(
    rng: random.Random, number: int, customer: str, code: str | None, model: str, start: datetime
) -> list[object]:
    category = CATEGORY.get(code or "", rng.choice(["咨询", "咨询", "保养"]))
    created = start + timedelta(minutes=rng.randint(0, 60 * 24 * 91))
    created = created.replace(hour=rng.randint(8, 19), second=0, microsecond=0)
    slow = code in ("response_delay", "communication", "staff_attitude")
    response_h = rng.lognormvariate(2.3 if slow else 1.2, 0.8)
    responded: datetime | None = created + timedelta(hours=response_h)
    base_days = {
        "配件": 16,
        "退换货": 20,
        "维修": 6,
        "寄修": 9,
        "投诉": 4,
        "费用": 5,
        "上门": 3,
    }.get(category, 1)
    days = max(
        0.1, rng.gauss(base_days * (1.5 if code == "response_delay" else 1.0), base_days * 0.4)
    )
    closed: datetime | None = created + timedelta(days=days)
    cutoff = datetime(2025, 12, 31, 18, 0)
    reopens = rng.choice([1, 1, 2]) if code == "misdiagnosis" else (1 if rng.random() < 0.04 else 0)
    if closed is not None and closed > cutoff:
        closed = None
    if responded is not None and responded > cutoff:
        responded = None
    if closed is None:
        status = rng.choice(
            [
                "处理中",
                "待配件" if category == "配件" else "处理中",
                "已重开" if reopens else "跟进中",
            ]
        )
        confirmed, satisfaction = None, None
    else:
        status = "已关闭"
        unhappy = code is not None and rng.random() < (
            0.55 if code in ("misdiagnosis", "charges", "returns_refund") else 0.3
        )
        confirmed = rng.choice(["否", "未解决"]) if unhappy else rng.choice(["是", "是", "已解决"])
        if rng.random() < 0.12:
            confirmed = None  # the customer never answered the confirmation call
        satisfaction = rng.randint(1, 3) if unhappy else rng.randint(3, 5)
        if rng.random() < 0.1:
            satisfaction = None
    description = rng.choice(DESCRIPTIONS[code]).replace("{model}", model)
    notes = (
        rng.choice(NOTES.get(category, NOTES["咨询"]))
        if closed is not None or rng.random() < 0.6
        else None
    )
    if rng.random() < 0.05 and responded is not None:
        responded = responded.strftime("%Y/%m/%d %H:%M")  # type: ignore[assignment]  # text cells, as exports have
    return [
        f"GD{2025_0000 + number}",
        customer,
        created,
        responded,
        closed,
        status,
        category,
        description,
        notes,
        confirmed,
        satisfaction,
        reopens,
    ]


def build_tickets(
    rng: random.Random,
    problems: dict[str, list[str]],
    models: dict[str, str],
    owners: dict[str, str],
) -> int:
    """Write tickets.xlsx: each customer's problems become tickets, a few customers only ask questions."""
    rows: list[list[object]] = []
    start = datetime(2025, 10, 1)
    interviewed = set(owners.values())
    for i in range(1, N_CUSTOMERS + 1):
        customer = f"C{i:04d}"
        model = _short_model(models.get(customer, ""))
        codes = (
            problems.get(customer)
            if problems
            else rng.sample(sorted(CATEGORY), k=rng.choice([0, 0, 1, 2]))
        )
        for code in codes or []:
            if rng.random() < 0.75 or customer in interviewed:
                rows.append(_ticket(rng, len(rows) + 1, customer, code, model, start))
        if rng.random() < 0.18:
            rows.append(_ticket(rng, len(rows) + 1, customer, None, model, start))
    rows.sort(key=lambda r: r[2])  # type: ignore[arg-type, return-value]
    for n, row in enumerate(rows, start=1):
        row[0] = f"GD2025{n:05d}"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "工单"
    sheet.append(TICKET_COLUMNS)
    for row in rows:
        sheet.append(row)
    for column, width in zip(
        "ABCDEFGHIJKL", (14, 10, 18, 18, 18, 8, 8, 48, 36, 8, 8, 8), strict=True
    ):
        sheet.column_dimensions[column].width = width
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    workbook.save(raw)
    _write_bytes(TICKETS, _fixed_zip(raw.getvalue()))
    return len(rows)


def _write_bytes(path: Path, data: bytes) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(name, 0o644)
    os.replace(name, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    problems, models = _read_survey()
    owners = build_transcripts(rng, problems, models)
    n = build_tickets(rng, problems, models, owners)
    print(
        f"wrote {len(owners)} transcripts to {TRANSCRIPTS} ({', '.join(f'{k}→{v}' for k, v in owners.items())})"
    )
    print(f"wrote {TICKETS} ({n} tickets)")


if __name__ == "__main__":
    main()
