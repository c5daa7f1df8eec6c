"""The heartbeat publishes the commands whose outcome is unknown (ADR 0048), and drops them once settled."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from domain.client_order_ids import client_order_id_for
from domain.commands import USER_PRIORITY, PlaceOrder
from domain.values import OrderType, Side
from tests.unit.application_loop.bench import SCOPE, SETTLE_AFTER, Bench, rig
from tests.unit.application_loop.fakes import command

pytestmark = pytest.mark.anyio


async def test_the_health_row_lists_an_intent_left_unknown_until_it_is_adopted(bench: Bench) -> None:
    bot = rig(bench)
    assert (await bot.boot_now()).ready
    bot.executor.crash_after_intent.add(PlaceOrder.TYPE)
    order = PlaceOrder(Side.SELL, OrderType.MARKET, Decimal("20"))
    bench.commands.insert(command("place", order, bench.clock.now(), SCOPE, priority=USER_PRIORITY), bench.clock.now())
    cid = client_order_id_for("place")

    await bot.loop.run_once()
    [listed] = bench.health.read().unresolved_orders
    bench.commands.set_exchange_order_id(cid, 7)
    bench.commands.mark_acked("place", {"order_id": 7}, bench.clock.now())
    bench.clock.advance(timedelta(seconds=3))
    await bot.loop.run_once()

    assert (listed.command_id, listed.client_order_id, listed.side, listed.quantity) == (
        "place",
        cid,
        Side.SELL,
        Decimal("20"),
    )
    assert listed.since == bench.clock.now() - timedelta(seconds=3)
    assert listed.provable_from == listed.since + SETTLE_AFTER
    assert "looking it up every 3 s" in listed.doing
    health = bench.health.read()
    assert (health.unresolved_orders, health.unresolved_total) == ((), 0)
