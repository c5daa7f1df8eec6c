"""The spot host's wallet: POST /sapi/v1/asset/transfer's answer, GET /sapi/v1/asset/transfer's page and the
balances of GET /api/v3/account."""

from __future__ import annotations

from msgspec import field

from adapters.binance.messages.base import Message
from adapters.binance.messages.wire import Amount, Id, UtcTime


class TransferAnswer(Message, frozen=True, kw_only=True):
    tran_id: Id = field(name="tranId")


class TransferRow(Message, frozen=True, kw_only=True):
    """One history row; `type` is MAIN_UMFUTURE, UMFUTURE_MAIN or any other pair of wallets."""

    asset: str = field(name="asset")
    amount: Amount = field(name="amount")
    kind: str = field(name="type")
    status: str = field(name="status")
    tran_id: Id = field(name="tranId")
    timestamp: UtcTime = field(name="timestamp")


class TransferPage(Message, frozen=True, kw_only=True):
    """Binance leaves `rows` out of an empty page."""

    total: int = field(name="total")
    rows: list[TransferRow] = field(default_factory=list, name="rows")


class SpotBalance(Message, frozen=True, kw_only=True):
    asset: str = field(name="asset")
    free: Amount = field(name="free")
    locked: Amount = field(name="locked")


class SpotAccount(Message, frozen=True, kw_only=True):
    balances: list[SpotBalance] = field(name="balances")
