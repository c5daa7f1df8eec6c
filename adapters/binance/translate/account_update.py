"""ACCOUNT_UPDATE → BalanceChanged/PositionChanged; ACCOUNT_CONFIG_UPDATE → LeverageChanged;
MARGIN_CALL → MarginCalled.

m=DEPOSIT / WITHDRAW also yields TransferMade (the same fact as the income row's, ADR 0090).
m=FUNDING_FEE yields the balance only, never FundingApplied: REST income is the one source of funding facts, since
its time is the exact funding instant (the dedup key is (asset, funding time)) and this frame's T is not.
Positions: only the configured symbol's one-way (ps=BOTH) row; hedge-mode rows are ignored (the bot checks the
position mode over REST). ACCOUNT_CONFIG_UPDATE `ai` (multi-assets mode) changes nothing the domain models → nothing.
MARGIN_CALL gives one MarginCalled per position it lists, whatever the symbol (ADR 0054): the call is about the
account, whose cross wallet the configured symbol's position shares, and an operator must see it.
"""

from __future__ import annotations

from adapters.binance.messages.account_config_update import AccountConfigUpdate
from adapters.binance.messages.account_update import AccountUpdate
from adapters.binance.messages.base import Body, read
from adapters.binance.messages.errors import MalformedPayload
from adapters.binance.messages.margin_call import MarginCall
from adapters.binance.messages.wire import ONE_WAY
from domain.events import BalanceChanged, LeverageChanged, MarginCalled, PositionChanged, TransferMade

TRANSFER_REASONS = frozenset({"DEPOSIT", "WITHDRAW"})


def translate_account_update(message: Body, symbol: str) -> list[BalanceChanged | PositionChanged | TransferMade]:
    frame = read(AccountUpdate, message, "ACCOUNT_UPDATE")
    account, at = frame.account, frame.transaction_time
    reason = account.reason
    balances = [
        BalanceChanged(row.asset, row.wallet_balance, row.cross_wallet_balance, reason, at) for row in account.balances
    ]
    positions = [
        PositionChanged(row.quantity, row.entry_price, reason, at)
        for row in account.positions
        if row.symbol == symbol and row.position_side == ONE_WAY
    ]
    return [*balances, *positions, *_transfers(frame)]


def _transfers(frame: AccountUpdate) -> list[TransferMade]:
    """m=DEPOSIT / WITHDRAW is a spot↔futures transfer (fixtures 2026): `bc` is its signed amount, T its time."""
    if frame.account.reason not in TRANSFER_REASONS:
        return []
    return [
        TransferMade(row.asset, row.balance_change, frame.transaction_time)
        for row in frame.account.balances
        if row.balance_change
    ]


def translate_account_config_update(message: Body, symbol: str) -> list[LeverageChanged]:
    frame = read(AccountConfigUpdate, message, "ACCOUNT_CONFIG_UPDATE")
    leverage = frame.leverage
    if leverage is None and frame.multi_assets is None:
        raise MalformedPayload("ACCOUNT_CONFIG_UPDATE: neither `ac` (leverage) nor `ai` (multi-assets mode)")
    if leverage is None or leverage.symbol != symbol:
        return []
    return [LeverageChanged(leverage.leverage, frame.transaction_time)]


def translate_margin_call(message: Body, symbol: str) -> list[MarginCalled]:
    frame = read(MarginCall, message, "MARGIN_CALL")
    wallet, at = frame.cross_wallet_balance, frame.event_time
    return [
        MarginCalled(
            row.symbol,
            row.position_side,
            row.margin_type,
            row.quantity,
            row.mark_price,
            row.unrealized_pnl,
            row.maintenance_margin,
            row.isolated_wallet,
            wallet,
            at,
        )
        for row in frame.positions
    ]
