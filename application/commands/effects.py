"""What a command handler may touch: the exchange, the intent records, the event log, config — and how it fails."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from application.event_writer import EventWriter
from domain.commands import Command
from domain.events import EventPayload, OrderFacts, OrderPlaced, OrderUpdated
from domain.values import OrderStatus, Scope, Source
from ports.clock import Clock, IdGenerator
from ports.command_store import CommandStore
from ports.config_store import ConfigStore
from ports.event_store import EventStore
from ports.exchange import ExchangeGateway
from ports.failpoints import Failpoints, NoFailpoints

ConfigValidator = Callable[[Mapping[str, Any], str, Any], tuple[str, Any]]
"""(stored sections, a section or dotted key, its new value) → (section, the section's new value to store);
raise an exception whose message names the field at fault (the settings authority, ADR 0044)."""


class CommandFailure(Exception):
    """The command definitively did not do what it asked; the message says why (the command becomes FAILED)."""


class Unresolved(Exception):
    """Whether a request took effect is still unknown; the command stays SENT and is resolved later by lookup.

    `tag` set: the same state of the same leg, recorded once however often it is met (ADR 0048); None: each time.
    """

    def __init__(self, message: str, tag: str | None = None) -> None:
        super().__init__(message)
        self.tag = tag


@dataclass(frozen=True)
class Effects:
    gateway: ExchangeGateway
    commands: CommandStore
    events: EventStore
    config: ConfigStore
    clock: Clock
    ids: IdGenerator
    scope: Scope
    validate_config: ConfigValidator
    # How long an unknown outcome waits before the exchange's history may prove the order absent (ADR 0048)
    settle_after: timedelta = timedelta(minutes=5)
    failpoints: Failpoints = NoFailpoints()

    @property
    def symbol(self) -> str:
        return self.scope.symbol

    def now(self) -> datetime:
        return self.clock.now()

    @cached_property
    def writer(self) -> EventWriter:
        return EventWriter(self.events, self.ids, self.clock, self.scope)

    def emit(self, command: Command, payload: EventPayload, source: Source, tag: str = "", event_id: str = "") -> None:
        """Append one fact caused by `command`; re-running the command appends it only once.

        Facts without a natural key get `event_id`, else an id derived from the command, so a re-run dedups them too.
        """
        if payload.natural_key() is None:
            event_id = event_id or f"{command.command_id}/{tag or payload.TYPE}"
        else:
            event_id = self.ids.new_id()
        self.writer.append(
            [payload],
            source,
            event_ids=[event_id],
            correlation_id=command.correlation_id,
            causation_id=command.command_id,
        )

    def record_order(self, command: Command, facts: OrderFacts) -> None:
        """Record an order we placed as OrderPlaced, then its current state if it already moved on (e.g. filled)."""
        placed = OrderPlaced(**_facts_of(facts), command_id=command.command_id)
        self.emit(command, placed, Source.REST)
        if facts.status is not OrderStatus.NEW:
            self.record_update(command, facts)

    def record_update(self, command: Command, facts: OrderFacts) -> None:
        self.emit(command, OrderUpdated(**_facts_of(facts)), Source.REST)


def _facts_of(facts: OrderFacts) -> dict[str, Any]:
    return {field.name: getattr(facts, field.name) for field in fields(OrderFacts)}
