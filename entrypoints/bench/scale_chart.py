"""A small SVG line chart of each scale figure against the history's size, hand-drawn (no plotting library): one
panel per label (its unit said in it), a line per figure, the sizes on a log axis."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from entrypoints.svg import document

WIDTH, PANEL_H, MARGIN = 720, 220, 60
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f", "#bcbd22")


def chart(sizes: Sequence[int], series: dict[str, tuple[str, Sequence[float]]], title: str) -> str:
    """`series`: per figure, its panel and one value per size; panels and figures in the order given."""
    panels = list(dict.fromkeys(label for label, _ in series.values()))
    height = 40 + len(panels) * (PANEL_H + 40)
    body: list[str] = []
    for row, label in enumerate(panels):
        top = 40 + row * (PANEL_H + 40)
        lines = {name: values for name, (where, values) in series.items() if where == label}
        body.extend(_panel(sizes, lines, label, top))
    return document(WIDTH, height, title, body)


def _panel(sizes: Sequence[int], lines: dict[str, Sequence[float]], label: str, top: float) -> list[str]:
    left, right, bottom = MARGIN, WIDTH - 220, top + PANEL_H - 30
    peak = max((v for values in lines.values() for v in values), default=1.0) or 1.0
    low, high = math.log10(min(sizes)), math.log10(max(sizes))

    def x(size: int) -> float:
        return left + (right - left) * ((math.log10(size) - low) / (high - low) if high > low else 0.5)

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / (peak * 1.1)

    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="black"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="black"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak * 1.1:,.4g}</text>',
        f'<text x="{left - 6}" y="{bottom}" text-anchor="end">0</text>',
        f'<text x="{left}" y="{top - 6}">{escape(label)}</text>',
    ]
    parts.extend(
        f'<text x="{x(size):.1f}" y="{bottom + 14}" text-anchor="middle">{size:,} events</text>' for size in sizes
    )
    for index, (name, values) in enumerate(lines.items()):
        colour = COLOURS[index % len(COLOURS)]
        points = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in zip(sizes, values, strict=True))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(
            f'<circle cx="{x(s):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>'
            for s, v in zip(sizes, values, strict=True)
        )
        parts.append(f'<text x="{right + 10}" y="{top + 12 + 14 * index}" fill="{colour}">{escape(name)}</text>')
    return parts
