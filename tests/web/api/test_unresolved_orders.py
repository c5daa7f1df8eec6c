"""The operator sees the orders whose outcome is unknown (ADR 0048): the bot's health row lists them, /api/dashboard
and the page show each with its client id, since when and what settles it, and /health counts them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from domain.client_order_ids import client_order_id_for
from domain.commands import CommandStatus, PlaceOrder
from domain.times import format_utc
from domain.values import OrderType, Side
from tests.harness.flaky_gateway import Fault
from tests.unit.application.bench import Bench
from tests.web.api.test_settings_authority import Stack, boot
from tests.web.api.test_settings_authority import stack as stack  # the fixture, shared

pytestmark = pytest.mark.anyio

ENTRY = PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(100), stop_price=Decimal("0.4900"))
WARNING = 'id="unresolved-orders"'


def bench_on(stack: Stack) -> Bench:
    """The bot's executor against the in-process simulator, on the stack's stores."""
    adapters = stack.bot.adapters
    return Bench(events=adapters.event_store(), commands=adapters.command_store(), config=adapters.config_store())


def heartbeat(stack: Stack) -> None:
    """What the bot's heartbeat publishes of the commands left SENT."""
    stack.bot.board().publish(**stack.bot.unresolved().health_fields())


async def shown(stack: Stack) -> tuple[dict[str, Any], dict[str, Any], str]:
    dashboard = await (await stack.api.get("/api/dashboard")).get_json()
    health = await (await stack.api.get("/health")).get_json()
    page = await (await stack.api.get("/?panel=live")).get_data(as_text=True)
    return dashboard, health, page


async def test_an_unknown_placement_is_shown_until_an_operators_cancel_settles_it(stack: Stack) -> None:
    boot(stack.bot)
    bench = bench_on(stack)
    bench.gateway.script_place(Fault.LOSE_REQUEST)
    sent_at = bench.clock.now()
    record = await bench.execute(ENTRY)
    cid = client_order_id_for(record.command.command_id)
    heartbeat(stack)

    dashboard, health, page = await shown(stack)
    cancel = await stack.api.post("/api/commands", json={"type": "CancelOrder", "payload": {"client_order_id": cid}})
    claimed = bench.commands.claim_next(stack.api.clock.now())  # the web stamped its expiry by its own clock
    assert cancel.status_code == 201 and claimed is not None
    canceled = await bench.executor().run(claimed)
    await bench.executor().resolve_in_flight()
    heartbeat(stack)
    after, health_after, page_after = await shown(stack)

    [order] = dashboard["unresolved_orders"]
    assert (order["client_order_id"], order["command_type"], order["side"], order["quantity"]) == (
        cid,
        "PlaceOrder",
        "BUY",
        "100",
    )
    assert order["since"] == format_utc(sent_at) and dashboard["unresolved_total"] == 1
    assert f"send CancelOrder for {cid}" in order["doing"]
    assert health["bot"]["unresolved_total"] == 1
    assert WARNING in page and f'data-cancel-client-id="{cid}"' in page and f"Cancel order {cid}" in page
    assert canceled.status is CommandStatus.ACK and canceled.result is not None and canceled.result["settled_unknown"]
    assert (after["unresolved_orders"], after["unresolved_total"], health_after["bot"]["unresolved_total"]) == (
        [],
        0,
        0,
    )
    assert WARNING not in page_after


async def test_an_unknown_placement_leaves_the_list_once_the_exchange_shows_it(stack: Stack) -> None:
    boot(stack.bot)
    bench = bench_on(stack)
    bench.gateway.script_place(Fault.LOSE_RESPONSE)
    bench.gateway.hide_lookups(1)
    await bench.execute(ENTRY)
    heartbeat(stack)
    before, _health, _page = await shown(stack)

    await bench.executor().resolve_in_flight()
    heartbeat(stack)
    after, _health, page = await shown(stack)

    assert before["unresolved_total"] == 1
    assert (after["unresolved_orders"], after["unresolved_total"]) == ([], 0) and WARNING not in page


async def test_no_bot_no_unresolved_orders(stack: Stack) -> None:
    dashboard, health, page = await shown(stack)

    assert (dashboard["unresolved_orders"], dashboard["unresolved_total"]) == ([], 0)
    assert "bot" not in health and WARNING not in page
