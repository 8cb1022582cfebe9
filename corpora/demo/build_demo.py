"""Build the synthetic demo survey corpus ``corpora/demo/comments.xlsx`` and its ground truth.

The project needs realistic, messy Chinese after-sales feedback for docs, tests and benchmarks, but real
customer data cannot be shipped. This script simulates each respondent's latent service experience
(which problems happened, how badly, how harsh a rater they are), derives noisy scores from it and
writes free-text answers by combining hand-written fragments from ``fragments.toml``. Everything is
driven by one seeded ``random.Random``, so the same seed always yields the same cell values.

Usage: python corpora/demo/build_demo.py [--out PATH] [--seed N] [--n N]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

T = TypeVar("T")
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "comments.xlsx"
DEFAULT_SEED = 2026
DEFAULT_N = 360
MIN_N = 120  # below this the planted quirks no longer find enough distinct candidates

SHEET = "问卷"
LIKERT = ["响应速度", "问题解决", "服务态度", "配件供应", "沟通透明", "总体满意度"]
NPS = "推荐意愿"
COMPLAINT = "不满意的地方"
SUGGESTION = "改进建议"
COLUMNS = ["客户编号", "客户类型", "区域", "设备型号", "购买渠道", "提交日期", *LIKERT, NPS, COMPLAINT, SUGGESTION]
TRUTH_COLUMNS = [
    "客户编号", "problems", "mentioned", "language", "complaint_style",
    "escalation_threat", "safety", "fraud", "pii", "quirks",
]

CODES = [
    "response_delay", "misdiagnosis", "parts_supply", "staff_attitude", "communication",
    "charges", "installation", "logistics", "returns_refund", "product_quality",
]


@dataclass(frozen=True)
class Model:
    """A product line; `kind` selects which fragments fit (a lens cannot overheat its fan)."""

    name: str
    refs: tuple[str, ...]  # ways respondents refer to it in text
    noun: str
    kind: str  # cam / lens / rig


MODELS: list[tuple[Model, float]] = [
    (Model("CX-8 电影机", ("CX-8", "CX-8", "这台CX-8", "我们的CX-8", "机器"), "机器", "cam"), 0.24),
    (Model("CX-6 Pro", ("CX-6 Pro", "CX6pro", "这台CX-6 Pro", "机器"), "机器", "cam"), 0.22),
    (Model("M4 便携机", ("M4", "M4", "这台M4", "机器"), "机器", "cam"), 0.20),
    (Model("LX 镜头组", ("LX镜头", "这支镜头", "镜头", "LX"), "镜头", "lens"), 0.15),
    (Model("GR-2 稳定器", ("GR-2", "稳定器", "这个稳定器"), "稳定器", "rig"), 0.11),
    (Model("RG 肩扛套件", ("RG套件", "肩扛套件", "套件"), "套件", "rig"), 0.08),
]
CUSTOMER_TYPES: dict[str, tuple[str, float]] = {
    "影视制作公司": ("studio", 0.36), "广告团队": ("ad", 0.25),
    "教育机构": ("edu", 0.14), "独立创作者": ("indie", 0.25),
}
REGIONS: dict[str, tuple[float, tuple[str, ...]]] = {
    "华东": (0.30, ("上海", "杭州", "南京")), "华南": (0.20, ("广州", "深圳", "厦门")),
    "华北": (0.19, ("北京", "天津")), "西南": (0.11, ("成都", "重庆", "昆明")),
    "华中": (0.10, ("武汉", "长沙")), "西北": (0.05, ("西安", "兰州")), "东北": (0.05, ("沈阳", "哈尔滨")),
}
FAR_REGIONS = ("西南", "西北", "东北")  # no service centre nearby: slower logistics, "set up a centre" wishes
CHANNELS = {"授权经销商": 0.35, "官网": 0.30, "电商平台": 0.22, "租赁转购": 0.08, "展会订购": 0.05}
FIRST_DAY, LAST_DAY = date(2026, 1, 5), date(2026, 6, 30)
SPRING_FESTIVAL = (date(2026, 2, 13), date(2026, 2, 24))  # few submissions during the holiday

CODE_WEIGHTS = {
    "response_delay": 0.22, "communication": 0.15, "parts_supply": 0.14, "misdiagnosis": 0.12,
    "staff_attitude": 0.09, "charges": 0.09, "product_quality": 0.08, "logistics": 0.05,
    "installation": 0.03, "returns_refund": 0.03,
}
CO_OCCUR = {  # problems that drag others along (waiting for parts means a slow repair, …)
    "parts_supply": ("response_delay",), "response_delay": ("communication",),
    "misdiagnosis": ("response_delay", "charges"), "staff_attitude": ("communication",),
}
N_PROBLEMS_WEIGHTS = [0.33, 0.34, 0.21, 0.09, 0.03]  # P(0 … 4 problems)
DIMENSION_IMPACT = {  # how much each problem pulls each Likert item down (1 = fully)
    "响应速度": {"response_delay": 1.0, "logistics": 0.7, "parts_supply": 0.4, "misdiagnosis": 0.3},
    "问题解决": {"misdiagnosis": 1.0, "returns_refund": 0.7, "product_quality": 0.6, "installation": 0.5,
             "parts_supply": 0.3},
    "服务态度": {"staff_attitude": 1.0, "installation": 0.5, "communication": 0.3, "charges": 0.3},
    "配件供应": {"parts_supply": 1.0},
    "沟通透明": {"communication": 1.0, "staff_attitude": 0.3, "response_delay": 0.3},
}

FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"}
HALFWIDTH_PUNCT = str.maketrans({"，": ",", "。": ".", "！": "!", "？": "?", "：": ":", "；": ";"})
ENDINGS = "。！？，：；…~!?.,"
TYPOS = [  # common slips in real answers: 的/得, 在/再, homophones
    ("得很", "的很"), ("得太", "的太"), ("再也", "在也"), ("已经", "以经"), ("还在", "还再"),
    ("再问", "在问"), ("反映", "反应"), ("做得", "做的"), ("在处理", "再处理"), ("得多", "的多"),
]


# ---------------------------------------------------------------------------------------- fragments

@dataclass(frozen=True)
class Fragment:
    """A hand-written text piece, usable only by respondents having all of `tags`."""

    text: str
    tags: frozenset[str] = frozenset()
    codes: tuple[str, ...] = ()  # for stories and flags: which problems the piece describes


Accept = Callable[[Fragment], bool] | None  # extra filter on fragments, e.g. "praise that fits"


def parse(raw: str, codes: Iterable[str] = ()) -> Fragment:
    """Split the optional ``tags|`` prefix off a fragment."""
    tags, sep, text = raw.partition("|")
    if not sep:
        return Fragment(raw, codes=tuple(codes))
    return Fragment(text, frozenset(tags.split(",")), tuple(codes))


def load_library(path: Path) -> dict[str, list[Fragment]]:
    """Flatten fragments.toml into named pools such as ``complaint.charges.long``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    lib: dict[str, list[Fragment]] = {}
    for section in ("complaint", "suggest"):
        for code, pools in data[section].items():
            for kind, items in pools.items():
                lib[f"{section}.{code}.{kind}"] = [parse(s) for s in items]
    for name, items in data["pools"].items():
        lib[name] = [parse(s) for s in items]
    lib["story"] = [parse(s["text"], s["codes"]) for s in data["story"]]
    lib["praise"] = [parse(s["text"], [s["unless"]] if s["unless"] else []) for s in data["praise"]]
    lib["threat"] = [parse(s["text"]) for s in data["threat"]]
    lib["safety"] = [parse(s["text"], ["product_quality"]) for s in data["safety"]]
    lib["fraud"] = [parse(s["text"], [s["code"]]) for s in data["fraud"]]
    return lib


class Decks:
    """Draw fragments like cards from shuffled decks, so pieces repeat only after a pool is used up."""

    def __init__(self, rng: random.Random, lib: dict[str, list[Fragment]]) -> None:
        self.rng, self.lib = rng, lib
        self.decks: dict[str, list[Fragment]] = {}

    def draw(self, pool: str, tags: frozenset[str], accept: Accept = None) -> Fragment | None:
        """Next fragment of `pool` that fits the respondent's tags (and `accept`), or None if none can."""

        def fits(frag: Fragment) -> bool:
            return frag.tags <= tags and (accept is None or accept(frag))

        deck = self.decks.get(pool) or self.shuffled(pool)
        for _ in range(2):  # the current deck, then a fresh one
            for i, frag in enumerate(deck):
                if fits(frag):
                    return deck.pop(i)
            deck = self.shuffled(pool)
        return None

    def shuffled(self, pool: str) -> list[Fragment]:
        deck = list(self.lib.get(pool, []))
        self.rng.shuffle(deck)
        self.decks[pool] = deck
        return deck


# ---------------------------------------------------------------------------------------- respondents

@dataclass
class Respondent:
    """One customer's latent experience plus what the survey export ends up showing."""

    cid: str
    ctype: str
    region: str
    model: Model
    channel: str
    submitted: date
    language: str  # zh / en / hant
    problems: list[str]
    strong: list[str]  # problems that hit hard
    bias: float  # rater leniency: same experience, different scores
    flags: dict[str, str] = field(default_factory=dict)  # planted threat/safety/fraud/pii sentences
    straight: int = 0  # 5 or 1 when this respondent straight-lines the grid
    quirks: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    style: str = ""
    scores: dict[str, Any] = field(default_factory=dict)
    complaint: str | None = None
    suggestion: str | None = None

    @property
    def tags(self) -> frozenset[str]:
        far = {"far"} if self.region in FAR_REGIONS else set()
        return frozenset({self.model.kind, CUSTOMER_TYPES[self.ctype][0], *far})


def weighted(rng: random.Random, options: Mapping[T, float] | Sequence[tuple[T, float]]) -> T:
    """Pick one option by weight."""
    items = list(options.items()) if isinstance(options, Mapping) else options
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def submission_days() -> tuple[list[date], list[float]]:
    """Survey days with realistic volume: fewer answers at weekends and over Spring Festival."""
    days, weights = [], []
    day = FIRST_DAY
    while day <= LAST_DAY:
        w = 0.45 if day.weekday() >= 5 else 1.0
        if SPRING_FESTIVAL[0] <= day <= SPRING_FESTIVAL[1]:
            w *= 0.25
        days.append(day)
        weights.append(w)
        day += timedelta(days=1)
    return days, weights


def draw_problems(rng: random.Random, ctype: str, channel: str, region: str) -> list[str]:
    """Which problems this customer ran into, with context shifting the odds."""
    k = weighted(rng, list(enumerate(N_PROBLEMS_WEIGHTS)))
    weights = dict(CODE_WEIGHTS)
    if channel == "电商平台":
        weights["returns_refund"] *= 3
    if ctype in ("教育机构", "影视制作公司"):
        weights["installation"] *= 2.5
    if region in FAR_REGIONS:
        weights["logistics"] *= 2
    problems: list[str] = []
    while len(problems) < k:
        code = weighted(rng, {c: w for c, w in weights.items() if c not in problems})
        problems.append(code)
        for other in CO_OCCUR.get(code, ()):
            weights[other] *= 2.5
    return problems


def draw_respondent(rng: random.Random, index: int, days: tuple[list[date], list[float]]) -> Respondent:
    """Sample one customer's profile and latent experience."""
    ctype = weighted(rng, {k: w for k, (_, w) in CUSTOMER_TYPES.items()})
    region = weighted(rng, {k: w for k, (w, _) in REGIONS.items()})
    model = weighted(rng, MODELS)
    channel = weighted(rng, CHANNELS)
    submitted = rng.choices(days[0], weights=days[1])[0]
    p_en = 0.06 if ctype in ("影视制作公司", "广告团队") else 0.01  # multinational clients
    p_hant = 0.06 if region == "华南" else 0.015
    language = weighted(rng, {"en": p_en, "hant": p_hant, "zh": 1 - p_en - p_hant})
    problems = draw_problems(rng, ctype, channel, region)
    strong = [c for c in problems if rng.random() < 0.4]
    return Respondent(f"C{index:04d}", ctype, region, model, channel, submitted, language,
                      problems, strong, rng.gauss(0, 0.45))


# ---------------------------------------------------------------------------------------- planting

def plant_flags(rng: random.Random, people: list[Respondent], lib: dict[str, list[Fragment]]) -> None:
    """Give a few respondents escalation threats, safety reports, fraud claims, PII and straight-lining."""
    taken: set[str] = set()

    def pick(k: int, cond: Callable[[Respondent], bool]) -> list[Respondent]:
        pool = [r for r in people if r.language == "zh" and r.cid not in taken and cond(r)]
        chosen = rng.sample(pool, k)
        taken.update(r.cid for r in chosen)
        return chosen

    threats, safety, fraud = (lib["threat"], lib["safety"], lib["fraud"])
    for r, frag in zip(pick(len(threats), lambda r: bool(r.strong)), threats, strict=True):
        r.flags["threat"] = frag.text
    # safety and fraud reports are strong complaints about the problem they describe
    for flag, frags, cond in (("safety", safety, lambda r: r.model.kind == "cam"),
                              ("fraud", fraud, lambda r: bool(r.problems))):
        for r, frag in zip(pick(len(frags), cond), frags, strict=True):
            r.flags[flag] = frag.text
            for lst in (r.problems, r.strong):
                if frag.codes[0] not in lst:
                    lst.insert(0, frag.codes[0])
    for r in people:
        if r.flags.keys() & {"threat", "safety", "fraud"}:
            r.bias -= 0.8  # people angry or scared enough to write this rarely score leniently
    for r in pick(2, lambda r: len(r.problems) >= 2):
        r.straight = 5  # ticks 5 everywhere yet complains
    for r in pick(1, lambda r: not r.problems):
        r.straight = 1  # ticks 1 everywhere yet praises
    complaint_pii = ["我的电话13812345678，请负责人直接联系我", "工单号 {wo}，麻烦查一下到底什么情况",
                     "报修单号：{wo}，到现在都没有结果"]
    for r, text in zip(pick(len(complaint_pii), lambda r: bool(r.problems)), complaint_pii, strict=True):
        ticket = f"WO{r.submitted - timedelta(days=rng.randint(10, 40)):%Y%m%d}{rng.randint(1, 40):03d}"
        r.flags["pii_complaint"] = text.format(wo=ticket)
    suggestion_pii = ["有问题可以发邮件到 chen.demo@example.com", "回访请打139-0000-1234，白天都在"]
    for r, text in zip(pick(len(suggestion_pii), lambda r: True), suggestion_pii, strict=True):
        r.flags["pii_suggestion"] = text


# ---------------------------------------------------------------------------------------- scores

def clip(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def score(rng: random.Random, r: Respondent) -> dict[str, Any]:
    """Scores follow the latent experience, blurred by rater leniency and per-item noise."""
    if r.straight:
        return {**{d: r.straight for d in LIKERT}, NPS: 10 if r.straight == 5 else 0}
    halo = 0.25 * max(0, len(r.problems) - 1)
    raw: dict[str, float] = {}
    for dim, impact in DIMENSION_IMPACT.items():
        hit = sum(w * (2.2 if c in r.strong else 1.2) for c, w in impact.items() if c in r.problems)
        raw[dim] = clip(4.45 + r.bias + rng.gauss(0, 0.5) - hit - halo, 0.5, 5.5)
    # the overall verdict leans on the worst part of the experience, not just the average
    overall = (0.75 * sum(raw.values()) / len(raw) + 0.25 * min(raw.values()) + 0.2 + rng.gauss(0, 0.45)
               - 0.5 * ("charges" in r.problems) - 0.4 * ("product_quality" in r.problems))
    raw["总体满意度"] = clip(overall, 0.5, 5.5)
    scores: dict[str, Any] = {d: int(clip(round(raw[d]), 1, 5)) for d in LIKERT}
    scores[NPS] = int(clip(round(2.3 * raw["总体满意度"] - 1.3 + rng.gauss(0, 1.3)), 0, 10))
    return scores


# ---------------------------------------------------------------------------------------- texts

class LazySlots(dict[str, str]):
    """A ``format_map`` mapping that computes a slot value only when the template uses it."""

    def __init__(self, makers: dict[str, Callable[[], str]]) -> None:
        super().__init__()
        self.makers = makers

    def __missing__(self, key: str) -> str:
        return self.makers[key]()


class Writer:
    """Turns a respondent's experience into free-text answers, the way people actually type them."""

    def __init__(self, rng: random.Random, decks: Decks) -> None:
        self.rng, self.decks = rng, decks

    # -- small helpers
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fill(self, frag: Fragment, r: Respondent) -> str:
        """Fill slots ({m}, {w}, {d} …) lazily so each slot costs random draws only when used."""
        rng = self.rng
        makers: dict[str, Callable[[], str]] = {
            "m": lambda: rng.choice(r.model.refs),
            "n": lambda: r.model.noun,
            "w": lambda: rng.choice(["两", "三", "四", "五", "2", "3", "4", "6"]),
            "d": lambda: rng.choice(["十几", "二十多", "十来"]) if self.chance(0.25) else str(rng.randint(5, 45)),
            "x": lambda: rng.choice(["两", "三", "四", "2", "3"]),
            "p": lambda: rng.choice(["300", "480", "800", "1200", "1500", "2600", "3800"]),
            "long": lambda: rng.choice(["一个多月", "快两个月", "四十多天", "整整五周", "大半个月", "一个半月"]),
            "mon": lambda: str((r.submitted - timedelta(days=rng.randint(15, 60))).month),
            "city": lambda: rng.choice(REGIONS[r.region][1]),
            "wd": lambda: str(rng.randint(2, 6)), "dd": lambda: str(rng.randint(5, 40)),
            "xd": lambda: rng.choice(["2", "3"]),
        }

        return frag.text.format_map(LazySlots(makers))

    def draw(self, pool: str, r: Respondent, accept: Accept = None) -> str | None:
        frag = self.decks.draw(pool, r.tags, accept)
        return None if frag is None else self.fill(frag, r)

    def punctuate(self, text: str, last: bool = True) -> str:
        """Add an ending unless the text already has one."""
        return text if text[-1] in ENDINGS else text + self.ending(last)

    def ending(self, last: bool) -> str:
        if last:
            return weighted(self.rng, {"。": 0.45, "": 0.25, "！": 0.14, "！！！": 0.06, "。。。": 0.05,
                                       "…": 0.03, "~": 0.02})
        return weighted(self.rng, {"。": 0.6, "，": 0.2, "！": 0.08, "！！": 0.03, "。。。": 0.03,
                                   "…": 0.03, "；": 0.03})

    def join(self, parts: list[str]) -> str:
        """Join sentences with varied, sometimes sloppy punctuation and the odd line break."""
        out = []
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            part = self.punctuate(part, last)
            if not last and self.chance(0.04):
                part += "\n"
            out.append(part)
        return "".join(out)

    def praise(self, r: Respondent) -> str | None:
        return self.draw("praise", r, lambda f: not set(f.codes) & set(r.problems))

    # -- noise shared by all Chinese answers
    def roughen(self, text: str) -> str:
        """Typos, half-width punctuation, full-width letters, stray spaces: what survey exports contain."""
        if self.chance(0.12):
            hits = [(a, b) for a, b in TYPOS if a in text]
            if hits:
                a, b = self.rng.choice(hits)
                text = text.replace(a, b, 1)
        if self.chance(0.06):
            text = text.translate(HALFWIDTH_PUNCT)
        if self.chance(0.05):
            text = "".join(FULLWIDTH.get(c, c) for c in text)
        if self.chance(0.03):
            text = self.rng.choice([" ", "  ", "　"]) + text + self.rng.choice(["", " ", "\n"])
        return text

    # -- 不满意的地方
    def complaint(self, r: Respondent) -> None:
        """Write the complaint answer and record which problem codes it actually mentions."""
        forced = bool(r.flags.keys() - {"pii_suggestion"}) or r.straight == 5
        if r.language != "zh":
            r.complaint, r.style = self.foreign_complaint(r)
            return
        if r.straight == 1:
            style = "praise"
        elif not r.problems:
            style = weighted(self.rng, {"blank": 0.44, "filler": 0.24, "negated": 0.13, "praise": 0.19})
        elif forced:
            style = "long"
        else:
            style = weighted(self.rng, {"blank": 0.13, "word": 0.07, "short": 0.20, "long": 0.60})
        writers: dict[str, Callable[[Respondent], str | None]] = {
            "blank": lambda _: None, "filler": lambda r: self.draw("filler", r), "negated": self.negated,
            "praise": self.praise_answer, "word": self.word, "short": self.short, "long": self.long,
        }
        text = writers[style](r)
        r.complaint = None if text is None else self.roughen(text)
        r.style = style

    def negated(self, r: Respondent) -> str:
        text = self.draw("negated", r) or "没有"
        return text + self.ending(last=True)

    def praise_answer(self, r: Respondent) -> str:
        parts = [self.praise(r) or "挺好的"]
        if self.chance(0.3):
            parts.append(self.praise(r) or "满意")
        text = ("没什么不满意的，" if self.chance(0.3) else "") + "，".join(parts)
        if self.chance(0.6):
            text += "，" + (self.draw("praise_end", r) or "")
        return text

    def word(self, r: Respondent) -> str:
        code = r.problems[0]
        r.mentioned.append(code)
        return self.draw(f"complaint.{code}.word", r) or "慢"

    def short(self, r: Respondent) -> str:
        codes = r.problems[: 2 if self.chance(0.3) else 1]
        r.mentioned.extend(codes)
        text = "，".join(self.draw(f"complaint.{c}.short", r) or c for c in codes)
        tails = {"": 0.5, "。": 0.2, "！": 0.15, "！！！": 0.05, "啊": 0.05}
        if not text.endswith("了"):
            tails["了"] = 0.05
        text += weighted(self.rng, tails)
        if self.chance(0.1):
            text += self.draw("emoji_angry", r) or ""
        return text

    def long(self, r: Respondent) -> str:
        """A 2–5 sentence story: maybe an opener, the problems with connectors, details, a closer."""
        parts: list[str] = []
        if self.chance(0.25):
            parts.append(self.draw("opener", r) or "")
        k = min(len(r.problems), 1 + self.chance(0.45) + self.chance(0.15))
        story = None
        if self.chance(0.25):
            story = self.decks.draw("story", r.tags, lambda f: set(f.codes) <= set(r.problems))
        if story:
            parts.append(self.fill(story, r))
            codes_used = list(story.codes)
        else:
            codes_used = r.problems[:k]
            for i, code in enumerate(codes_used):
                clause = self.draw(f"complaint.{code}.long", r) or ""
                praise = self.praise(r) if i == 0 and self.chance(0.28) else None
                if praise:
                    clause = f"{praise}，{self.draw('contrast', r)}{clause}"
                elif i > 0 and self.chance(0.55):
                    clause = (self.draw("connector", r) or "") + clause
                parts.append(clause)
                if self.chance(0.28):
                    parts.append(self.draw("detail", r) or "")
        r.mentioned.extend(codes_used)
        for flag in ("safety", "fraud"):
            if flag in r.flags:
                parts.insert(min(len(parts), 2), self.fill(Fragment(r.flags[flag]), r))
        if self.chance(0.15):
            code = self.rng.choice(codes_used)
            question = self.draw(f"complaint.{code}.rhetorical", r)
            if question:
                parts.append(question)
        if "pii_complaint" in r.flags:
            parts.append(r.flags["pii_complaint"])
        if "threat" in r.flags:
            parts.append(r.flags["threat"] + self.rng.choice(["！", "！！！", "。", "😡", "！😡"]))
        elif self.chance(0.35):
            parts.append(self.draw("closer", r) or "")
        text = self.join([p for p in parts if p])
        if self.chance(0.1):
            text += (self.draw("emoji_angry", r) or "") * self.rng.choice([1, 1, 2, 3])
        return text

    def foreign_complaint(self, r: Respondent) -> tuple[str | None, str]:
        """Answers from multinational clients (English) and Hong Kong/Taiwan staff (Traditional)."""
        en = r.language == "en"
        if not r.problems:
            style = weighted(self.rng, {"blank": 0.4, "filler": 0.3, "praise": 0.3})
            pool = {"filler": "en_filler" if en else "hant_filler", "praise": "en_praise" if en else "hant_praise"}
            return (None if style == "blank" else self.draw(pool[style], r)), style
        if self.chance(0.1):
            return None, "blank"
        codes = r.problems[: 2 if self.chance(0.4) else 1]
        lang = "en" if en else "hant"
        texts = [self.draw(f"complaint.{c}.{lang}", r) for c in codes]
        r.mentioned.extend(c for c, t in zip(codes, texts, strict=True) if t)
        if en:
            return " ".join(t for t in texts if t) or None, "long"
        return "，".join(t.rstrip("。") for t in texts if t) + self.ending(last=True), "long"

    # -- 改进建议
    def suggestion(self, r: Respondent) -> None:
        """Suggestions follow the respondent's own problems; the satisfied wish for products or nothing."""
        forced = "pii_suggestion" in r.flags
        if r.language != "zh":
            text = None
            if forced or self.chance(0.7):
                code = self.rng.choice(r.problems or ["generic"])
                text = self.draw(f"suggest.{code}.{r.language}", r) or self.draw(f"suggest.generic.{r.language}", r)
        else:
            p_blank, p_filler = (0.22, 0.10) if r.problems else (0.42, 0.20)
            roll = self.rng.random()
            if roll < p_blank and not forced:
                text = None
            elif roll < p_blank + p_filler and not forced:
                text = self.rng.choice(["无", "暂无", "没有", "/", "没有了", "无。", "暂时没有", "没"])
            else:
                text = self.roughen(self.compose_suggestion(r))
        if forced:
            text = (text.rstrip(ENDINGS) + "，" if text else "") + r.flags["pii_suggestion"]
        r.suggestion = text

    def one_suggestion(self, r: Respondent, code: str) -> str:
        if self.chance(0.25):
            full = self.draw(f"suggest.{code}.full", r)
            if full:
                return full
        if self.chance(0.25):
            clause = self.draw(f"suggest.{code}.clause", r)
            if clause:
                return (self.draw("clause_prefix", r) or "") + clause
        vp = self.draw(f"suggest.{code}.vp", r) or "提升服务"
        if self.chance(0.08):
            return f"能不能{vp}？"
        return (self.draw("suggest_prefix", r) or "") + vp

    def compose_suggestion(self, r: Respondent) -> str:
        codes = list(r.problems) or ["generic"]
        n = min(len(codes), weighted(self.rng, {1: 0.6, 2: 0.3, 3: 0.1}))
        picks = self.rng.sample(codes, n)
        if r.problems and self.chance(0.12):
            picks.append("generic")
        items = [self.one_suggestion(r, c) for c in picks]
        if len(items) == 1:
            return self.punctuate(items[0])
        layout = weighted(self.rng, {"cn_list": 0.35, "dot_list": 0.15, "prose": 0.5})
        if layout == "cn_list":
            return self.punctuate("；".join(f"{i}、{s.rstrip('？')}" for i, s in enumerate(items, 1)))
        if layout == "dot_list":
            return "\n".join(f"{i}.{s}" for i, s in enumerate(items, 1))
        return self.join([items[0]] + [(self.draw("suggest_connector", r) or "") + s for s in items[1:]])


# ---------------------------------------------------------------------------------------- quirks

def plant_score_quirks(rng: random.Random, people: list[Respondent]) -> None:
    """Scores typed as text, skipped items and out-of-range values, as real exports have them."""
    clean = [r for r in people if not r.straight and not r.flags]
    chosen = iter(rng.sample(clean, 13))
    as_text: list[tuple[str, Callable[[int], str]]] = [
        (rng.choice(LIKERT), lambda v: f"{v}分"), (rng.choice(LIKERT), lambda v: f"{v} 分"),
        (rng.choice(LIKERT), lambda v: FULLWIDTH[str(v)]), (rng.choice(LIKERT), str),
        (NPS, lambda v: f"{v} 分"),
    ]
    for col, form in as_text:
        r = next(chosen)
        r.scores[col] = form(r.scores[col])
        r.quirks.append(f"score_as_text:{col}")
    for col in [rng.choice(LIKERT) for _ in range(5)] + [NPS]:
        r = next(chosen)
        r.scores[col] = None
        r.quirks.append(f"missing:{col}")
    for col, value in ((rng.choice(LIKERT[:-1]), 6), (NPS, 11)):
        r = next(chosen)
        r.scores[col] = value
        r.quirks.append(f"out_of_range:{col}")


def row_of(r: Respondent) -> dict[str, Any]:
    return {"客户编号": r.cid, "客户类型": r.ctype, "区域": r.region, "设备型号": r.model.name,
            "购买渠道": r.channel, "提交日期": r.submitted, **r.scores, COMPLAINT: r.complaint,
            SUGGESTION: r.suggestion}


def duplicate_rows(rng: random.Random, people: list[Respondent], writer: Writer) -> list[dict[str, Any]]:
    """One double-clicked submit (identical row) and one customer who came back days later, angrier."""
    clean = [r for r in people if r.language == "zh" and not r.straight and not r.flags and not r.quirks]
    exact, again = rng.sample([r for r in clean if r.style == "long"], 2)
    exact.quirks.append("duplicate_exact")
    again.quirks.append("duplicate_resubmitted")
    redo = row_of(again)
    redo["提交日期"] = min(LAST_DAY, again.submitted + timedelta(days=rng.randint(1, 5)))
    code = rng.choice(again.problems)
    extra = writer.draw(f"complaint.{code}.long", again) or ""
    redo[COMPLAINT] = f"{again.complaint}\n补充一下：{extra}。"
    dim = rng.choice(LIKERT)
    redo[dim] = max(1, redo[dim] - 1)
    if code not in again.mentioned:
        again.mentioned.append(code)
    return [row_of(exact), redo]


# ---------------------------------------------------------------------------------------- build

def build(seed: int = DEFAULT_SEED, n: int = DEFAULT_N) -> tuple[list[dict[str, Any]], list[Respondent]]:
    """Simulate `n` respondents; return the survey rows (date order, duplicates included) and the people."""
    rng = random.Random(seed)
    lib = load_library(HERE / "fragments.toml")
    days = submission_days()
    people = [draw_respondent(rng, i, days) for i in range(1, n + 1)]
    plant_flags(rng, people, lib)
    decks = Decks(rng, lib)
    writer = Writer(rng, decks)
    for r in people:
        r.scores = score(rng, r)
        writer.complaint(r)
        writer.suggestion(r)
    plant_score_quirks(rng, people)
    rows = [row_of(r) for r in people] + duplicate_rows(rng, people, writer)
    order = {r.cid: rng.random() for r in people}  # same-day order; a double submit stays adjacent
    rows.sort(key=lambda row: (row["提交日期"], order[row["客户编号"]]))
    return rows, people


def truth_record(r: Respondent) -> dict[str, str]:
    def flag(key: str) -> str:
        return "true" if key in r.flags else "false"

    mentioned = [c for c in CODES if c in r.mentioned]
    pii = "true" if {"pii_complaint", "pii_suggestion"} & r.flags.keys() else "false"
    return {"客户编号": r.cid, "problems": ";".join(c for c in CODES if c in r.problems),
            "mentioned": ";".join(mentioned), "language": r.language, "complaint_style": r.style,
            "escalation_threat": flag("threat"), "safety": flag("safety"), "fraud": flag("fraud"),
            "pii": pii, "quirks": ";".join(r.quirks + (["straight_liner"] if r.straight else []))}


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write to a temp file beside `path`, then rename, so readers never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes files private; the corpus is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_xlsx(rows: list[dict[str, Any]], path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(COLUMNS)
    for row in rows:
        ws.append([row[c] for c in COLUMNS])
    date_col = COLUMNS.index("提交日期") + 1
    for (cell,) in ws.iter_rows(min_row=2, min_col=date_col, max_col=date_col):
        cell.number_format = "yyyy-mm-dd"
    for i, col in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(i)].width = 60 if col in (COMPLAINT, SUGGESTION) else 12
    ws.freeze_panes = "B2"
    atomic_write(path, lambda tmp: wb.save(tmp))


def write_truth(people: list[Respondent], path: Path) -> None:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            out = csv.DictWriter(fh, fieldnames=TRUTH_COLUMNS)
            out.writeheader()
            out.writerows(truth_record(r) for r in people)

    atomic_write(path, write)


def truth_path(out: Path) -> Path:
    """Ground truth lives beside the workbook: comments.xlsx → comments_truth.csv."""
    return out.with_name(f"{out.stem}_truth.csv")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="workbook to write (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="number of respondents (default: %(default)s)")
    args = parser.parse_args(argv)
    if not MIN_N <= args.n <= 9999:
        parser.error(f"--n must be between {MIN_N} and 9999 (ids are C + 4 digits)")
    rows, people = build(args.seed, args.n)
    write_xlsx(rows, args.out)
    write_truth(people, truth_path(args.out))
    print(f"wrote {args.out} ({len(rows)} rows, {len(people)} respondents) and {truth_path(args.out).name}")


if __name__ == "__main__":
    main()
