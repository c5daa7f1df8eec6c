"""The loop's reconcile step: a pass when the schedule says so, then settling commands an unknown outcome left SENT."""

from __future__ import annotations

import logging
from datetime import datetime

from application.bot_core import BotCore
from application.cycle import CycleReport
from application.health_board import FAILED_CLOSED
from application.loop_ports import Executor
from application.reconciler import UnsupportedAccount
from application.step_errors import StepErrors
from domain.commands import CommandStatus

log = logging.getLogger("alphaengine.bot")


class ReconcileStep:
    """A failed pass is recorded and retried on the fast interval; a bot failed closed reopens once it reconciles."""

    def __init__(self, core: BotCore, executor: Executor, errors: StepErrors) -> None:
        self._reconciler, self._schedule, self._board = core.reconciler, core.schedule, core.board
        self._commands, self._clock, self._executor, self._errors = core.storage.commands, core.clock, executor, errors

    async def run_if_due(self, report: CycleReport) -> None:
        now = self._clock.now()
        if not self._schedule.due(now):
            return
        try:
            if not self._board.current.ready:
                # Reopening: the account mode that failed the boot may be the reason it is still closed
                await self._reconciler.check_account()
            outcome = await self._reconciler.reconcile()
        except UnsupportedAccount as exc:
            # The account changed under a running bot (a symbol switched to isolated while flat): stop trading
            self._schedule.ran(now, ok=False)
            self._fail_closed(exc)
            return
        except Exception as exc:  # noqa: BLE001 - the exchange is unreachable now; poll fast and try again
            self._schedule.ran(now, ok=False)
            self._board.update(last_reconcile_error=f"{type(exc).__name__}: {exc}")
            self._errors.record("reconcile", exc, report)
            return
        self._schedule.ran(now, ok=True)
        report.reconciled = True
        self._board.update(last_reconcile_at=outcome.taken_at, last_reconcile_error=None)
        self._board.count(drifts_detected=outcome.drifts)
        await self._resolve_in_flight(now, report)

    def _fail_closed(self, exc: UnsupportedAccount) -> None:
        reason = f"reconcile failed: {type(exc).__name__}: {exc}"
        if self._board.current.fail_closed_reason != reason:
            log.error("failing closed, no orders will be sent: %s", reason)
            self._board.publish(boot_phase=FAILED_CLOSED, ready=False, fail_closed_reason=reason)

    async def _resolve_in_flight(self, now: datetime, report: CycleReport) -> None:
        # Commands left SENT by an unknown outcome are settled by lookup once the state is known again
        ready = self._board.current.ready
        if ready and not self._commands.list(CommandStatus.SENT, limit=1):
            self._schedule.unsettled = False
            return
        try:
            await self._executor.resolve_in_flight()
        except Exception as exc:  # noqa: BLE001 - recorded; a bot failed closed stays closed and retries fast
            if not ready:
                self._schedule.ran(now, ok=False)
            self._errors.record("resolve in-flight", exc, report)
            return
        self._schedule.unsettled = bool(self._commands.list(CommandStatus.SENT, limit=1))
        if not ready:
            log.info("reconciled after failing closed: ready, orders allowed again")
            self._board.publish(boot_phase="ready", ready=True, fail_closed_reason=None)
