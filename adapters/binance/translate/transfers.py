"""The spot host's universal transfer in domain types: the Binance type of each direction, the answer, the history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.binance.messages.base import load
from adapters.binance.messages.universal_transfer import SpotAccount, TransferAnswer, TransferPage
from domain.transfers import TransferDirection, TransferReport

TRANSFER_TYPES = {TransferDirection.TO_FUTURES: "MAIN_UMFUTURE", TransferDirection.TO_SPOT: "UMFUTURE_MAIN"}
# Only a transfer that went through moved funds; PENDING ones are listed again once they settle
CONFIRMED = "CONFIRMED"


def tran_id_from_rest(payload: Any) -> int:
    return load(TransferAnswer, payload, "universal transfer").tran_id


def transfer_page_from_rest(payload: Any, direction: TransferDirection) -> tuple[int, list[TransferReport]]:
    """(total, the page's confirmed transfers) of GET /sapi/v1/asset/transfer for `direction`."""
    page = load(TransferPage, payload, "transfer history")
    wanted = TRANSFER_TYPES[direction]
    rows = [
        TransferReport(row.tran_id, direction, row.asset, row.amount, row.timestamp)
        for row in page.rows
        if row.kind == wanted and row.status == CONFIRMED
    ]
    return page.total, rows


def spot_free_from_rest(payload: Any, asset: str) -> Decimal:
    """The free balance of `asset` in GET /api/v3/account (0 when the wallet does not list it)."""
    found = load(SpotAccount, payload, "spot account")
    return next((row.free for row in found.balances if row.asset == asset), Decimal(0))
