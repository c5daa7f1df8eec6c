"""The settings' StrategyCheck: a strategy name and its params, checked against the installed strategies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from adapters.strategies.registry import UnknownStrategy, strategy_class
from config.errors import SettingsError
from domain.strategy import Strategy, StrategyParamError


def check_strategy(
    name: str, params: Mapping[str, Any], lookup: Callable[[str], type[Strategy]] = strategy_class
) -> None:
    """Raise SettingsError naming strategy.name or strategy.params.<param> when the bot could not build them.

    `lookup` finds the class by name: the installed strategies, or the one a test harness was given.
    """
    try:
        kind = lookup(name)
    except UnknownStrategy as error:
        installed = ", ".join(error.available) or "none"
        raise SettingsError(
            "strategy.name", f"{name!r} is not an installed strategy (installed: {installed})"
        ) from None
    except Exception as error:  # noqa: BLE001 - a plug-in that fails to load is a strategy the bot cannot run
        raise SettingsError("strategy.name", f"{name!r} cannot be loaded: {type(error).__name__}: {error}") from None
    try:
        kind(params)
    except StrategyParamError as error:
        raise SettingsError(f"strategy.params.{error.param}", error.problem) from None
    except Exception as error:  # noqa: BLE001 - a plug-in's own validate may raise anything: it refuses the params
        raise SettingsError("strategy.params", f"refused by {name}: {type(error).__name__}: {error}") from None
