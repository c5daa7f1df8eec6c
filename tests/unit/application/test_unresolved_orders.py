"""What the bot publishes of the commands an unknown outcome left SENT (ADR 0048): each, since when, what it does."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from application.unresolved import LISTED, UnresolvedOrders
from domain.client_order_ids import client_order_id_for
from domain.commands import CancelOrder, CommandStatus, PauseEngine, PlaceOrder
from domain.times import format_utc
from domain.values import OrderType, Side
from tests.harness.flaky_gateway import Fault
from tests.unit.application.bench import Bench

pytestmark = pytest.mark.anyio

ENTRY = PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(100), stop_price=Decimal("0.4900"))


def unresolved(bench: Bench) -> UnresolvedOrders:
    """What the bot's heartbeat publishes of the commands left SENT."""
    bench.bot.schedule().unsettled = True  # as the reconcile step leaves it while a command is SENT
    return bench.bot.unresolved()


async def test_a_lost_placement_is_listed_with_its_client_id_since_when_and_what_settles_it() -> None:
    bench = Bench()
    bench.gateway.script_place(Fault.LOSE_REQUEST)
    sent_at = bench.clock.now()
    record = await bench.execute(ENTRY)
    cid = client_order_id_for(record.command.command_id)

    published = unresolved(bench).health_fields()

    [order] = published["unresolved_orders"]
    assert record.status is CommandStatus.SENT and published["unresolved_total"] == 1
    assert (order.command_id, order.command_type, order.client_order_id, order.leg, order.conditional) == (
        record.command.command_id,
        "PlaceOrder",
        cid,
        "main",
        False,
    )
    assert (order.side, order.quantity, order.since) == (Side.BUY, Decimal(100), sent_at)
    assert order.provable_from == sent_at + timedelta(minutes=5)
    assert order.doing.startswith("looking it up every 3 s, never sending it again")
    assert f"never placed from {format_utc(order.provable_from)} at the earliest" in order.doing
    assert f"send CancelOrder for {cid} to settle it now" in order.doing


async def test_the_list_empties_once_an_operators_cancel_settles_it() -> None:
    bench = Bench()
    bench.gateway.script_place(Fault.LOSE_REQUEST)
    record = await bench.execute(ENTRY)

    await bench.execute(CancelOrder(client_order_id_for(record.command.command_id)))
    await bench.executor().resolve_in_flight()

    assert unresolved(bench).health_fields() == {"unresolved_orders": (), "unresolved_total": 0}


async def test_the_list_empties_once_the_order_is_seen_and_adopted() -> None:
    bench = Bench()
    bench.gateway.script_place(Fault.LOSE_RESPONSE)
    bench.gateway.hide_lookups(1)
    record = await bench.execute(ENTRY)
    before = unresolved(bench).health_fields()

    await bench.executor().resolve_in_flight()

    assert record.status is CommandStatus.SENT and before["unresolved_total"] == 1
    assert unresolved(bench).health_fields() == {"unresolved_orders": (), "unresolved_total": 0}
    assert len(bench.exchange_orders()) == 1


async def test_a_lost_stop_is_listed_as_its_leg_without_the_entrys_side() -> None:
    bench = Bench()
    bench.gateway.script_place(None, Fault.LOSE_REQUEST)
    record = await bench.execute(ENTRY)

    [order] = unresolved(bench).health_fields()["unresolved_orders"]

    assert (order.client_order_id, order.leg, order.conditional) == (
        client_order_id_for(record.command.command_id, "stop"),
        "stop",
        True,
    )
    assert (order.side, order.quantity) == (None, None)


async def test_a_sent_command_without_an_unknown_intent_is_listed_from_its_claim() -> None:
    bench = Bench()
    claimed = bench.submit(PauseEngine(reason="left SENT"))

    [order] = unresolved(bench).health_fields()["unresolved_orders"]

    assert (order.command_id, order.client_order_id, order.since) == (
        claimed.command.command_id,
        None,
        claimed.updated_at,
    )
    assert order.provable_from is None and order.doing.startswith("running it again at every reconcile pass")


async def test_at_most_the_oldest_twenty_are_listed_and_the_total_counts_them_all() -> None:
    bench = Bench()
    bench.gateway.script_place(*[Fault.LOSE_REQUEST] * (LISTED + 5))
    records = []
    for _ in range(LISTED + 5):
        records.append(await bench.execute(ENTRY))
        bench.clock.advance(timedelta(seconds=1))

    published = unresolved(bench).health_fields()

    assert published["unresolved_total"] == LISTED + 5
    assert [o.command_id for o in published["unresolved_orders"]] == [r.command.command_id for r in records[:LISTED]]
