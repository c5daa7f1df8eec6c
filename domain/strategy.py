"""The strategy plug-in API: a read-only context in, Decisions out; a strategy never reaches the exchange."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, ClassVar, Mapping

from domain.decisions import Decision
from domain.projections.rows import Balance, OpenOrder, Position
from domain.reports import Kline
from domain.values import ZERO


class StrategyParamError(ValueError):
    """A strategy parameter is missing, unknown or out of range; the message names it."""

    def __init__(self, strategy: str, param: str, problem: str) -> None:
        super().__init__(f"strategy {strategy!r}: param {param!r} {problem}")
        self.strategy, self.param, self.problem = strategy, param, problem


@dataclass(frozen=True)
class StrategyContext:
    """Everything a strategy may look at, frozen: klines of its timeframe (oldest first), account rows, its params."""

    symbol: str
    timeframe: str
    now: datetime
    klines: tuple[Kline, ...]
    position: Position
    balances: tuple[Balance, ...]
    open_orders: tuple[OpenOrder, ...]
    mark_price: Decimal
    equity: Decimal
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # Signed quantity of the bot's entries whose outcome is still unknown (ADR 0048): it may already be held
    unresolved_quantity: Decimal = ZERO

    def __post_init__(self) -> None:
        # A read-only view, so a strategy cannot leak state into the next tick through its params
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def closed_klines(self) -> tuple[Kline, ...]:
        """Klines whose period has ended; a still-open last kline is left out."""
        return tuple(kline for kline in self.klines if kline.closed)


class Strategy(ABC):
    """Subclasses set NAME, declare PARAMS (name → default) and implement decide; params are validated at build."""

    NAME: ClassVar[str] = ""
    PARAMS: ClassVar[Mapping[str, Any]] = MappingProxyType({})

    def __init__(self, params: Mapping[str, Any] | None = None) -> None:
        given = dict(params or {})
        unknown = sorted(set(given) - set(self.PARAMS))
        if unknown:
            raise StrategyParamError(self.NAME, unknown[0], f"is unknown; expected any of {sorted(self.PARAMS)}")
        self.params: Mapping[str, Any] = MappingProxyType(self.validate({**self.PARAMS, **given}))

    @property
    def name(self) -> str:
        return self.NAME

    def validate(self, params: dict[str, Any]) -> dict[str, Any]:
        """Return the params converted to their types; raise StrategyParamError naming the first bad one."""
        return params

    def klines_needed(self) -> int:
        """How many klines decide() wants in its context."""
        return 100

    @abstractmethod
    def decide(self, ctx: StrategyContext) -> list[Decision]:
        """Return what should happen now; [] = nothing. Must not keep hidden state between calls."""

    def error(self, param: str, problem: str) -> StrategyParamError:
        """The error to raise from validate for a bad `param`."""
        return StrategyParamError(self.NAME, param, problem)


def int_param(strategy: Strategy, params: Mapping[str, Any], name: str, minimum: int = 1) -> int:
    """A whole number ≥ minimum (bools and floats refused: 2.5 bars means nothing)."""
    value = params[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise strategy.error(name, f"must be a whole number ≥ {minimum}, got {value!r}")
    if value < minimum:
        raise strategy.error(name, f"must be ≥ {minimum}, got {value}")
    return value


def fraction_param(strategy: Strategy, params: Mapping[str, Any], name: str) -> Decimal:
    """A decimal fraction in (0, 1), given as a string, int or Decimal (floats carry binary rounding)."""
    value = params[name]
    try:
        if isinstance(value, (bool, float)):
            raise TypeError
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (TypeError, InvalidOperation):
        raise strategy.error(name, f"must be a decimal string like \"0.01\", got {value!r}") from None
    if not number.is_finite() or not ZERO < number < 1:
        raise strategy.error(name, f"must be greater than 0 and less than 1, got {value!r}")
    return number
