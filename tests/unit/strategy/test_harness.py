"""The public strategy harness: a strategy inside the bot (its container, risk guard, executor) on the simulator.

Also where each built-in strategy is shown trading: its entry and its protective stop through the algo-order path.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

import pytest

from config.errors import SettingsError
from domain.commands import CommandStatus
from domain.decisions import Decision, Enter
from domain.risk import MAX_RISK_PER_TRADE
from domain.strategies.bollinger_reversion import BollingerReversion
from domain.strategies.donchian_atr import DonchianAtr
from domain.strategy import IntParam, Strategy, StrategyContext
from domain.values import Side
from entrypoints.strategy_harness import MAX_KLINES, Bar, HarnessError, StrategyHarness

QUIET = Bar("0.5000", high="0.5050", low="0.4950")


class TestDonchianAtrInTheSimulator:
    def test_a_breakout_places_the_entry_and_its_atr_stop_and_the_opposite_one_reverses(self) -> None:
        harness = StrategyHarness(DonchianAtr, {"channel": 4, "exit_channel": 2, "atr_period": 3})
        harness.history(*[QUIET] * 6)

        long = harness.close(Bar("0.5200", high="0.5250", low="0.5000"))
        held_long = harness.position
        short = harness.close(Bar("0.4800", high="0.5200", low="0.4750"))

        [entry] = long.entries
        [stop] = long.stops
        assert long.decisions == (("enter", CommandStatus.ACK),)
        assert (entry.side, entry.type, entry.status) == ("BUY", "MARKET", "FILLED") and held_long == entry.quantity
        # 2 × ATR(3) below 0.52: the true ranges 0.01, 0.01 and 0.025 average 0.015, so 0.52 − 0.03, on the tick
        assert (stop.side, stop.type, stop.stop_price, stop.quantity, stop.reduce_only) == (
            "SELL",
            "STOP_MARKET",
            Decimal("0.4900"),
            entry.quantity,
            True,
        )
        # The fall through 0.49 fired the long's stop, so the breakout below enters short on a flat account
        assert next(order.status for order in harness.orders if order.kind == "stop") == "FINISHED"
        assert [(order.side, order.type) for order in (*short.entries, *short.stops)] == [
            ("SELL", "MARKET"),
            ("BUY", "STOP_MARKET"),
        ]
        assert harness.position == -short.entries[0].quantity


class TestBollingerReversionInTheSimulator:
    def test_a_close_below_the_band_buys_with_its_stop_and_the_return_to_the_mean_closes_and_cancels_it(self) -> None:
        harness = StrategyHarness(BollingerReversion, {"period": 4, "width": "1.5", "stop_width": "2"})
        harness.history("0.5000", "0.5100", "0.5000", "0.5100")

        entered = harness.close("0.4600")
        held = harness.position
        exited = harness.close("0.5000")

        [entry], [stop] = entered.entries, entered.stops
        assert (entry.side, entry.status, held) == ("BUY", "FILLED", entry.quantity)
        # On the 2-deviation band: 0.495 − 2 × 0.0206… = 0.4537 on the tick
        assert (stop.side, stop.type, stop.stop_price, stop.reduce_only) == (
            "SELL",
            "STOP_MARKET",
            Decimal("0.4537"),
            True,
        )
        assert exited.decisions == (("exit", CommandStatus.ACK),)
        assert [(order.side, order.reduce_only) for order in exited.exits] == [("SELL", True)]
        assert harness.position == 0
        assert [order.status for order in harness.orders if order.kind == "stop"] == ["CANCELED"]


class OneShot(Strategy):
    """Buys `quantity` once it has seen `warmup` closed klines while flat: a strategy not installed anywhere."""

    NAME = "one_shot"
    PARAMS = MappingProxyType(
        {"warmup": IntParam(3, minimum=1, maximum=100), "quantity": IntParam(100, minimum=1, maximum=100_000)}
    )

    def klines_needed(self) -> int:
        return int(self.params["warmup"]) + 1

    def decide(self, ctx: StrategyContext) -> list[Decision]:
        if len(ctx.closed_klines) < self.params["warmup"] or ctx.position.quantity != 0:
            return []
        return [Enter(Side.BUY, Decimal(self.params["quantity"]), ctx.mark_price * Decimal("0.98"), reason="once")]


class TestTheHarness:
    def test_a_strategy_class_not_installed_is_selected_checked_and_run_by_the_bot(self) -> None:
        harness = StrategyHarness(OneShot, {"warmup": 2})
        steps = harness.play("0.5000", "0.5000", "0.5000")

        assert harness.strategy.params == {"warmup": 2, "quantity": 100}
        assert [len(step.entries) for step in steps] == [0, 1, 0]
        assert harness.position == Decimal(100)

    def test_params_are_refused_by_the_strategys_own_schema_naming_the_setting(self) -> None:
        with pytest.raises(SettingsError, match=r"strategy\.params\.warmup: must be a whole number from 1 to 100"):
            StrategyHarness(OneShot, {"warmup": 0})
        with pytest.raises(SettingsError, match=r"strategy\.params\.warmpu: .*unknown"):
            StrategyHarness(OneShot, {"warmpu": 2})

    def test_an_installed_strategy_is_found_by_name_and_the_risk_guard_judges_its_entries(self) -> None:
        harness = StrategyHarness("sma_cross", {"fast": 2, "slow": 4}, risk={"max_risk_per_trade": "0.005"})
        harness.history(*["0.5000"] * 5)

        step = harness.close("0.5200")

        assert step.orders == () and harness.position == 0
        [rejection] = step.rejections
        assert rejection.rule == MAX_RISK_PER_TRADE and rejection.limit == Decimal("0.005") * rejection.equity

    def test_a_strategy_that_raises_fails_the_step_with_the_bots_error(self) -> None:
        class Broken(OneShot):
            NAME = "broken"

            def decide(self, ctx: StrategyContext) -> list[Decision]:
                raise ZeroDivisionError("by design")

        harness = StrategyHarness(Broken)
        with pytest.raises(HarnessError, match="ZeroDivisionError: by design"):
            harness.close("0.5000")

    def test_a_long_history_keeps_the_newest_klines_on_the_clock(self) -> None:
        harness = StrategyHarness("sma_cross", {"fast": 2, "slow": 4}, timeframe="1h")
        harness.history(*["0.5000"] * (MAX_KLINES + 100))

        step = harness.close("0.5200")

        assert [order.side for order in step.entries] == ["BUY"]
        assert step.decisions == (("enter", CommandStatus.ACK),)

    def test_an_unknown_timeframe_is_refused_naming_it(self) -> None:
        with pytest.raises(ValueError, match="timeframe: must be one of 1m, "):
            StrategyHarness(OneShot, timeframe="1M")
