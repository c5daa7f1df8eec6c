"""Leverage brackets (ADR 0087): maintenance margin and liquidation follow the bracket of the position's notional,
and a position or an order past the leverage's bracket cap is refused with -2027."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.simulator.errors import SimError
from adapters.simulator.exchange.amounts import ceil_to, floor_to
from adapters.simulator.exchange.brackets import bracket_of
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.symbols import BTCUSDT, XRPUSDT, SymbolSpec
from tests.simulator.exchange.support import make_engine

D = Decimal
XRP = "XRPUSDT"
TICK = XRPUSDT.tick_size


def test_btcusdt_cums_are_binances_published_ones() -> None:
    # Binance's BTCUSDT table (cum 0, 50, 950, 11450, 131450, 481450, 2981450), cited in ADR 0087
    assert [row.cum for row in BTCUSDT.brackets[:7]] == [D(n) for n in (0, 50, 950, 11450, 131450, 481450, 2981450)]


@pytest.mark.parametrize("spec", [XRPUSDT, BTCUSDT], ids=lambda spec: spec.symbol)
def test_the_maintenance_margin_is_continuous_at_every_bracket_edge(spec: SymbolSpec) -> None:
    for lower, upper in zip(spec.brackets, spec.brackets[1:], strict=False):
        assert lower.notional_cap == upper.notional_floor
        assert lower.maintenance(lower.notional_cap) == upper.maintenance(upper.notional_floor)


def test_a_notional_falls_in_the_bracket_whose_range_holds_it() -> None:
    assert [bracket_of(XRPUSDT.brackets, D(n)).bracket for n in ("9999.99", "10000", "60000000")] == [1, 2, 7]


def test_a_position_in_the_second_bracket_asks_its_ratio_less_its_cum() -> None:
    engine = make_engine()
    engine.place_order(XRP, "BUY", "MARKET", D("30000"))
    engine.on_price(XRP, D("0.5000"))

    # 15 000 USDT of notional: bracket 2 (1 %, cum 50), not the first bracket's 0.5 %
    assert engine.position_risk(XRP).maint_margin == D("15000") * D("0.01") - D("50")


class TestLiquidationInAHigherBracket:
    @staticmethod
    def engine() -> MatchingEngine:
        engine = make_engine(balance="1000")
        engine.place_order(XRP, "BUY", "MARKET", D("30000"))
        engine.drain_events()
        return engine

    def test_the_liquidation_price_uses_the_bracket_of_the_notional_there(self) -> None:
        engine = self.engine()
        price = engine.position_risk(XRP).liquidation_price

        assert bracket_of(XRPUSDT.brackets, D("30000") * price).bracket == 2
        engine.on_price(XRP, ceil_to(price, TICK))
        account = engine.balance()
        assert D(0) < account.margin_balance - account.maint_margin < D("30000") * TICK

    def test_it_is_liquidated_at_that_price_and_not_a_tick_before(self) -> None:
        engine = self.engine()
        price = engine.position_risk(XRP).liquidation_price

        engine.on_price(XRP, ceil_to(price, TICK) + TICK)
        assert engine.position_risk(XRP).position_amount == D("30000")
        engine.on_price(XRP, floor_to(price, TICK))
        assert engine.position_risk(XRP).position_amount == 0


class TestCaps:
    def test_raising_the_leverage_past_the_positions_bracket_is_refused(self) -> None:
        engine = make_engine()
        engine.place_order(XRP, "BUY", "MARKET", D("30000"))

        with pytest.raises(SimError) as raised:
            engine.set_leverage(XRP, 75)

        assert (raised.value.code, raised.value.msg) == (
            -2027,
            "Exceeded the maximum allowable position at current leverage.",
        )
        assert engine.set_leverage(XRP, 50) == 50

    def test_an_order_past_the_cap_of_the_leverage_is_refused(self) -> None:
        engine = make_engine()
        engine.set_leverage(XRP, 75)

        with pytest.raises(SimError) as raised:
            engine.place_order(XRP, "BUY", "MARKET", D("25000"))

        assert raised.value.code == -2027
        assert engine.place_order(XRP, "BUY", "MARKET", D("15000")).executed_qty == D("15000")

    def test_resting_orders_of_the_same_side_count_toward_the_cap(self) -> None:
        engine = make_engine()
        engine.set_leverage(XRP, 75)
        engine.place_order(XRP, "BUY", "LIMIT", D("15000"), D("0.4500"), "GTC")

        with pytest.raises(SimError) as raised:
            engine.place_order(XRP, "BUY", "LIMIT", D("10000"), D("0.4500"), "GTC")

        assert raised.value.code == -2027
