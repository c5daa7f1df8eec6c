"""The main loop with a market view: the heartbeat publishes the mark and the candles for the dashboard."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from application.loop import MainLoop
from application.market_view import MarketView
from tests.unit.application.market_fakes import FakeMarket
from tests.unit.application_loop.bench import SYMBOL, Bench, rig

pytestmark = pytest.mark.anyio


async def loop_with_market(bench: Bench, market: FakeMarket) -> MainLoop:
    """The bench's bot, booted, whose market view refreshes `market` (in place of the gateway) and is published."""
    booted = rig(bench, market=MarketView(market, bench.clock, SYMBOL, "1m", keep=5))
    assert (await booted.boot_now()).ready
    return booted.loop


async def test_the_heartbeat_publishes_the_mark_and_the_last_closed_candles(bench: Bench) -> None:
    bench.clock.advance(timedelta(minutes=7, seconds=30))
    loop = await loop_with_market(bench, FakeMarket(bench.clock))

    await loop.run_once()

    health = bench.health.read()
    assert health.mark_price == Decimal("0.5") and health.mark_at == bench.clock.now()
    assert health.candle_interval == "1m"
    assert [candle.close for candle in health.candles] == [Decimal(102 + i) for i in range(5)]


async def test_a_failing_market_read_is_recorded_and_the_heartbeat_still_goes_out(bench: Bench) -> None:
    market = FakeMarket(bench.clock)
    market.mark = None  # the fake raises on a missing mark, as an unreachable exchange would
    loop = await loop_with_market(bench, market)
    bench.clock.advance(5)

    report = await loop.run_once()

    assert any(error.startswith("market:") for error in report.errors)
    assert bench.health.read().last_loop_at == bench.clock.now()
