"""Binance's own `binance-futures-connector`, unchanged, trades against `alphaengine sim` as it would on Binance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from binance.error import ClientError
from binance.um_futures import UMFutures

from tests.simulator.compat.conftest import KEY, SECRET

SYMBOL = "XRPUSDT"


@pytest.fixture(scope="module")
def client(sim_url: str) -> UMFutures:
    return UMFutures(key=KEY, secret=SECRET, base_url=sim_url)


def below_market(client: UMFutures) -> str:
    mark = Decimal(client.mark_price(SYMBOL)["markPrice"])
    return str((mark * Decimal("0.9")).quantize(Decimal("0.0001")))


def test_the_connector_reads_the_server_time_and_the_symbol_rules(client: UMFutures) -> None:
    assert client.time()["serverTime"] > 1_700_000_000_000
    symbols = {row["symbol"]: row for row in client.exchange_info()["symbols"]}
    filters = {f["filterType"]: f for f in symbols[SYMBOL]["filters"]}
    assert filters["PRICE_FILTER"]["tickSize"] == "0.0001"


def test_the_connector_sets_the_leverage(client: UMFutures) -> None:
    assert client.change_leverage(symbol=SYMBOL, leverage=7)["leverage"] == 7


def test_the_connector_places_queries_and_cancels_a_limit_order(client: UMFutures) -> None:
    placed = client.new_order(
        symbol=SYMBOL,
        side="BUY",
        type="LIMIT",
        timeInForce="GTC",
        quantity="20",
        price=below_market(client),
        newClientOrderId="compatLimit1",
    )
    queried = client.query_order(symbol=SYMBOL, origClientOrderId="compatLimit1")
    cancelled = client.cancel_order(symbol=SYMBOL, orderId=placed["orderId"])

    assert (queried["orderId"], queried["status"]) == (placed["orderId"], "NEW")
    assert cancelled["status"] == "CANCELED"


def test_the_connector_reports_a_binance_error_with_its_code(client: UMFutures) -> None:
    with pytest.raises(ClientError) as raised:
        client.query_order(symbol=SYMBOL, origClientOrderId="neverPlaced")

    assert (raised.value.status_code, raised.value.error_code) == (400, -2013)


def test_a_market_order_shows_in_position_balance_trades_and_income(client: UMFutures) -> None:
    filled = client.new_order(symbol=SYMBOL, side="BUY", type="MARKET", quantity="30", newOrderRespType="RESULT")
    position = [row for row in client.get_position_risk(symbol=SYMBOL) if row["symbol"] == SYMBOL]
    balances = {row["asset"]: row for row in client.balance()}
    trades = client.get_account_trades(symbol=SYMBOL)
    income = client.get_income_history(symbol=SYMBOL)

    assert filled["status"] == "FILLED"
    assert Decimal(position[0]["positionAmt"]) >= Decimal("30")
    assert Decimal(balances["USDT"]["balance"]) < Decimal("10000")
    assert filled["orderId"] in {trade["orderId"] for trade in trades}
    assert "COMMISSION" in {row["incomeType"] for row in income}
