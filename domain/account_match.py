"""Whether the account a rotated key reads is the one a database records (ADR 0051): what must agree, what may drift."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.events import TradeExecuted
from domain.projections.position import after_trade
from domain.projections.state import ProjectionState
from domain.reconciliation import reconcile
from domain.reports import ExchangeSnapshot
from domain.values import ZERO

# Binance lists a user's trades of the last 6 months only: an older trade proves nothing by its absence
TRADE_HISTORY = timedelta(days=180)


@dataclass(frozen=True)
class AccountMatch:
    """refusals: why this is not the database's account (empty: it is); notes: what was not compared, or what the
    bot's first reconcile will correct."""

    refusals: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def same(self) -> bool:
        return not self.refusals


def match_account(snapshot: ExchangeSnapshot, state: ProjectionState, symbol: str) -> AccountMatch:
    """Compare what a key reads (`snapshot`) with what the database knows (`state`).

    Refused: the newest known trade missing from the account's trade history; a position the trades listed since
    do not explain; a wallet asset the account does not hold; and, when no
    trade can be compared, any wallet balance that differs (then the balances are the account's only fingerprint).
    """
    refusals: list[str] = []
    notes: list[str] = []
    traded = _trade_evidence(snapshot, state, refusals, notes)
    expected = state.position(symbol)
    # Unlike a live pass, no fill can be in flight (no bot runs): the exchange's position now is the one to explain
    for fill in reconcile(snapshot, state, symbol):
        if isinstance(fill, TradeExecuted):
            expected = after_trade(expected, fill)
    if expected.quantity != snapshot.position.quantity:
        refusals.append(
            f"position {symbol}: {expected.quantity} in the database (with the trades listed since), "
            f"{snapshot.position.quantity} on the exchange"
        )
    theirs = {b.asset: b.wallet_balance for b in snapshot.balances if b.wallet_balance != ZERO}
    for balance in state.balances():
        if balance.wallet_balance == ZERO or theirs.get(balance.asset) == balance.wallet_balance:
            continue
        where = (
            f"balance {balance.asset}: {balance.wallet_balance} in the database, {theirs.get(balance.asset, 0)} "
            "on the exchange"
        )
        if balance.asset not in theirs or not traded:
            refusals.append(where)
        else:
            notes.append(f"{where} (the bot's first reconcile corrects it)")
    if state.highest_trade_id() is None and not state.balances():
        notes.append("the database knows no trade and no balance: only the key's authentication was checked")
    return AccountMatch(tuple(refusals), tuple(notes))


def _trade_evidence(snapshot: ExchangeSnapshot, state: ProjectionState, refusals: list[str], notes: list[str]) -> bool:
    """Whether the newest known trade could be compared (adding the refusal when the account does not list it)."""
    newest = state.newest_trade()
    if newest is None:
        return False
    if newest.executed_at is not None and snapshot.taken_at - newest.executed_at > TRADE_HISTORY:
        notes.append(f"trade {newest.trade_id}: older than the exchange's 6-month trade history, not compared")
        return False
    if newest.trade_id not in {trade.trade_id for trade in snapshot.trades}:
        refusals.append(f"trade {newest.trade_id}: the newest trade in the database is not in this account's history")
    return True
