"""Isolated margin (ADR 0087): the margin type switch, the isolated wallet as fills and positionMargin move it, and a
liquidation that takes only that wallet."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.amounts import ceil_to, floor_to, money
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import AccountUpdate
from adapters.simulator.exchange.ledger import IncomeType
from adapters.simulator.exchange.symbols import XRPUSDT
from tests.simulator.exchange.support import make_engine, of_type

D = Decimal
XRP, BTC = "XRPUSDT", "BTCUSDT"
TICK = XRPUSDT.tick_size


def isolated(balance: str = "10000") -> MatchingEngine:
    engine = make_engine(balance=balance)
    engine.set_margin_type(XRP, True)
    return engine


def refused(call: object, *args: object) -> tuple[int, str]:
    with pytest.raises(SimError) as raised:
        call(*args)  # type: ignore[operator]  # the engine method under test, called with its arguments
    return raised.value.code, raised.value.msg


class TestMarginType:
    def test_a_flat_symbol_switches_to_isolated_and_back(self) -> None:
        engine = make_engine()

        engine.set_margin_type(XRP, True)
        assert engine.is_isolated(XRP) and engine.position_risk(XRP).margin_type == "isolated"
        engine.set_margin_type(XRP, False)
        assert not engine.is_isolated(XRP)

    def test_the_same_type_again_is_4046(self) -> None:
        assert refused(isolated().set_margin_type, XRP, True) == (-4046, "No need to change margin type.")

    def test_an_open_order_blocks_the_switch_with_4047(self) -> None:
        engine = make_engine()
        engine.place_order(XRP, "BUY", "LIMIT", D("100"), D("0.4000"), "GTC")

        assert refused(engine.set_margin_type, XRP, True) == (
            -4047,
            "Margin type cannot be changed if there exists open orders.",
        )

    def test_a_position_blocks_the_switch_with_4048(self) -> None:
        engine = make_engine()
        engine.place_order(XRP, "BUY", "MARKET", D("100"))

        assert refused(engine.set_margin_type, XRP, True) == (
            -4048,
            "Margin type cannot be changed if there exists position.",
        )


class TestWallet:
    def test_opening_sets_the_initial_margin_aside_and_the_fee_comes_out_of_it(self) -> None:
        engine = isolated()
        engine.place_order(XRP, "BUY", "MARKET", D("1000"))
        trades = engine.user_trades(XRP)

        risk, view = engine.position_risk(XRP), engine.balance()
        fees = sum(t.commission for t in trades)
        assert risk.isolated_wallet == sum(money(t.price * t.qty / 20) for t in trades) - fees
        assert view.wallet_balance == D("10000") - fees
        assert view.cross_wallet_balance == view.wallet_balance - risk.isolated_wallet
        assert risk.isolated_margin == risk.isolated_wallet + risk.unrealized_pnl

    def test_the_account_update_shows_the_isolated_wallet_and_the_cross_wallet(self) -> None:
        engine = isolated()
        engine.place_order(XRP, "SELL", "MARKET", D("1000"))

        update = of_type(engine.drain_events(), AccountUpdate)[-1]
        [balance], [position] = update.balances, update.positions
        assert (position.margin_type, position.isolated_wallet) == (
            "isolated",
            engine.position_risk(XRP).isolated_wallet,
        )
        assert balance.cross_wallet_balance == balance.wallet_balance - position.isolated_wallet

    def test_closing_gives_the_whole_wallet_back_with_the_pnl_settled_in_it(self) -> None:
        engine = isolated()
        engine.place_order(XRP, "BUY", "MARKET", D("1000"))
        engine.on_price(XRP, D("0.5500"))
        engine.place_order(XRP, "SELL", "MARKET", D("1000"))

        view = engine.balance()
        trades = engine.user_trades(XRP)
        assert engine.position_risk(XRP).isolated_wallet == 0
        assert view.cross_wallet_balance == view.wallet_balance
        assert view.wallet_balance == D("10000") + sum(t.realized_pnl - t.commission for t in trades)
        rows = engine.margin_history(XRP)
        assert {row.delta_type for row in rows} == {"TRADE"}
        assert [row.kind for row in rows] == sorted(row.kind for row in rows) and rows[-1].kind == 2

    def test_a_partial_close_gives_back_the_closed_share(self) -> None:
        engine = isolated()
        engine.place_order(XRP, "BUY", "MARKET", D("1000"))
        opened = len(engine.user_trades(XRP))
        wallet, size = engine.position_risk(XRP).isolated_wallet, D("1000")
        engine.place_order(XRP, "SELL", "MARKET", D("250"))

        for trade in engine.user_trades(XRP)[opened:]:
            wallet += trade.realized_pnl - trade.commission
            wallet -= money(wallet * trade.qty / size)
            size -= trade.qty
        assert engine.position_risk(XRP).isolated_wallet == wallet > 0

    def test_a_cross_symbol_keeps_no_isolated_wallet(self) -> None:
        engine = isolated()
        engine.place_order(BTC, "BUY", "MARKET", D("0.010"))

        assert engine.position_risk(BTC).isolated_wallet == 0
        assert engine.balance().cross_wallet_balance == engine.balance().wallet_balance


class TestPositionMargin:
    def test_adding_moves_cross_margin_in_and_reducing_moves_it_back(self) -> None:
        engine = isolated()
        engine.place_order(XRP, "BUY", "MARKET", D("1000"))
        wallet = engine.position_risk(XRP).isolated_wallet

        engine.modify_position_margin(XRP, D("10"), 1)
        assert engine.position_risk(XRP).isolated_wallet == wallet + 10
        engine.modify_position_margin(XRP, D("4"), 2)
        assert engine.position_risk(XRP).isolated_wallet == wallet + 6
        assert [
            (r.kind, r.delta_type, r.amount) for r in engine.margin_history(XRP) if r.delta_type == "USER_ADJUST"
        ] == [
            (1, "USER_ADJUST", D("10")),
            (2, "USER_ADJUST", D("4")),
        ]
        assert [r.amount for r in engine.margin_history(XRP, kind=2)] == [D("4")]

    def test_more_than_the_margin_above_the_initial_margin_cannot_leave(self) -> None:
        engine = isolated()
        engine.place_order(XRP, "BUY", "MARKET", D("1000"))

        assert refused(engine.modify_position_margin, XRP, D("1"), 2) == (-4051, "Isolated balance insufficient.")

    def test_more_than_the_cross_available_balance_cannot_come_in(self) -> None:
        engine = isolated(balance="100")
        engine.place_order(XRP, "BUY", "MARKET", D("1000"))

        assert refused(engine.modify_position_margin, XRP, D("90"), 1) == (-4050, "Cross balance insufficient.")

    def test_a_cross_position_is_4049(self) -> None:
        engine = make_engine()
        engine.place_order(XRP, "BUY", "MARKET", D("1000"))

        assert refused(engine.modify_position_margin, XRP, D("1"), 1) == (
            -4049,
            "Add margin only support for isolated position.",
        )

    def test_no_position_is_4054_and_a_zero_amount_is_4055(self) -> None:
        engine = isolated()

        assert refused(engine.modify_position_margin, XRP, D("1"), 1)[0] == -4054
        assert refused(engine.modify_position_margin, XRP, D("0"), 1) == (-4055, "Amount must be positive.")


class TestLiquidation:
    @staticmethod
    def at_risk() -> MatchingEngine:
        """An isolated XRP long of about 75 USDT margin next to a cross BTC long, on 1000 USDT."""
        engine = isolated(balance="1000")
        engine.place_order(XRP, "BUY", "MARKET", D("3000"))
        engine.place_order(BTC, "BUY", "MARKET", D("0.010"))
        engine.drain_events()
        return engine

    def test_it_is_liquidated_at_its_liquidation_price_and_not_a_tick_before(self) -> None:
        engine = self.at_risk()
        price = engine.position_risk(XRP).liquidation_price

        engine.on_price(XRP, ceil_to(price, TICK) + TICK)
        assert engine.position_risk(XRP).position_amount == D("3000")
        engine.on_price(XRP, floor_to(price, TICK))
        assert engine.position_risk(XRP).position_amount == 0

    def test_only_the_isolated_wallet_is_lost_and_the_cross_side_is_untouched(self) -> None:
        engine = self.at_risk()
        cross_before = engine.balance().cross_wallet_balance
        btc_before = engine.position_risk(BTC)

        engine.on_price(XRP, D("0.4000"))

        view = engine.balance()
        assert engine.position_risk(XRP).isolated_wallet == 0
        assert view.cross_wallet_balance == cross_before == view.wallet_balance
        assert engine.position_risk(BTC).position_amount == btc_before.position_amount
        assert [r.income_type for r in engine.income(XRP) if r.income_type is IncomeType.INSURANCE_CLEAR]
