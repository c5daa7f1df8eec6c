"""Closed klines of chosen closes ending at the clock's current (open) kline: a market a test writes by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from domain.reports import Kline
from ports.clock import Clock

FIVE_MINUTES = timedelta(minutes=5)


@dataclass
class KlineTape:
    """Closed 5m klines with the given closes, ending at the clock's current kline, which is left open."""

    clock: Clock
    closes: list[Decimal] = field(default_factory=list)

    def set(self, *closes: str) -> None:
        self.closes = [Decimal(close) for close in closes]

    def __call__(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        current = _floor(self.clock.now())
        closed = [
            self._kline(current - FIVE_MINUTES * (len(self.closes) - i), close, True)
            for i, close in enumerate(self.closes)
        ]
        last = self.closes[-1] if self.closes else Decimal("0.5")
        return [*closed, self._kline(current, last, False)][-limit:]

    def _kline(self, opened: datetime, close: Decimal, closed: bool) -> Kline:
        return Kline(
            opened, opened + FIVE_MINUTES - timedelta(milliseconds=1), close, close, close, close, Decimal(1000), closed
        )


def _floor(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)
