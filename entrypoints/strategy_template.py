"""The files `alphaengine strategy new NAME` writes: a distribution with a strategy, its schema, entry point, test."""

from __future__ import annotations

from string import Template

PYPROJECT = Template("""\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "$distribution"
version = "0.1.0"
description = "The $name strategy for AlphaEngine"
requires-python = ">=3.11"
# The engine itself (installed next to this distribution) provides domain.* and entrypoints.strategy_harness
dependencies = []

[project.optional-dependencies]
test = ["pytest>=8"]

# The bot finds the strategy by this name: select it with `alphaengine config set strategy.name $name`
[project.entry-points."alphaengine.strategies"]
$name = "$name.strategy:$class_name"

[tool.setuptools]
packages = ["$name"]

[tool.pytest.ini_options]
pythonpath = ["."]
testpaths = ["tests"]
""")

README = Template("""\
# $name

An AlphaEngine strategy, packaged as its own distribution (`$distribution`). See the engine's `docs/strategies.md`.

    pip install -e .                 # next to the engine, in the engine's venv
    python -m pytest                 # runs the strategy inside the bot on the simulator (entrypoints.strategy_harness)
    alphaengine strategy list        # shows $name with its parameters
    alphaengine config set strategy '{"name": "$name", "timeframe": "1m", "params": {}}'
""")

INIT = Template('''\
"""The $name strategy for AlphaEngine."""

from $name.strategy import $class_name

__all__ = ["$class_name"]
''')

STRATEGY = Template('''\
"""$name: momentum — enter when the close moved more than `threshold` over `lookback` closed klines.

Context in, decisions out: decide() reads the frozen StrategyContext and returns Enter / Exit / CancelOpenOrders. It
never calls the exchange and keeps no state between calls: the bot asks it once per closed kline, and a restart asks
nothing again for a kline already decided.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from domain.decisions import Decision
from domain.strategies.entries import act, sized_entry
from domain.strategy import FractionParam, IntParam, Strategy, StrategyContext
from domain.values import Side


class $class_name(Strategy):
    """Long when the last close is more than `threshold` above the close `lookback` klines before, short when
    below; the protective stop sits `stop_pct` from the mark; the size risks `risk_per_trade` of equity on it."""

    NAME = "$name"
    # The parameter schema: type, default and bounds, checked wherever the settings are written
    PARAMS = MappingProxyType(
        {
            "lookback": IntParam(10, minimum=1, maximum=500),
            "threshold": FractionParam("0.005"),
            "stop_pct": FractionParam("0.01"),
            "risk_per_trade": FractionParam("0.01"),
        }
    )

    def validate(self, params: dict[str, Any]) -> dict[str, Any]:
        # The rules between parameters; each value alone was already checked against PARAMS
        stop_pct, threshold = params["stop_pct"], params["threshold"]
        if stop_pct < threshold:
            raise self.error("stop_pct", f"must be at least threshold ({threshold}), got {stop_pct}")
        return params

    def klines_needed(self) -> int:
        # lookback + 1 closed klines, and the still-open one the market serves last
        return int(self.params["lookback"]) + 2

    def decide(self, ctx: StrategyContext) -> list[Decision]:
        closes = [kline.close for kline in ctx.closed_klines]
        lookback = int(self.params["lookback"])
        if len(closes) < lookback + 1:
            return []
        change = (closes[-1] - closes[-1 - lookback]) / closes[-1 - lookback]
        if abs(change) <= self.params["threshold"]:
            return []
        side = Side.BUY if change > 0 else Side.SELL
        stop = ctx.mark_price * (1 - self.params["stop_pct"] * side.sign)
        entry = sized_entry(ctx, side, stop, self.params["risk_per_trade"], f"$name {side.value} momentum")
        # At most one Exit then one Enter: nothing when already held that way, a reversal when held the other way
        return act(ctx, side, entry, f"$name {side.value} momentum reverses the position")
''')

TEST = Template('''\
"""$name inside the bot on the simulator: the public harness runs the engine's own risk guard and executor."""

from __future__ import annotations

from decimal import Decimal

import pytest

from config.errors import SettingsError
from entrypoints.strategy_harness import StrategyHarness
from $name import $class_name

PARAMS = {"lookback": 3, "threshold": "0.01"}


def test_a_rise_beyond_the_threshold_enters_long_with_its_protective_stop() -> None:
    harness = StrategyHarness($class_name, PARAMS)
    harness.history("0.5000", "0.5000", "0.5000")

    step = harness.close("0.5200")

    [entry], [stop] = step.entries, step.stops
    assert (entry.side, entry.status) == ("BUY", "FILLED")
    assert (stop.side, stop.type, stop.reduce_only) == ("SELL", "STOP_MARKET", True)
    assert stop.stop_price < Decimal("0.5200")
    assert harness.position == entry.quantity


def test_a_quiet_market_places_nothing() -> None:
    harness = StrategyHarness($class_name, PARAMS)
    steps = harness.play("0.5000", "0.5010", "0.5000", "0.5020")
    assert [step.orders for step in steps] == [(), (), (), ()]


def test_a_stop_tighter_than_the_threshold_is_refused_naming_the_param() -> None:
    with pytest.raises(SettingsError, match=r"strategy\\.params\\.stop_pct: must be at least threshold"):
        StrategyHarness($class_name, {"threshold": "0.02", "stop_pct": "0.01"})
''')


def files(name: str, class_name: str, distribution: str) -> dict[str, str]:
    """Relative path → text of every file of the new distribution."""
    values = {"name": name, "class_name": class_name, "distribution": distribution}
    return {
        "pyproject.toml": PYPROJECT.substitute(values),
        "README.md": README.substitute(values),
        f"{name}/__init__.py": INIT.substitute(values),
        f"{name}/strategy.py": STRATEGY.substitute(values),
        f"tests/test_{name}.py": TEST.substitute(values),
    }
