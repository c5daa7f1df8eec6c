"""What boot and the main loop share, built once by the bot's container."""

from __future__ import annotations

from dataclasses import dataclass

from application.health_board import HealthBoard
from application.projector import Projector
from application.reconciler import Reconciler, ReconcileSchedule
from application.stream_inbox import StreamInbox
from ports.clock import Clock
from ports.command_store import CommandStore
from ports.config_store import ConfigStore
from ports.event_store import EventStore
from ports.health import HealthStore
from ports.lease import LeaseStore


@dataclass(frozen=True)
class Storage:
    """The stores the bot writes; one database (or one in-memory set) behind all of them."""

    events: EventStore
    commands: CommandStore
    config: ConfigStore
    leases: LeaseStore
    health: HealthStore


@dataclass(frozen=True)
class BotCore:
    """What boot and the main loop share: stores, folded state, reconciler and its cadence, stream inbox, health."""

    storage: Storage
    projector: Projector
    reconciler: Reconciler
    schedule: ReconcileSchedule
    inbox: StreamInbox
    board: HealthBoard
    clock: Clock
