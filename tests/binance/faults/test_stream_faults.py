"""WebSocket faults on the wire (dropped frames, a silent stall, an expired listenKey): no fill is lost.

The user-data stream is a hint: what it misses, REST userTrades reports. Each test checks that the union of the
trades the adapter reported (stream and REST) covers the simulator's oracle, with one order per intent.
"""

from __future__ import annotations

from datetime import timedelta

import anyio
import pytest

from ports.exchange import StreamStatus, UserDataMessage
from tests.binance.faults.rig import GUARD_SECONDS, Rig, fault_rig, user_stream

pytestmark = pytest.mark.anyio

LISTEN_KEY_VALIDITY = timedelta(minutes=60)


async def newest_trade_id(rig: Rig) -> int:
    trades = (await rig.oracle())["trades"]
    return max(int(trade["id"]) for trade in trades)


async def fired(rig: Rig, fault: str) -> list[str]:
    """The firings of `fault`, waiting for the first (stream faults fire when a socket next checks in)."""
    with anyio.fail_after(GUARD_SECONDS):
        while not (log := await rig.fault_log(fault)):
            await anyio.sleep(0.01)
    return log


def states(messages: list[UserDataMessage]) -> list[str]:
    return [message.state for message in messages if isinstance(message, StreamStatus)]


async def test_a_fill_whose_frames_were_dropped_is_reported_over_rest() -> None:
    async with fault_rig() as rig, user_stream(rig) as stream:
        await rig.arm("ws_drop", count=None)
        await rig.place()
        dropped = await newest_trade_id(rig)
        assert any("ORDER_TRADE_UPDATE" in detail for detail in await fired(rig, "ws_drop"))
        await rig.clear("ws_drop")
        await rig.place()
        received = await stream.until_trade(await newest_trade_id(rig))
        # Frames arrive in order, so the second fill's arrival proves the first one's never will
        assert dropped not in stream.trade_ids and states(received) == []
        assert dropped in await rig.rest_trade_ids()
        await rig.assert_one_order_per_intent_and_every_fill_reported(stream.trade_ids)


async def test_a_silent_stall_is_signalled_and_a_fill_during_it_is_recovered_over_rest() -> None:
    async with fault_rig() as rig, user_stream(rig) as stream:
        await rig.arm("ws_stall", seconds=0)
        await fired(rig, "ws_stall")
        await rig.place()
        stalled = await newest_trade_id(rig)
        stream.clock.advance(timedelta(seconds=61))
        assert states(await stream.next()) == ["silent"]
        # What the consumer does on "silent": poll REST fast, which finds the fill the socket kept back
        assert stalled in await rig.rest_trade_ids()
        await rig.clear("ws_stall")
        await rig.place()
        received = await stream.until_trade(await newest_trade_id(rig))
        assert states(received) == [] and stalled not in stream.trade_ids
        await rig.assert_one_order_per_intent_and_every_fill_reported(stream.trade_ids)


async def test_an_expired_listen_key_is_replaced_and_events_flow_again_with_no_fill_lost() -> None:
    async with fault_rig() as rig, user_stream(rig) as stream:
        await rig.place()
        await stream.until_trade(await newest_trade_id(rig))
        # No keepalive reaches the simulator (the stream's clock stands still), so the key dies at 60 minutes
        rig.advance((LISTEN_KEY_VALIDITY + timedelta(minutes=1)).total_seconds())
        # Funding may settle within that hour: its ACCOUNT_UPDATE can come before the expiry
        assert states(await stream.until_state("connected")) == ["key_expired", "disconnected", "connected"]
        # The consumer's gap reconciliation on "connected"
        reconciled = await rig.rest_trade_ids()
        await rig.sim.sockets_become(1)
        await rig.place()
        await stream.until_trade(await newest_trade_id(rig))
        assert len(stream.keys.issued) == 2
        assert reconciled <= stream.trade_ids
        await rig.assert_one_order_per_intent_and_every_fill_reported(stream.trade_ids)
