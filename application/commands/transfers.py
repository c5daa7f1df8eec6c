"""Transfer: funds between the spot and futures wallets, sent at most once (ADR 0090).

The intent (TransferRequested) is in the log before the request leaves. A command that finds its intent there never
sends again: the transfer history says whether it was made. The venue takes no client id for a transfer, so a lost
answer is matched by asset, amount and time to a listed transfer no other command claimed; only after
`fx.settle_after` without one is the transfer taken as never made.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from application.commands.effects import CommandFailure, Effects, Unresolved
from domain.codec import Record
from domain.commands import Command, Transfer
from domain.events import TransferMade, TransferRequested, transfer_request_key
from domain.times import format_utc
from domain.transfers import TransferReport, made_by, transfer_refusal
from domain.values import Source
from ports.errors import ExchangeError, OutcomeUnknown
from ports.event_store import EventQuery

# The venue stamps a transfer with its own clock: look this far before the intent so a skew never hides it
CLOCK_MARGIN = timedelta(seconds=10)
# How many recent transfer facts are read to know which transfers other commands already claimed
LOG_LOOKBACK = 1000


async def transfer(fx: Effects, command: Command, payload: Transfer) -> Record:
    refusal = transfer_refusal(payload.asset, payload.amount)
    if refusal is not None:
        raise CommandFailure(f"Transfer {refusal}")
    intent = _intent(fx, command)
    if intent is not None:
        return await _settle(fx, command, payload, intent.requested_at, None)
    requested_at = fx.now()
    fx.emit(
        command,
        TransferRequested(command.command_id, payload.direction, payload.asset, payload.amount, requested_at),
        Source.BOT,
    )
    try:
        tran_id = await fx.gateway.transfer(payload.direction, payload.asset, payload.amount)
    except OutcomeUnknown as unknown:
        raise Unresolved(
            f"Transfer of {payload.amount} {payload.asset}: outcome unknown ({unknown}); never sent again, "
            "the transfer history settles it",
            tag=f"transfer/{command.command_id}",
        ) from unknown
    return await _settle(fx, command, payload, requested_at, tran_id)


async def _settle(
    fx: Effects, command: Command, payload: Transfer, requested_at: datetime, tran_id: int | None
) -> Record:
    listed = await fx.gateway.transfer_history(payload.direction, requested_at - CLOCK_MARGIN)
    taken = _claimed_by_others(fx, command)
    found = made_by(listed, payload.asset, payload.amount, tran_id, requested_at - CLOCK_MARGIN, taken)
    if found is None:
        raise _unsettled(fx, command, payload, requested_at, tran_id)
    made = TransferMade(
        found.asset, found.amount * payload.direction.sign, found.made_at, found.tran_id, command.command_id
    )
    fx.emit(command, made, Source.REST)
    return {**_result(found), **await _spot_after(fx, found.asset)}


async def _spot_after(fx: Effects, asset: str) -> Record:
    """The spot wallet after the transfer, for the dashboard; a failed read leaves it out, never fails the transfer."""
    try:
        free = await fx.gateway.spot_balance(asset)
    except ExchangeError:
        return {}
    return {"spot_balance": str(free), "spot_read_at": format_utc(fx.now())}


def _unsettled(
    fx: Effects, command: Command, payload: Transfer, requested_at: datetime, tran_id: int | None
) -> Exception:
    """Not listed yet: still unknown, or (no id, and settle_after gone by) never made."""
    waited = fx.now() - requested_at
    if tran_id is None and waited >= fx.settle_after:
        return CommandFailure(
            f"Transfer of {payload.amount} {payload.asset}: not in the transfer history {waited} after it was "
            "sent, so it was not made; queue it again if it is still wanted"
        )
    shown = "its id" if tran_id is None else f"tranId {tran_id}"
    return Unresolved(
        f"Transfer of {payload.amount} {payload.asset}: {shown} not in the transfer history yet; looked up again, "
        "never sent again",
        tag=f"transfer-unlisted/{command.command_id}",
    )


def _intent(fx: Effects, command: Command) -> TransferRequested | None:
    """The intent this command recorded before it sent, if it got that far."""
    stored = fx.events.get_by_dedup_key(f"{fx.scope.symbol}:{transfer_request_key(command.command_id)}")
    payload = None if stored is None else stored.event.payload
    return payload if isinstance(payload, TransferRequested) else None


def _claimed_by_others(fx: Effects, command: Command) -> set[int]:
    recent = fx.events.query(EventQuery(types=(TransferMade.TYPE,), limit=LOG_LOOKBACK))
    return {
        stored.event.payload.tran_id
        for stored in recent
        if isinstance(stored.event.payload, TransferMade)
        and stored.event.payload.tran_id is not None
        and stored.event.payload.command_id not in (None, command.command_id)
    }


def _result(found: TransferReport) -> Record:
    return {
        "tran_id": found.tran_id,
        "direction": found.direction.value,
        "asset": found.asset,
        "amount": str(found.amount),
    }
