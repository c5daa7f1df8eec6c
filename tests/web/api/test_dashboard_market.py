"""GET /api/dashboard/market: the mark the bot published with its age, the PnL it implies, leverage and candles."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from adapters.memory.clock import DEFAULT_START
from ports.health import BotHealth, Candle
from tests.harness.builders import EventFactory
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio


@pytest.fixture
def events() -> EventFactory:
    return EventFactory(start=DEFAULT_START)


def publish(api: Api, mark: str | None, *, seconds_ago: float = 0, candles: tuple[Candle, ...] = ()) -> None:
    """Write the health a bot writes at its heartbeat, with the market it last read."""
    now = api.clock.now()
    mark_at = None if mark is None else now - timedelta(seconds=seconds_ago)
    health = BotHealth(
        "host:42",
        now,
        now,
        "ready",
        True,
        mark_price=None if mark is None else Decimal(mark),
        mark_at=mark_at,
        candle_interval="1m",
        candles=candles,
    )
    api.container.adapters.health_store().write(health)


async def market(api: Api) -> dict:
    response = await api.get("/api/dashboard/market")
    assert response.status_code == 200, await response.get_data(as_text=True)
    return await response.get_json()


async def test_without_a_bot_or_a_fill_there_is_no_mark_and_no_candle(api: Api) -> None:
    body = await market(api)

    assert (body["symbol"], body["mark_price"], body["mark_source"], body["mark_age_ms"]) == (
        "XRPUSDT",
        None,
        None,
        None,
    )
    assert (body["unrealized_pnl"], body["leverage"], body["candles"]) == (None, None, [])


async def test_the_published_mark_gives_its_age_and_the_unrealized_pnl(api: Api, events: EventFactory) -> None:
    api.store(events.trade(1, qty="10", price="0.5"))
    api.clock.advance(60)
    publish(api, "0.53", seconds_ago=2.5)

    body = await market(api)

    assert (body["mark_price"], body["mark_source"], body["mark_age_ms"]) == ("0.53", "mark", 2500)
    assert Decimal(body["unrealized_pnl"]) == Decimal("0.3")


async def test_a_short_position_gains_when_the_mark_falls(api: Api, events: EventFactory) -> None:
    api.store(events.trade(1, side="SELL", qty="10", price="0.5"))
    publish(api, "0.45")

    assert Decimal((await market(api))["unrealized_pnl"]) == Decimal("0.5")


async def test_before_any_mark_the_last_fill_stands_in_and_says_so(api: Api, events: EventFactory) -> None:
    api.store(events.trade(1, qty="10", price="0.5"), events.trade(2, qty="2", price="0.56"))
    publish(api, None)

    body = await market(api)

    assert (body["mark_price"], body["mark_source"]) == ("0.56", "last_fill")
    assert Decimal(body["unrealized_pnl"]) == Decimal("0.6")


async def test_a_flat_position_has_a_mark_but_no_unrealized_pnl(api: Api) -> None:
    publish(api, "0.53")

    body = await market(api)

    assert body["mark_price"] == "0.53" and body["unrealized_pnl"] is None


async def test_leverage_comes_from_the_last_leverage_change(api: Api, events: EventFactory) -> None:
    api.store(events.leverage(5), events.leverage(20))

    assert (await market(api))["leverage"] == 20


async def test_the_candles_are_served_oldest_first_as_decimal_strings(api: Api) -> None:
    candles = tuple(
        Candle(
            DEFAULT_START + timedelta(minutes=i), Decimal("0.5"), Decimal("0.52"), Decimal("0.49"), Decimal(f"0.5{i}")
        )
        for i in range(2)
    )
    publish(api, "0.51", candles=candles)

    body = await market(api)

    assert body["candle_interval"] == "1m"
    assert body["candles"] == [
        {"open_time": "2026-01-01T00:00:00.000000Z", "open": "0.5", "high": "0.52", "low": "0.49", "close": "0.50"},
        {"open_time": "2026-01-01T00:01:00.000000Z", "open": "0.5", "high": "0.52", "low": "0.49", "close": "0.51"},
    ]
