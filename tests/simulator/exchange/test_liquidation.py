"""Liquidation: at the mark where margin balance meets maintenance margin, never before, reported as Binance does."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.amounts import ceil_to, floor_to
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import AccountUpdate, AlgoUpdate, MarginCall, OrderTradeUpdate, TradeLite
from adapters.simulator.exchange.ledger import IncomeType
from adapters.simulator.exchange.symbols import XRPUSDT
from adapters.simulator.exchange.vocabulary import OrderStatus, OrderType, Side, TimeInForce
from tests.simulator.exchange.support import make_engine, names, of_type

D = Decimal
XRP = "XRPUSDT"
TICK = XRPUSDT.tick_size


def long_at_risk(clock: ManualClock | None = None, seed: int = 7) -> MatchingEngine:
    """100 USDT holding 3000 XRP bought near 0.5000: liquidated a little under 0.47."""
    engine = make_engine(clock, balance="100", seed=seed)
    engine.place_order(XRP, "BUY", "MARKET", D("3000"))
    engine.drain_events()
    return engine


def liquidation_price(engine: MatchingEngine) -> Decimal:
    price = engine.position_risk(XRP).liquidation_price
    assert price > 0
    return price


def income_of(engine: MatchingEngine, kind: IncomeType) -> list[Decimal]:
    return [row.income for row in engine.oracle.income if row.income_type is kind]


class TestWhen:
    def test_a_mark_one_tick_above_the_liquidation_price_leaves_the_position_alone(self) -> None:
        engine = long_at_risk()

        engine.on_price(XRP, ceil_to(liquidation_price(engine), TICK) + TICK)

        assert engine.position_risk(XRP).position_amount == D("3000")
        assert names(engine.drain_events()) == ["MarginCall"]

    def test_a_mark_at_the_liquidation_price_closes_the_position(self) -> None:
        engine = long_at_risk()

        engine.on_price(XRP, floor_to(liquidation_price(engine), TICK))

        assert engine.position_risk(XRP).position_amount == 0
        assert engine.oracle.balances["USDT"] == 0

    def test_the_liquidation_price_is_where_margin_balance_meets_maintenance_margin(self) -> None:
        engine = long_at_risk()
        price = liquidation_price(engine)

        engine.on_price(XRP, ceil_to(price, TICK))

        account = engine.balance()
        assert account.margin_balance > account.maint_margin
        assert account.margin_balance - account.maint_margin < D("3000") * TICK

    def test_the_last_price_alone_does_not_liquidate_while_the_mark_holds(self) -> None:
        engine = long_at_risk()

        engine.on_price(XRP, D("0.4000"), mark=D("0.5000"))

        assert engine.position_risk(XRP).position_amount == D("3000")

    def test_a_short_is_liquidated_when_the_mark_rises_to_its_liquidation_price(self) -> None:
        engine = make_engine(balance="100")
        engine.place_order(XRP, "SELL", "MARKET", D("3000"))
        price = liquidation_price(engine)

        engine.on_price(XRP, floor_to(price, TICK) - TICK)
        before = engine.position_risk(XRP).position_amount
        engine.on_price(XRP, ceil_to(price, TICK))

        assert before == D("-3000") and price > D("0.5")
        assert engine.position_risk(XRP).position_amount == 0

    def test_a_flat_account_with_nothing_in_its_wallet_is_never_liquidated(self) -> None:
        engine = make_engine(balance="0")

        engine.on_price(XRP, D("0.0200"))

        assert engine.drain_events() == [] and engine.oracle.orders == ()

    def test_the_maintenance_margin_does_not_depend_on_the_leverage(self) -> None:
        at_20, at_50 = long_at_risk(), make_engine(balance="100")
        at_50.set_leverage(XRP, 50)
        at_50.place_order(XRP, "BUY", "MARKET", D("3000"))

        assert liquidation_price(at_50) == liquidation_price(at_20)


class TestHow:
    def test_open_orders_expire_with_reason_5_before_the_autoclose_order_is_sent(self) -> None:
        engine = long_at_risk()
        resting = engine.place_order(XRP, "SELL", "LIMIT", D("100"), D("0.6000"), "GTC")
        engine.place_algo_order(XRP, "SELL", "TAKE_PROFIT_MARKET", D("0.6000"), close_position=True)
        engine.drain_events()

        engine.on_price(XRP, D("0.4600"))

        events = engine.drain_events()
        expired = [e for e in of_type(events, OrderTradeUpdate) if e.execution_type.value == "EXPIRED"]
        assert [(e.order.order_id, e.order.expiry_reason.value) for e in expired] == [(resting.order_id, 5)]
        assert [e.algo.status for e in of_type(events, AlgoUpdate)] == [OrderStatus.EXPIRED]
        assert engine.open_orders(XRP) == [] and engine.open_algo_orders(XRP) == []

    def test_the_events_come_in_binance_order_with_no_trade_lite(self) -> None:
        engine = long_at_risk()
        engine.on_price(XRP, D("0.4700"))  # into the margin call
        engine.drain_events()

        engine.on_price(XRP, D("0.4600"))

        events = engine.drain_events()
        assert names(events) == ["OrderTradeUpdate", "AccountUpdate", "OrderTradeUpdate", "AccountUpdate"]
        new, order_account, calculated, clearance = events
        assert isinstance(new, OrderTradeUpdate) and isinstance(calculated, OrderTradeUpdate)
        assert (new.execution_type.value, new.order.status) == ("NEW", OrderStatus.NEW)
        assert (calculated.execution_type.value, calculated.order.status) == ("CALCULATED", OrderStatus.FILLED)
        assert isinstance(order_account, AccountUpdate) and order_account.reason.value == "ORDER"
        assert isinstance(clearance, AccountUpdate) and clearance.reason.value == "INSURANCE_CLEAR"
        assert clearance.positions == () and of_type(events, TradeLite) == []

    def test_the_autoclose_order_is_a_reduce_only_ioc_limit_at_the_bankruptcy_price(self) -> None:
        clock = ManualClock()
        engine = long_at_risk(clock)
        entry = engine.position_risk(XRP).entry_price
        wallet = engine.oracle.balances["USDT"]

        engine.on_price(XRP, D("0.4600"))

        order = engine.oracle.orders[-1]
        now_ms = int(clock.now().timestamp() * 1000)
        assert order.client_order_id == f"autoclose-{now_ms}"
        assert (order.order_type, order.time_in_force, order.side) == (OrderType.LIMIT, TimeInForce.IOC, Side.SELL)
        assert order.reduce_only and order.status is OrderStatus.FILLED and order.orig_qty == D("3000")
        # At the bankruptcy price the loss takes the whole wallet: (entry − price) × 3000 ≈ wallet
        assert order.price == ceil_to(entry - wallet / D("3000"), TICK)

    def test_the_position_closes_in_one_taker_trade_at_the_mark_with_its_realized_pnl(self) -> None:
        engine = long_at_risk()
        entry = engine.position_risk(XRP).entry_price

        engine.on_price(XRP, D("0.4690"))

        trade = engine.oracle.trades[-1]
        assert trade.client_order_id.startswith("autoclose-") and not trade.by_hand
        assert (trade.side, trade.price, trade.qty, trade.maker) == (Side.SELL, D("0.4690"), D("3000"), False)
        assert trade.realized_pnl == (D("0.4690") - entry) * D("3000")
        assert trade.commission == D("0.4690") * D("3000") * XRPUSDT.taker_rate

    def test_what_the_wallet_keeps_goes_to_the_insurance_fund_as_the_clearance_fee(self) -> None:
        engine = long_at_risk()
        wallet_before = engine.oracle.balances["USDT"]

        engine.on_price(XRP, D("0.4690"))

        trade = engine.oracle.trades[-1]
        [clearance] = income_of(engine, IncomeType.INSURANCE_CLEAR)
        assert clearance == -(wallet_before + trade.realized_pnl - trade.commission) < 0
        assert engine.oracle.balances["USDT"] == 0

    def test_a_clearance_fee_smaller_than_the_wallet_leaves_the_rest_in_it(self) -> None:
        cheap = replace(XRPUSDT, liquidation_fee_rate=D("0.0001"))
        engine = MatchingEngine(ManualClock(), seed=7, symbols=(cheap,), balances={"USDT": D("100")})
        engine.on_price(XRP, D("0.5000"))
        engine.place_order(XRP, "BUY", "MARKET", D("3000"))

        engine.on_price(XRP, D("0.4690"))

        [clearance] = income_of(engine, IncomeType.INSURANCE_CLEAR)
        assert clearance == -(D("0.4690") * D("3000") * D("0.0001"))
        assert engine.oracle.balances["USDT"] > 0

    def test_a_mark_past_the_bankruptcy_price_fills_there_and_the_fund_tops_the_wallet_up_to_zero(self) -> None:
        engine = long_at_risk()

        engine.on_price(XRP, D("0.4000"))

        trade = engine.oracle.trades[-1]
        [top_up] = income_of(engine, IncomeType.INSURANCE_CLEAR)
        assert trade.price == engine.oracle.orders[-1].price > D("0.4000")
        assert top_up > 0 and engine.oracle.balances["USDT"] == 0

    def test_the_income_rows_add_up_to_the_wallet_change(self) -> None:
        engine = make_engine(balance="100")
        engine.place_order(XRP, "BUY", "MARKET", D("3000"))

        engine.on_price(XRP, D("0.4600"))

        assert sum((row.income for row in engine.oracle.income), D(0)) == -D("100")
        assert {row.income_type for row in engine.oracle.income} == {
            IncomeType.COMMISSION,
            IncomeType.REALIZED_PNL,
            IncomeType.INSURANCE_CLEAR,
        }

    def test_after_the_liquidation_the_account_trades_on_and_is_not_liquidated_again(self) -> None:
        engine = long_at_risk()
        engine.on_price(XRP, D("0.4600"))
        orders = len(engine.oracle.orders)

        engine.on_price(XRP, D("0.3000"))

        assert len(engine.oracle.orders) == orders
        assert engine.position_risk(XRP).liquidation_price == 0


class TestMarginCall:
    def test_a_margin_ratio_below_80_percent_sends_no_margin_call(self) -> None:
        engine = long_at_risk()

        engine.on_price(XRP, D("0.4800"))

        assert engine.balance().maint_margin < D("0.8") * engine.balance().margin_balance
        assert of_type(engine.drain_events(), MarginCall) == []

    def test_a_margin_ratio_reaching_80_percent_sends_one_margin_call_with_the_position(self) -> None:
        engine = long_at_risk()

        engine.on_price(XRP, D("0.4702"))
        engine.on_price(XRP, D("0.4701"))

        [call] = of_type(engine.drain_events(), MarginCall)
        [row] = call.positions
        assert call.cross_wallet_balance == engine.oracle.balances["USDT"]
        assert (row.symbol, row.position_amount, row.mark_price) == (XRP, D("3000"), D("0.4702"))
        assert row.maint_margin == D("3000") * D("0.4702") * XRPUSDT.brackets[0].maint_margin_ratio
        assert row.unrealized_pnl == (D("0.4702") - engine.position_risk(XRP).entry_price) * D("3000")

    def test_a_second_margin_call_needs_the_ratio_to_leave_the_zone_first(self) -> None:
        engine = long_at_risk()

        for price in ("0.4702", "0.4900", "0.4702"):
            engine.on_price(XRP, D(price))

        assert len(of_type(engine.drain_events(), MarginCall)) == 2

    def test_a_jump_straight_to_liquidation_sends_the_margin_call_first(self) -> None:
        engine = long_at_risk()

        engine.on_price(XRP, D("0.4600"))

        assert names(engine.drain_events())[:2] == ["MarginCall", "OrderTradeUpdate"]


class TestDeterminism:
    def test_the_same_seed_and_calls_give_the_same_liquidation_ids_and_events(self) -> None:
        def run() -> tuple[object, ...]:
            engine = long_at_risk()
            engine.place_order(XRP, "SELL", "LIMIT", D("100"), D("0.6000"), "GTC")
            engine.on_price(XRP, D("0.4600"))
            return engine.oracle.events

        assert run() == run()

    def test_another_seed_gives_other_ids(self) -> None:
        first, second = long_at_risk(seed=1), long_at_risk(seed=2)
        first.on_price(XRP, D("0.4600"))
        second.on_price(XRP, D("0.4600"))

        assert first.oracle.trades[-1].trade_id != second.oracle.trades[-1].trade_id
