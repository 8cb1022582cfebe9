"""Turn the text of an interview transcript into speaker turns.

Transcripts arrive in many hand-made shapes: ``访谈员：…`` / ``客户：…``, ``Q:``/``A:``, ``问``/``答``,
names (``张经理：``), timestamps before or after the label (``[00:12:31]``, ``00:12``, ``(12:31)``),
exports that put "说话人 1  00:01:05" on its own line, Markdown bold labels and tables, turns that run
over several lines, and transcriber notes in brackets (``[笑]``, ``（停顿）``). The parser reads every
line once, collects label candidates, and only then decides which candidates are speakers: a
known role word always is, an unknown word must recur (a name speaks more than once; "我的意思是：" does
not), so a colon inside an answer does not start a new turn.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from voc.errors import InputError
from voc.transcripts.model import CUSTOMER, INTERVIEWER, Transcript, Turn

logger = logging.getLogger(__name__)

_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_OPEN, _CLOSE = r"[\[【(（]", r"[\]】)）]"
_LEADING_TS = re.compile(rf"^(?:{_OPEN}\s*(?P<a>{_TS})\s*{_CLOSE}|(?P<b>{_TS})(?=\s|$|[^\d:]))\s*")
# A label: up to 12 characters without spaces or punctuation (or "Speaker 1"-style words),
# an optional role hint in brackets, an optional timestamp, then a colon.
_LABEL = r"[A-Za-z][A-Za-z ]{0,14}\d{0,2}|(?:说话人|发言人|讲话人)\s*\d{1,2}|[^\s:：，。！？,!?\[\]【】()（）<>*#|]{1,12}"
_LABELLED = re.compile(
    rf"^(?P<label>{_LABEL}?)\s*(?:[（(](?!\s*{_TS}\s*[)）])(?P<hint>[^)）]{{1,12}})[)）])?\s*"
    rf"(?:{_OPEN}?\s*(?P<ts>{_TS})\s*{_CLOSE}?)?\s*[:：]\s*(?P<rest>.*)$"
)
# "说话人 1  00:01:05" alone on a line: the text follows on the next lines.
_LABEL_LINE = re.compile(
    rf"^(?P<label>{_LABEL}?)\s*(?:[（(](?P<hint>[^)）]{{1,12}})[)）])?\s+"
    rf"(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\s+)?{_OPEN}?(?P<ts>{_TS}){_CLOSE}?$"
)
# "1. 问：…" numbered exchanges: the number goes, the label stays.
_NUMBERED = re.compile(r"^\d{1,3}[.、)）]\s*(?=[^\s:：]{1,12}[:：])")
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*)$")
_MD_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_MD_BULLET = re.compile(r"^(?:>\s*)+|^[-*+]\s+")
_EMPHASIS = re.compile(r"\*\*|__")
_INVISIBLE = re.compile(r"[\u200b-\u200d\ufeff\u00a0\u3000]")
_SQUARE_NOTE = re.compile(r"\s*[\[【](?P<note>[^\[\]【】]{1,20})[\]】]\s*")
_ROUND_NOTE = re.compile(
    r"\s*[（(](?P<note>(?:[^()（）]{0,4})(?:笑|大笑|苦笑|停顿|沉默|叹气|叹息|咳嗽|听不清|插话|打断|音频|录音|杂音|翻看|思考|语气|激动|哽咽|无关|略)"
    r"[^()（）]{0,6}|laughs?|laughter|pause|inaudible|crosstalk|sighs?)[)）]\s*",
    re.IGNORECASE,
)

_INTERVIEWER_LABEL = re.compile(
    r"^(?:访谈员|访谈者|访谈人|采访者|采访人|采访员|主持人|主持|调研员|研究员|访员|回访员|客服|记者|问|提问|提问人|"
    r"interviewer|moderator|host|researcher|q|i)\s*[0-9a-z]{0,2}$",
    re.IGNORECASE,
)
_CUSTOMER_LABEL = re.compile(
    r"^(?:客户|受访者|受访人|被访者|被访人|受访客户|用户|顾客|答|回答|respondent|interviewee|customer|participant|a|r)"
    r"\s*[0-9a-z]{0,2}$",
    re.IGNORECASE,
)
#: Header keys that are never speakers.
META_KEYS = frozenset(
    [
        "客户编号",
        "客户id",
        "客户ID",
        "客户号",
        "访谈编号",
        "访谈id",
        "编号",
        "日期",
        "访谈日期",
        "时间",
        "访谈时间",
        "时长",
        "访谈时长",
        "地点",
        "方式",
        "访谈方式",
        "访谈对象",
        "受访对象",
        "参与人",
        "参与者",
        "参会人",
        "记录人",
        "整理人",
        "记录",
        "公司",
        "单位",
        "客户类型",
        "区域",
        "地区",
        "设备型号",
        "机型",
        "型号",
        "主题",
        "标题",
        "备注",
        "注",
        "说明",
        "补充",
        "总结",
        "结论",
        "摘要",
        "背景",
    ]
)
_CUSTOMER_ID_KEYS = ("客户编号", "客户ID", "客户id", "客户号", "customer_id", "customer id")
_INTERVIEW_ID_KEYS = ("访谈编号", "访谈id", "interview_id", "interview id")
# Words that end a phrase introducing speech rather than naming a speaker ("他说：", "问题是：").
_NOT_A_NAME_END = tuple("说是的了道讲呢吗吧啊")
_QUESTION_END = re.compile(r"[?？]\s*$|[吗呢么]\s*[。.]?\s*$")


@dataclass
class _Line:
    number: int
    text: str
    label: str | None = None
    hint: str | None = None
    seconds: float | None = None
    rest: str = ""
    colon: bool = False  # "label：text", not a "label  00:01:05" line


def parse_seconds(stamp: str) -> float:
    """``00:12:31`` → 751.0; ``12:31`` → 751.0 (minutes:seconds); ``01:02.5`` → 62.5."""
    parts = stamp.replace(",", ".").split(":")
    value = 0.0
    for part in parts:
        value = value * 60 + float(part)
    return value


def _clean(line: str) -> str:
    line = _INVISIBLE.sub(" ", line).strip()
    line = _NUMBERED.sub("", _MD_BULLET.sub("", line))
    return _EMPHASIS.sub("", line).strip()


def _table_row(line: str) -> str | None:
    """A Markdown table row → ``[time] speaker：text``; header and separator rows → empty string."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
        return ""
    if len(cells) < 2:
        return None
    if len(cells) >= 3 and re.fullmatch(rf"{_OPEN}?{_TS}{_CLOSE}?", cells[0]):
        return f"[{cells[0].strip('[]【】()（）')}] {cells[1]}：{' '.join(cells[2:])}"
    if len(cells) >= 3 and re.fullmatch(rf"{_OPEN}?{_TS}{_CLOSE}?", cells[1]):
        return f"[{cells[1].strip('[]【】()（）')}] {cells[0]}：{' '.join(cells[2:])}"
    if re.fullmatch(
        r"时间|说话人|发言人|角色|内容|发言|speaker|time|text", cells[0], re.IGNORECASE
    ):
        return ""
    return f"{cells[0]}：{' '.join(cells[1:])}"


def _tokenize(lines: Iterable[str]) -> list[_Line]:
    out: list[_Line] = []
    for number, raw in enumerate(lines, start=1):
        if raw.lstrip().startswith("|"):
            converted = _table_row(raw)
            if converted == "":
                continue
            raw = converted if converted is not None else raw
        text = _clean(raw)
        if not text or _MD_RULE.match(text):
            continue
        item = _Line(number, text)
        seconds = None
        match = _LEADING_TS.match(text)
        if match:
            seconds = parse_seconds(match.group("a") or match.group("b"))
            text = text[match.end() :]
        labelled = _LABEL_LINE.match(text) or _LABELLED.match(text)
        if labelled and labelled.group("label").strip():
            item.label = labelled.group("label").strip()
            item.hint = labelled.group("hint")
            item.colon = labelled.re is _LABELLED
            if labelled.group("ts") and seconds is None:
                seconds = parse_seconds(labelled.group("ts"))
            item.rest = labelled.groupdict().get("rest") or ""
            inner = _LEADING_TS.match(item.rest)
            if inner:
                seconds = (
                    seconds
                    if seconds is not None
                    else parse_seconds(inner.group("a") or inner.group("b"))
                )
                item.rest = item.rest[inner.end() :]
        else:
            item.rest = text
        item.seconds = seconds
        out.append(item)
    return out


def known_role(label: str) -> str | None:
    """``interviewer``/``customer`` for the usual role words (访谈员, 客户, Q, A, 问, 答 …), else None."""
    label = label.strip()
    if _INTERVIEWER_LABEL.match(label):
        return INTERVIEWER
    if _CUSTOMER_LABEL.match(label):
        return CUSTOMER
    return None


def _is_speaker(label: str, counts: Counter[str], hint: str | None, timed: bool) -> bool:
    if label in META_KEYS or label.lower() in META_KEYS:
        return False
    if known_role(label):
        return True
    if label.endswith(_NOT_A_NAME_END) or re.fullmatch(r"[\d.]+", label):
        return False
    if hint and known_role(hint):
        return True
    return counts[label] >= 2 or (timed and counts[label] >= 1 and len(label) <= 8)


def _strip_notes(text: str) -> tuple[str, list[str]]:
    notes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        note = match.group("note").strip()
        if not re.fullmatch(_TS, note):
            notes.append(note)
        # The spaces around a note go with it, unless it sat between two English words.
        before, after = text[: match.start()].rstrip()[-1:], text[match.end() :].lstrip()[:1]
        return (
            " "
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
            else ""
        )

    for pattern in (_SQUARE_NOTE, _ROUND_NOTE):
        text = pattern.sub(keep, text)
    return re.sub(r"[ \t]{2,}", " ", text).strip(), notes


def parse_transcript(
    text: str | Sequence[str],
    name: str = "interview",
    customer_speakers: Sequence[str] | None = None,
    source: str = "",
) -> Transcript:
    """Split a transcript into turns and decide who is the customer.

    Arguments:
        text: the whole transcript, or its lines/paragraphs.
        name: interview id used when the header has no ``访谈编号``.
        customer_speakers: labels spoken by the customer side (e.g. ``["张经理", "A"]``); every other
            speaker is then the interviewer side. Default: detected — the usual role words decide,
            and otherwise the non-interviewer party (the interviewer is the one asking questions).
        source: the file, recorded with the result.

    Returns:
        a :class:`Transcript`.

    Raises:
        InputError: no speaker turns could be found.

    Examples:
        >>> t = parse_transcript("[00:00:05] 访谈员：维修还顺利吗？\\n[00:00:09] 客户：等配件等了三周。[叹气]")
        >>> [(x.role, x.text, x.timestamp, x.notes) for x in t.turns]
        [('interviewer', '维修还顺利吗？', '00:05', ()), ('customer', '等配件等了三周。', '00:09', ('叹气',))]
    """
    lines = (
        text.splitlines()
        if isinstance(text, str)
        else [part for item in text for part in str(item).splitlines()]
    )
    items = _tokenize(lines)
    counts = Counter(i.label for i in items if i.label)
    named = {s.strip() for s in customer_speakers or ()}
    speakers = {
        i.label
        for i in items
        if i.label
        and (
            i.label in named
            or _is_speaker(i.label, counts, i.hint, i.colon and i.seconds is not None)
        )
    }
    meta: dict[str, str] = {}
    declared: dict[str, str] = {}
    hints: dict[str, str] = {}
    raw_turns: list[tuple[_Line, list[str], list[str]]] = []  # (head line, text lines, notes)
    for item in items:
        is_turn = item.label in speakers
        if is_turn and not raw_turns and item.label and known_role(item.label):
            # Header "访谈员：李明" declares who is who when 李明 later speaks.
            declared_name = re.sub(r"[（(].*$", "", item.rest).strip()
            if declared_name in speakers and declared_name != item.label:
                role = known_role(item.label)
                declared[declared_name] = role or ""
                meta.setdefault(item.label, item.rest.strip())
                continue
        if is_turn:
            body, notes = _strip_notes(item.rest)
            raw_turns.append((item, [body] if body else [], notes))
            if item.hint and known_role(item.hint) and item.label:
                hints[item.label] = known_role(item.hint) or ""
            continue
        if not raw_turns:
            _header_line(item, meta)
            continue
        body, notes = _strip_notes(_LEADING_TS.sub("", item.text, count=1))
        if body:
            raw_turns[-1][1].append(body)
        raw_turns[-1][2].extend(notes)
    if not any(lines_ for _, lines_, _ in raw_turns):
        where = f" in {source}" if source else ""
        raise InputError(
            f"no speaker turns found{where}: expected lines like '访谈员：…' and '客户：…' "
            "(a speaker label, then a colon), optionally with timestamps such as [00:12:31]"
        )
    roles = _assign_roles(
        [i.label or "" for i, body, _ in raw_turns if body],
        declared,
        hints,
        customer_speakers,
        raw_turns,
    )
    turns: list[Turn] = []
    for head, said, noted in raw_turns:
        if not said:
            continue
        label = head.label or ""
        turns.append(
            Turn(
                len(turns) + 1,
                label,
                roles[label],
                "\n".join(said),
                head.seconds,
                tuple(noted),
                head.number,
            )
        )
    interview = next((meta[k] for k in _INTERVIEW_ID_KEYS if meta.get(k)), name)
    customer_id = next((meta[k] for k in _CUSTOMER_ID_KEYS if meta.get(k)), "")
    return Transcript(
        name=interview, turns=tuple(turns), meta=meta, customer_id=customer_id, source=source
    )


def _header_line(item: _Line, meta: dict[str, str]) -> None:
    heading = _MD_HEADING.match(item.text)
    if heading:
        meta.setdefault("标题", heading.group("title").strip())
        return
    if item.label:
        meta.setdefault(item.label, item.rest.strip())
    elif "标题" not in meta:
        meta["标题"] = item.text


def _assign_roles(
    labels: list[str],
    declared: dict[str, str],
    hints: dict[str, str],
    customer_speakers: Sequence[str] | None,
    raw_turns: list[tuple[_Line, list[str], list[str]]],
) -> dict[str, str]:
    order = list(dict.fromkeys(labels))
    if customer_speakers:
        wanted = {s.strip() for s in customer_speakers}
        if not wanted & set(order):
            raise InputError(
                f"customer_speakers {sorted(wanted)} do not occur; the speakers are: {', '.join(order)}"
            )
        return {label: CUSTOMER if label in wanted else INTERVIEWER for label in order}
    roles = {label: declared.get(label) or hints.get(label) or known_role(label) for label in order}
    unknown = [label for label, role in roles.items() if role is None]
    if unknown:
        present = set(roles.values())
        if INTERVIEWER in present:
            fill = {label: CUSTOMER for label in unknown}
        elif CUSTOMER in present:
            fill = {label: INTERVIEWER for label in unknown}
        else:
            fill = _by_questions(unknown, raw_turns)
        roles.update(fill)
    return {label: role or CUSTOMER for label, role in roles.items()}


def _by_questions(
    labels: list[str], raw_turns: list[tuple[_Line, list[str], list[str]]]
) -> dict[str, str]:
    """Among unknown speakers, the one who mostly asks questions is the interviewer."""
    if len(labels) == 1:
        return {labels[0]: CUSTOMER}
    asked: Counter[str] = Counter()
    spoke: Counter[str] = Counter()
    for head, body, _ in raw_turns:
        if body and head.label in labels:
            spoke[head.label] += 1
            asked[head.label] += bool(_QUESTION_END.search(body[-1]))
    share = {label: asked[label] / max(spoke[label], 1) for label in labels}
    interviewer = max(labels, key=lambda label: (share[label], -labels.index(label)))
    logger.info(
        "no role words in the speaker labels; taking %s (most questions) as the interviewer",
        interviewer,
    )
    return {label: INTERVIEWER if label == interviewer else CUSTOMER for label in labels}
