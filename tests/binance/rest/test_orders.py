"""The order protocol against the simulator: placement, -4116 adoption, lookups through lag, cancels."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from adapters.binance.rest.order_params import algo_params, order_params
from domain.values import OrderStatus, OrderType
from ports.errors import OutcomeUnknown
from tests.binance.rest.support import (
    SYMBOL,
    binance_error,
    form,
    limit,
    market,
    scripted_gateway,
    sim_bench,
    stop,
)

pytestmark = pytest.mark.anyio


async def test_a_market_order_comes_back_filled_with_the_engines_numbers() -> None:
    bench = sim_bench()
    placed = await bench.gateway.place_order(market("20"))
    [trade] = bench.simulation.engine.user_trades(SYMBOL)
    assert (placed.status, placed.filled_qty, placed.avg_price, placed.order_id) == (
        OrderStatus.FILLED,
        Decimal(20),
        trade.price,
        trade.order_id,
    )
    assert not placed.conditional and not placed.external


async def test_a_limit_order_is_sent_with_its_price_and_asks_for_the_full_result() -> None:
    bench = sim_bench()
    placed = await bench.gateway.place_order(limit("20", "0.5000"))
    sent = form(bench.transport.requests[-1])
    assert (sent["type"], sent["price"], sent["timeInForce"], sent["newOrderRespType"]) == (
        "LIMIT",
        "0.5000",
        "GTC",
        "RESULT",
    )
    assert (placed.status, placed.price, placed.order_type) == (OrderStatus.NEW, Decimal("0.5"), OrderType.LIMIT)


async def test_a_stop_goes_through_the_algo_api_as_a_conditional_close_position_order() -> None:
    bench = sim_bench()
    placed = await bench.gateway.place_order(stop("0.5000"))
    sent = form(bench.transport.requests[-1])
    assert bench.transport.requests[-1].url.path == "/fapi/v1/algoOrder"
    assert (sent["algoType"], sent["triggerPrice"], sent["closePosition"]) == ("CONDITIONAL", "0.5000", "true")
    assert "quantity" not in sent and "reduceOnly" not in sent
    assert placed.conditional and placed.order_key == f"algo:{placed.order_id}"
    assert placed.client_order_id == stop("0.5000").client_order_id


@pytest.mark.parametrize("request_", [limit("20", "0.5000"), stop("0.5000")], ids=["regular", "algo"])
async def test_a_duplicated_client_id_adopts_the_open_order_instead_of_failing(request_: object) -> None:
    bench = sim_bench()
    first = await bench.gateway.place_order(request_)  # type: ignore[arg-type]
    again = await bench.gateway.place_order(request_)  # type: ignore[arg-type]
    assert again.order_id == first.order_id and again.status is OrderStatus.NEW
    assert len(await bench.gateway.open_orders(SYMBOL)) == 1


async def test_a_4116_whose_order_cannot_be_found_is_an_unknown_outcome() -> None:
    missing = binance_error(400, -2013, "Order does not exist.")
    gateway, _, _, _ = scripted_gateway(binance_error(400, -4116, "ClientOrderId is duplicated."), *[missing] * 7)
    with pytest.raises(OutcomeUnknown, match="-4116"):
        await gateway.place_order(limit("20", "0.5000"))


@pytest.mark.parametrize("request_", [limit("20", "0.5000"), stop("0.5000")], ids=["regular", "algo"])
async def test_a_lookup_rides_out_visibility_lag_and_finds_the_order(request_: object) -> None:
    bench = sim_bench(lag=2)
    placed = await bench.gateway.place_order(request_)  # type: ignore[arg-type]
    found = await bench.gateway.query_order(SYMBOL, placed.client_order_id, placed.conditional)
    assert found is not None and found.order_id == placed.order_id
    assert bench.sleeps.waits == [0.5, 0.5]


async def test_absence_is_proven_only_after_the_whole_lookup_window() -> None:
    bench = sim_bench()
    assert await bench.gateway.query_order(SYMBOL, "ae-never-sent", conditional=False) is None
    assert bench.transport.paths("GET").count("/fapi/v1/order") == 7
    assert sum(bench.sleeps.waits) == 3.0


async def test_a_filled_order_can_be_looked_up_by_its_client_id() -> None:
    bench = sim_bench()
    placed = await bench.gateway.place_order(market("20"))
    assert await bench.gateway.query_order(SYMBOL, placed.client_order_id, conditional=False) == placed


async def test_cancelling_an_open_order_returns_it_canceled() -> None:
    bench = sim_bench()
    placed = await bench.gateway.place_order(limit("20", "0.5000"))
    canceled = await bench.gateway.cancel_order(SYMBOL, placed.client_order_id, conditional=False)
    assert canceled is not None
    assert (canceled.order_id, canceled.status) == (placed.order_id, OrderStatus.CANCELED)


async def test_cancelling_an_algo_order_returns_it_canceled() -> None:
    bench = sim_bench()
    placed = await bench.gateway.place_order(stop("0.5000"))
    canceled = await bench.gateway.cancel_order(SYMBOL, placed.client_order_id, conditional=True)
    assert canceled is not None
    assert (canceled.order_id, canceled.status) == (placed.order_id, OrderStatus.CANCELED)


@pytest.mark.parametrize("conditional", [False, True])
async def test_cancelling_a_closed_or_unknown_order_is_none(conditional: bool) -> None:
    bench = sim_bench()
    filled = await bench.gateway.place_order(market("20"))
    client_id = filled.client_order_id if not conditional else "ae-unknown-algo"
    assert await bench.gateway.cancel_order(SYMBOL, client_id, conditional) is None


async def test_cancel_all_cancels_regular_and_algo_orders() -> None:
    bench = sim_bench()
    await bench.gateway.place_order(limit("20", "0.5000"))
    await bench.gateway.place_order(stop("0.5000"))
    await bench.gateway.cancel_all(SYMBOL)
    assert await bench.gateway.open_orders(SYMBOL) == []
    assert bench.transport.paths("DELETE") == ["/fapi/v1/allOpenOrders", "/fapi/v1/algoOpenOrders"]


async def test_open_orders_lists_regular_then_algo_orders() -> None:
    bench = sim_bench()
    regular = await bench.gateway.place_order(limit("20", "0.5000"))
    algo = await bench.gateway.place_order(stop("0.5000"))
    assert [o.order_key for o in await bench.gateway.open_orders(SYMBOL)] == [regular.order_key, algo.order_key]


def test_a_reduce_only_order_says_so_as_binances_string() -> None:
    assert order_params(replace(market("20"), reduce_only=True))["reduceOnly"] == "true"
    assert order_params(market("20"))["reduceOnly"] is None


def test_close_position_on_a_regular_order_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="closePosition exists only on conditional orders"):
        order_params(replace(market("20"), close_position=True))


def test_a_conditional_order_without_a_trigger_price_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="needs a trigger price"):
        algo_params(replace(stop("0.5"), trigger_price=None))


def test_a_conditional_order_with_a_quantity_sends_it_with_reduce_only() -> None:
    params = algo_params(replace(stop("0.5"), close_position=False, quantity=Decimal("20"), reduce_only=True))
    assert (params["quantity"], params["reduceOnly"], params["closePosition"]) == ("20", "true", None)
