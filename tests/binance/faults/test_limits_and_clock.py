"""A 429 storm, a real 418 ban and a skewed server clock on the wire: one order per intent, no lost fill.

The 418 is earned the way Binance bans: another client on the same IP overspends the minute's weight, gets its
429, and the next request from that IP (the bot's order) is answered 418 with a two-minute ban.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.commands import CommandStatus
from domain.events import RateLimitState
from ports.errors import RateLimited
from tests.binance.faults.rig import Rig, fault_rig
from tests.simulator.server.support import signed_query

pytestmark = pytest.mark.anyio

INCOME_WEIGHT = 30
WEIGHT_PER_MINUTE = 2400
FIRST_BAN = timedelta(minutes=2)


async def test_a_429_storm_is_waited_out_and_the_order_goes_once() -> None:
    async with fault_rig() as rig:
        await rig.gateway.server_time()
        await rig.arm("storm_429", duration=30)
        with pytest.raises(RateLimited):
            await rig.gateway.user_trades(rig.symbol, None)
        sent = len(rig.sent.requests)
        with pytest.raises(RateLimited):
            await rig.gateway.open_orders(rig.symbol)
        assert len(rig.sent.requests) == sent
        record = await rig.place()
        assert record.status is CommandStatus.ACK
        assert len(rig.posts()) == 1
        # Only the first poll met the storm: the gateway never knocked again before Retry-After
        assert len(await rig.fault_log("storm_429")) == 1
        await rig.assert_one_order_per_intent_and_every_fill_reported()


async def overspend_from_the_same_ip(rig: Rig) -> None:
    """A neighbour on the bot's IP (another process, a script) polls income until the limiter answers 429."""
    for _ in range(WEIGHT_PER_MINUTE // INCOME_WEIGHT + 1):
        answer = await rig.sim.client.get(f"/fapi/v1/income?{signed_query(rig.sim.simulation, symbol=rig.symbol)}")
        if answer.status_code == 429:
            return
    raise AssertionError("the simulator never answered 429 to overspent weight")


async def test_a_418_ban_earned_on_the_ip_stops_every_request_until_it_ends_then_the_order_goes_once() -> None:
    async with fault_rig() as rig:
        await rig.gateway.server_time()
        await overspend_from_the_same_ip(rig)
        record = await rig.place()
        assert record.status is CommandStatus.SENT
        ban = rig.changes[-1]
        # The simulator's first ban of an IP lasts two minutes (adapters/simulator/wire/rate_limits.py)
        assert ban.state is RateLimitState.BANNED and ban.until == rig.sim.simulation.clock.now() + FIRST_BAN
        sent = len(rig.sent.requests)
        await rig.executor.resolve_in_flight()
        for attempt in (rig.gateway.user_trades(rig.symbol, None), rig.gateway.server_time()):
            with pytest.raises(RateLimited):
                await attempt
        rig.advance(60)
        await rig.executor.resolve_in_flight()
        assert len(rig.sent.requests) == sent
        rig.advance((FIRST_BAN - timedelta(seconds=60)).total_seconds())
        await rig.executor.resolve_in_flight()
        resolved = rig.commands.get(record.command.command_id)
        assert resolved is not None and resolved.status is CommandStatus.ACK
        # The refused send and the one after the ban, with the same client id
        posts = rig.posts()
        assert len(posts) == 2 and len(set(posts)) == 1
        await rig.assert_one_order_per_intent_and_every_fill_reported()


@pytest.mark.parametrize("fault", ["clock_ahead", "clock_behind"])
async def test_a_skewed_server_clock_costs_one_resync_and_the_order_goes_once(fault: str) -> None:
    async with fault_rig() as rig:
        await rig.gateway.server_time()
        await rig.arm(fault, count=None, seconds=10)
        record = await rig.place()
        assert record.status is CommandStatus.ACK
        # The first send met -1021 and was refused before the engine; the one after the resync was executed
        assert rig.sent.paths() == ["/fapi/v1/time", "/fapi/v1/order", "/fapi/v1/time", "/fapi/v1/order"]
        await rig.assert_one_order_per_intent_and_every_fill_reported()
