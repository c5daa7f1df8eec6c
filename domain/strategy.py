"""The strategy plug-in API: a read-only context in, Decisions out; a strategy never reaches the exchange."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, ClassVar

from domain.decisions import Decision
from domain.projections.rows import Balance, OpenOrder, Position
from domain.reports import Kline
from domain.values import ZERO

MAX_INT_PARAM = 1_000_000
MAX_FRACTION_PLACES = 8
_MAX_DECIMAL_TEXT = 32


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


@dataclass(frozen=True)
class ParamInfo:
    """One declared parameter as `strategy list` and a settings form show it: name, type, default and bounds."""

    name: str
    type: str
    default: Any
    minimum: Any = None
    maximum: Any = None
    # Whether a value equal to a bound is refused: (0, 1) for a fraction, [1, 1000] for a whole number
    exclusive: bool = False

    def as_json(self) -> dict[str, Any]:
        """JSON-ready (decimals as strings, as the settings store them)."""
        return {key: str(value) if isinstance(value, Decimal) else value for key, value in vars(self).items()}


class Param(ABC):
    """A declared strategy parameter: its default and the check every value must pass (the strategy's schema)."""

    default: Any

    @abstractmethod
    def check(self, strategy: Strategy, name: str, value: Any) -> Any:
        """Return `value` converted to its type; raise strategy.error(name, ...) when it is refused."""

    @abstractmethod
    def describe(self, name: str) -> ParamInfo:
        """The parameter's type, default and bounds, as shown to a user."""


@dataclass(frozen=True)
class IntParam(Param):
    """A whole number from minimum to maximum (bools and floats refused: 2.5 bars means nothing)."""

    default: int
    minimum: int = 1
    maximum: int = MAX_INT_PARAM

    def check(self, strategy: Strategy, name: str, value: Any) -> int:
        return int_param(strategy, {name: value}, name, self.minimum, self.maximum)

    def describe(self, name: str) -> ParamInfo:
        return ParamInfo(name, "int", self.default, self.minimum, self.maximum)


@dataclass(frozen=True)
class FractionParam(Param):
    """A decimal fraction in (0, 1) with at most `places` decimal places, given as a string or an int."""

    default: str
    places: int = MAX_FRACTION_PLACES

    def check(self, strategy: Strategy, name: str, value: Any) -> Decimal:
        return fraction_param(strategy, {name: value}, name, self.places)

    def describe(self, name: str) -> ParamInfo:
        return ParamInfo(name, "fraction", self.default, ZERO, Decimal(1), exclusive=True)


@dataclass(frozen=True)
class DecimalParam(Param):
    """A decimal from minimum to maximum (both allowed), with at most `places` decimal places, given as a string or
    an int (a multiple of the ATR, a width in standard deviations)."""

    default: str
    minimum: str
    maximum: str
    places: int = MAX_FRACTION_PLACES

    def check(self, strategy: Strategy, name: str, value: Any) -> Decimal:
        return decimal_param(strategy, {name: value}, name, Decimal(self.minimum), Decimal(self.maximum), self.places)

    def describe(self, name: str) -> ParamInfo:
        return ParamInfo(name, "decimal", self.default, Decimal(self.minimum), Decimal(self.maximum))


class Strategy(ABC):
    """Subclasses set NAME, declare PARAMS and implement decide; params are validated at build.

    PARAMS maps each parameter name to a Param (its default and bounds, checked before validate) or, for an older
    plug-in, to a bare default that only validate checks. validate adds the rules between params (fast < slow).
    """

    NAME: ClassVar[str] = ""
    PARAMS: ClassVar[Mapping[str, Any]] = MappingProxyType({})

    def __init__(self, params: Mapping[str, Any] | None = None) -> None:
        given = dict(params or {})
        unknown = sorted(set(given) - set(self.PARAMS))
        if unknown:
            raise StrategyParamError(self.NAME, unknown[0], f"is unknown; expected any of {sorted(self.PARAMS)}")
        merged = {**self.defaults(), **given}
        checked = {
            name: spec.check(self, name, merged[name]) if isinstance(spec, Param) else merged[name]
            for name, spec in self.PARAMS.items()
        }
        self.params: Mapping[str, Any] = MappingProxyType(self.validate(checked))

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Every declared parameter's default."""
        return {name: spec.default if isinstance(spec, Param) else spec for name, spec in cls.PARAMS.items()}

    @classmethod
    def param_schema(cls) -> list[ParamInfo]:
        """Every declared parameter with its type, default and bounds; a bare default has its Python type only."""
        return [
            spec.describe(name) if isinstance(spec, Param) else ParamInfo(name, type(spec).__name__, spec)
            for name, spec in cls.PARAMS.items()
        ]

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


def int_param(
    strategy: Strategy, params: Mapping[str, Any], name: str, minimum: int = 1, maximum: int = MAX_INT_PARAM
) -> int:
    """A whole number from minimum to maximum (bools and floats refused: 2.5 bars means nothing)."""
    value = params[name]
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise strategy.error(name, f"must be a whole number from {minimum} to {maximum}, got {_shown(value)}")
    return value


def fraction_param(
    strategy: Strategy, params: Mapping[str, Any], name: str, places: int = MAX_FRACTION_PLACES
) -> Decimal:
    """A decimal fraction in (0, 1), given as a string, int or Decimal (floats carry binary rounding).

    Its length, range and places are checked on the digits and exponent alone, never by expanding it.
    """
    value = params[name]
    number = _decimal(strategy, name, value, "0.01", int_range=(-1, 2))
    if not number.is_finite() or not ZERO < number < 1:
        raise strategy.error(name, f"must be greater than 0 and less than 1, got {_shown(value)}")
    return _within_places(strategy, name, value, number, places)


def decimal_param(
    strategy: Strategy,
    params: Mapping[str, Any],
    name: str,
    minimum: Decimal,
    maximum: Decimal,
    places: int = MAX_FRACTION_PLACES,
) -> Decimal:
    """A decimal from minimum to maximum (both allowed), given as a string, int or Decimal (never a float)."""
    value = params[name]
    huge = 10**_MAX_DECIMAL_TEXT
    number = _decimal(strategy, name, value, str(maximum), int_range=(-huge, huge))
    if not number.is_finite() or not minimum <= number <= maximum:
        raise strategy.error(name, f"must be a decimal from {minimum} to {maximum}, got {_shown(value)}")
    return _within_places(strategy, name, value, number, places)


def _decimal(strategy: Strategy, name: str, value: Any, example: str, int_range: tuple[int, int]) -> Decimal:
    """The Decimal of a string, int or Decimal; an int outside int_range (exclusive) is refused before conversion."""
    try:
        if isinstance(value, (bool, float)) or (isinstance(value, str) and len(value) > _MAX_DECIMAL_TEXT):
            raise TypeError
        if isinstance(value, int) and not int_range[0] < value < int_range[1]:
            raise TypeError
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (TypeError, InvalidOperation):
        raise strategy.error(name, f'must be a decimal string like "{example}", got {_shown(value)}') from None


def _within_places(strategy: Strategy, name: str, value: Any, number: Decimal, places: int) -> Decimal:
    if _places(number) > places:
        raise strategy.error(name, f"must have at most {places} decimal places, got {_shown(value)}")
    return number


def _places(number: Decimal) -> int:
    """Decimal places without trailing zeros, from digits and exponent (normalize() would round 1e-999999999 to 0)."""
    _sign, digits, exponent = number.as_tuple()
    kept = len(digits)
    while kept > 1 and digits[kept - 1] == 0:
        kept -= 1
    return max(0, -(int(exponent) + len(digits) - kept))


def _shown(value: Any) -> str:
    """A short form of a refused value: a huge number or text is shown by its kind, never printed in full."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_MAX_DECIMAL_TEXT:
        return "a number too large to show"
    text = repr(value) if isinstance(value, (str, int, float, Decimal)) else f"a {type(value).__name__}"
    return text if len(text) <= _MAX_DECIMAL_TEXT + 2 else text[:_MAX_DECIMAL_TEXT] + "…"
