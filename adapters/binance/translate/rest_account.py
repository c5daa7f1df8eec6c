"""positionRisk v2/v3 → PositionReport; balance and account v2/v3 → BalanceReport; symbolConfig; position mode;
accountConfig's canTrade; apiRestrictions → KeyPermissions.

Binance stamps never-moved rows with updateTime 0; the epoch would make the bot treat them as stale forever, so
such rows take the caller's `taken_at` (when the snapshot was read) instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.binance.messages.account_config import AccountConfig
from adapters.binance.messages.api_restrictions import ApiRestrictions
from adapters.binance.messages.balance import Account, AccountAsset, Balance
from adapters.binance.messages.base import load, load_list
from adapters.binance.messages.errors import MalformedPayload
from adapters.binance.messages.position_mode import PositionMode
from adapters.binance.messages.position_risk import PositionRisk
from adapters.binance.messages.symbol_config import SymbolLeverage
from adapters.binance.messages.wire import ONE_WAY
from adapters.binance.translate.errors import HedgeModePosition
from domain.reports import BalanceReport, KeyPermissions, PositionReport
from domain.values import ZERO


def position_from_rest(payload: Any, symbol: str, taken_at: datetime) -> PositionReport:
    """The one-way position; flat when v3 omits the symbol (it lists only symbols with a position or order)."""
    _require_aware(taken_at)
    rows = [row for row in load_list(PositionRisk, payload, "positionRisk") if row.symbol == symbol]
    hedged = [row for row in rows if row.position_side != ONE_WAY and row.quantity != ZERO]
    if hedged:
        sides = ", ".join(f"{row.position_side} {row.quantity}" for row in hedged)
        raise HedgeModePosition(f"positionRisk: {symbol} has hedge-mode positions ({sides}); the bot trades one-way")
    one_way = [row for row in rows if row.position_side == ONE_WAY]
    if len(one_way) > 1:
        raise MalformedPayload(f"positionRisk: {len(one_way)} one-way rows for {symbol}")
    if not one_way:
        # Mark price unknown without a row; nothing in the domain reads it off a flat report
        return PositionReport(ZERO, ZERO, ZERO, ZERO, None, taken_at)
    row = one_way[0]
    return PositionReport(
        quantity=row.quantity,
        entry_price=row.entry_price,
        mark_price=row.mark_price,
        unrealized_pnl=row.unrealized_pnl,
        leverage=row.leverage,
        updated_at=row.update_time or taken_at,
    )


def balances_from_rest(payload: Any, taken_at: datetime) -> list[BalanceReport]:
    """/fapi/v2|v3/balance rows (every asset: balances belong to the account, not to a symbol)."""
    _require_aware(taken_at)
    return [_balance(row, taken_at) for row in load_list(Balance, payload, "balance")]


def balances_from_account(payload: Any, taken_at: datetime) -> list[BalanceReport]:
    """The assets[] of /fapi/v2|v3/account."""
    _require_aware(taken_at)
    return [_balance(row, taken_at) for row in load(Account, payload, "account").assets]


def leverage_from_symbol_config(payload: Any, symbol: str) -> int | None:
    """symbolConfig's leverage of `symbol` (positionRisk v3 no longer carries it); None if not listed."""
    rows = load_list(SymbolLeverage, payload, "symbolConfig")
    return next((row.leverage for row in rows if row.symbol == symbol), None)


def isolated_from_symbol_config(payload: Any, symbol: str) -> bool:
    """Whether symbolConfig lists `symbol` with marginType ISOLATED, which the bot refuses to trade (ADR 0087)."""
    rows = load_list(SymbolLeverage, payload, "symbolConfig")
    return any(row.symbol == symbol and row.margin_type == "ISOLATED" for row in rows)


def is_hedge_mode(payload: Any) -> bool:
    """GET /fapi/v1/positionSide/dual: True means Hedge Mode, which the bot refuses to trade in."""
    return load(PositionMode, payload, "positionSide/dual").dual_side


def can_trade_from_rest(payload: Any) -> bool:
    """GET /fapi/v1/accountConfig: whether the futures account may trade."""
    return load(AccountConfig, payload, "accountConfig").can_trade


def key_permissions_from_rest(payload: Any) -> KeyPermissions:
    """GET /sapi/v1/account/apiRestrictions: what the API key may do."""
    found = load(ApiRestrictions, payload, "apiRestrictions")
    return KeyPermissions(
        reading=found.enable_reading,
        futures=found.enable_futures,
        withdrawals=found.enable_withdrawals,
        ip_restricted=found.ip_restrict,
    )


def _balance(row: Balance | AccountAsset, taken_at: datetime) -> BalanceReport:
    return BalanceReport(
        asset=row.asset,
        wallet_balance=row.wallet_balance,
        cross_wallet_balance=row.cross_wallet_balance,
        available_balance=row.available_balance,
        updated_at=row.update_time or taken_at,
    )


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"taken_at {moment!r} is naive; times must be aware UTC")
