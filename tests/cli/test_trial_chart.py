"""The trial's equity chart is a well-formed SVG with one line per panel through every point of the curve."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from domain.performance import EquityPoint
from entrypoints.trial.chart import equity_chart

SVG = "{http://www.w3.org/2000/svg}"
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def curve() -> list[EquityPoint]:
    equities = [Decimal("10000"), Decimal("10050"), Decimal("9900"), Decimal("9950")]
    peaks = [max(equities[: i + 1]) for i in range(len(equities))]
    return [
        EquityPoint(T0 + timedelta(minutes=5 * i), equity, equity - peak, Decimal(0))
        for i, (equity, peak) in enumerate(zip(equities, peaks, strict=True))
    ]


def test_each_panel_draws_one_line_through_every_point() -> None:
    root = ElementTree.fromstring(equity_chart(curve(), "sma_cross <5m> & more", "USDT"))

    lines = root.findall(f"{SVG}polyline")
    assert [len(line.get("points", "").split()) for line in lines] == [4, 4]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "sma_cross <5m> & more" in texts  # escaped in the file, read back as written
    assert "equity (USDT)" in texts and "drawdown (USDT)" in texts


def test_the_highest_equity_is_drawn_at_the_top_of_its_panel_and_the_deepest_drawdown_at_the_bottom() -> None:
    root = ElementTree.fromstring(equity_chart(curve(), "t", "USDT"))

    equity, drawdown = (
        [float(p.split(",")[1]) for p in line.get("points", "").split()] for line in root.iter(f"{SVG}polyline")
    )
    assert min(equity) == equity[1] and max(drawdown) == drawdown[2]


def test_an_empty_curve_draws_empty_axes() -> None:
    root = ElementTree.fromstring(equity_chart([], "nothing traded", "USDT"))

    assert root.findall(f"{SVG}polyline") == []
