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

WS_UNKNOWN = "unknown"
RATE_NORMAL = "normal"


@dataclass(frozen=True)
class PhaseTiming:
    """One boot phase and how long it took (milliseconds, as measured by the bot's clock)."""

    name: str
    started_at: datetime
    duration_ms: Decimal


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
    ws_state: str = WS_UNKNOWN
    ws_changed_at: datetime | None = None
    last_reconcile_at: datetime | None = None
    last_reconcile_error: str | None = None
    rate_limit_weight: int | None = None
    rate_limit_state: str = RATE_NORMAL
    phases: tuple[PhaseTiming, ...] = field(default=())

    def to_record(self) -> Record:
        """A JSON-ready record: the flat fields as the domain codec writes them, phases as a list of records."""
        flat = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "phases"}
        record = to_record(_flat()(**flat))
        record["phases"] = [to_record(phase) for phase in self.phases]
        return record

    @classmethod
    def from_record(cls, record: Record) -> BotHealth:
        """Decode what to_record wrote; a missing or unknown field raises CodecError naming it."""
        values: dict[str, Any] = dict(record)
        phases = values.pop("phases", [])
        flat = from_record(_flat(), values)
        decoded = tuple(from_record(PhaseTiming, phase) for phase in phases)
        return cls(**{f.name: getattr(flat, f.name) for f in fields(flat)}, phases=decoded)


@cache
def _flat() -> type:
    """BotHealth without its nested phases: a shape the flat domain codec can encode and decode."""
    hints = typing.get_type_hints(BotHealth)
    columns = [(f.name, hints[f.name]) for f in fields(BotHealth) if f.name != "phases"]
    return make_dataclass("FlatBotHealth", columns, frozen=True)


class HealthStore(ABC):
    """One health row per database: the bot overwrites it, the web reads it (age = now − updated_at)."""

    @abstractmethod
    def write(self, health: BotHealth) -> None:
        """Replace the stored health with `health`."""

    @abstractmethod
    def read(self) -> BotHealth | None:
        """Return the last written health, or None if no bot ever wrote one."""
