"""A bad new order is refused with Binance's code and message, and leaves no trace."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from tests.simulator.exchange.support import ODD, make_engine


def _reject(engine: MatchingEngine, **order: object) -> SimError:
    request = {
        "symbol": "XRPUSDT",
        "side": "BUY",
        "type": "LIMIT",
        "quantity": D("100"),
        "price": D("0.4900"),
        "time_in_force": "GTC",
    } | order
    with pytest.raises(SimError) as raised:
        engine.place_order(**request)  # type: ignore[arg-type]
    return raised.value


@pytest.mark.parametrize(
    ("order", "code", "msg"),
    [
        ({"price": D("0.49001")}, -1111, "Precision is over the maximum defined for this asset."),
        ({"quantity": D("100.05")}, -1111, "Precision is over the maximum defined for this asset."),
        ({"quantity": D("0")}, -4003, "Quantity less than or equal to zero."),
        ({"quantity": D("-1")}, -4003, "Quantity less than or equal to zero."),
        ({"quantity": D("10000000.1")}, -4005, "Quantity greater than max quantity."),
        ({"price": D("0")}, -4001, "Price less than 0."),
        ({"price": D("0.0100")}, -4013, "Price less than min price."),
        ({"price": D("100000.1")}, -4002, "Price greater than max price."),
        ({"quantity": D("9")}, -4164, "Order's notional must be no smaller than 5 (unless you choose reduce only)."),
        (
            {"type": "STOP_MARKET"},
            -4120,
            "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.",
        ),
        (
            {"type": "TAKE_PROFIT"},
            -4120,
            "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.",
        ),
        (
            {"type": "TRAILING_STOP_MARKET"},
            -4120,
            "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.",
        ),
        ({"type": "ICEBERG"}, -1116, "Invalid orderType."),
        ({"side": "HOLD"}, -1117, "Invalid side."),
        ({"time_in_force": "GTD"}, -1115, "Invalid timeInForce."),
        (
            {"time_in_force": None},
            -1102,
            "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.",
        ),
        ({"price": None}, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed."),
        ({"quantity": None}, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed."),
        ({"type": "MARKET"}, -1106, "Parameter 'price' sent when not required."),
        ({"symbol": "DOGEUSDT"}, -1121, "Invalid symbol."),
        ({"new_client_order_id": "has space"}, -4015, "Client order id is not valid."),
        ({"new_client_order_id": "x" * 37}, -4015, "Client order id is not valid."),
        ({"new_client_order_id": ""}, -4015, "Client order id is not valid."),
    ],
)
def test_an_invalid_order_gets_the_binance_code_and_message(
    engine: MatchingEngine,
    order: dict[str, object],
    code: int,
    msg: str,
) -> None:
    error = _reject(engine, **order)

    assert (error.code, error.msg, error.http_status) == (code, msg, 400)
    assert engine.oracle.orders == () and engine.drain_events() == []


def test_a_price_off_the_tick_within_the_precision_is_minus_4014() -> None:
    engine = make_engine(symbols=(ODD,))

    error = _reject(engine, symbol="ODDUSDT", price=D("9.02"), quantity=D("10"))

    assert (error.code, error.msg) == (-4014, "Price not increased by tick size.")


def test_a_quantity_off_the_step_within_the_precision_is_minus_4023() -> None:
    engine = make_engine(symbols=(ODD,))

    error = _reject(engine, symbol="ODDUSDT", price=D("9.00"), quantity=D("10.2"))

    assert (error.code, error.msg) == (-4023, "Qty not increased by step size.")


def test_a_quantity_under_min_qty_is_minus_4004() -> None:
    engine = make_engine(symbols=(ODD,))

    error = _reject(engine, symbol="ODDUSDT", price=D("9.00"), quantity=D("1.5"))

    assert (error.code, error.msg) == (-4004, "Quantity less than min quantity.")


def test_a_market_order_is_held_to_market_lot_size() -> None:
    engine = make_engine(symbols=(ODD,))

    error = _reject(engine, symbol="ODDUSDT", type="MARKET", price=None, quantity=D("600"))

    assert error.code == -4005


def test_the_min_notional_message_names_the_symbols_own_filter() -> None:
    engine = make_engine()

    error = _reject(engine, symbol="BTCUSDT", price=D("60000.00"), quantity=D("0.001"))

    assert error.msg == "Order's notional must be no smaller than 100 (unless you choose reduce only)."


def test_trailing_zeros_do_not_count_as_precision(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100.000"), D("0.490000"), "GTC")

    assert order.price == D("0.49") and order.orig_qty == D("100")


def test_more_open_orders_than_max_num_orders_is_minus_2025() -> None:
    engine = make_engine(symbols=(ODD,))
    for _ in range(2):
        engine.place_order("ODDUSDT", "BUY", "LIMIT", D("10"), D("9.00"), "GTC")

    error = _reject(engine, symbol="ODDUSDT", price=D("9.00"), quantity=D("10"))

    assert (error.code, error.msg) == (-2025, "Reach max open order limit.")


def test_trading_a_symbol_before_its_first_price_is_a_clear_usage_error() -> None:
    from adapters.memory.clock import ManualClock

    engine = MatchingEngine(ManualClock())

    with pytest.raises(ValueError, match="XRPUSDT has no price yet"):
        engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
