"""MarketView: what the strategy read is kept for the dashboard, and only what it left stale is read again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from adapters.memory.clock import DEFAULT_START, ManualClock
from application.market_view import MarketView
from ports.health import Candle
from tests.unit.application.market_fakes import MINUTE, FakeMarket

pytestmark = pytest.mark.anyio

SYMBOL, INTERVAL = "XRPUSDT", "1m"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(DEFAULT_START + timedelta(minutes=5, seconds=10))


@pytest.fixture
def market(clock: ManualClock) -> FakeMarket:
    return FakeMarket(clock)


async def test_a_fresh_view_reads_the_mark_and_the_last_closed_klines_once(
    clock: ManualClock,
    market: FakeMarket,
) -> None:
    view = MarketView(market, clock, SYMBOL, INTERVAL, keep=3)

    await view.refresh(clock.now())

    fields = view.health_fields()
    assert market.reads == [("mark", SYMBOL), ("klines", SYMBOL, INTERVAL, 4)]
    assert (fields["mark_price"], fields["mark_at"], fields["candle_interval"]) == (Decimal("0.5"), clock.now(), "1m")
    assert [c.close for c in fields["candles"]] == [Decimal(102), Decimal(103), Decimal(104)]
    assert fields["candles"][0] == Candle(
        DEFAULT_START + 2 * MINUTE, Decimal(101), Decimal(103), Decimal(100), Decimal(102)
    )


async def test_within_the_mark_interval_and_before_the_next_close_nothing_is_read_again(
    clock: ManualClock,
    market: FakeMarket,
) -> None:
    view = MarketView(market, clock, SYMBOL, INTERVAL, mark_every=timedelta(seconds=5))
    await view.refresh(clock.now())
    market.reads.clear()

    clock.advance(4)
    await view.refresh(clock.now())

    assert market.reads == []


async def test_the_mark_is_read_again_once_the_interval_has_passed(clock: ManualClock, market: FakeMarket) -> None:
    view = MarketView(market, clock, SYMBOL, INTERVAL, mark_every=timedelta(seconds=5))
    await view.refresh(clock.now())
    market.reads.clear()
    market.mark = Decimal("0.51")

    clock.advance(5)
    await view.refresh(clock.now())

    assert market.reads == [("mark", SYMBOL)]
    assert view.health_fields()["mark_price"] == Decimal("0.51")
    assert view.health_fields()["mark_at"] == clock.now()


async def test_klines_the_strategy_read_are_kept_and_not_read_again(clock: ManualClock, market: FakeMarket) -> None:
    view = MarketView(market, clock, SYMBOL, INTERVAL, keep=10)
    await view.refresh(clock.now())
    clock.advance(60)
    market.reads.clear()

    # The orchestrator reads a few klines as the next one closes: the view keeps them and reads nothing more
    await view.klines(SYMBOL, INTERVAL, 3)
    await view.refresh(clock.now())

    assert market.reads == [("klines", SYMBOL, INTERVAL, 3), ("mark", SYMBOL)]
    assert [c.close for c in view.health_fields()["candles"]] == [Decimal(100 + i) for i in range(6)]


async def test_a_kline_that_closed_unread_is_fetched_by_the_next_refresh(
    clock: ManualClock,
    market: FakeMarket,
) -> None:
    view = MarketView(market, clock, SYMBOL, INTERVAL, keep=2)
    await view.refresh(clock.now())
    clock.advance(60)
    market.reads.clear()

    await view.refresh(clock.now())

    assert ("klines", SYMBOL, INTERVAL, 3) in market.reads
    assert [c.close for c in view.health_fields()["candles"]] == [Decimal(104), Decimal(105)]


async def test_reads_of_another_symbol_or_interval_are_passed_through_but_not_kept(
    clock: ManualClock,
    market: FakeMarket,
) -> None:
    view = MarketView(market, clock, SYMBOL, INTERVAL)

    await view.klines(SYMBOL, "5m", 3)
    await view.mark_price("BTCUSDT")

    assert view.health_fields()["candles"] == ()
    assert view.health_fields()["mark_price"] is None


def test_a_view_that_keeps_no_candle_is_refused(clock: ManualClock, market: FakeMarket) -> None:
    with pytest.raises(ValueError, match="keep=0"):
        MarketView(market, clock, SYMBOL, INTERVAL, keep=0)
