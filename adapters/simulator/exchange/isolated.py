"""Isolated margin (ADR 0087): switching a symbol's margin type, its isolated wallet as fills move it, and
POST /fapi/v1/positionMargin.

A fill that opens or grows an isolated position sets its initial margin (price × qty / leverage) aside from the cross
wallet; the fill's realized PnL and commission settle against the isolated wallet; a fill that reduces it gives the
closed share of the isolated wallet back, and the whole of it when the position is flat. Every move is a
positionMargin/history row (TRADE), like every add or reduce by hand (USER_ADJUST).
"""

from __future__ import annotations

from decimal import Decimal

from adapters.simulator import errors
from adapters.simulator.errors import SimError

from .account import Position
from .amounts import money
from .ledger import MarginChange
from .margin import available_balance
from .state import ExchangeState
from .vocabulary import ZERO

ADD, REDUCE = 1, 2
TRADE, USER_ADJUST = "TRADE", "USER_ADJUST"


def change_margin_type(state: ExchangeState, symbol: str, isolated: bool) -> None:
    """Binance's rules: -4046 unchanged, -4047 with open orders, -4048 with a position."""
    if state.account.is_isolated(symbol) == isolated:
        raise SimError(errors.NO_NEED_TO_CHANGE_MARGIN_TYPE)
    if state.orders.open(symbol) or state.algos.open(symbol):
        raise SimError(errors.MARGIN_TYPE_CHANGE_WITH_OPEN_ORDERS)
    if state.account.position(symbol).amount:
        raise SimError(errors.MARGIN_TYPE_CHANGE_WITH_POSITION)
    state.account.set_isolated(symbol, isolated)


def settle_fill(
    state: ExchangeState,
    before: Position,
    after: Position,
    price: Decimal,
    net: Decimal,
    *,
    release: bool = True,
) -> None:
    """Move an isolated position's wallet for one fill at `price` whose realized PnL less commission is `net`;
    without `release` (the liquidation's own fill) the wallet stays for `liquidation.py` to clear."""
    symbol = after.symbol
    if not state.account.is_isolated(symbol):
        return
    state.account.move_to_isolated(symbol, net)
    signed = after.amount - before.amount
    closed = min(abs(signed), abs(before.amount)) if before.amount * signed < ZERO else ZERO
    grown = abs(signed) - closed
    if closed and release:
        wallet = state.account.isolated_wallet(symbol)
        whole = after.amount == ZERO or grown > ZERO
        share = wallet if whole else money(wallet * closed / abs(before.amount))
        # A flat position leaves no isolated wallet, even one its losses took below 0 (the cross wallet bears that)
        if share > ZERO or (whole and share):
            _move(state, symbol, -share, TRADE)
    if grown:
        _move(state, symbol, money(price * grown / Decimal(state.account.leverage(symbol))), TRADE)


def modify_margin(state: ExchangeState, symbol: str, amount: Decimal, kind: int) -> None:
    """POST /fapi/v1/positionMargin: add (1) from the cross wallet or reduce (2) back to it."""
    if amount <= ZERO:
        raise SimError(errors.AMOUNT_MUST_BE_POSITIVE)
    if amount != money(amount):
        raise SimError(errors.invalid_param("amount"))  # the wallet keeps 8 decimals
    if kind not in (ADD, REDUCE):
        raise SimError(errors.invalid_param("type"))
    if not state.account.is_isolated(symbol):
        raise SimError(errors.ADD_ISOLATED_MARGIN_REJECT)
    if not state.account.position(symbol).amount:
        raise SimError(errors.ADD_ISOLATED_MARGIN_NO_POSITION)
    if kind == ADD:
        if amount > available_balance(state, state.spec(symbol).margin_asset):
            raise SimError(errors.CROSS_BALANCE_INSUFFICIENT)
        _move(state, symbol, amount, USER_ADJUST)
    else:
        if amount > removable(state, symbol):
            raise SimError(errors.ISOLATED_BALANCE_INSUFFICIENT)
        _move(state, symbol, -amount, USER_ADJUST)


def removable(state: ExchangeState, symbol: str) -> Decimal:
    """What may leave the isolated wallet: its margin (wallet + unrealized PnL) above the initial margin at mark."""
    position = state.account.position(symbol)
    mark = state.mark(symbol) or position.entry_price
    initial = abs(position.amount) * mark / Decimal(state.account.leverage(symbol))
    return max(ZERO, money(state.account.isolated_wallet(symbol) + position.unrealized(mark) - initial))


def history(
    state: ExchangeState, symbol: str, kind: int | None, start: int | None, end: int | None, limit: int
) -> list[MarginChange]:
    """Rows of `symbol` (and `kind`) inside [start, end], oldest first, the newest `limit` of them."""
    rows = [
        row
        for row in state.margin_changes
        if row.symbol == symbol
        and (kind is None or row.kind == kind)
        and (start is None or row.time >= start)
        and (end is None or row.time <= end)
    ]
    return rows[-limit:]


def _move(state: ExchangeState, symbol: str, amount: Decimal, delta_type: str) -> None:
    state.account.move_to_isolated(symbol, amount)
    state.margin_changes.append(
        MarginChange(
            symbol=symbol,
            kind=ADD if amount > ZERO else REDUCE,
            delta_type=delta_type,
            amount=abs(amount),
            asset=state.spec(symbol).margin_asset,
            time=state.now(),
        )
    )
