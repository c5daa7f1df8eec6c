"""Value types shared by events, commands and projections."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal
from enum import Enum

ZERO = Decimal(0)
_EXACT = Context(prec=60)


def canonical(value: Decimal) -> Decimal:
    """Strip trailing zeros ("0.020" → "0.02", "100.0" → "100"): equal amounts print alike, in dedup keys above all."""
    if value == 0:
        return ZERO
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=_EXACT)
    return value.normalize(_EXACT)


class Mode(str, Enum):
    PRODUCTION = "production"
    TESTNET = "testnet"
    SIM = "sim"


class Source(str, Enum):
    """Who observed or produced a fact."""

    WS = "WS"
    REST = "REST"
    BOT = "BOT"
    WEB = "WEB"
    SIM = "SIM"
    # An operator's command on the host (`alphaengine database rebind-key`)
    CLI = "CLI"


class Side(str, Enum):
    BUY = "BUY"
    SELL = "SELL"

    @property
    def sign(self) -> int:
        return 1 if self is Side.BUY else -1

    def opposite(self) -> Side:
        return Side.SELL if self is Side.BUY else Side.BUY


class OrderType(str, Enum):
    MARKET = "MARKET"
    LIMIT = "LIMIT"
    STOP_MARKET = "STOP_MARKET"
    TAKE_PROFIT_MARKET = "TAKE_PROFIT_MARKET"
    # Never placed by the bot, but an order placed by hand may have them and must still be tracked
    STOP = "STOP"
    TAKE_PROFIT = "TAKE_PROFIT"
    TRAILING_STOP_MARKET = "TRAILING_STOP_MARKET"

    @property
    def is_conditional(self) -> bool:
        """Every type but MARKET and LIMIT waits for a trigger (Binance's algo order API since 2025-12)."""
        return self not in (OrderType.MARKET, OrderType.LIMIT)


class TimeInForce(str, Enum):
    GTC = "GTC"
    IOC = "IOC"
    FOK = "FOK"
    GTX = "GTX"


class OrderStatus(str, Enum):
    """Regular and algo order statuses, as Binance names them."""

    NEW = "NEW"
    PARTIALLY_FILLED = "PARTIALLY_FILLED"
    FILLED = "FILLED"
    CANCELED = "CANCELED"
    EXPIRED = "EXPIRED"
    EXPIRED_IN_MATCH = "EXPIRED_IN_MATCH"
    REJECTED = "REJECTED"
    TRIGGERING = "TRIGGERING"
    TRIGGERED = "TRIGGERED"
    FINISHED = "FINISHED"

    @property
    def is_open(self) -> bool:
        return self in _OPEN_STATUSES


_OPEN_STATUSES = frozenset(
    {OrderStatus.NEW, OrderStatus.PARTIALLY_FILLED, OrderStatus.TRIGGERING},
)


class EngineState(str, Enum):
    RUNNING = "RUNNING"
    PAUSED = "PAUSED"


@dataclass(frozen=True)
class Scope:
    """Where a fact belongs: one exchange venue, one account, one symbol, one mode."""

    exchange: str
    venue: str
    account_id: str
    symbol: str
    mode: Mode
