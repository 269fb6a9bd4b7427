"""SVG charts drawn at build time: no JavaScript, no web font, safe under a strict CSP.

Every chart is a self-contained `<svg role="img">` with `<title>` and `<desc>`, text as SVG
text (so the page's CJK font stack shows Chinese labels) and each mark labelled with its
value, so nothing depends on colour alone. Pages put a data table next to each chart.
Output is deterministic: fixed number formatting, no random ids.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

# Marks and text colours: contrast against white is 7.0:1 (#1d4f91), 5.7:1 (#a3431b),
# 4.6:1 (#6b6b6b) — all above the 3:1 WCAG 2.1 non-text minimum.
INK = "#1d1d1d"
MARK = "#1d4f91"
ALT_MARK = "#a3431b"
GRID = "#6b6b6b"
FONT = 13
MIN_STEP = 8.0  # px between two points of a line chart at the least (still apart)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value and the text printed after it."""

    label: str
    value: float
    text: str
    fill: str = MARK


def text_width(text: str, size: float = FONT) -> float:
    """Return an estimate of the rendered width of `text`: CJK glyphs are full-width."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return (wide + 0.6 * (len(text) - wide)) * size


def chart_id(*parts: str) -> str:
    """Return an id usable in SVG/HTML built from stable parts (e.g. a page and a chart name)."""
    return "chart-" + re.sub(r"[^A-Za-z0-9_-]+", "-", "-".join(parts)).strip("-").lower()


def _num(value: float) -> str:
    """Format a coordinate with one decimal, without a trailing '.0'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(ident: str, width: float, height: float, title: str, desc: str) -> list[str]:
    """Return the opening tags of an accessible SVG."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="portal-chart" id="{escape(ident)}" '
        f'role="img" aria-labelledby="{escape(ident)}-title {escape(ident)}-desc" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" font-size="{FONT}">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
        f'<desc id="{escape(ident)}-desc">{escape(desc)}</desc>',
        f'<rect width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>',
    ]


def bar_chart(
    ident: str,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    reference: float | None = None,
    reference_text: str = "",
    plot_width: float = 360.0,
    stacked: bool = False,
) -> Markup:
    """Return a horizontal bar chart; `reference` draws a dashed line (e.g. the 100% target).

    `stacked` puts each label on its own (wrapped) lines above its bar, so a chart with long
    labels stays about `plot_width` wide and fits a phone at full size.
    """
    if stacked:
        return _stacked_bar_chart(ident, title, desc, bars, reference, reference_text, plot_width)
    row, gap, pad = 22, 6, 8
    label_w = max([text_width(b.label) for b in bars] + [40.0]) + pad
    text_w = max([text_width(b.text) for b in bars] + [40.0]) + pad
    plot_w = plot_width
    top = 8 + (FONT + 6 if reference is not None else 0)
    height = top + len(bars) * (row + gap) + pad
    width = label_w + plot_w + text_w + pad
    top_value = max([b.value for b in bars] + [reference or 0.0, 0.0]) or 1.0
    scale = plot_w / top_value
    parts = _open(ident, width, height, title, desc)
    for i, bar in enumerate(bars):
        y = top + i * (row + gap)
        length = max(bar.value, 0.0) * scale
        parts.append(
            f'<text x="{_num(label_w - pad)}" y="{_num(y + row * 0.7)}" text-anchor="end" '
            f'fill="{INK}">{escape(bar.label)}</text>'
            f'<rect x="{_num(label_w)}" y="{_num(y)}" width="{_num(length)}" '
            f'height="{row}" fill="{bar.fill}"/>'
            f'<text x="{_num(label_w + length + 4)}" y="{_num(y + row * 0.7)}" '
            f'fill="{INK}">{escape(bar.text)}</text>'
        )
    if reference is not None:
        x = label_w + reference * scale
        parts.append(_reference_line(x, top, height - pad, reference_text))
    parts.append("</svg>")
    return Markup("".join(parts))


def _reference_line(x: float, top: float, bottom: float, text: str) -> str:
    """Return a dashed vertical line at `x` with its label above the bars (e.g. the target)."""
    return (
        f'<line x1="{_num(x)}" y1="{_num(top - 4)}" x2="{_num(x)}" y2="{_num(bottom)}" '
        f'stroke="{GRID}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        f'<text x="{_num(x)}" y="{FONT}" text-anchor="middle" fill="{INK}">'
        f"{escape(text)}</text>"
    )


WORD = re.compile(r"[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\S\s*|\s+")


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Return `text` broken into lines no wider than `width` (words kept whole, CJK by glyph)."""
    lines, line = [], ""
    for token in WORD.findall(text):
        if line and text_width((line + token).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _stacked_bar_chart(
    ident: str,
    title: str,
    desc: str,
    bars: Sequence[Bar],
    reference: float | None,
    reference_text: str,
    plot_w: float,
) -> Markup:
    """Return a bar chart with each label wrapped on its own lines above its bar."""
    row, gap, pad, leading = 20, 10, 8, FONT + 3
    text_w = max([text_width(b.text) for b in bars] + [40.0]) + pad
    width = pad + plot_w + text_w + pad
    labels = [wrap(b.label, width - 2 * pad) for b in bars]
    top = 8 + (FONT + 6 if reference is not None else 0)
    height = top + sum(len(lines) * leading + row + gap for lines in labels) + pad
    top_value = max([b.value for b in bars] + [reference or 0.0, 0.0]) or 1.0
    scale = plot_w / top_value
    parts = _open(ident, width, height, title, desc)
    y = top
    for bar, lines in zip(bars, labels, strict=True):
        for line in lines:
            y += leading
            parts.append(f'<text x="{pad}" y="{_num(y - 3)}" fill="{INK}">{escape(line)}</text>')
        length = max(bar.value, 0.0) * scale
        parts.append(
            f'<rect x="{pad}" y="{_num(y)}" width="{_num(length)}" height="{row}" '
            f'fill="{bar.fill}"/>'
            f'<text x="{_num(pad + length + 4)}" y="{_num(y + row * 0.7)}" '
            f'fill="{INK}">{escape(bar.text)}</text>'
        )
        y += row + gap
    if reference is not None:
        parts.append(_reference_line(pad + reference * scale, top, height - pad, reference_text))
    parts.append("</svg>")
    return Markup("".join(parts))


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Return round tick values covering [low, high] (steps of 1, 2 or 5 × 10^n)."""
    span = max(high - low, 1e-9)
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _tick_text(value: float) -> str:
    """Return a tick value with thousands separators and no needless decimals."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def line_chart(
    ident: str,
    title: str,
    desc: str,
    points: Sequence[tuple[str, float]],
    value_text: Sequence[str],
    band: Sequence[tuple[float, float]] | None = None,
    unit: str = "",
    max_width: float = 340.0,
) -> Markup:
    """Return a line chart of labelled points with a value axis titled `unit`.

    `band` shades a (low, high) range per point. The value axis starts at a round number
    below the lowest value (not at zero) and is labelled, so the band's bottom edge is
    read against the axis rather than taken for zero.
    """
    if not points:
        return Markup("")
    highs = [p[1] for p in points] + [hi for _, hi in band or []]
    lows = [p[1] for p in points] + [lo for lo, _ in band or []]
    ticks = nice_ticks(min(lows), max(highs))
    if len(ticks) < 2:
        ticks = [ticks[0], ticks[0] + 1]
    lo_v, hi_v = ticks[0], ticks[-1]
    axis_w = max(text_width(_tick_text(t)) for t in ticks) + 10
    label_w = max([text_width(p[0], FONT - 1) for p in points] + [40.0])
    left, right, top, bottom = 8.0 + axis_w, 16.0 + label_w / 2, 30.0, 40.0
    # The first point sits far enough right that its centred date label is not cut at x=0.
    start = max(left + 12, label_w / 2 + 4)
    # At most max_width wide, so the chart fits a 390 px phone at full size (the last date
    # label was cut off when it scrolled); when points are closer than a label is wide,
    # every n-th date is written, counted from the latest so the newest date always shows.
    gaps = max(len(points) - 1, 1)
    step = max(72.0, label_w + 12)
    step = min(step, max((max_width - start - right) / gaps, MIN_STEP))
    every = max(1, math.ceil((label_w + 8) / step))
    # The same for the values written above the points (all are in the page's table).
    every_value = max(1, math.ceil((max(map(text_width, value_text), default=0) + 6) / step))
    width = start + gaps * step + right
    height = 240.0
    plot_h = height - top - bottom

    def x_of(i: int) -> float:
        return start + i * step

    def y_of(v: float) -> float:
        return top + (hi_v - v) / (hi_v - lo_v) * plot_h

    parts = _open(ident, width, height, title, desc)
    if unit:
        parts.append(f'<text x="4" y="{FONT + 2}" fill="{INK}">{escape(unit)}</text>')
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(width - right / 2)}" '
            f'y2="{_num(y)}" stroke="#d9d9d9"/>'
            f'<text x="{_num(left - 6)}" y="{_num(y + FONT * 0.35)}" text-anchor="end" '
            f'fill="{INK}">{escape(_tick_text(tick))}</text>'
        )
    parts.append(
        f'<line x1="{_num(left)}" y1="{_num(top)}" x2="{_num(left)}" '
        f'y2="{_num(top + plot_h)}" stroke="{GRID}"/>'
        f'<line x1="{_num(left)}" y1="{_num(top + plot_h)}" x2="{_num(width - right / 2)}" '
        f'y2="{_num(top + plot_h)}" stroke="{GRID}"/>'
    )
    if band:
        upper = [f"{_num(x_of(i))},{_num(y_of(hi))}" for i, (_, hi) in enumerate(band)]
        lower = [f"{_num(x_of(i))},{_num(y_of(lo))}" for i, (lo, _) in enumerate(band)]
        polygon = " ".join(upper + lower[::-1])
        parts.append(f'<polygon points="{polygon}" fill="#c9d8ee" stroke="none"/>')
    coords = " ".join(f"{_num(x_of(i))},{_num(y_of(v))}" for i, (_, v) in enumerate(points))
    parts.append(f'<polyline points="{coords}" fill="none" stroke="{MARK}" stroke-width="2"/>')
    for i, ((label, value), text) in enumerate(zip(points, value_text, strict=True)):
        x, y = x_of(i), y_of(value)
        parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill="{MARK}"/>')
        if (len(points) - 1 - i) % every_value == 0:
            parts.append(
                f'<text x="{_num(x)}" y="{_num(y - 8)}" text-anchor="middle" fill="{INK}">'
                f"{escape(text)}</text>"
            )
        if (len(points) - 1 - i) % every == 0:
            parts.append(
                f'<text x="{_num(x)}" y="{_num(height - bottom + 20)}" text-anchor="middle" '
                f'fill="{INK}" font-size="{FONT - 1}">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
