"""Kline intervals open on Binance's UTC boundaries and close one millisecond before the next open."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.simulator.market.intervals import NAMES, Interval
from domain.times import epoch_ms, from_epoch_ms


def at(*parts: int) -> int:
    return epoch_ms(datetime(*parts, tzinfo=UTC))  # type: ignore[misc]


MOMENT = at(2026, 3, 4, 13, 47, 29) + 123  # a Wednesday


@pytest.mark.parametrize(
    ("name", "opened"),
    [
        ("1m", at(2026, 3, 4, 13, 47)),
        ("3m", at(2026, 3, 4, 13, 45)),
        ("5m", at(2026, 3, 4, 13, 45)),
        ("15m", at(2026, 3, 4, 13, 45)),
        ("30m", at(2026, 3, 4, 13, 30)),
        ("1h", at(2026, 3, 4, 13)),
        ("2h", at(2026, 3, 4, 12)),
        ("4h", at(2026, 3, 4, 12)),
        ("6h", at(2026, 3, 4, 12)),
        ("8h", at(2026, 3, 4, 8)),
        ("12h", at(2026, 3, 4, 12)),
        ("1d", at(2026, 3, 4)),
        ("1w", at(2026, 3, 2)),
        ("1M", at(2026, 3, 1)),
    ],
)
def test_each_interval_opens_on_its_utc_boundary(name: str, opened: int) -> None:
    assert Interval(name).floor(MOMENT) == opened


def test_three_day_klines_count_from_the_epoch() -> None:
    opened = Interval("3d").floor(MOMENT)

    assert opened % (3 * 86_400_000) == 0 and opened <= MOMENT < opened + 3 * 86_400_000


def test_weeks_open_on_monday() -> None:
    assert from_epoch_ms(Interval("1w").floor(MOMENT)).strftime("%A %H:%M") == "Monday 00:00"


@pytest.mark.parametrize("name", NAMES)
def test_close_time_is_the_next_open_minus_one_millisecond(name: str) -> None:
    interval = Interval(name)
    opened = interval.floor(MOMENT)

    assert interval.close_time(opened) == interval.next_open(opened) - 1
    assert interval.floor(interval.close_time(opened)) == opened
    assert interval.previous_open(interval.next_open(opened)) == opened


def test_a_one_minute_kline_closes_at_59_999() -> None:
    assert Interval("1m").close_time(1712738460000) == 1712738519999


def test_months_roll_over_the_year_end() -> None:
    december = at(2025, 12, 1)

    assert Interval("1M").next_open(december) == at(2026, 1, 1)
    assert Interval("1M").close_time(at(2026, 2, 1)) == at(2026, 3, 1) - 1


def test_an_unknown_interval_is_refused_listing_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown kline interval '2m'; Binance accepts 1m, 3m"):
        Interval("2m")
