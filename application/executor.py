"""Runs claimed commands to ACK or FAILED, or EXPIRED if claimed late; re-running one acts once (ADR 0020, 0050)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from application.commands import controls, entry, orders, transfers
from application.commands.effects import CommandFailure, Effects, Unresolved
from application.in_flight import in_flight
from application.log_context import correlated
from domain.codec import Record
from domain.commands import (
    CancelAll,
    CancelOrder,
    ClosePosition,
    Command,
    CommandPayload,
    CommandRecord,
    CommandStatus,
    PauseEngine,
    PlaceOrder,
    ResumeEngine,
    SetLeverage,
    Transfer,
    UpdateConfig,
)
from domain.events import CommandExpired, CommandFailed, ExchangeErrorRecorded
from domain.times import format_utc
from domain.values import Source
from ports.errors import CommandNotFound, ExchangeRejected, OutcomeUnknown, RateLimited

Handler = Callable[[Effects, Command, Any], Awaitable[Record]]

HANDLERS: dict[type[CommandPayload], Handler] = {
    PlaceOrder: entry.place_order,
    CancelOrder: orders.cancel_order,
    CancelAll: orders.cancel_all,
    ClosePosition: orders.close_position,
    SetLeverage: controls.set_leverage,
    PauseEngine: controls.pause_engine,
    ResumeEngine: controls.resume_engine,
    UpdateConfig: controls.update_config,
    Transfer: transfers.transfer,
}


class Executor:
    """The only caller of the exchange's order endpoints; every effect is an event, every command ends final."""

    def __init__(self, effects: Effects) -> None:
        self._fx = effects

    async def run(self, record: CommandRecord) -> CommandRecord:
        """Execute a claimed (SENT) command, or expire it if claimed late; a final one is returned as stored.

        An unsettled outcome leaves it SENT.
        """
        # Every line logged meanwhile (its requests, its events) names the command's correlation id (ADR 0079)
        with correlated(record.command.correlation_id):
            return await self._run(record)

    async def _run(self, record: CommandRecord) -> CommandRecord:
        current = self._current(record.command.command_id)
        if current.status.is_final:
            return current
        if current.claimed_late:
            return self._expire(current.command, claimed_at=current.updated_at)
        if current.status is not CommandStatus.SENT:
            status = current.status.value
            raise ValueError(f"command {current.command.command_id} is {status}; claim it before running it")
        command = current.command
        refusal = _not_ours(command, self._fx)
        if refusal is not None:
            return self._fail(command, refusal)
        try:
            result = await HANDLERS[type(command.payload)](self._fx, command, command.payload)
        except CommandFailure as failure:
            return self._fail(command, str(failure))
        except ExchangeRejected as error:
            return self._fail(command, f"{command.type} rejected by the exchange: {error.code} {error.message}")
        except (Unresolved, OutcomeUnknown, RateLimited) as error:
            return self._leave_in_flight(command, error)
        return self._fx.commands.mark_acked(command.command_id, result, self._fx.now())

    async def resolve_in_flight(self) -> None:
        """Settle every SENT command, oldest first: intents are looked up and adopted, never sent again (ADR 0048)."""
        for record in self._in_flight():
            await self.run(record)

    def _current(self, command_id: str) -> CommandRecord:
        current = self._fx.commands.get(command_id)
        if current is None:
            raise CommandNotFound(command_id)
        return current

    def _fail(self, command: Command, error: str) -> CommandRecord:
        self._fx.emit(command, CommandFailed(command.command_id, command.type, error), Source.BOT)
        return self._fx.commands.mark_failed(command.command_id, error, self._fx.now())

    def _expire(self, command: Command, claimed_at: datetime) -> CommandRecord:
        # Only a command claimed late: one claimed in time and left SENT by a crash is in flight and is resolved
        expires_at = command.expires_at or claimed_at
        late = (claimed_at - expires_at).total_seconds()
        why = f"expired at {format_utc(expires_at)}, claimed {late:.0f} s later: not executed"
        self._fx.emit(command, CommandExpired(command.command_id, command.type, expires_at, claimed_at), Source.BOT)
        return self._fx.commands.mark_expired(command.command_id, why, self._fx.now())

    def _leave_in_flight(self, command: Command, error: Exception) -> CommandRecord:
        detail = f"{command.type} {command.command_id} left SENT: {error}"
        # A lasting unknown outcome is met at every pass: its state is recorded once, an exchange error each time
        tag = getattr(error, "tag", None) or self._fx.ids.new_id()
        self._fx.emit(
            command,
            ExchangeErrorRecorded(command.type, None, detail, type(error).__name__),
            Source.BOT,
            f"in-flight/{tag}",
        )
        return self._current(command.command_id)

    def _in_flight(self) -> list[CommandRecord]:
        return in_flight(self._fx.commands)


def _not_ours(command: Command, fx: Effects) -> str | None:
    """Why a command queued for another mode, symbol or account must not run here, or None.

    Another mode's command would trade the wrong account (ADR 0046). A symbol change waits for a restart (ADR 0044): a
    command queued before it names what the bot traded then, and running it on the new symbol would close or pause
    something the user never pointed at; one with an intent is still resolved.
    """
    asked, here = command.scope, fx.scope
    if asked.mode != here.mode:
        return (
            f"scope.mode: the command is for {asked.mode.value} but this bot runs in {here.mode.value}; "
            "it was not executed"
        )
    if (asked.symbol, asked.account_id) == (here.symbol, here.account_id) or fx.commands.order_links(
        command.command_id
    ):
        return None
    return (
        f"queued for {asked.symbol} on account {asked.account_id}, but the bot now trades {here.symbol} on "
        f"account {here.account_id}; queue it again"
    )
