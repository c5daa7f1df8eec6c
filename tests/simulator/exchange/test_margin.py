"""Cross margin: initial margin = notional / leverage; orders that grow exposure beyond what is available get -2019."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.vocabulary import OrderStatus
from tests.simulator.exchange.support import make_engine


def _small_account(leverage: int) -> MatchingEngine:
    engine = make_engine(balance="100")
    engine.set_leverage("XRPUSDT", leverage)
    return engine


def test_an_order_whose_margin_exceeds_the_available_balance_is_minus_2019() -> None:
    engine = _small_account(1)

    with pytest.raises(SimError) as raised:
        engine.place_order("XRPUSDT", "BUY", "LIMIT", D("300"), D("0.4900"), "GTC")

    assert (raised.value.code, raised.value.msg) == (-2019, "Margin is insufficient.")


def test_the_same_order_passes_at_a_higher_leverage() -> None:
    engine = _small_account(20)

    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("300"), D("0.4900"), "GTC")

    assert order.status is OrderStatus.NEW
    assert engine.position_risk("XRPUSDT").open_order_initial_margin == D("7.35")


def test_open_orders_on_one_side_add_up() -> None:
    engine = _small_account(1)
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("150"), D("0.4900"), "GTC")

    with pytest.raises(SimError):
        engine.place_order("XRPUSDT", "BUY", "LIMIT", D("150"), D("0.4900"), "GTC")


def test_orders_on_both_sides_need_only_the_margin_of_the_larger_side() -> None:
    engine = _small_account(1)
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("150"), D("0.4900"), "GTC")

    engine.place_order("XRPUSDT", "SELL", "LIMIT", D("150"), D("0.5100"), "GTC")

    assert engine.position_risk("XRPUSDT").open_order_initial_margin == D("76.5")


def test_a_market_order_is_margined_at_the_price_it_would_take() -> None:
    engine = _small_account(1)

    with pytest.raises(SimError):
        engine.place_order("XRPUSDT", "BUY", "MARKET", D("200"))
    order = engine.place_order("XRPUSDT", "BUY", "MARKET", D("190"))

    assert order.status is OrderStatus.FILLED


def test_a_closing_order_passes_even_when_losses_left_nothing_available() -> None:
    engine = _small_account(20)
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("3000"))
    engine.on_price("XRPUSDT", D("0.4700"))
    assert engine.balance().available_balance < 0

    order = engine.place_order("XRPUSDT", "SELL", "MARKET", D("3000"))

    assert order.status is OrderStatus.FILLED and engine.oracle.position("XRPUSDT").amount == 0


def test_an_order_that_flips_the_position_is_margined_for_the_new_side_only() -> None:
    engine = _small_account(1)
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("150"))

    with pytest.raises(SimError):
        engine.place_order("XRPUSDT", "SELL", "LIMIT", D("400"), D("0.5100"), "GTC")
    order = engine.place_order("XRPUSDT", "SELL", "LIMIT", D("190"), D("0.5100"), "GTC")

    assert order.status is OrderStatus.NEW


def test_position_risk_and_balance_show_margins_at_the_mark_price(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("1000"))
    engine.on_price("XRPUSDT", D("0.5100"), mark=D("0.5050"))
    position = engine.oracle.position("XRPUSDT")

    risk = engine.position_risk("XRPUSDT")
    balance = engine.balance("USDT")

    assert risk.mark_price == D("0.5050") and risk.notional == D("505.0000")
    assert risk.position_initial_margin == D("25.25")  # 505 / 20x
    assert risk.unrealized_pnl == (D("0.5050") - position.entry_price) * 1000
    assert risk.maint_margin == D("2.525")
    assert balance.wallet_balance == engine.oracle.balances["USDT"]
    assert balance.available_balance == balance.wallet_balance + risk.unrealized_pnl - D("25.25")
    assert balance.margin_balance == balance.wallet_balance + risk.unrealized_pnl
