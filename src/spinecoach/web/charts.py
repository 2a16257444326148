"""Charts as inline SVG, drawn by our own code: a line over time against a baseline, and weekly bars.

Each chart is a person's own records against their own baseline; nothing compares them with anyone
else and nothing projects a trend forward (PRODUCT.md rule S9).
"""

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 30


@dataclass(frozen=True)
class Reading:
    at: datetime
    value: float
    stopped: bool = False  # a session stopped for sharp pain: drawn as a red mark


def _x(at: datetime, first: datetime, last: datetime) -> float:
    span = (last - first).total_seconds() or 1.0
    return LEFT + (at - first).total_seconds() / span * (WIDTH - LEFT - RIGHT)


def _y(value: float, y_max: float) -> float:
    return TOP + (1 - value / y_max) * (HEIGHT - TOP - BOTTOM)


def line_chart(
    readings: list[Reading],
    y_max: float,
    y_labels: dict[int, str],
    label: str,
    baseline: float | None = None,
    baseline_label: str = "",
) -> Markup:
    """Readings in time order as a line with points; the baseline as a dashed line."""
    if not readings:
        return Markup("")
    first, last = readings[0].at, readings[-1].at
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">']
    for value, text in y_labels.items():
        y = _y(value, y_max)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(text)}</text>')
    if baseline is not None:
        y = _y(baseline, y_max)
        parts.append(f'<line class="baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{y - 6:.1f}" text-anchor="end">{escape(baseline_label)}</text>'
        )
    points = [(_x(r.at, first, last), _y(r.value, y_max), r) for r in readings]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
    parts.append(f'<polyline class="series" points="{path}"/>')
    for x, y, reading in points:
        css = "stop" if reading.stopped else "point"
        parts.append(f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="{5 if reading.stopped else 3}"/>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 8}">{first:%d.%m}</text>')
    parts.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">{last:%d.%m}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(bars: list[tuple[str, int]], planned: int | None, label: str, planned_label: str) -> Markup:
    """One bar per week (sessions done), with the planned number as a dashed line."""
    if not bars:
        return Markup("")
    y_max = max([*(count for _, count in bars), planned or 0, 1]) + 1
    slot = (WIDTH - LEFT - RIGHT) / len(bars)
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">']
    parts.append(
        f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_y(0, y_max):.1f}" y2="{_y(0, y_max):.1f}"/>'
    )
    for i, (week, count) in enumerate(bars):
        x = LEFT + i * slot + slot * 0.15
        top = _y(count, y_max)
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{top:.1f}" width="{slot * 0.7:.1f}" height="{_y(0, y_max) - top:.1f}"/>'
        )
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top - 4:.1f}" text-anchor="middle">{count}</text>')
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - 8}" text-anchor="middle">{escape(week)}</text>'
        )
    if planned:
        y = _y(planned, y_max)
        parts.append(f'<line class="baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{LEFT + 4}" y="{y - 6:.1f}">{escape(planned_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Band:
    """A stretch of the value axis with its published name (e.g. the ODI's 21-40 `moderate`)."""

    lower: float
    upper: float
    name: str


def banded_line_chart(
    readings: list[Reading],
    y_max: float,
    bands: list[Band],
    label: str,
    baseline: float | None = None,
    baseline_label: str = "",
) -> Markup:
    """Readings over time drawn over labelled bands (alternately shaded), the first reading as the
    person's own baseline; each point carries its value as text so a screen reader can read it."""
    if not readings:
        return Markup("")
    first, last = readings[0].at, readings[-1].at
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">']
    for i, band in enumerate(bands):
        top, bottom = _y(band.upper, y_max), _y(band.lower, y_max)
        css = "band shade" if i % 2 else "band"
        parts.append(
            f'<rect class="{css}" x="{LEFT}" y="{top:.1f}" width="{WIDTH - LEFT - RIGHT}" '
            f'height="{bottom - top:.1f}"/>'
        )
        parts.append(f'<text x="{LEFT + 4}" y="{(top + bottom) / 2 + 4:.1f}">{escape(band.name)}</text>')
        parts.append(f'<text x="{LEFT - 6}" y="{top + 4:.1f}" text-anchor="end">{band.upper:g}</text>')
    if baseline is not None:
        y = _y(baseline, y_max)
        parts.append(f'<line class="baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{y - 6:.1f}" text-anchor="end">{escape(baseline_label)}</text>'
        )
    points = [(_x(r.at, first, last), _y(r.value, y_max), r) for r in readings]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        parts.append(f'<polyline class="series" points="{path}"/>')
    for x, y, reading in points:
        parts.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>{reading.value:g}</title></circle>'
        )
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 8}">{first:%d.%m}</text>')
    parts.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">{last:%d.%m}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def value_bars(bars: list[tuple[str, float]], y_max: float, label: str) -> Markup:
    """A few labelled bars on a fixed scale (0 to y_max), e.g. the first pain score beside the latest:
    the fixed scale keeps a small change looking small."""
    if not bars:
        return Markup("")
    height = HEIGHT * 3 // 4
    slot = (WIDTH - LEFT - RIGHT) / len(bars)

    def y(value: float) -> float:
        return TOP + (1 - value / y_max) * (height - TOP - BOTTOM)

    parts = [f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(label)}">']
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    for value in (0, y_max):
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
    for i, (name, value) in enumerate(bars):
        x = LEFT + i * slot + slot * 0.2
        top = y(value)
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{top:.1f}" width="{slot * 0.6:.1f}" height="{y(0) - top:.1f}"/>'
        )
        parts.append(
            f'<text x="{x + slot * 0.3:.1f}" y="{top - 4:.1f}" text-anchor="middle">{value:g}</text>'
        )
        parts.append(
            f'<text x="{x + slot * 0.3:.1f}" y="{height - 8}" text-anchor="middle">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
