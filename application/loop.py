"""The bot's main loop (TRD §2.2): stream facts → projections → commands → strategy → reconcile → config → heartbeat."""

from __future__ import annotations

from datetime import datetime

import anyio

from application.boot import Boot, BootOutcome
from application.bot_core import BotCore
from application.checkpoint_step import CheckpointStep
from application.command_step import CommandStep
from application.config_watch import ConfigWatch
from application.cycle import CycleReport, LoopTiming, elapsed
from application.event_writer import EventWriter
from application.health_board import fail_closed_on_fold, status_line
from application.heartbeat import Heartbeat
from application.loop_ports import ConfigListener, Executor, Orchestrator, RateLimitReading
from application.market_view import MarketView
from application.rate_pace import Pace, RatePace
from application.reconcile_step import ReconcileStep
from application.step_errors import StepErrors
from application.stream_step import StreamStep
from application.unresolved import UnresolvedOrders
from domain.values import Scope
from ports.clock import IdGenerator
from ports.errors import EventUnfoldable
from ports.failpoints import Failpoints, NoFailpoints
from ports.maintenance import StorageMaintenance
from ports.service_manager import NoServiceManager, ServiceManager

STOPPED = "stopped"
# Takes of the stream's frames that arrived while the cycle appended the ones before (the rest of a burst)
LATE_TAKES = 3
STOP_REQUESTED = "stop requested"

__all__ = [
    "ConfigListener",
    "CycleReport",
    "Executor",
    "LoopTiming",
    "MainLoop",
    "Orchestrator",
    "RateLimitReading",
    "serve",
]


class MainLoop:
    """One cycle at a time; a failing step is recorded as an event and the cycle goes on with the next step.

    The governor's reading sets the pace of the polling steps (ADR 0033); commands run at every pace.
    """

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
        maintenance: StorageMaintenance | None = None,
        unresolved: UnresolvedOrders | None = None,
        service: ServiceManager = NoServiceManager(),
    ) -> None:
        self._storage, self._projector, self._schedule = core.storage, core.projector, core.schedule
        self._inbox, self._board, self._clock = core.inbox, core.board, core.clock
        self._orchestrator, self._timing, self._market = orchestrator, timing, market
        writer = EventWriter(core.storage.events, ids, core.clock, scope)
        self._errors = StepErrors(writer, core.clock, timing.repeat_error_after)
        self._stream = StreamStep(core, writer, self._errors, failpoints)
        self._commands = CommandStep(core, executor, writer, self._errors, timing.commands_per_cycle, self._catch_up)
        self._reconcile = ReconcileStep(core, executor, self._errors)
        self._config = ConfigWatch(core.storage.config, writer, on_config)
        self._heartbeat = Heartbeat(
            core, timing, self._errors, rate_limits=rate_limits, market=market, unresolved=unresolved
        )
        self._pace = RatePace(rate_limits)
        self._checkpoint = None if maintenance is None else CheckpointStep(core, maintenance, timing, self._errors)
        self._last_tick: datetime | None = None
        self._service, self._trading = service, f"{scope.symbol} ({scope.mode.value})"

    @property
    def ready(self) -> bool:
        return self._board.current.ready

    async def run(self, stop: anyio.Event) -> None:
        """Cycle until `stop` is set; an idle cycle waits up to timing.idle_wait, less if a message or command comes.

        Booted, failed closed or not, the loop serves: the service manager is told so, then pinged after every cycle
        the loop completes (ADR 0074), so a loop stuck inside a cycle stops the pings and gets restarted.
        """
        self._service.ready(status_line(self._board.current, self._trading))
        while not stop.is_set():
            report = await self.run_once()
            self._service.alive(status_line(self._board.current, self._trading))
            if not report.busy:
                await self._idle(stop)

    async def run_once(self) -> CycleReport:
        """Run every step once; LeaseLost and cancellation end the loop, any other failure is recorded."""
        report = CycleReport()
        with self._errors.guard("stream", report):
            report.messages = self._stream.take(report)
        await self._take_late_frames(report)
        if not self._catch_up(report):
            # Failed closed on a stored event no fold can take: the stream's facts are still kept, nothing else runs
            self._heartbeat.beat(report)
            return report
        pace = self._read_pace(report)
        if self.ready:
            await self._commands.run(report)
            # A command's facts may have failed the bot closed: then the strategy is not asked either
            if pace is not Pace.HELD and self.ready and await self._tick(report):
                await self._commands.run(report)
        if pace is not Pace.HELD:
            await self._poll(pace, report)
        with self._errors.guard("config", report):
            report.config_changes = self._config.detect()
        if self._checkpoint is not None:
            self._checkpoint.run_if_due(report)
        self._heartbeat.beat(report)
        return report

    async def _take_late_frames(self, report: CycleReport) -> None:
        """Append, in this cycle, the frames that reached the socket while the cycle appended the ones before.

        The exchange sends a fill as a burst of frames (the order's update, the trade, the account); the reader cannot
        run while the cycle commits, so without this the fill's trade waits out a whole cycle behind the burst's
        first frame. Only after a take without a trade: a trade already taken is folded at once (ADR 0068). Bounded,
        so a flood of messages still lets commands run.
        """
        taken = report.messages
        for _ in range(LATE_TAKES):
            if not taken or self._stream.took_trade or not await self._inbox.arrived():
                return
            with self._errors.guard("stream", report):
                taken = self._stream.take(report)
                report.messages += taken

    def _catch_up(self, report: CycleReport) -> bool:
        """Fold the log; False once a stored event cannot be folded (then the bot has failed closed for good).

        The loop's one fold: at the start of each cycle (the stream's facts, another process's) and after each command.
        """
        with self._errors.guard("projections", report):
            try:
                self._projector.catch_up()
            except EventUnfoldable as failure:
                fail_closed_on_fold(self._board, failure)
                return False
        return True

    async def _idle(self, stop: anyio.Event) -> None:
        """Wait until a stream message comes, a command is queued or `stop` is set, at most idle_wait (ADR 0040)."""
        with anyio.move_on_after(self._timing.idle_wait.total_seconds()):
            while True:
                await self._inbox.wait(self._timing.command_poll)
                # A bot failed closed runs no command: a queued one must not make it spin
                if stop.is_set() or self._inbox.has_pending or (self.ready and self._commands.waiting()):
                    return

    def shut_down(self, reason: str = STOP_REQUESTED) -> None:
        """Say the bot stopped, since when and why, and give the lease up, so a successor need not wait for it.

        After LeaseLost it only tells the service manager: the health row and the lease are the successor's.
        """
        self._service.stopping(f"stopping: {reason}")
        if self._heartbeat.lease_lost:
            return
        self._board.publish(boot_phase=STOPPED, ready=False, stopped_at=self._clock.now(), stop_reason=reason)
        self._storage.leases.release(self._board.current.holder)

    def _read_pace(self, report: CycleReport) -> Pace:
        pace = Pace.FULL
        with self._errors.guard("rate limits", report):
            pace = self._pace.pace(self._clock.now())
        self._schedule.slow_down(pace is Pace.SLOWED)
        report.held = pace is Pace.HELD
        return pace

    async def _tick(self, report: CycleReport) -> bool:
        now = self._clock.now()
        if self._orchestrator is None or not elapsed(self._last_tick, now, self._timing.strategy_every):
            return False
        self._last_tick = now
        report.ticked = True
        with self._errors.guard("strategy", report):
            await self._orchestrator.tick(now)
        return True

    async def _poll(self, pace: Pace, report: CycleReport) -> None:
        if self._market is not None:
            # After the tick, so what the strategy just read is reused rather than read again
            with self._errors.guard("market", report):
                await self._market.refresh(self._clock.now(), slowed=pace is Pace.SLOWED)
        await self._reconcile.run_if_due(report)


async def serve(boot: Boot, loop: MainLoop, stop: anyio.Event) -> BootOutcome:
    """Take the lease, boot, then cycle until `stop`; the stream reader and the loop end together.

    LeaseHeld propagates before anything is started or written.
    """
    boot.take_lease()
    reason = STOP_REQUESTED
    try:
        async with anyio.create_task_group() as group:
            outcome = await boot.run(group)
            await loop.run(stop)
            group.cancel_scope.cancel()
    except anyio.get_cancelled_exc_class():
        reason = "cancelled: the process is shutting down"
        raise
    except BaseException as exc:
        reason = _ended_by(exc)
        raise
    finally:
        loop.shut_down(reason)
    return outcome


def _ended_by(exc: BaseException) -> str:
    # The task group wraps a single failure in a group: name the failure itself
    while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        exc = exc.exceptions[0]
    return f"ended by {type(exc).__name__}: {exc}" if str(exc) else f"ended by {type(exc).__name__}"
