"""The maintenance-margin model (ADR 0037): when a cross account is due for liquidation, and at which mark.

One rate per symbol (`SymbolSpec.maint_margin_rate`, the first bracket's), no maintenance amount:
maintenance margin = |amount| × mark × rate. Margin balance = wallet + Σ unrealized PnL at mark over the symbols of
one margin asset. The account is due when it holds a position and margin balance ≤ maintenance margin, and in a
margin call from a margin ratio (maintenance margin / margin balance) of MARGIN_CALL_RATIO. Amounts
here are exact (never truncated to 8 decimals), so the liquidation price and the trigger agree to the last digit.
"""

from __future__ import annotations

from decimal import Decimal

from .amounts import price8
from .state import ExchangeState
from .vocabulary import ZERO

# Margin ratio (maintenance margin / margin balance) from which the account is in a margin call: Binance does not
# publish it ("when the user's position risk ratio is too high"); 80 % is where its app starts warning
MARGIN_CALL_RATIO = Decimal("0.8")


def position_maintenance(state: ExchangeState, symbol: str) -> Decimal:
    position = state.account.position(symbol)
    return abs(position.amount) * _mark(state, symbol) * state.spec(symbol).maint_margin_rate


def margin_balance(state: ExchangeState, asset: str) -> Decimal:
    return state.account.wallet(asset) + sum((_unrealized(state, s) for s in _symbols(state, asset)), ZERO)


def maintenance_margin(state: ExchangeState, asset: str) -> Decimal:
    return sum((position_maintenance(state, symbol) for symbol in _symbols(state, asset)), ZERO)


def is_due(state: ExchangeState, asset: str) -> bool:
    """True when the asset's account holds a position and its margin balance is at or below the maintenance margin."""
    return _holds(state, asset) and margin_balance(state, asset) <= maintenance_margin(state, asset)


def in_margin_call(state: ExchangeState, asset: str) -> bool:
    """True when the asset's account holds a position and its margin ratio is at least MARGIN_CALL_RATIO."""
    return _holds(state, asset) and maintenance_margin(state, asset) >= MARGIN_CALL_RATIO * margin_balance(state, asset)


def liquidation_price(state: ExchangeState, symbol: str) -> Decimal:
    """The mark of `symbol` at which the account becomes due, the other symbols' marks held; 0 when flat or never.

    Solves wallet + Σ others (up − mm) + (P − entry) × amount = |amount| × P × rate for P.
    """
    position = state.account.position(symbol)
    if not position.amount:
        return ZERO
    asset = state.spec(symbol).margin_asset
    others = [s for s in _symbols(state, asset) if s != symbol]
    cushion = state.account.wallet(asset) + sum(
        (_unrealized(state, s) - position_maintenance(state, s) for s in others), ZERO
    )
    rate = state.spec(symbol).maint_margin_rate
    price = (position.entry_price * position.amount - cushion) / (position.amount - abs(position.amount) * rate)
    return max(ZERO, price8(price))


def bankruptcy_price(state: ExchangeState, symbol: str) -> Decimal:
    """The mark of `symbol` at which the margin balance would be 0 (exact; the caller rounds it to the tick)."""
    position = state.account.position(symbol)
    return _mark(state, symbol) - margin_balance(state, state.spec(symbol).margin_asset) / position.amount


def _holds(state: ExchangeState, asset: str) -> bool:
    return any(state.account.position(symbol).amount for symbol in _symbols(state, asset))


def _unrealized(state: ExchangeState, symbol: str) -> Decimal:
    position = state.account.position(symbol)
    return (_mark(state, symbol) - position.entry_price) * position.amount


def _mark(state: ExchangeState, symbol: str) -> Decimal:
    return state.mark(symbol) or state.account.position(symbol).entry_price


def _symbols(state: ExchangeState, asset: str) -> list[str]:
    return [symbol for symbol, spec in state.specs.items() if spec.margin_asset == asset]
