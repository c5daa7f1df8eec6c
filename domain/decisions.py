"""What a strategy may answer: intentions, never exchange calls."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.values import Side


@dataclass(frozen=True)
class Enter:
    """Open or add exposure; entry_price None = market. Every entry carries its protective stop."""

    side: Side
    quantity: Decimal
    stop_price: Decimal
    entry_price: Decimal | None = None
    reason: str = ""


@dataclass(frozen=True)
class Exit:
    """Flatten the position with a reduce-only market order."""

    reason: str = ""


@dataclass(frozen=True)
class CancelOpenOrders:
    reason: str = ""


Decision = Enter | Exit | CancelOpenOrders
