"""Funds moved between the spot and futures wallets: the intent a Transfer command records before it sends, and the
transfer itself, one fact whichever source reports it first (the command, income history, the stream)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.events.envelope import EventPayload
from domain.times import epoch_ms
from domain.transfers import TransferDirection
from domain.values import canonical


@dataclass(frozen=True)
class TransferRequested(EventPayload):
    """Committed before the request leaves: a command that finds it never sends again, it looks the transfer up."""

    TYPE = "transfer.requested.v1"
    command_id: str
    direction: TransferDirection
    asset: str
    amount: Decimal
    requested_at: datetime

    def natural_key(self) -> str:
        return transfer_request_key(self.command_id)


@dataclass(frozen=True)
class TransferMade(EventPayload):
    """Funds entered (amount > 0) or left (< 0) the futures wallet at `made_at`, the venue's time of the change.

    Neither profit nor loss. The stream reports no transfer id, so the identity is the asset, the signed amount and
    the millisecond, which the command's lookup, the income row and the stream's ACCOUNT_UPDATE share (ADR 0090).
    """

    TYPE = "transfer.made.v1"
    asset: str
    amount: Decimal
    made_at: datetime
    tran_id: int | None = None
    command_id: str | None = None

    def natural_key(self) -> str:
        return f"transfer:{self.asset}:{canonical(self.amount)}:{epoch_ms(self.made_at)}"


def transfer_request_key(command_id: str) -> str:
    return f"transfer_request:{command_id}"
