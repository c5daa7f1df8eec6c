"""Small working stand-ins for the executor and the orchestrator the loop drives."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import anyio

from adapters.memory.event_store import InMemoryEventStore
from domain.client_order_ids import client_order_id_for
from domain.commands import STRATEGY_PRIORITY, Actor, ActorKind, Command, CommandPayload, CommandRecord
from domain.events import Event, RateLimitState
from domain.values import Scope
from ports.command_store import CommandStore, OrderLink
from ports.errors import StorageBusy
from ports.event_store import Appended
from ports.exchange import UserDataMessage, UserDataStream


class ExecutorFailure(RuntimeError):
    """What the fake executor raises for a command type it was told to break on."""


@dataclass
class RecordingExecutor:
    """Acknowledges every command it runs (in order), except those of `broken_types`, on which it raises."""

    commands: CommandStore
    clock_now: Callable[[], datetime]
    broken_types: set[str] = field(default_factory=set)
    crash_after_intent: set[str] = field(default_factory=set)
    resolve_error: Exception | None = None
    ran: list[str] = field(default_factory=list)
    resolved: int = 0

    async def run(self, record: CommandRecord) -> CommandRecord:
        command = record.command
        self.ran.append(command.command_id)
        if command.type in self.broken_types:
            raise ExecutorFailure(f"cannot run {command.type}")
        if command.type in self.crash_after_intent:
            intent = OrderLink(
                command.command_id, "main", client_order_id_for(command.command_id), False, None, self.clock_now()
            )
            self.commands.link_order(intent)
            raise ExecutorFailure(f"{command.type} crashed after committing its intent")
        return self.commands.mark_acked(command.command_id, {"ok": True}, self.clock_now())

    async def resolve_in_flight(self) -> None:
        if self.resolve_error is not None:
            raise self.resolve_error
        self.resolved += 1


@dataclass
class ScriptedOrchestrator:
    """Queues the given strategy payloads on its next tick (one command each); raises `error` instead if set."""

    commands: CommandStore
    scope: Scope
    queued: list[CommandPayload] = field(default_factory=list)
    error: Exception | None = None
    ticks: list[datetime] = field(default_factory=list)

    async def tick(self, now: datetime) -> None:
        self.ticks.append(now)
        if self.error is not None:
            raise self.error
        while self.queued:
            payload = self.queued.pop(0)
            command_id = f"strategy-{len(self.ticks)}-{len(self.queued)}"
            queued = command(command_id, payload, now, self.scope, priority=STRATEGY_PRIORITY, actor=ActorKind.STRATEGY)
            self.commands.insert(queued, now)


def command(
    command_id: str,
    payload: CommandPayload,
    created_at: datetime,
    scope: Scope,
    *,
    priority: int,
    actor: ActorKind = ActorKind.USER,
    expires_at: datetime | None = None,
) -> Command:
    return Command(
        command_id=command_id,
        idempotency_key=f"idem-{command_id}",
        priority=priority,
        actor=Actor(actor, actor.value.lower()),
        scope=scope,
        created_at=created_at,
        correlation_id=command_id,
        payload=payload,
        expires_at=expires_at,
    )


class QuietStream(UserDataStream):
    """A user-data stream that is connected and says nothing (tests feed the loop's inbox themselves)."""

    async def messages(self) -> AsyncIterator[UserDataMessage]:
        await anyio.sleep_forever()
        yield  # pragma: no cover - makes this an async generator


class BusyEventStore(InMemoryEventStore):
    """An event log whose next `busy_appends` appends fail as if the web held the write lock too long."""

    def __init__(self) -> None:
        super().__init__()
        self.busy_appends = 0

    def append(self, events: Sequence[Event]) -> list[Appended]:
        if self.busy_appends > 0:
            self.busy_appends -= 1
            raise StorageBusy("append events: the database stayed locked past the busy timeout")
        return super().append(events)


class Reading:
    """A governor reading the test sets, in the shape the bot's container passes: (used weight, state)."""

    def __init__(self, state: RateLimitState = RateLimitState.NORMAL, weight: int | None = 0) -> None:
        self.state, self.weight = state, weight

    def __call__(self) -> tuple[int | None, RateLimitState]:
        return self.weight, self.state
