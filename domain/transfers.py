"""Funds moved between the spot wallet and the futures wallet (PRD §2.1): the direction, what the venue lists, and
which listed transfer a command that lost its answer made."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from domain.values import ZERO

# An amount is a whole account's worth at most, on the venue's 8-decimal grid
MAX_TRANSFER_AMOUNT = Decimal("1000000000")
TRANSFER_DECIMALS = 8
ASSET_PATTERN = re.compile(r"^[A-Z0-9]{2,20}$")


class TransferDirection(str, Enum):
    TO_FUTURES = "TO_FUTURES"
    TO_SPOT = "TO_SPOT"

    @property
    def sign(self) -> int:
        """+1 when the futures wallet gains, −1 when it gives."""
        return 1 if self is TransferDirection.TO_FUTURES else -1


@dataclass(frozen=True)
class TransferReport:
    """One transfer as the venue's transfer history lists it; amount is positive, the direction says which way."""

    tran_id: int
    direction: TransferDirection
    asset: str
    amount: Decimal
    made_at: datetime


def transfer_refusal(asset: str, amount: Decimal) -> str | None:
    """Why a transfer of `amount` `asset` cannot be asked for (naming the field), or None."""
    if not ASSET_PATTERN.match(asset):
        return "asset: must be 2-20 capital letters or digits, like USDT"
    if not amount.is_finite() or amount <= ZERO or amount > MAX_TRANSFER_AMOUNT:
        return f"amount: must be more than 0 and at most {MAX_TRANSFER_AMOUNT}"
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -TRANSFER_DECIMALS:
        return f"amount: must have at most {TRANSFER_DECIMALS} decimals"
    return None


def made_by(
    listed: Iterable[TransferReport],
    asset: str,
    amount: Decimal,
    tran_id: int | None,
    not_before: datetime,
    taken: Collection[int],
) -> TransferReport | None:
    """The listed transfer a command made: the one with its tranId when the answer gave it, else the earliest of the
    same asset and amount listed from `not_before` on that no other command has claimed (`taken`)."""
    if tran_id is not None:
        return next((row for row in listed if row.tran_id == tran_id), None)
    candidates = [
        row
        for row in listed
        if row.asset == asset and row.amount == amount and row.made_at >= not_before and row.tran_id not in taken
    ]
    return min(candidates, key=lambda row: (row.made_at, row.tran_id), default=None)
