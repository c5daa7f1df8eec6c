"""Boot (PRD §4.6): lease → events → projections → user-data stream → REST snapshot → reconcile → in-flight → READY."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from anyio.abc import TaskGroup

from application.bot_core import BotCore
from application.health_board import FAILED_CLOSED, READY, fail_closed_on_fold
from application.lease_takeover import Takeover
from application.loop_ports import InFlightResolver
from ports.errors import EventUnfoldable
from ports.exchange import UserDataStream
from ports.health import PhaseTiming
from ports.lease import LeaseHeld, holder_name

log = logging.getLogger("alphaengine.bot")

DEFAULT_LEASE_TTL = timedelta(seconds=15)


def local_holder(token: str) -> str:
    """A lease holder name that tells an operator where the bot runs: host, process id and a per-start token."""
    return holder_name(socket.gethostname(), os.getpid(), token[:8])


@dataclass(frozen=True)
class BootOutcome:
    """ready False = failed closed: no commands run and the strategy stays off until a reconcile succeeds."""

    ready: bool
    reason: str | None
    phases: tuple[PhaseTiming, ...]


class Boot:
    """Brings the bot to READY in PRD §4.6 order; every phase is logged with its duration and written to health."""

    def __init__(
        self,
        core: BotCore,
        executor: InFlightResolver,
        stream: UserDataStream,
        *,
        lease_ttl: timedelta = DEFAULT_LEASE_TTL,
        takeover: Takeover | None = None,
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
            attempt, why = self._takeover.attempt(
                self._storage.leases, self._clock, attempt.lease, holder, self._lease_ttl
            )
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
            self._board.count(drifts_detected=outcome.drifts)
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
        self._board.publish(
            boot_phase=FAILED_CLOSED,
            ready=False,
            fail_closed_reason=reason,
            last_reconcile_error=f"{type(exc).__name__}: {exc}",
        )
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
