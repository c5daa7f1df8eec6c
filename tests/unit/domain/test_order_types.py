"""Which order types wait for a trigger, and so travel through Binance's algo order API."""

from __future__ import annotations

import pytest

from domain.values import OrderType


@pytest.mark.parametrize("order_type", [OrderType.MARKET, OrderType.LIMIT])
def test_market_and_limit_orders_are_regular_orders(order_type: OrderType) -> None:
    assert not order_type.is_conditional


@pytest.mark.parametrize(
    "order_type",
    [
        OrderType.STOP_MARKET,
        OrderType.TAKE_PROFIT_MARKET,
        OrderType.STOP,
        OrderType.TAKE_PROFIT,
        OrderType.TRAILING_STOP_MARKET,
    ],
)
def test_every_triggered_type_is_conditional(order_type: OrderType) -> None:
    assert order_type.is_conditional
