"""The bot's main loop (TRD §2.2): stream facts → projections → commands → strategy → reconcile → config → heartbeat."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

import anyio

from application.boot import Boot, BootOutcome, BotCore
from application.market_view import MarketView
from domain.commands import Command, CommandRecord, CommandStatus
from domain.events import CommandFailed, ConfigChanged, EventPayload, ExchangeErrorRecorded, TradeExecuted, new_event
from domain.values import Scope, Source
from ports.clock import IdGenerator
from ports.config_store import ConfigEntry
from ports.exchange import StreamStatus
from ports.errors import StorageError
from ports.failpoints import MID_FILL_PROCESSING, Failpoints, NoFailpoints
from ports.lease import LeaseLost

log = logging.getLogger("alphaengine.bot")

RateLimitReading = Callable[[], tuple[int | None, str]]
ConfigListener = Callable[[Sequence[ConfigEntry]], None]


class Executor(Protocol):
    async def run(self, record: CommandRecord) -> CommandRecord:
        """Execute a claimed (SENT) command and return it ACK or FAILED."""

    async def resolve_in_flight(self) -> None:
        """Settle every command left SENT by a crash, by lookup, never by a blind resend."""


class Orchestrator(Protocol):
    async def tick(self, now: datetime) -> None:
        """Ask the strategy for decisions and queue them as commands (or record why not)."""


@dataclass(frozen=True)
class LoopTiming:
    """idle_wait bounds command pick-up latency (ADR 0022); the others bound how often the slower steps run."""

    idle_wait: timedelta = timedelta(milliseconds=50)
    heartbeat_every: timedelta = timedelta(seconds=1)
    strategy_every: timedelta = timedelta(seconds=1)
    commands_per_cycle: int = 20
    # The same failure again within this window is logged but not appended again (a dead store, a broken strategy)
    repeat_error_after: timedelta = timedelta(seconds=60)


@dataclass
class CycleReport:
    """What one cycle did; a cycle that did nothing lets the loop wait for the idle interval."""

    messages: int = 0
    commands: int = 0
    ticked: bool = False
    reconciled: bool = False
    config_changes: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def busy(self) -> bool:
        return bool(self.messages or self.commands or self.config_changes)


class MainLoop:
    """One cycle at a time; a failing step is recorded as an event and the cycle goes on with the next step."""

    def __init__(
        self,
        core: BotCore,
        executor: Executor,
        orchestrator: Orchestrator | None,
        *,
        ids: IdGenerator,
        scope: Scope,
        timing: LoopTiming = LoopTiming(),
        on_config: ConfigListener | None = None,
        rate_limits: RateLimitReading | None = None,
        failpoints: Failpoints = NoFailpoints(),
        market: MarketView | None = None,
    ) -> None:
        self._storage, self._projector, self._reconciler = core.storage, core.projector, core.reconciler
        self._schedule, self._inbox, self._board, self._clock = core.schedule, core.inbox, core.board, core.clock
        self._executor, self._orchestrator, self._ids, self._scope = executor, orchestrator, ids, scope
        self._timing, self._on_config, self._rate_limits = timing, on_config, rate_limits
        self._failpoints, self._market = failpoints, market
        self._config_versions: dict[str, int] = {}
        self._last_tick: datetime | None = None
        self._last_heartbeat: datetime | None = None
        self._lease_lost = False
        self._recorded: dict[tuple[str, str, str], datetime] = {}

    @property
    def ready(self) -> bool:
        return self._board.current.ready

    async def run(self, stop: anyio.Event) -> None:
        """Cycle until `stop` is set; an idle cycle waits at most timing.idle_wait, less if a stream message comes."""
        while not stop.is_set():
            report = await self.run_once()
            if not report.busy:
                await self._inbox.wait(self._timing.idle_wait)

    async def run_once(self) -> CycleReport:
        """Run every step once; LeaseLost and cancellation end the loop, any other failure is recorded."""
        report = CycleReport()
        with self._guard("stream", report):
            report.messages = self._take_messages(report)
        with self._guard("projections", report):
            self._projector.catch_up()
        if self.ready:
            await self._run_commands(report)
            if await self._tick(report):
                await self._run_commands(report)
        if self._market is not None:
            # After the tick, so what the strategy just read is reused rather than read again
            with self._guard("market", report):
                await self._market.refresh(self._clock.now())
        await self._reconcile_if_due(report)
        with self._guard("config", report):
            report.config_changes = self._detect_config_changes()
        self._heartbeat(report)
        return report

    def shut_down(self) -> None:
        """Say the bot stopped and give the lease up, so a successor need not wait for it to expire.

        After LeaseLost it does nothing: the health row and the lease belong to the bot that took over.
        """
        if self._lease_lost:
            return
        self._board.publish(boot_phase="stopped", ready=False)
        self._storage.leases.release(self._board.current.holder)

    def _take_messages(self, report: CycleReport) -> int:
        messages = self._inbox.drain()
        payloads: list[EventPayload] = []
        for message in messages:
            if isinstance(message, StreamStatus):
                self._on_stream_status(message)
            else:
                self._schedule.on_stream_message()
                payloads.append(message)
        self._append_each(payloads, Source.WS, report)
        if any(isinstance(payload, TradeExecuted) for payload in payloads):
            # A fill's facts may span drains: the rest are neither appended nor folded into projections yet
            self._failpoints.hit(MID_FILL_PROCESSING)
        if payloads and self._board.current.ws_state != self._schedule.stream_state:
            self._board.update(ws_state=self._schedule.stream_state, ws_changed_at=self._clock.now())
        return len(messages)

    def _on_stream_status(self, status: StreamStatus) -> None:
        log.info("user-data stream %s%s", status.state, f": {status.detail}" if status.detail else "")
        self._schedule.on_stream_state(status.state)
        self._board.update(ws_state=status.state, ws_changed_at=status.at)

    def _append_each(self, payloads: Sequence[EventPayload], source: Source, report: CycleReport) -> None:
        if not payloads:
            return
        try:
            self._append(payloads, source)
        except StorageError as exc:
            # The store, not a fact, failed: the stream is only a hint, so let REST bring the facts back
            self._schedule.request()
            self._record("stream", exc, report)
        except Exception:  # noqa: BLE001 - one bad fact must not hold back the good ones: retry them one by one
            for payload in payloads:
                with self._guard("stream", report, raw=repr(payload)):
                    self._append([payload], source)

    async def _run_commands(self, report: CycleReport) -> None:
        for _ in range(self._timing.commands_per_cycle):
            record = None
            with self._guard("commands", report):
                record = self._claim()
            if record is None:
                return
            report.commands += 1
            await self._execute(record, report)

    def _claim(self) -> CommandRecord | None:
        # A read first: claiming is a write transaction, too dear to take 20 times a second for nothing
        if not self._storage.commands.list(CommandStatus.NEW, limit=1):
            return None
        return self._storage.commands.claim_next(self._clock.now())

    async def _execute(self, record: CommandRecord, report: CycleReport) -> None:
        command = record.command
        try:
            await self._executor.run(record)
        except Exception as exc:  # noqa: BLE001 - the command fails, the loop does not
            with self._guard("commands", report):
                self._fail(command, exc, report)
        with self._guard("projections", report):
            self._projector.catch_up()

    def _fail(self, command: Command, exc: Exception, report: CycleReport) -> None:
        error = f"{type(exc).__name__}: {exc}"
        log.error("command %s (%s) raised: %s", command.command_id, command.type, error, exc_info=exc)
        if self._storage.commands.order_links(command.command_id):
            # An intent was committed, so a request may have reached the exchange: FAILED could hide a live order.
            # It stays SENT for the next boot's in-flight resolution; a reconcile adopts whatever exists meanwhile
            self._schedule.request()
            self._record("commands", exc, report, raw=f"command {command.command_id} left SENT")
            return
        report.errors.append(f"command {command.command_id}: {error}")
        self._storage.commands.mark_failed(command.command_id, error, self._clock.now())
        self._append([CommandFailed(command.command_id, command.type, error)], Source.BOT)

    async def _tick(self, report: CycleReport) -> bool:
        now = self._clock.now()
        if self._orchestrator is None or not _elapsed(self._last_tick, now, self._timing.strategy_every):
            return False
        self._last_tick = now
        report.ticked = True
        with self._guard("strategy", report):
            await self._orchestrator.tick(now)
        return True

    async def _reconcile_if_due(self, report: CycleReport) -> None:
        now = self._clock.now()
        if not self._schedule.due(now):
            return
        try:
            outcome = await self._reconciler.reconcile()
        except Exception as exc:  # noqa: BLE001 - the exchange is unreachable now; poll fast and try again
            self._schedule.ran(now, ok=False)
            self._board.update(last_reconcile_error=f"{type(exc).__name__}: {exc}")
            self._record("reconcile", exc, report)
            return
        self._schedule.ran(now, ok=True)
        report.reconciled = True
        self._board.update(last_reconcile_at=outcome.taken_at, last_reconcile_error=None)
        await self._resolve_in_flight(now, report)

    async def _resolve_in_flight(self, now: datetime, report: CycleReport) -> None:
        # Commands left SENT by an unknown outcome are settled by lookup once the state is known again
        if self.ready and not self._storage.commands.list(CommandStatus.SENT, limit=1):
            return
        try:
            await self._executor.resolve_in_flight()
        except Exception as exc:  # noqa: BLE001 - recorded; a bot failed closed stays closed and retries fast
            if not self.ready:
                self._schedule.ran(now, ok=False)
            self._record("resolve in-flight", exc, report)
            return
        if not self.ready:
            log.info("reconciled after failing closed: ready, orders allowed again")
            self._board.publish(boot_phase="ready", ready=True, fail_closed_reason=None)

    def _detect_config_changes(self) -> int:
        entries = self._storage.config.all()
        changed = [e for e in entries if self._config_versions.get(e.key) != e.version]
        if not changed:
            return 0
        # The natural key config:<key>:<version> makes this a no-op for a change the executor already recorded
        self._append([_config_changed(entry) for entry in changed], Source.BOT)
        self._config_versions.update({entry.key: entry.version for entry in changed})
        if self._on_config is not None:
            self._on_config(changed)
        return len(changed)

    def _heartbeat(self, report: CycleReport) -> None:
        now = self._clock.now()
        self._board.update(last_loop_at=now)
        if not _elapsed(self._last_heartbeat, now, self._timing.heartbeat_every):
            return
        self._last_heartbeat = now
        try:
            self._storage.leases.heartbeat(self._board.current.holder, now)
        except LeaseLost:
            self._lease_lost = True
            log.critical("lease lost: this bot stops so that only one instance trades")
            raise
        except Exception as exc:  # noqa: BLE001 - a busy database delays the heartbeat; the ttl leaves room
            self._record("heartbeat", exc, report)
            return
        with self._guard("heartbeat", report):
            if self._rate_limits is not None:
                weight, state = self._rate_limits()
                self._board.update(rate_limit_weight=weight, rate_limit_state=state)
            if self._market is not None:
                self._board.update(**self._market.health_fields())
            self._board.publish()

    def _append(self, payloads: Sequence[EventPayload], source: Source) -> None:
        now = self._clock.now()
        self._storage.events.append([
            new_event(payload, event_id=self._ids.new_id(), ts=now, scope=self._scope, source=source)
            for payload in payloads
        ])

    @contextmanager
    def _guard(self, step: str, report: CycleReport, raw: str = "") -> Iterator[None]:
        """Record an exception of the block as an event instead of letting it end the loop."""
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - one failing step must not stop the bot
            self._record(step, exc, report, raw)

    def _record(self, step: str, exc: Exception, report: CycleReport, raw: str = "") -> None:
        message = f"{type(exc).__name__}: {exc}"
        log.error("main loop step %s failed: %s", step, message, exc_info=exc)
        report.errors.append(f"{step}: {message}")
        now, key = self._clock.now(), (step, message, raw)
        if not _elapsed(self._recorded.get(key), now, self._timing.repeat_error_after):
            return
        self._recorded[key] = now
        code = getattr(exc, "code", None)
        payload = ExchangeErrorRecorded(f"loop.{step}", code if isinstance(code, int) else None, message, raw)
        try:
            self._append([payload], Source.BOT)
        except Exception:  # noqa: BLE001 - the store itself is failing; the log line above is all we can keep
            log.exception("could not record the failure of step %s", step)


def _config_changed(entry: ConfigEntry) -> ConfigChanged:
    value_json = json.dumps(entry.value, sort_keys=True, separators=(",", ":"))
    return ConfigChanged(entry.key, entry.version, value_json, entry.updated_by)


def _elapsed(last: datetime | None, now: datetime, every: timedelta) -> bool:
    return last is None or now - last >= every


async def serve(boot: Boot, loop: MainLoop, stop: anyio.Event) -> BootOutcome:
    """Take the lease, boot, then cycle until `stop`; the stream reader and the loop end together.

    LeaseHeld propagates before anything is started or written.
    """
    boot.take_lease()
    try:
        async with anyio.create_task_group() as group:
            outcome = await boot.run(group)
            await loop.run(stop)
            group.cancel_scope.cancel()
    finally:
        loop.shut_down()
    return outcome
