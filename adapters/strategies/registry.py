"""Strategy discovery: a name in settings → a Strategy class from the alphaengine.strategies entry-point group."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from domain.strategies.bollinger_reversion import BollingerReversion
from domain.strategies.donchian_atr import DonchianAtr
from domain.strategies.sma_cross import SmaCross
from domain.strategy import Strategy

GROUP = "alphaengine.strategies"

# Shipped strategies stay findable even when the package metadata is stale (an editable install not yet refreshed)
BUILT_IN: Mapping[str, type[Strategy]] = {kind.NAME: kind for kind in (SmaCross, DonchianAtr, BollingerReversion)}


class UnknownStrategy(LookupError):
    def __init__(self, name: str, available: list[str]) -> None:
        listed = ", ".join(available) or "none"
        super().__init__(f"no strategy named {name!r} in entry-point group {GROUP!r}; available: {listed}")
        self.name, self.available = name, available


class InvalidStrategy(TypeError):
    """An entry point that does not load to a Strategy subclass."""


def available() -> list[str]:
    """Return every strategy name that can be built, sorted."""
    return sorted({*BUILT_IN, *(point.name for point in _points())})


def strategy_class(name: str) -> type[Strategy]:
    """Return the Strategy class registered as `name`; an installed plug-in wins over a built-in of the same name."""
    point = next((point for point in _points() if point.name == name), None)
    if point is None:
        if name in BUILT_IN:
            return BUILT_IN[name]
        raise UnknownStrategy(name, available())
    return _load(point)


@dataclass(frozen=True)
class Installed:
    """One strategy name as `strategy list` shows it: where it comes from, and its class or why it cannot load."""

    name: str
    target: str
    distribution: str
    kind: type[Strategy] | None
    error: str | None = None


def installed() -> list[Installed]:
    """Every strategy that can be selected, sorted by name; one that fails to load is listed with the reason."""
    found = []
    for name in available():
        point = next((point for point in _points() if point.name == name), None)
        if point is None:
            kind = BUILT_IN[name]
            found.append(Installed(name, f"{kind.__module__}:{kind.__name__}", "alphaengine, built in", kind))
            continue
        distribution = f"{point.dist.name} {point.dist.version}" if point.dist is not None else "unknown"
        try:
            found.append(Installed(name, point.value, distribution, _load(point)))
        except Exception as error:  # noqa: BLE001 - a plug-in that fails to import is listed, never fatal
            found.append(Installed(name, point.value, distribution, None, f"{type(error).__name__}: {error}"))
    return found


def build_strategy(name: str, params: Mapping[str, Any] | None = None) -> Strategy:
    """Return the strategy `name` with validated params (StrategyParamError names a bad one)."""
    return strategy_class(name)(params)


def _points() -> list[EntryPoint]:
    return list(entry_points(group=GROUP))


def _load(point: EntryPoint) -> type[Strategy]:
    loaded = point.load()
    if not (isinstance(loaded, type) and issubclass(loaded, Strategy)):
        raise InvalidStrategy(f"entry point {point.name} = {point.value!r} in {GROUP!r} is not a Strategy subclass")
    if loaded.NAME != point.name:
        raise InvalidStrategy(f"entry point {point.name!r} loads {loaded.__name__} whose NAME is {loaded.NAME!r}")
    return loaded
