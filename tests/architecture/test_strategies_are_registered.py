"""Every built-in strategy is an entry point of this distribution and in the registry's fallback, under its NAME.

`alphaengine trial`, `strategy list` and the settings find strategies through the alphaengine.strategies entry points
(ADR 0019, 0092); a strategy class in domain/strategies/ that is missing there is one nobody can select.
"""

from __future__ import annotations

import importlib
import inspect
import tomllib
from pathlib import Path

from adapters.strategies.registry import BUILT_IN
from domain.strategy import Strategy

REPO = Path(__file__).resolve().parents[2]


def strategy_classes() -> dict[str, str]:
    """NAME → "module:Class" of every concrete Strategy defined in domain/strategies/."""
    found = {}
    for path in sorted((REPO / "domain" / "strategies").glob("*.py")):
        module = importlib.import_module(f"domain.strategies.{path.stem}")
        for _, kind in inspect.getmembers(module, inspect.isclass):
            if issubclass(kind, Strategy) and not inspect.isabstract(kind) and kind.__module__ == module.__name__:
                found[kind.NAME] = f"{module.__name__}:{kind.__name__}"
    return found


def test_each_built_in_strategy_is_an_entry_point_and_a_built_in_under_its_name() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    points = pyproject["project"]["entry-points"]["alphaengine.strategies"]
    classes = strategy_classes()

    assert {"sma_cross", "donchian_atr", "bollinger_reversion"} <= set(classes)
    assert points == classes
    assert {name: f"{kind.__module__}:{kind.__name__}" for name, kind in BUILT_IN.items()} == classes
