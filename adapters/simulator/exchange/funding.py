"""Funding settlement: every open position pays or receives notional × rate (longs pay when the rate is > 0)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from . import announce
from .amounts import money
from .ledger import IncomeRow, IncomeType
from .state import ExchangeState
from .times import to_millis
from .vocabulary import ZERO


def settle_funding(
    state: ExchangeState, symbol: str, rate: Decimal, mark_price: Decimal, funding_time: datetime | int
) -> IncomeRow | None:
    """Pay/receive funding on `symbol`'s position; None when flat (only open positions take part) or the fee is 0.

    The income row is stamped with the funding time exactly (fixture rest_income_funding_fee_papi_2024: …600000);
    the ACCOUNT_UPDATE (m=FUNDING_FEE, balances only, `bc` = the amount) carries the processing time.
    """
    position = state.account.position(symbol)
    if position.amount == ZERO:
        return None
    amount = money(-position.amount * mark_price * rate)
    if amount == ZERO:
        return None
    now = state.now()
    asset = state.spec(symbol).margin_asset
    state.account.credit(asset, amount, now)
    if state.account.is_isolated(symbol):
        state.account.move_to_isolated(symbol, amount)  # an isolated position pays and earns from its own wallet
    row = IncomeRow(
        tran_id=state.ids.tran_id(),
        symbol=symbol,
        income_type=IncomeType.FUNDING_FEE,
        income=amount,
        asset=asset,
        time=to_millis(funding_time),
    )
    state.ledger.add_income(row)
    announce.funding(state, symbol, amount, now)
    return row
