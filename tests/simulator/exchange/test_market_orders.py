"""MARKET orders take liquidity from the synthetic book: several levels, several trades, never a better price."""

from __future__ import annotations

from decimal import Decimal as D

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.book import BookShape
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import ExecutionType, OrderTradeUpdate
from adapters.simulator.exchange.orders import ExpiryReason
from adapters.simulator.exchange.symbols import XRPUSDT
from adapters.simulator.exchange.vocabulary import OrderStatus, Side
from tests.simulator.exchange.support import of_type


def test_a_small_market_buy_fills_at_the_best_ask_in_one_trade(engine: MatchingEngine) -> None:
    best_ask = engine.depth("XRPUSDT")[1][0]

    order = engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    assert order.status is OrderStatus.FILLED
    assert [(t.price, t.qty) for t in engine.oracle.trades] == [(best_ask.price, D("100"))]
    assert best_ask.price == D("0.5001")


def test_a_large_market_buy_walks_several_ask_levels(engine: MatchingEngine) -> None:
    asks = engine.depth("XRPUSDT")[1]
    wanted = asks[0].qty + asks[1].qty + D("10")

    order = engine.place_order("XRPUSDT", "BUY", "MARKET", wanted)

    trades = engine.oracle.trades
    assert [(t.price, t.qty) for t in trades] == [
        (asks[0].price, asks[0].qty),
        (asks[1].price, asks[1].qty),
        (asks[2].price, D("10")),
    ]
    assert order.executed_qty == wanted
    assert order.avg_price == (sum(t.price * t.qty for t in trades) / wanted).quantize(D("0.00000001"))


def test_a_market_sell_walks_the_bids_downwards_from_the_last_price(engine: MatchingEngine) -> None:
    bids = engine.depth("XRPUSDT")[0]

    engine.place_order("XRPUSDT", "SELL", "MARKET", bids[0].qty + D("1"))

    assert [t.price for t in engine.oracle.trades] == [D("0.5000"), D("0.4999")]
    assert all(t.side is Side.SELL and not t.maker for t in engine.oracle.trades)


def test_taken_liquidity_stays_taken_until_the_next_price_update(engine: MatchingEngine) -> None:
    best = engine.depth("XRPUSDT")[1][0]
    engine.place_order("XRPUSDT", "BUY", "MARKET", best.qty)

    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    after_take = engine.oracle.trades[-1].price
    engine.on_price("XRPUSDT", D("0.5000"))
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    assert after_take == best.price + XRPUSDT.tick_size
    assert engine.oracle.trades[-1].price == best.price


def test_every_trade_of_a_walking_order_gets_its_own_order_update(engine: MatchingEngine) -> None:
    asks = engine.depth("XRPUSDT")[1]

    order = engine.place_order("XRPUSDT", "BUY", "MARKET", asks[0].qty + D("5"))

    updates = of_type(engine.drain_events(), OrderTradeUpdate)
    assert [(u.execution_type, u.order.status) for u in updates] == [
        (ExecutionType.NEW, OrderStatus.NEW),
        (ExecutionType.TRADE, OrderStatus.PARTIALLY_FILLED),
        (ExecutionType.TRADE, OrderStatus.FILLED),
    ]
    assert [u.last_filled_qty for u in updates[1:]] == [asks[0].qty, D("5")]
    assert updates[-1].order.executed_qty == order.orig_qty
    assert updates[0].order.price == 0 and updates[0].order.avg_price == 0


def test_a_market_order_larger_than_the_visible_book_walks_on_and_fills() -> None:
    engine = MatchingEngine(ManualClock(), seed=1, book=BookShape(depth=2), balances={"USDT": D("1000000")})
    engine.on_price("XRPUSDT", D("0.5000"))
    depth = sum(level.qty for level in engine.depth("XRPUSDT")[1])

    first = engine.place_order("XRPUSDT", "BUY", "MARKET", depth + D("100"))
    second = engine.place_order("XRPUSDT", "BUY", "MARKET", depth)

    assert (first.status, second.status) == (OrderStatus.FILLED, OrderStatus.FILLED)
    assert second.avg_price > first.avg_price > D("0.5000")


def test_a_market_order_never_fills_beyond_the_market_take_bound_and_expires_its_rest() -> None:
    engine = MatchingEngine(ManualClock(), seed=1, book=BookShape(depth=2), balances={"USDT": D("100000000")})
    engine.on_price("XRPUSDT", D("0.5000"))

    order = engine.place_order("XRPUSDT", "BUY", "MARKET", D("1000000"))
    prices = [trade.price for trade in engine.oracle.trades]

    assert order.status is OrderStatus.EXPIRED
    assert order.expiry_reason is ExpiryReason.MARKET_NOT_FILLED
    assert D("0") < order.executed_qty < D("1000000")
    assert max(prices) == D("0.5250")
