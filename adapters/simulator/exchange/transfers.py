"""Universal transfers between the spot and futures wallets (MAIN_UMFUTURE, UMFUTURE_MAIN) and their history."""

from __future__ import annotations

from decimal import Decimal

from adapters.simulator import errors
from adapters.simulator.errors import SimError

from . import announce
from .amounts import decimals_of
from .events import UpdateReason
from .ledger import IncomeRow, IncomeType
from .margin import available_balance
from .spot_wallet import Transfer, TransferType
from .state import ExchangeState
from .times import DAY_MS
from .vocabulary import ZERO

MAX_DECIMALS = 8
HISTORY_WINDOW_MS = 7 * DAY_MS


def transfer(state: ExchangeState, kind: str, asset: str, amount: Decimal) -> Transfer:
    """Move `amount` of `asset` between the spot wallet and the futures wallet, or raise SimError as Binance does."""
    direction = _kind(kind)
    if not amount.is_finite() or amount <= ZERO or decimals_of(amount) > MAX_DECIMALS:
        raise SimError(errors.invalid_param("amount"))
    now = state.now()
    spot = state.spot
    if direction is TransferType.MAIN_UMFUTURE:
        if spot.free(asset) < amount:
            raise SimError(errors.TRANSFER_INSUFFICIENT_BALANCE)
        spot.credit(asset, -amount, now)
        signed = amount
    else:
        if asset not in state.account.assets or available_balance(state, asset) < amount:
            raise SimError(errors.TRANSFER_INSUFFICIENT_BALANCE)
        spot.credit(asset, amount, now)
        signed = -amount
    state.account.credit(asset, signed, now)
    record = Transfer(state.ids.tran_id(), direction, asset, amount, now)
    spot.transfers.append(record)
    state.ledger.add_income(IncomeRow(record.tran_id, "", IncomeType.TRANSFER, signed, asset, now))
    reason = UpdateReason.DEPOSIT if signed > ZERO else UpdateReason.WITHDRAW
    announce.balance_only(state, asset, signed, reason, now)
    return record


def history(
    state: ExchangeState, kind: str, start: int | None, end: int | None, current: int, size: int
) -> tuple[int, list[Transfer]]:
    """(total, the page `current` of `size` rows), newest first; no times → the last 7 days (Binance's rule)."""
    direction = _kind(kind)
    if current < 1:
        raise SimError(errors.invalid_param("current"))
    if not 1 <= size <= 100:
        raise SimError(errors.invalid_param("size"))
    if start is None and end is None:
        end = state.now()
        start = end - HISTORY_WINDOW_MS
    rows = [
        row
        for row in reversed(state.spot.transfers)
        if row.kind is direction and (start is None or row.timestamp >= start) and (end is None or row.timestamp <= end)
    ]
    first = (current - 1) * size
    return len(rows), rows[first : first + size]


def _kind(kind: str) -> TransferType:
    try:
        return TransferType(kind)
    except ValueError:
        raise SimError(errors.invalid_param("type")) from None
