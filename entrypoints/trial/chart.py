"""The trial's equity and drawdown chart: a small hand-drawn SVG (no plotting library, as the bench's scale chart),
two panels over one time axis, values in the quote asset."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from html import escape

from domain.performance import EquityPoint
from entrypoints.svg import document

WIDTH, PANEL_H, GAP, LEFT, RIGHT = 900, 240, 50, 90, 30
TOP = 46
TICKS = 6
EQUITY, DRAWDOWN = "#1f77b4", "#d62728"


def equity_chart(curve: Sequence[EquityPoint], title: str, asset: str) -> str:
    """The equity marked at each point, and its drawdown below it; an empty curve draws empty axes."""
    height = TOP + 2 * PANEL_H + GAP
    times = [point.at for point in curve]
    body = _panel(times, [p.equity for p in curve], f"equity ({asset})", TOP, EQUITY)
    body += _panel(times, [p.drawdown for p in curve], f"drawdown ({asset})", TOP + PANEL_H + GAP, DRAWDOWN)
    return document(WIDTH, height, title, body, font_family="sans-serif")


def _panel(times: Sequence[datetime], values: Sequence[Decimal], label: str, top: float, colour: str) -> list[str]:
    left, right, bottom = LEFT, WIDTH - RIGHT, top + PANEL_H - 30
    low, high = (min(values), max(values)) if values else (Decimal(0), Decimal(1))
    if low == high:
        low, high = low - 1, high + 1
    first, last = (times[0], times[-1]) if times else (None, None)
    span = (last - first).total_seconds() if first is not None and last is not None else 0.0

    def x(moment: datetime) -> float:
        if first is None or span <= 0:
            return float(left)
        return left + (right - left) * (moment - first).total_seconds() / span

    def y(value: Decimal) -> float:
        return bottom - (bottom - top) * float((value - low) / (high - low))

    parts = [
        f'<text x="{left}" y="{top - 8}" font-weight="bold">{escape(label)}</text>',
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="none" stroke="#999"/>',
    ]
    for index in range(TICKS + 1):
        value = low + (high - low) * index / TICKS
        parts.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{right}" y2="{y(value):.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:,.2f}</text>')
    if first is not None and last is not None:
        for index in range(TICKS + 1):
            moment = first + (last - first) * index / TICKS
            parts.append(
                f'<text x="{x(moment):.1f}" y="{bottom + 16}" text-anchor="middle">'
                f"{moment.strftime('%m-%d %H:%M')}</text>"
            )
    if values:
        points = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in zip(times, values, strict=True))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
    return parts
