"""What the main loop drives and reads, as Protocols and callables the bot's container supplies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from domain.commands import CommandRecord
from domain.events import RateLimitState
from ports.config_store import ConfigEntry

RateLimitReading = Callable[[], tuple[int | None, RateLimitState]]
ConfigListener = Callable[[Sequence[ConfigEntry]], None]


class InFlightResolver(Protocol):
    async def resolve_in_flight(self) -> None:
        """Settle every command left SENT by a crash, by lookup, never by a blind resend."""


class Executor(InFlightResolver, Protocol):
    async def run(self, record: CommandRecord) -> CommandRecord:
        """Execute a claimed (SENT) command and return it ACK or FAILED."""


class Orchestrator(Protocol):
    async def tick(self, now: datetime) -> None:
        """Ask the strategy for decisions and queue them as commands (or record why not)."""
