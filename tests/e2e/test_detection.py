"""PRD §5.2 over the wire: a fill is found by REST within poll interval + 1 s with the WebSocket off, and a manual
change on the exchange is reflected within 10 s with it on; both measured on the simulation's clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import pytest

from domain.events import OrderPlaced, OrderUpdated, TradeExecuted
from domain.values import OrderStatus, Source
from ports.exchange import StreamState, StreamStatus, UserDataMessage, UserDataStream
from tests.e2e.support import Bot, RunningSim, running_bot, running_sim, sim_time, stored_events

pytestmark = pytest.mark.anyio

POLL_INTERVAL_S = 10
POLL_INTERVAL = timedelta(seconds=POLL_INTERVAL_S)
WITHIN_POLL = POLL_INTERVAL + timedelta(seconds=1)
MANUAL_CHANGE_BOUND = timedelta(seconds=10)


class StreamThatNeverConnects(UserDataStream):
    """The WebSocket switched off: one 'disconnected' status at start, then nothing, ever."""

    def __init__(self, sim: RunningSim) -> None:
        self._sim = sim

    async def messages(self) -> AsyncIterator[UserDataMessage]:
        yield StreamStatus(StreamState.DISCONNECTED, self._sim.simulation.clock.now(), "e2e: the WebSocket is off")
        await anyio.sleep_forever()


async def connected(bot: Bot) -> None:
    with anyio.fail_after(10):
        while bot.container.schedule().stream_state != StreamState.CONNECTED:
            await bot.step()
            await anyio.sleep(0.01)
    await bot.step()


async def by_hand_fill(sim: RunningSim) -> dict[str, Any]:
    """A market buy made in Binance's app; returns its trade from the oracle."""
    order = await sim.control("POST", "orders", {"side": "BUY", "type": "MARKET", "quantity": "40"})
    [trade] = [t for t in (await sim.oracle())["trades"] if t["orderId"] == order["orderId"]]
    return trade


async def first_stored(bot: Bot, found: Any, steps: int) -> Any:
    """Step one simulated second at a time until an event `found` accepts is stored; that stored event."""
    for _ in range(steps):
        await bot.step()
        match = next((item for item in stored_events(bot) if found(item.event.payload)), None)
        if match is not None:
            return match
    raise AssertionError(f"nothing matching was stored within {steps} simulated seconds")


async def the_stream_drops_every_event(bot: Bot, sim: RunningSim) -> None:
    await connected(bot)
    await sim.control("PUT", "faults/ws_drop", {"count": None})


async def the_stream_never_connects(bot: Bot, sim: RunningSim) -> None:
    await bot.step(2)
    assert bot.container.schedule().stream_state == StreamState.DISCONNECTED


WAYS_OFF = {
    "the stream drops every event": the_stream_drops_every_event,
    "the stream never connects": the_stream_never_connects,
}


@pytest.mark.parametrize("way", list(WAYS_OFF))
async def test_with_the_websocket_off_a_fill_is_stored_from_rest_within_the_poll_interval_plus_a_second(
    tmp_path: Path,
    way: str,
) -> None:
    async with running_sim() as sim:
        stream = StreamThatNeverConnects(sim) if way == "the stream never connects" else None
        settings = {"engine.poll_interval_sec": POLL_INTERVAL_S}
        async with running_bot(tmp_path, sim, settings, stream) as bot:
            await WAYS_OFF[way](bot, sim)
            # Part-way into a poll interval, so the next scheduled pass, not the one after boot, must find it
            await bot.step(4)
            trade = await by_hand_fill(sim)
            stored = await first_stored(
                bot, lambda p: isinstance(p, TradeExecuted) and p.trade_id == trade["id"], 3 * POLL_INTERVAL_S
            )

    assert stored.event.source is Source.REST
    assert stored.event.ts - sim_time(trade["time"]) <= WITHIN_POLL
    assert stored.event.payload.external and stored.event.payload.quantity == Decimal(trade["qty"])


def by_hand(status: OrderStatus, client_order_id: str) -> Any:
    def found(payload: Any) -> bool:
        return (
            isinstance(payload, (OrderPlaced, OrderUpdated))
            and payload.client_order_id == client_order_id
            and payload.status is status
        )

    return found


async def test_with_the_websocket_on_an_order_placed_and_cancelled_by_hand_is_reflected_within_ten_seconds(
    tmp_path: Path,
) -> None:
    # The default e2e poll interval is a day: whatever is reflected here came over the WebSocket
    async with running_sim() as sim, running_bot(tmp_path, sim) as bot:
        await connected(bot)
        below = (Decimal((await sim.oracle())["lastPrice"]) * Decimal("0.8")).quantize(Decimal("0.0001"))
        order = await sim.control(
            "POST",
            "orders",
            {"side": "BUY", "type": "LIMIT", "quantity": "30", "price": str(below), "timeInForce": "GTC"},
        )
        placed_at, client_id = sim.simulation.clock.now(), order["clientOrderId"]
        placed = await first_stored(bot, by_hand(OrderStatus.NEW, client_id), 10)
        open_after_place = {o.client_order_id for o in bot.state.open_orders()}

        await sim.control("DELETE", f"orders/{order['orderId']}")
        cancelled_at = sim.simulation.clock.now()
        cancelled = await first_stored(bot, by_hand(OrderStatus.CANCELED, client_id), 10)
        open_after_cancel = {o.client_order_id for o in bot.state.open_orders()}
        last_reconcile = bot.container.board().current.last_reconcile_at

    assert [placed.event.source, cancelled.event.source] == [Source.WS, Source.WS]
    assert placed.event.ts - placed_at <= MANUAL_CHANGE_BOUND
    assert cancelled.event.ts - cancelled_at <= MANUAL_CHANGE_BOUND
    assert client_id in open_after_place and client_id not in open_after_cancel
    # No REST pass since boot's: the next poll is a day away, so the stream alone delivered both changes
    assert isinstance(last_reconcile, datetime) and last_reconcile < placed_at
