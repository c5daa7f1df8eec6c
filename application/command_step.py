"""The loop's command step: claim what the web and the strategy queued and hand it to the executor."""

from __future__ import annotations

import logging
from collections.abc import Callable

from application.bot_core import BotCore
from application.cycle import CycleReport
from application.event_writer import EventWriter
from application.loop_ports import Executor
from application.step_errors import StepErrors
from domain.commands import Command, CommandRecord, CommandStatus
from domain.events import CommandFailed
from domain.values import Source

log = logging.getLogger("alphaengine.bot")


class CommandStep:
    """Runs up to `per_cycle` commands, best priority first; a raising executor fails the command, not the loop.

    After each command the loop's `fold` brings its facts into the projections, so the next command and the strategy
    see them; a fold that fails closed ends the step (a bot failed closed runs no command).
    """

    def __init__(
        self,
        core: BotCore,
        executor: Executor,
        writer: EventWriter,
        errors: StepErrors,
        per_cycle: int,
        fold: Callable[[CycleReport], bool],
    ) -> None:
        self._commands, self._schedule = core.storage.commands, core.schedule
        self._clock, self._executor, self._writer, self._errors = core.clock, executor, writer, errors
        self._per_cycle, self._fold = per_cycle, fold

    async def run(self, report: CycleReport) -> None:
        for _ in range(self._per_cycle):
            record = None
            with self._errors.guard("commands", report):
                record = self._claim()
            if record is None:
                return
            report.commands += 1
            await self._execute(record, report)
            if not self._fold(report):
                return

    def waiting(self) -> bool:
        """Whether a command is queued; a store that cannot say counts as no (the next cycle records its failure)."""
        try:
            return bool(self._commands.list(CommandStatus.NEW, limit=1))
        except Exception:  # noqa: BLE001 - only a wake-up hint; the command step itself reports storage failures
            return False

    def _claim(self) -> CommandRecord | None:
        # A read first: claiming is a write transaction, too dear to take 20 times a second for nothing
        if not self._commands.list(CommandStatus.NEW, limit=1):
            return None
        return self._commands.claim_next(self._clock.now())

    async def _execute(self, record: CommandRecord, report: CycleReport) -> None:
        command = record.command
        try:
            await self._executor.run(record)
        except Exception as exc:  # noqa: BLE001 - the command fails, the loop does not
            with self._errors.guard("commands", report):
                self._fail(command, exc, report)

    def _fail(self, command: Command, exc: Exception, report: CycleReport) -> None:
        error = f"{type(exc).__name__}: {exc}"
        log.error("command %s (%s) raised: %s", command.command_id, command.type, error, exc_info=exc)
        if self._commands.order_links(command.command_id):
            # An intent was committed, so a request may have reached the exchange: FAILED could hide a live order.
            # It stays SENT for the next boot's in-flight resolution; a reconcile adopts whatever exists meanwhile
            self._schedule.request()
            self._errors.record("commands", exc, report, raw=f"command {command.command_id} left SENT")
            return
        report.errors.append(f"command {command.command_id}: {error}")
        self._commands.mark_failed(command.command_id, error, self._clock.now())
        self._writer.append([CommandFailed(command.command_id, command.type, error)], Source.BOT)
