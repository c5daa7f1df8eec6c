"""The spot wallet beside the futures account and the universal transfers it has made.

A transfer moves the futures wallet as Binance shows it: an ACCOUNT_UPDATE with reason DEPOSIT or WITHDRAW (fixtures
ws_account_update_deposit_2026 / _withdraw_2026) and a TRANSFER income row. The income row carries the transfer's own
tranId, so a reader can match the two histories (the simulator's choice; Binance documents no link).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from .vocabulary import ZERO


class TransferType(str, Enum):
    MAIN_UMFUTURE = "MAIN_UMFUTURE"
    UMFUTURE_MAIN = "UMFUTURE_MAIN"


@dataclass(frozen=True)
class Transfer:
    """One universal transfer as GET /sapi/v1/asset/transfer lists it (every transfer here is CONFIRMED at once)."""

    tran_id: int
    kind: TransferType
    asset: str
    amount: Decimal
    timestamp: int
    status: str = "CONFIRMED"


class SpotWallet:
    """Free balance per asset (nothing is ever locked: the simulator has no spot orders) and its last change."""

    def __init__(self, balances: Mapping[str, Decimal]) -> None:
        self._free = {asset: Decimal(amount) for asset, amount in balances.items()}
        self.update_time = 0
        self.transfers: list[Transfer] = []

    def balances(self) -> dict[str, Decimal]:
        return dict(self._free)

    def free(self, asset: str) -> Decimal:
        return self._free.get(asset, ZERO)

    def credit(self, asset: str, amount: Decimal, now: int) -> None:
        self._free[asset] = self.free(asset) + amount
        self.update_time = now
