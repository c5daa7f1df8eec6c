"""Strategies are found by name through the alphaengine.strategies entry points; a plug-in needs no core change."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.strategies.registry import InvalidStrategy, UnknownStrategy, available, build_strategy, strategy_class
from domain.commands import CommandStatus, PlaceOrder
from domain.strategies.sma_cross import SmaCross
from domain.strategy import StrategyParamError
from domain.values import Side
from tests.harness.strategy_plugin import install_strategy_plugin
from tests.unit.application.bench import Bench

PLUGIN = "ae_demo_plugin"

PLUGIN_SOURCE = '''
"""A third-party strategy: buys a fixed quantity on every new closed kline while flat."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from domain.decisions import Enter
from domain.strategy import Strategy, StrategyContext, fraction_param
from domain.values import Side


class AlwaysLong(Strategy):
    NAME = "always_long"
    PARAMS = MappingProxyType({"quantity": "100", "stop_pct": "0.02"})

    def validate(self, params):
        return {"quantity": Decimal(params["quantity"]), "stop_pct": fraction_param(self, params, "stop_pct")}

    def decide(self, ctx: StrategyContext):
        if ctx.position.quantity != 0:
            return []
        stop = ctx.mark_price * (1 - self.params["stop_pct"])
        return [Enter(Side.BUY, self.params["quantity"], stop, reason="always long")]


class NotAStrategy:
    NAME = "not_a_strategy"
'''


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installed-looking distribution on sys.path: a module plus a dist-info with entry_points.txt."""
    install_strategy_plugin(
        tmp_path,
        PLUGIN,
        PLUGIN_SOURCE,
        {"always_long": f"{PLUGIN}:AlwaysLong", "not_a_strategy": f"{PLUGIN}:NotAStrategy"},
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop(PLUGIN, None)


class TestLookup:
    def test_the_built_in_sma_cross_is_found_by_name(self) -> None:
        assert strategy_class("sma_cross") is SmaCross
        assert "sma_cross" in available()

    def test_an_unknown_name_is_refused_listing_the_available_strategies(self) -> None:
        with pytest.raises(UnknownStrategy, match=r"no strategy named 'sma_crossing'.*available: .*sma_cross"):
            strategy_class("sma_crossing")

    def test_build_strategy_validates_the_params(self) -> None:
        with pytest.raises(StrategyParamError, match="param 'slow'"):
            build_strategy("sma_cross", {"slow": "twenty"})

    def test_a_plugin_distribution_registers_a_strategy_without_touching_the_core(self, plugin: Path) -> None:
        built = build_strategy("always_long", {"quantity": "50"})
        assert built.name == "always_long" and built.params["quantity"] == Decimal(50)
        assert {"always_long", "sma_cross"} <= set(available())

    def test_an_entry_point_that_is_not_a_strategy_is_refused(self, plugin: Path) -> None:
        with pytest.raises(InvalidStrategy, match="not_a_strategy .* is not a Strategy subclass"):
            strategy_class("not_a_strategy")


class TestPluginThroughTheOrchestrator:
    @pytest.mark.anyio
    async def test_the_plugin_strategy_decides_and_its_order_reaches_the_exchange(self, plugin: Path) -> None:
        bench = Bench()
        bench.wallet("10000")
        bench.tape.set("0.5000", "0.5000")
        orchestrator = bench.orchestrator(build_strategy("always_long"))
        await orchestrator.tick(bench.clock.now())
        claimed = bench.commands.claim_next(bench.clock.now())
        assert claimed is not None and claimed.command.actor.id == "always_long"
        assert isinstance(claimed.command.payload, PlaceOrder)
        assert claimed.command.payload.stop_price == Decimal("0.4900")
        record = await bench.executor().run(claimed)
        assert record.status is CommandStatus.ACK
        assert [(o.side, o.executed_qty) for o in bench.exchange_orders()] == [(Side.BUY, Decimal(100))]
