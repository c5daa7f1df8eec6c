"""The in-process gateway's order methods keep Binance's semantics: rejections, lookups, cancels, client-id reuse."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedExchangeGateway
from domain.client_order_ids import client_order_id_for
from domain.events import OrderUpdated
from domain.values import OrderStatus, OrderType, Side
from ports.errors import ExchangeRejected
from tests.simulator.inprocess.conftest import SYMBOL, limit, market, stop

pytestmark = pytest.mark.anyio


async def test_a_market_order_returns_its_filled_facts_as_ours(gateway: SimulatedExchangeGateway) -> None:
    facts = await gateway.place_order(market(Side.BUY, "20"))
    assert isinstance(facts, OrderUpdated)
    assert (facts.status, facts.filled_qty) == (OrderStatus.FILLED, Decimal(20))
    assert (facts.conditional, facts.external) == (False, False)
    assert facts.client_order_id == client_order_id_for("c1")
    assert facts.price is None and facts.avg_price > 0


async def test_an_order_with_a_foreign_client_id_is_external(gateway: SimulatedExchangeGateway) -> None:
    facts = await gateway.place_order(limit(Side.BUY, "20", "0.4000", client_id="web_abc"))
    assert facts.external is True and facts.status is OrderStatus.NEW and facts.price == Decimal("0.4")


async def test_a_notional_below_the_minimum_is_rejected_with_binances_code(gateway: SimulatedExchangeGateway) -> None:
    with pytest.raises(ExchangeRejected) as rejected:
        await gateway.place_order(limit(Side.BUY, "1", "0.4000"))
    assert rejected.value.code == -4164


async def test_an_unknown_symbol_is_rejected_with_invalid_symbol(gateway: SimulatedExchangeGateway) -> None:
    with pytest.raises(ExchangeRejected) as rejected:
        await gateway.symbol_rules("NOPEUSDT")
    assert (rejected.value.code, rejected.value.message) == (-1121, "Invalid symbol.")


async def test_querying_an_unknown_client_id_returns_none(gateway: SimulatedExchangeGateway) -> None:
    assert await gateway.query_order(SYMBOL, "ae-never-sent", conditional=False) is None
    assert await gateway.query_order(SYMBOL, "ae-never-sent", conditional=True) is None


async def test_querying_a_placed_order_returns_its_current_state(gateway: SimulatedExchangeGateway) -> None:
    placed = await gateway.place_order(limit(Side.BUY, "20", "0.4000"))
    found = await gateway.query_order(SYMBOL, placed.client_order_id, conditional=False)
    assert found == placed


async def test_cancelling_an_open_order_returns_it_canceled(gateway: SimulatedExchangeGateway) -> None:
    placed = await gateway.place_order(limit(Side.BUY, "20", "0.4000"))
    canceled = await gateway.cancel_order(SYMBOL, placed.client_order_id, conditional=False)
    assert canceled is not None and canceled.status is OrderStatus.CANCELED
    assert await gateway.open_orders(SYMBOL) == []


async def test_cancelling_a_filled_order_returns_none(gateway: SimulatedExchangeGateway) -> None:
    filled = await gateway.place_order(market(Side.BUY, "20"))
    assert await gateway.cancel_order(SYMBOL, filled.client_order_id, conditional=False) is None


async def test_cancelling_an_unknown_client_id_returns_none(gateway: SimulatedExchangeGateway) -> None:
    assert await gateway.cancel_order(SYMBOL, "ae-never-sent", conditional=False) is None
    assert await gateway.cancel_order(SYMBOL, "ae-never-sent", conditional=True) is None


async def test_reusing_the_client_id_of_a_closed_order_places_a_second_order(gateway: SimulatedExchangeGateway) -> None:
    first = await gateway.place_order(market(Side.BUY, "20"))
    second = await gateway.place_order(market(Side.BUY, "20"))
    assert second.client_order_id == first.client_order_id and second.order_id != first.order_id
    assert (await gateway.position(SYMBOL)).quantity == Decimal(40)


async def test_resending_the_client_id_of_an_open_order_returns_that_order_and_places_nothing(
    gateway: SimulatedExchangeGateway, engine: MatchingEngine
) -> None:
    first = await gateway.place_order(limit(Side.BUY, "20", "0.4000"))
    again = await gateway.place_order(limit(Side.BUY, "20", "0.4000"))
    assert (again.order_id, again.status) == (first.order_id, OrderStatus.NEW)
    assert len(engine.oracle.orders) == 1


async def test_an_algo_order_is_listed_open_as_conditional(gateway: SimulatedExchangeGateway) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    placed = await gateway.place_order(stop(Side.SELL, "0.4500"))
    opened = await gateway.open_orders(SYMBOL)
    assert [(o.conditional, o.order_type, o.status) for o in opened] == [(True, OrderType.STOP_MARKET, OrderStatus.NEW)]
    assert opened[0].order_key == placed.order_key == f"algo:{placed.order_id}"
    assert opened[0].trigger_price == Decimal("0.45") and opened[0].close_position


async def test_cancel_all_removes_regular_and_algo_orders(gateway: SimulatedExchangeGateway) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    await gateway.place_order(limit(Side.BUY, "20", "0.4000"))
    placed = await gateway.place_order(stop(Side.SELL, "0.4500"))
    assert len(await gateway.open_orders(SYMBOL)) == 2
    await gateway.cancel_all(SYMBOL)
    await gateway.cancel_all(SYMBOL)
    assert await gateway.open_orders(SYMBOL) == []
    algo = await gateway.query_order(SYMBOL, placed.client_order_id, conditional=True)
    assert algo is not None and algo.status is OrderStatus.CANCELED


async def test_cancelling_an_algo_order_by_client_id_returns_it_canceled(gateway: SimulatedExchangeGateway) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    placed = await gateway.place_order(stop(Side.SELL, "0.4500"))
    canceled = await gateway.cancel_order(SYMBOL, placed.client_order_id, conditional=True)
    assert canceled is not None and canceled.conditional and canceled.status is OrderStatus.CANCELED
    assert await gateway.cancel_order(SYMBOL, placed.client_order_id, conditional=True) is None


async def test_an_algo_order_that_would_trigger_at_once_is_rejected(gateway: SimulatedExchangeGateway) -> None:
    with pytest.raises(ExchangeRejected) as rejected:
        await gateway.place_order(stop(Side.SELL, "0.5500"))
    assert rejected.value.code == -2021
