"""User-data events: the 2026 fill order (TRADE_LITE, ACCOUNT_UPDATE, ORDER_TRADE_UPDATE), clock times, listeners."""

from __future__ import annotations

from decimal import Decimal as D

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import (
    AccountUpdate,
    ExecutionType,
    OrderTradeUpdate,
    TradeLite,
    UpdateReason,
    UserDataEvent,
)
from adapters.simulator.exchange.vocabulary import OrderStatus, Side
from tests.simulator.exchange.support import names


def test_a_maker_fill_emits_trade_lite_then_account_update_then_order_update_with_one_time(
    engine: MatchingEngine,
    clock: ManualClock,
) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("20"), D("0.4900"), "GTC", new_client_order_id="ae-1")
    engine.drain_events()
    clock.advance(5)

    engine.on_price("XRPUSDT", D("0.4890"))

    events = engine.drain_events()
    assert names(events) == ["TradeLite", "AccountUpdate", "OrderTradeUpdate"]
    assert {(e.event_time, e.transaction_time) for e in events} == {(1767225605000, 1767225605000)}
    lite, account, update = events
    assert isinstance(lite, TradeLite) and isinstance(account, AccountUpdate) and isinstance(update, OrderTradeUpdate)
    assert (lite.client_order_id, lite.order_id, lite.side, lite.is_maker) == ("ae-1", order.order_id, Side.BUY, True)
    assert (lite.orig_qty, lite.price, lite.last_qty, lite.last_price) == (D("20"), D("0.4900"), D("20"), D("0.4900"))
    assert lite.trade_id == update.trade_id == engine.oracle.trades[0].trade_id


def test_the_order_update_of_a_fill_carries_the_fill_and_the_order_after_it(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("20"), D("0.4900"), "GTC")
    engine.on_price("XRPUSDT", D("0.4890"))
    trade = engine.oracle.trades[0]

    update = [e for e in engine.drain_events() if isinstance(e, OrderTradeUpdate)][-1]

    assert (update.execution_type, update.order.status, update.order.executed_qty) == (
        ExecutionType.TRADE,
        OrderStatus.FILLED,
        D("20"),
    )
    assert (update.last_filled_qty, update.last_filled_price, update.is_maker) == (D("20"), D("0.4900"), True)
    assert (update.commission, update.commission_asset, update.realized_profit) == (trade.commission, "USDT", 0)
    assert update.order.avg_price == D("0.49") and update.trade_time == trade.time
    assert (update.bids_notional, update.asks_notional) == (0, 0)
    assert update.order.self_trade_prevention == "EXPIRE_MAKER" and update.order.position_side == "BOTH"


def test_the_account_update_of_a_fill_shows_the_wallet_and_the_new_position(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    engine.on_price("XRPUSDT", D("0.5100"), mark=D("0.5080"))
    engine.drain_events()

    engine.place_order("XRPUSDT", "SELL", "MARKET", D("40"))

    [account] = [e for e in engine.drain_events() if isinstance(e, AccountUpdate)]
    [balance] = account.balances
    [position] = account.positions
    assert account.reason is UpdateReason.ORDER and account.symbol is None
    assert balance.wallet_balance == balance.cross_wallet_balance == engine.oracle.balances["USDT"]
    assert balance.balance_change == 0
    assert (position.symbol, position.position_amount, position.entry_price) == ("XRPUSDT", D("60"), D("0.5001"))
    assert position.accumulated_realized == engine.oracle.trades[-1].realized_pnl == D("0.396")
    assert position.unrealized_pnl == (D("0.5080") - D("0.5001")) * 60
    assert position.break_even_price == D("0.50035005")
    assert (position.margin_type, position.position_side, position.margin_asset) == ("cross", "BOTH", "USDT")


def test_a_taker_order_announces_new_before_its_first_fill(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    assert names(engine.drain_events()) == ["OrderTradeUpdate", "TradeLite", "AccountUpdate", "OrderTradeUpdate"]


def test_an_unfilled_or_cancelled_order_emits_no_account_update(engine: MatchingEngine) -> None:
    order = engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC")
    engine.cancel_order("XRPUSDT", order_id=order.order_id)

    assert names(engine.drain_events()) == ["OrderTradeUpdate", "OrderTradeUpdate"]


def test_drain_returns_only_what_came_since_the_last_drain(engine: MatchingEngine) -> None:
    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC")
    first = engine.drain_events()

    assert len(first) == 1 and engine.drain_events() == []
    assert engine.oracle.events[-1] is first[0]


def test_a_listener_receives_every_later_event_in_order_until_it_unsubscribes(engine: MatchingEngine) -> None:
    received: list[UserDataEvent] = []
    unsubscribe = engine.subscribe(received.append)

    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))
    unsubscribe()
    engine.place_order("XRPUSDT", "BUY", "MARKET", D("100"))

    assert received == list(engine.oracle.events[:4])
    assert len(engine.oracle.events) == 8


def test_event_times_come_from_the_clock() -> None:
    clock = ManualClock()
    engine = MatchingEngine(clock)
    engine.on_price("XRPUSDT", D("0.5000"))
    clock.advance(0.25)

    engine.place_order("XRPUSDT", "BUY", "LIMIT", D("100"), D("0.4900"), "GTC")

    [event] = engine.drain_events()
    assert event.event_time == 1767225600250
