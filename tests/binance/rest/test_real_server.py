"""The gateway over real sockets: the simulator under Hypercorn, a server that never answers, a closed port."""

from __future__ import annotations

import socket

import pytest

from adapters.binance.rest import RestOptions
from domain.values import OrderStatus
from ports.errors import OutcomeUnknown
from tests.binance.rest.live import free_port, gateway_for, served
from tests.binance.rest.support import SYMBOL, limit, market
from tests.simulator.server.support import manual_simulation

pytestmark = pytest.mark.anyio


async def test_orders_placed_over_http_are_signed_accepted_and_read_back() -> None:
    simulation = manual_simulation()
    async with served(simulation) as url, gateway_for(url, simulation) as gateway:
        filled = await gateway.place_order(market("20"))
        resting = await gateway.place_order(limit("20", "0.5000", "l1"))
        trades = await gateway.user_trades(SYMBOL, None)
        position = await gateway.position(SYMBOL)
        looked_up = await gateway.query_order(SYMBOL, resting.client_order_id, conditional=False)
        used = gateway.governor.used_weight
    assert filled.status is OrderStatus.FILLED and [t.order_id for t in trades] == [filled.order_id]
    assert position.quantity == 20 and looked_up == resting
    assert used > 0


async def test_a_server_that_accepts_but_never_answers_makes_a_placement_unknown_not_failed() -> None:
    simulation = manual_simulation()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        gateway = gateway_for(url, simulation, RestOptions(request_timeout=0.2))
        async with gateway:
            with pytest.raises(OutcomeUnknown, match="no answer within 0.2 s"):
                await gateway.place_order(market("20"))


async def test_a_closed_port_makes_a_placement_unknown_rather_than_failed() -> None:
    simulation = manual_simulation()
    async with gateway_for(f"http://127.0.0.1:{free_port()}", simulation) as gateway:
        with pytest.raises(OutcomeUnknown, match="transport failed"):
            await gateway.place_order(market("20"))
