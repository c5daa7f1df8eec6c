"""What a strategy may answer: intentions, never exchange calls; and the key that names each one durably."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from domain.times import epoch_ms
from domain.values import Side


@dataclass(frozen=True)
class Enter:
    """Open or add exposure; entry_price None = market. Every entry carries its protective stop."""

    KIND: ClassVar[str] = "enter"
    side: Side
    quantity: Decimal
    stop_price: Decimal
    entry_price: Decimal | None = None
    reason: str = ""


@dataclass(frozen=True)
class Exit:
    """Flatten the position with a reduce-only market order."""

    KIND: ClassVar[str] = "exit"
    reason: str = ""


@dataclass(frozen=True)
class CancelOpenOrders:
    KIND: ClassVar[str] = "cancel"
    reason: str = ""


Decision = Enter | Exit | CancelOpenOrders


# Idempotency keys of the strategy's commands start with this; no one else may use it (the web refuses it)
DECISION_KEY_PREFIX = "decision:"


@dataclass(frozen=True)
class DecisionBasis:
    """One strategy deciding for one symbol on one timeframe: it decides each closed kline once (ADR 0047)."""

    strategy: str
    symbol: str
    timeframe: str

    def key(self, kline_open: datetime, kind: str) -> str:
        """The idempotency key of the `kind` decision on the kline opening at kline_open: what, never a position."""
        return f"{DECISION_KEY_PREFIX}{self.strategy}:{self.symbol}:{self.timeframe}:{epoch_ms(kline_open)}:{kind}"
