"""Each fill books commission, realized PnL, the wallet, a userTrades row and income rows with its trade id."""

from __future__ import annotations

from decimal import Decimal as D

from adapters.simulator.exchange.amounts import money
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.ledger import IncomeType
from adapters.simulator.exchange.symbols import XRPUSDT


def test_a_taker_fill_pays_price_times_quantity_times_the_taker_rate(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    [trade] = engine.oracle.trades
    assert trade.commission == D("0.5001") * D("100") * XRPUSDT.taker_rate == D("0.025005")
    assert (trade.commission_asset, trade.maker, trade.realized_pnl) == ("USDT", False, 0)
    assert engine.oracle.balances["USDT"] == D("10000") - D("0.025005")


def test_a_maker_fill_pays_the_maker_rate(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("20"), D("0.4900"), "GTC")

    engine.on_price("XRPUSDT", D("0.4900"))

    [trade] = engine.oracle.trades
    assert trade.maker and trade.commission == D("0.00196")


def test_commission_is_truncated_to_8_decimals() -> None:
    assert money(D("0.123456789")) == D("0.12345678")
    assert money(D("-0.123456789")) == D("-0.12345678")


def test_a_closing_fill_credits_realized_pnl_minus_commission(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    wallet_before = engine.oracle.balances["USDT"]
    engine.on_price("XRPUSDT", D("0.5200"))

    engine.place_order("XRPUSDT", "SELL", "MARKET", D("100"))

    close = engine.oracle.trades[-1]
    assert close.price == D("0.5200")
    assert close.realized_pnl == (D("0.5200") - D("0.5001")) * 100 == D("1.99")
    assert engine.oracle.balances["USDT"] == wallet_before + close.realized_pnl - close.commission
    assert engine.oracle.position("XRPUSDT").accumulated_realized == D("1.99")


def test_income_has_commission_negative_and_realized_pnl_only_when_non_zero(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    engine.on_price("XRPUSDT", D("0.5200"))
    engine.place_order("XRPUSDT", "SELL", "MARKET", D("100"))
    opening, closing = engine.oracle.trades

    rows = engine.income()

    assert [(r.income_type, r.trade_id) for r in rows] == [
        (IncomeType.COMMISSION, opening.trade_id),
        (IncomeType.REALIZED_PNL, closing.trade_id),
        (IncomeType.COMMISSION, closing.trade_id),
    ]
    assert [r.income for r in rows] == [-opening.commission, closing.realized_pnl, -closing.commission]
    assert len({r.tran_id for r in rows}) == 3 and all(r.tran_id > 2**53 for r in rows)
    assert all(r.asset == "USDT" and r.symbol == "XRPUSDT" and r.info == r.income_type.value for r in rows)


def test_a_trade_row_carries_what_user_trades_shows(engine: MatchingEngine, clock: object) -> None:
    order = engine.place_order("XRPUSDT", "SELL", "MARKET", D("20"), new_client_order_id="ae-x")

    [trade] = engine.user_trades("XRPUSDT")
    assert (trade.order_id, trade.client_order_id, trade.side, trade.buyer) == (
        order.order_id,
        "ae-x",
        order.side,
        False,
    )
    assert trade.quote_qty == D("10.0000")
    assert trade.time == order.update_time and trade.position_side == "BOTH"


def test_trade_ids_increase_across_orders(engine: MatchingEngine) -> None:
    asks = engine.depth("XRPUSDT")[1]
    engine.place_order("XRPUSDT", "BUY", "MARKET", asks[0].qty + D("1"))
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    ids = [t.trade_id for t in engine.oracle.trades]

    assert ids == sorted(ids) and len(set(ids)) == 3
