"""Boot (PRD §4.6): lease → events → projections → user-data stream → REST snapshot → reconcile → in-flight → READY."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections import deque
from collections.abc import Iterator
from contextlib import aclosing, contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

import anyio
from anyio.abc import TaskGroup

from application.lease_takeover import Takeover
from application.projector import Projector
from application.reconciler import Reconciler, ReconcileSchedule
from ports.clock import Clock
from ports.command_store import CommandStore
from ports.config_store import ConfigStore
from ports.errors import EventUnfoldable
from ports.event_store import EventStore
from ports.exchange import StreamState, StreamStatus, UserDataMessage, UserDataStream
from ports.health import BotHealth, HealthStore, PhaseTiming
from ports.lease import LeaseHeld, LeaseStore, holder_name

log = logging.getLogger("alphaengine.bot")

READY = "ready"
FAILED_CLOSED = "failed closed"
DEFAULT_LEASE_TTL = timedelta(seconds=15)


def local_holder(token: str) -> str:
    """A lease holder name that tells an operator where the bot runs: host, process id and a per-start token."""
    return holder_name(socket.gethostname(), os.getpid(), token[:8])


def fail_closed_on_fold(board: HealthBoard, failure: EventUnfoldable) -> str:
    """Publish that the bot stopped trading on an event it cannot fold; one log line, only when the reason is new."""
    reason = f"projections stopped: {failure}"
    if board.current.fail_closed_reason != reason:
        # No traceback: the line names the event and the command to read it, which is what the operator needs
        log.error("failing closed, no orders will be sent: %s", reason)
        board.publish(boot_phase=FAILED_CLOSED, ready=False, fail_closed_reason=reason)
    return reason


class InFlightResolver(Protocol):
    async def resolve_in_flight(self) -> None:
        """Settle every command left SENT by a crash, by lookup, never by a blind resend."""


@dataclass(frozen=True)
class Storage:
    """The stores the bot writes; one database (or one in-memory set) behind all of them."""

    events: EventStore
    commands: CommandStore
    config: ConfigStore
    leases: LeaseStore
    health: HealthStore


class HealthBoard:
    """The bot's current health, kept in memory every cycle and written to the store when published."""

    def __init__(self, store: HealthStore, clock: Clock, holder: str) -> None:
        self._store, self._clock = store, clock
        now = clock.now()
        self.current = BotHealth(holder=holder, started_at=now, updated_at=now, boot_phase="starting", ready=False)

    def update(self, **changes: Any) -> BotHealth:
        self.current = replace(self.current, updated_at=self._clock.now(), **changes)
        return self.current

    def publish(self, **changes: Any) -> None:
        self._store.write(self.update(**changes))


class StreamInbox:
    """Buffers the user-data stream (read by its own task) so the loop drains it without ever blocking on it."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._pending: deque[UserDataMessage] = deque()
        self._wake = anyio.Event()

    async def pump(self, stream: UserDataStream) -> None:
        """Read the stream until it ends; an ending or failing stream is reported as a disconnection."""
        detail = "the user-data stream ended"
        try:
            # aclosing: a cancelled pump must still close the stream's socket, not leave it to the garbage collector
            async with aclosing(stream.messages()) as messages:
                async for message in messages:
                    self.put(message)
        except Exception as exc:  # noqa: BLE001 - the loop must learn the stream is gone, whatever the cause
            detail = f"the user-data stream failed: {type(exc).__name__}: {exc}"
        self.put(StreamStatus(StreamState.DISCONNECTED, self._clock.now(), detail))

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def put(self, message: UserDataMessage) -> None:
        self._pending.append(message)
        self._wake.set()

    def drain(self) -> list[UserDataMessage]:
        taken = list(self._pending)
        self._pending.clear()
        if self._wake.is_set():
            self._wake = anyio.Event()
        return taken

    async def wait(self, timeout: timedelta) -> None:
        """Return when a message is waiting or arrives, or when `timeout` passes, whichever is first."""
        if self._pending:
            return
        with anyio.move_on_after(timeout.total_seconds()):
            await self._wake.wait()


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


@dataclass(frozen=True)
class BootOutcome:
    """ready False = failed closed: no commands run and the strategy stays off until a reconcile succeeds."""

    ready: bool
    reason: str | None
    phases: tuple[PhaseTiming, ...]


class Boot:
    """Brings the bot to READY in PRD §4.6 order; every phase is logged with its duration and written to health."""

    def __init__(
        self, core: BotCore, executor: InFlightResolver, stream: UserDataStream, *,
        lease_ttl: timedelta = DEFAULT_LEASE_TTL, takeover: Takeover | None = None,
    ) -> None:
        self._storage, self._projector, self._reconciler = core.storage, core.projector, core.reconciler
        self._schedule, self._inbox, self._board, self._clock = core.schedule, core.inbox, core.board, core.clock
        self._executor, self._stream, self._lease_ttl = executor, stream, lease_ttl
        # None: a held lease is always waited out, even when its holder died on this host
        self._takeover = takeover
        self._phases: list[PhaseTiming] = []

    def take_lease(self) -> None:
        """Become the one running bot, or raise LeaseHeld naming the one that is (then nothing at all is written).

        A holder that died on this host is taken over (ADR 0035) rather than waited out for its whole ttl.
        """
        started, counter = self._clock.now(), time.perf_counter()
        holder = self._board.current.holder
        attempt, why = self._storage.leases.acquire(holder, self._lease_ttl, started), ""
        if not attempt.granted and self._takeover is not None:
            attempt, why = self._takeover.attempt(self._storage.leases, self._clock, attempt.lease, holder,
                                                  self._lease_ttl)
        if not attempt.granted:
            # The health row belongs to the bot that holds the lease: leave it alone
            held = LeaseHeld(attempt.lease, why)
            log.error("refusing to start: %s", held)
            raise held
        self._finish("lease", started, time.perf_counter() - counter, {"holder": holder})

    async def run(self, group: TaskGroup) -> BootOutcome:
        """After take_lease: the remaining phases; failed closed (with the reason) if the exchange cannot be read."""
        with self._phase("load events") as details:
            details["events"] = self._storage.events.last_seq()
        try:
            with self._phase("projections") as details:
                details["applied"] = self._projector.catch_up()
        except EventUnfoldable as failure:
            # Neither the stream nor a reconcile can help: every later fold would stop at the same event
            return BootOutcome(False, fail_closed_on_fold(self._board, failure), tuple(self._phases))
        with self._phase("user-data stream"):
            # Subscribed before the snapshot: whatever happens after it reaches us through the inbox
            group.start_soon(self._inbox.pump, self._stream)
        try:
            return await self._reconcile()
        except Exception as exc:  # noqa: BLE001 - any failure to reconcile means we do not know the state
            return self._fail_closed(exc)

    async def _reconcile(self) -> BootOutcome:
        with self._phase("account mode"):
            # Before anything is read into the log: a hedge-mode account's positions would be misread
            await self._reconciler.check_account()
        with self._phase("rest snapshot") as details:
            snapshot = await self._reconciler.snapshot(self._projector.state)
            details["trades"], details["open orders"] = len(snapshot.trades), len(snapshot.orders)
        with self._phase("reconcile") as details:
            outcome = self._reconciler.apply(snapshot)
            details["stored"], details["drifts"] = outcome.stored, outcome.drifts
        with self._phase("resolve in-flight commands"):
            await self._executor.resolve_in_flight()
        self._schedule.ran(snapshot.taken_at, ok=True)
        self._board.publish(boot_phase=READY, ready=True, last_reconcile_at=snapshot.taken_at)
        log.info("READY after %d boot phases", len(self._phases))
        return BootOutcome(True, None, tuple(self._phases))

    def _fail_closed(self, exc: Exception) -> BootOutcome:
        phase = self._board.current.boot_phase
        reason = f"{phase} failed: {type(exc).__name__}: {exc}"
        log.error("failing closed, no orders will be sent: %s", reason, exc_info=exc)
        self._schedule.ran(self._clock.now(), ok=False)
        self._board.publish(boot_phase=FAILED_CLOSED, ready=False, fail_closed_reason=reason,
                            last_reconcile_error=f"{type(exc).__name__}: {exc}")
        return BootOutcome(False, reason, tuple(self._phases))

    @contextmanager
    def _phase(self, name: str) -> Iterator[dict[str, Any]]:
        started, counter = self._clock.now(), time.perf_counter()
        self._board.publish(boot_phase=name)
        details: dict[str, Any] = {}
        yield details
        self._finish(name, started, time.perf_counter() - counter, details)

    def _finish(self, name: str, started: datetime, seconds: float, details: dict[str, Any]) -> None:
        # Real seconds, not the clock's: in the demo the clock is the simulation's, thirty times faster
        elapsed_ms = Decimal(round(seconds * 1e6)) / 1000
        self._phases.append(PhaseTiming(name, started, elapsed_ms))
        suffix = "".join(f", {key} {value}" for key, value in details.items())
        log.info("boot phase %s: done in %s ms%s", name, elapsed_ms, suffix)
        self._board.publish(boot_phase=name, phases=tuple(self._phases))
