"""The bot's health, written by the bot at every heartbeat and boot phase, read by the web."""

from __future__ import annotations

import typing
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, fields, make_dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from domain.codec import Record, from_record, to_record
from domain.events import RateLimitState
from domain.values import Side
from ports.exchange import StreamState


@dataclass(frozen=True)
class PhaseTiming:
    """One boot phase and how long it took (milliseconds, as measured by the bot's clock)."""

    name: str
    started_at: datetime
    duration_ms: Decimal


@dataclass(frozen=True)
class Candle:
    """One closed kline of the strategy timeframe, as the dashboard's price chart draws it (OHLC only)."""

    open_time: datetime
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal


@dataclass(frozen=True)
class UnresolvedOrder:
    """A command left SENT by an unknown outcome (ADR 0048): what it asked, since when, what the bot does about it.

    client_order_id names the intent no exchange id is known for (None: the command itself is re-run at every pass);
    side and quantity are the placement's own (its main leg), since the intent's commit or the command's claim.
    """

    command_id: str
    command_type: str
    client_order_id: str | None
    leg: str | None
    conditional: bool
    side: Side | None
    quantity: Decimal | None
    since: datetime
    # From when the account's trade history may prove the order was never placed (None: not a placement intent)
    provable_from: datetime | None
    doing: str


@dataclass(frozen=True)
class BotHealth:
    """A snapshot of the running bot; ready False with fail_closed_reason set means no new orders are sent."""

    holder: str
    started_at: datetime
    updated_at: datetime
    boot_phase: str
    ready: bool
    fail_closed_reason: str | None = None
    last_loop_at: datetime | None = None
    ws_state: StreamState = StreamState.UNKNOWN
    ws_changed_at: datetime | None = None
    last_reconcile_at: datetime | None = None
    last_reconcile_error: str | None = None
    rate_limit_weight: int | None = None
    rate_limit_state: RateLimitState = RateLimitState.NORMAL
    phases: tuple[PhaseTiming, ...] = field(default=())
    # The market the bot last read (ADR 0032): the web shows it, it never asks the exchange itself
    mark_price: Decimal | None = None
    mark_at: datetime | None = None
    candle_interval: str | None = None
    candles: tuple[Candle, ...] = field(default=())
    # The symbol's price and quantity steps (exchangeInfo), for the web to print figures at the symbol's precision
    tick_size: Decimal | None = None
    step_size: Decimal | None = None
    # Size of the store's write-ahead log after the last checkpoint (None: not measured yet, or no log file)
    wal_bytes: int | None = None
    # Why the bot is not doing its job, for the web to say (ADR 0050): the last failing step of the loop, and, once
    # it exits cleanly, when and why it stopped (a crash leaves these unset and the heartbeat goes stale)
    last_error: str | None = None
    last_error_at: datetime | None = None
    stopped_at: datetime | None = None
    stop_reason: str | None = None
    # What the bot trades (ADR 0044): the web scopes its commands by it; a stored change waits for a restart
    symbol: str | None = None
    account_id: str | None = None
    # Stored settings the bot refused and the versions it runs on instead, one line (None: it runs the stored ones)
    settings_refused: str | None = None
    # Commands whose outcome is unknown, oldest first, at most a bounded few listed; the total counts them all
    unresolved_orders: tuple[UnresolvedOrder, ...] = field(default=())
    unresolved_total: int = 0
    # Counted since this bot started (a restart begins again at 0, as a Prometheus counter may): the user-data
    # stream's reconnects, the exchange's HTTP 429 and 418 refusals, and drifts the reconciler found (ADR 0077)
    stream_reconnects: int = 0
    http_429s: int = 0
    http_418s: int = 0
    drifts_detected: int = 0

    def to_record(self) -> Record:
        """A JSON-ready record: the flat fields as the domain codec writes them, the nested tuples as lists."""
        flat = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _NESTED}
        record = to_record(_flat()(**flat))
        for name in _NESTED:
            record[name] = [to_record(item) for item in getattr(self, name)]
        return record

    @classmethod
    def from_record(cls, record: Record) -> BotHealth:
        """Decode what to_record wrote; a missing or unknown field raises CodecError naming it.

        A record written before a nested list existed (an older bot) reads it as empty.
        """
        values: dict[str, Any] = dict(record)
        nested = {name: values.pop(name, []) for name in _NESTED}
        flat: Any = from_record(_flat(), values)  # an instance of the class _flat() makes at run time
        values = {f.name: getattr(flat, f.name) for f in fields(flat)}
        values.update((name, tuple(from_record(kind, item) for item in nested[name])) for name, kind in _NESTED.items())
        return cls(**values)


_NESTED: dict[str, type] = {"phases": PhaseTiming, "candles": Candle, "unresolved_orders": UnresolvedOrder}


@cache
def _flat() -> type:
    """BotHealth without its nested lists: a shape the flat domain codec can encode and decode."""
    hints = typing.get_type_hints(BotHealth)
    # Defaults kept, so a row an older bot wrote (without the market fields) still reads
    columns = [(f.name, hints[f.name], field(default=f.default)) for f in fields(BotHealth) if f.name not in _NESTED]
    return make_dataclass("FlatBotHealth", columns, frozen=True)


class HealthStore(ABC):
    """One health row per database: the bot overwrites it, the web reads it (age = now − updated_at)."""

    @abstractmethod
    def write(self, health: BotHealth) -> None:
        """Replace the stored health with `health`."""

    @abstractmethod
    def read(self) -> BotHealth | None:
        """Return the last written health, or None if no bot ever wrote one."""
