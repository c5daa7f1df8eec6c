"""The seeded price path: deterministic per seed, sampling-independent, on the tick grid, trending and reversing."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from adapters.simulator.market.intervals import Interval
from adapters.simulator.market.klines import KlineBook, KlineQuery
from adapters.simulator.market.price_path import PathShape, SeededPricePath
from domain.times import epoch_ms
from tests.simulator.market.builders import BTC, MINUTE, T0, XRP, path, sma_crosses, tape

STEPS_PER_MINUTE = 240


def minute_closes(seed: int, minutes: int) -> list[Decimal]:
    book = KlineBook(tape(seed))
    now = epoch_ms(T0 + minutes * MINUTE)
    klines = book.history(KlineQuery(Interval("1m"), end_ms=now - 1, limit=minutes), now)
    assert len(klines) == minutes and all(kline.closed for kline in klines)
    return [kline.close for kline in klines]


def test_the_same_seed_gives_the_same_prices() -> None:
    first, second = path(seed=11), path(seed=11)

    assert [first.ticks(step) for step in range(5000)] == [second.ticks(step) for step in range(5000)]


def test_a_different_seed_gives_different_prices() -> None:
    first, second = path(seed=11), path(seed=12)

    assert [first.ticks(step) for step in range(5000)] != [second.ticks(step) for step in range(5000)]


def test_the_price_does_not_depend_on_how_often_or_in_what_order_it_is_sampled() -> None:
    dense, sparse = path(), path()
    moments = [T0 + timedelta(milliseconds=ms) for ms in range(0, 600_000, 125)]
    dense_prices = [dense.price_at(moment) for moment in moments]

    for moment, price in reversed(list(zip(moments, dense_prices, strict=True))[::37]):
        assert sparse.price_at(moment) == price


def test_the_price_holds_for_the_whole_of_each_250_ms_step() -> None:
    source = path()

    inside = {source.price_at(T0 + timedelta(seconds=60, milliseconds=ms)) for ms in (0, 100, 249)}

    assert inside == {source.ticks(240) * XRP.tick_size}


def test_the_path_starts_at_the_start_price() -> None:
    assert path(start_price="0.6123").price_at(T0) == Decimal("0.6123")


@pytest.mark.parametrize("seed", range(6))
def test_prices_stay_positive_and_on_the_tick_grid_even_when_the_path_hits_its_floor(seed: int) -> None:
    wild = PathShape(volatility_per_minute=Decimal("0.5"))
    source = SeededPricePath(seed, Decimal("0.0003"), XRP.tick_size, T0, wild)

    prices = [source.price_at(T0 + timedelta(seconds=s)) for s in range(0, 4 * 3600, 7)]

    assert all(price > 0 and price % XRP.tick_size == 0 for price in prices)
    assert min(prices) == XRP.tick_size


def test_a_btc_like_symbol_keeps_its_own_tick() -> None:
    source = SeededPricePath(3, Decimal("71481.90"), BTC.tick_size, T0)

    prices = [source.price_at(T0 + timedelta(seconds=s)) for s in range(0, 3600, 5)]

    assert all(price % Decimal("0.10") == 0 for price in prices) and len(set(prices)) > 100


@pytest.mark.parametrize("seed", range(10))
def test_an_sma_10_20_cross_happens_within_the_first_hour_of_1m_klines(seed: int) -> None:
    closes = minute_closes(seed, minutes=60)

    assert sma_crosses(closes), f"seed {seed}: no SMA(10)/SMA(20) cross in 60 minutes"


def test_the_path_trends_both_ways_in_two_hours() -> None:
    closes = minute_closes(5, minutes=120)
    moves = [later - earlier for earlier, later in zip(closes[::10], closes[10::10], strict=False)]

    assert max(moves) >= 10 * XRP.tick_size and min(moves) <= -10 * XRP.tick_size


def test_over_a_day_the_price_stays_within_the_reversion_band_and_then_some() -> None:
    source = path(seed=9)

    prices = [source.ticks(step) for step in range(0, 24 * 3600 * 4, 997)]

    assert 0.6 * 5000 < min(prices) and max(prices) < 1.4 * 5000


def test_reading_before_the_origin_is_an_error_naming_the_origin() -> None:
    with pytest.raises(ValueError, match="before the price source's origin"):
        path().price_at(T0 - timedelta(milliseconds=1))


@pytest.mark.parametrize(
    ("start_price", "message"),
    [("0.50005", "multiple of the tick size"), ("0", "positive"), ("-0.5", "positive")],
)
def test_a_start_price_off_the_tick_grid_is_refused(start_price: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SeededPricePath(1, Decimal(start_price), XRP.tick_size, T0)


def test_a_naive_origin_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SeededPricePath(1, Decimal("0.5"), XRP.tick_size, datetime(2026, 1, 1))


def test_a_seed_must_be_an_int() -> None:
    with pytest.raises(TypeError, match="seed must be an int"):
        SeededPricePath("42", Decimal("0.5"), XRP.tick_size, T0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        ({"step_ms": 7}, "must divide one minute"),
        ({"regime_seconds": (10, 5)}, "regime_seconds"),
        ({"volatility_per_minute": Decimal("-0.1")}, "must not be negative"),
    ],
)
def test_a_malformed_shape_is_refused(shape: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PathShape(**shape)  # type: ignore[arg-type]


def test_a_coarser_step_still_samples_deterministically() -> None:
    shape = PathShape(step_ms=1000)
    first = SeededPricePath(2, Decimal("0.5"), XRP.tick_size, T0, shape)
    second = SeededPricePath(2, Decimal("0.5"), XRP.tick_size, T0, shape)

    assert first.price_at(T0 + timedelta(seconds=90.5)) == second.price_at(T0 + timedelta(seconds=90))
