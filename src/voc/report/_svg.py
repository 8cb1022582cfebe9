"""Tiny inline-SVG chart builders for the HTML report: no JavaScript, no CDN, works offline.

Every chart is a function of plain numbers returning an ``<svg>`` string; every label passes
through :func:`html.escape`, because labels come from user data (segment names, topic words).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

PALETTE = (
    "#2f6db5",
    "#e07b39",
    "#3a9e6f",
    "#c8433f",
    "#8a63b8",
    "#8c6d48",
    "#d36fb3",
    "#7f7f7f",
    "#b5b22f",
    "#2fb5c4",
)
GOOD, MID, BAD = "#3a9e6f", "#e8b63a", "#c8433f"
FONT = 'font-family=\'system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif\''


def _text(
    x: float,
    y: float,
    label: object,
    size: int = 12,
    anchor: str = "start",
    fill: str = "#333",
    extra: str = "",
) -> str:
    return f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' fill='{fill}' {extra}>{escape(str(label))}</text>"


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{escape(title, quote=True)}' {FONT}>" + "".join(body) + "</svg>"
    )


def short(label: object, limit: int = 9) -> str:
    """Cut a long label for an axis ("进度不透明、联系不上、说法不一" → "进度不透明…"): first phrase, then length."""
    text = str(label)
    first = text.split("、")[0].split(",")[0].split("，")[0]
    if len(first) < len(text):
        text = first + "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ok(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _label_width(labels: Sequence[str]) -> float:
    return min(
        260.0,
        16 + max((sum(13 if ord(c) > 0x2E80 else 7 for c in str(s)) for s in labels), default=40),
    )


def hbar(
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    fmt: str = "{:.1f}",
    lows: Sequence[float] | None = None,
    highs: Sequence[float] | None = None,
    colors: Sequence[str] | None = None,
    domain: tuple[float, float] | None = None,
    notes: Sequence[str] | None = None,
    width: int = 640,
) -> str:
    """Horizontal bars (optionally with 95% whiskers); handles negative values with a zero line."""
    row = 26
    left = min(_label_width(labels), width * 0.4)
    right = 70 if width > 500 else 56
    height = 20 + row * len(labels) + 10
    vals = [v if _ok(v) else 0.0 for v in values]
    lo_all = [v for v in list(vals) + [x for x in (lows or []) if _ok(x)]]
    hi_all = [v for v in list(vals) + [x for x in (highs or []) if _ok(x)]]
    lo, hi = domain or (min(0.0, min(lo_all, default=0.0)), max(0.0, max(hi_all, default=1.0)))
    if hi <= lo:
        hi = lo + 1.0
    span = width - left - right

    def sx(v: float) -> float:
        return left + (max(lo, min(hi, v)) - lo) / (hi - lo) * span

    body = [
        f"<line x1='{sx(0):.1f}' y1='12' x2='{sx(0):.1f}' y2='{height - 8}' stroke='#999' stroke-width='1'/>"
    ]
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = 16 + i * row
        color = colors[i] if colors else PALETTE[0]
        x0, x1 = sorted((sx(0), sx(v if _ok(v) else 0.0)))
        body.append(
            f"<rect x='{x0:.1f}' y='{y:.1f}' width='{max(x1 - x0, 1):.1f}' height='{row - 8}' fill='{color}' rx='2'/>"
        )
        if lows is not None and highs is not None and _ok(lows[i]) and _ok(highs[i]):
            cy = y + (row - 8) / 2
            body.append(
                f"<line x1='{sx(lows[i]):.1f}' y1='{cy:.1f}' x2='{sx(highs[i]):.1f}' y2='{cy:.1f}' stroke='#222' stroke-width='1.2'/>"
            )
        body.append(_text(left - 6, y + row - 12, label, anchor="end"))
        shown = fmt.format(v) if _ok(v) else "–"
        if notes and notes[i]:
            shown += f" {notes[i]}"
        body.append(_text(width - right + 4, y + row - 12, shown, size=11, fill="#555"))
    return _svg(width, height, body, title)


def stacked(
    labels: Sequence[str],
    parts: Sequence[Sequence[float]],
    legend: Sequence[str],
    colors: Sequence[str],
    title: str,
    width: int = 640,
) -> str:
    """100% stacked horizontal bars (answer distributions, NPS groups)."""
    row = 26
    left = _label_width(labels)
    height = 20 + row * len(labels) + 34
    span = width - left - 20
    body = []
    for i, (label, shares) in enumerate(zip(labels, parts, strict=True)):
        y = 14 + i * row
        x = float(left)
        total = sum(s for s in shares if _ok(s)) or 1.0
        for j, share in enumerate(shares):
            w = (share if _ok(share) else 0.0) / total * span
            if w <= 0:
                continue
            body.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{w:.1f}' height='{row - 8}' fill='{colors[j % len(colors)]}'/>"
            )
            if w > 28:
                body.append(
                    _text(
                        x + w / 2,
                        y + row - 12,
                        f"{share / total:.0%}",
                        size=10,
                        anchor="middle",
                        fill="#fff",
                    )
                )
            x += w
        body.append(_text(left - 6, y + row - 12, label, anchor="end"))
    y = 14 + len(labels) * row + 12
    x = float(left)
    for j, name in enumerate(legend):
        body.append(
            f"<rect x='{x:.1f}' y='{y - 9:.1f}' width='10' height='10' fill='{colors[j % len(colors)]}'/>"
        )
        body.append(_text(x + 14, y, name, size=11))
        x += 22 + 8 * len(str(name)) + (6 * sum(1 for c in str(name) if ord(c) > 0x2E80))
    return _svg(width, height, body, title)


def pareto(
    labels: Sequence[str], shares: Sequence[float], title: str, width: int = 640, height: int = 300
) -> str:
    """Bars sorted by share with the cumulative share of mentions as a line (the vital few first)."""
    left, bottom, top = 70, 80, 16
    n = max(len(labels), 1)
    span = width - left - 44
    plot_h = height - bottom - top
    peak = max([s for s in shares if _ok(s)] + [0.01])
    total = sum(s for s in shares if _ok(s)) or 1.0
    body = [
        f"<line x1='{left}' y1='{height - bottom}' x2='{width - 44}' y2='{height - bottom}' stroke='#999'/>"
    ]
    cum = 0.0
    points = []
    bw = span / n
    for i, (label, share) in enumerate(zip(labels, shares, strict=True)):
        x = left + i * bw
        h = (share / peak) * plot_h if _ok(share) else 0.0
        body.append(
            f"<rect x='{x + 4:.1f}' y='{height - bottom - h:.1f}' width='{bw - 8:.1f}' height='{h:.1f}' fill='{PALETTE[0]}' rx='2'/>"
        )
        body.append(
            _text(x + bw / 2, height - bottom - h - 4, f"{share:.0%}", size=10, anchor="middle")
        )
        body.append(
            _text(
                x + bw / 2,
                height - bottom + 14,
                short(label),
                size=11,
                anchor="end",
                extra=f"transform='rotate(-35 {x + bw / 2:.1f} {height - bottom + 14:.1f})'",
            )
        )
        cum += share if _ok(share) else 0.0
        points.append((x + bw / 2, height - bottom - cum / total * plot_h))
    if points:
        body.append(
            "<polyline fill='none' stroke='#e07b39' stroke-width='2' points='"
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            + "'/>"
        )
        body += [f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='#e07b39'/>" for x, y in points]
        body.append(_text(width - 4, top + 4, "累计", size=10, anchor="end", fill="#e07b39"))
    return _svg(width, height, body, title)


def scatter(
    labels: Sequence[str],
    xs: Sequence[float],
    ys: Sequence[float],
    title: str,
    x_label: str,
    y_label: str,
    sizes: Sequence[float] | None = None,
    width: int = 640,
    height: int = 360,
) -> str:
    """Driver matrix: share (x) against impact (y); the lower right holds the urgent problems."""
    left, right, top, bottom = 60, 20, 16, 44
    pts = [(lab, x, y) for lab, x, y in zip(labels, xs, ys, strict=True) if _ok(x) and _ok(y)]
    if not pts:
        return _svg(width, 60, [_text(10, 30, "(not enough data)")], title)
    x_hi = max(p[1] for p in pts) * 1.15 or 1.0
    y_lo = min(0.0, min(p[2] for p in pts)) * 1.15
    y_hi = max(0.0, max(p[2] for p in pts)) * 1.15
    if y_hi - y_lo < 1e-9:
        y_hi = y_lo + 1.0

    def sx(v: float) -> float:
        return left + v / x_hi * (width - left - right)

    def sy(v: float) -> float:
        return top + (y_hi - v) / (y_hi - y_lo) * (height - top - bottom)

    body = [
        f"<rect x='{sx(x_hi / 2):.1f}' y='{sy(0):.1f}' width='{sx(x_hi) - sx(x_hi / 2):.1f}' height='{sy(y_lo) - sy(0):.1f}' fill='#fbe9e7'/>",
        f"<line x1='{left}' y1='{sy(0):.1f}' x2='{width - right}' y2='{sy(0):.1f}' stroke='#999'/>",
        f"<line x1='{left}' y1='{top}' x2='{left}' y2='{height - bottom}' stroke='#999'/>",
        _text(
            (left + width - right) / 2, height - 8, x_label, size=11, anchor="middle", fill="#555"
        ),
        _text(
            14,
            (top + height - bottom) / 2,
            y_label,
            size=11,
            anchor="middle",
            fill="#555",
            extra=f"transform='rotate(-90 14 {(top + height - bottom) / 2:.1f})'",
        ),
        _text(sx(x_hi) - 4, sy(y_lo) - 6, "优先处理 act first", size=10, anchor="end", fill=BAD),
    ]
    for i, (label, x, y) in enumerate(pts):
        r = 5 + (sizes[i] if sizes else 0)
        color = BAD if y < 0 else GOOD
        body.append(
            f"<circle cx='{sx(x):.1f}' cy='{sy(y):.1f}' r='{r:.1f}' fill='{color}' fill-opacity='0.75'/>"
        )
        if sx(x) > width * 0.7:
            body.append(_text(sx(x) - r - 3, sy(y) + 4, short(label, 10), size=11, anchor="end"))
        else:
            body.append(_text(sx(x) + r + 3, sy(y) + 4, short(label, 10), size=11))
    for frac in (0.0, 0.5, 1.0):
        v = y_lo / 1.15 * frac if y_lo < 0 else y_hi / 1.15 * frac
        body.append(
            _text(
                left - 4,
                sy(v) + 4,
                f"{v:+.2f}" if abs(v) > 1e-9 else "0",
                size=10,
                anchor="end",
                fill="#777",
            )
        )
    for frac in (0.25, 0.5, 0.75, 1.0):
        v = x_hi * frac / 1.15
        body.append(
            _text(sx(v), height - bottom + 14, f"{v:.0%}", size=10, anchor="middle", fill="#777")
        )
    return _svg(width, height, body, title)


def lines(
    periods: Sequence[str],
    series: dict[str, Sequence[float]],
    title: str,
    width: int = 640,
    height: int = 260,
) -> str:
    """One small line chart per series stacked in one SVG (each with its own scale): trend over time."""
    names = list(series)
    band = (height - 20) / max(len(names), 1)
    left, right = 90, 20
    n = len(periods)
    body = []
    for k, name in enumerate(names):
        values = [v if _ok(v) else math.nan for v in series[name]]
        known = [v for v in values if not math.isnan(v)]
        if not known:
            continue
        lo, hi = min(known), max(known)
        if hi - lo < 1e-9:
            lo, hi = lo - 1, hi + 1
        y0 = 10 + k * band
        body.append(_text(8, y0 + band / 2, name, size=11, fill=PALETTE[k % len(PALETTE)]))

        def sx(i: int) -> float:
            return left + (i / max(n - 1, 1)) * (width - left - right)

        def sy(v: float, y0: float = y0, lo: float = lo, hi: float = hi) -> float:
            return y0 + 8 + (hi - v) / (hi - lo) * (band - 26)

        pts = [(sx(i), sy(v)) for i, v in enumerate(values) if not math.isnan(v)]
        body.append(
            f"<polyline fill='none' stroke='{PALETTE[k % len(PALETTE)]}' stroke-width='2' points='"
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            + "'/>"
        )
        for (x, y), v in zip(pts, [v for v in values if not math.isnan(v)], strict=True):
            body.append(
                f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='{PALETTE[k % len(PALETTE)]}'/>"
            )
            body.append(_text(x, y - 6, f"{v:.1f}", size=9, anchor="middle", fill="#555"))
    for i, p in enumerate(periods):
        x = left + (i / max(n - 1, 1)) * (width - left - right)
        body.append(_text(x, height - 4, p, size=10, anchor="middle", fill="#777"))
    return _svg(width, height, body, title)


def gauge(
    value: float, title: str, lo: float = -100, hi: float = 100, width: int = 300, height: int = 150
) -> str:
    """A half-ring gauge for NPS (−100…100), the value printed under the pivot."""
    cx, cy, r = width / 2, height - 40, min(width / 2 - 10, height - 50)
    body = []
    segments = ((lo, 0.0, BAD), (0.0, 30.0, MID), (30.0, hi, GOOD))
    for a, b, color in segments:
        t0 = math.pi * (1 - (a - lo) / (hi - lo))
        t1 = math.pi * (1 - (b - lo) / (hi - lo))
        x0, y0 = cx + r * math.cos(t0), cy - r * math.sin(t0)
        x1, y1 = cx + r * math.cos(t1), cy - r * math.sin(t1)
        body.append(
            f"<path d='M{x0:.1f},{y0:.1f} A{r:.1f},{r:.1f} 0 0 1 {x1:.1f},{y1:.1f}' stroke='{color}' stroke-width='14' fill='none'/>"
        )
    if _ok(value):
        t = math.pi * (1 - (max(lo, min(hi, value)) - lo) / (hi - lo))
        body.append(
            f"<line x1='{cx:.1f}' y1='{cy:.1f}' x2='{cx + (r - 4) * math.cos(t):.1f}' y2='{cy - (r - 4) * math.sin(t):.1f}' stroke='#222' stroke-width='3'/>"
        )
        body.append(f"<circle cx='{cx:.1f}' cy='{cy:.1f}' r='5' fill='#222'/>")
    body.append(
        _text(
            cx,
            cy + 30,
            f"NPS {value:.0f}" if _ok(value) else "NPS –",
            size=22,
            anchor="middle",
            extra="font-weight='bold'",
        )
    )
    return _svg(width, height, body, title)
