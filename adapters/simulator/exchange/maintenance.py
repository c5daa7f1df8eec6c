"""The maintenance-margin model (ADRs 0037, 0087): when a position or a cross account is due for liquidation, and at
which mark.

Maintenance margin of a position = |notional at mark| × maintMarginRatio − cum of the bracket that notional falls in
(brackets.py). Cross: margin balance = cross wallet + Σ unrealized PnL of the asset's cross positions; the account is
due when it holds a cross position and margin balance ≤ Σ their maintenance margins, and in a margin call from a
margin ratio (maintenance margin / margin balance) of MARGIN_CALL_RATIO. Isolated: a position is due on its own when
its isolated wallet + its unrealized PnL ≤ its maintenance margin; nothing else counts. Amounts here are exact (never
truncated to 8 decimals), so the liquidation price and the trigger agree to the last digit.
"""

from __future__ import annotations

from decimal import Decimal

from .amounts import price8
from .brackets import bracket_of
from .state import ExchangeState
from .vocabulary import ZERO

# Margin ratio (maintenance margin / margin balance) from which the account is in a margin call: Binance does not
# publish it ("when the user's position risk ratio is too high"); 80 % is where its app starts warning
MARGIN_CALL_RATIO = Decimal("0.8")


def position_maintenance(state: ExchangeState, symbol: str) -> Decimal:
    position = state.account.position(symbol)
    if not position.amount:
        return ZERO
    notional = abs(position.amount) * _mark(state, symbol)
    return bracket_of(state.spec(symbol).brackets, notional).maintenance(notional)


def margin_balance(state: ExchangeState, asset: str) -> Decimal:
    """The cross margin balance: the cross wallet and the unrealized PnL of the asset's cross positions."""
    return state.account.cross_wallet(asset) + sum((_unrealized(state, s) for s in _cross(state, asset)), ZERO)


def maintenance_margin(state: ExchangeState, asset: str) -> Decimal:
    return sum((position_maintenance(state, symbol) for symbol in _cross(state, asset)), ZERO)


def is_due(state: ExchangeState, asset: str) -> bool:
    """True when the asset's account holds a cross position and its margin balance is at or below the maintenance."""
    return _holds(state, asset) and margin_balance(state, asset) <= maintenance_margin(state, asset)


def isolated_is_due(state: ExchangeState, symbol: str) -> bool:
    """True when `symbol` holds an isolated position whose isolated margin is at or below its maintenance margin."""
    if not state.account.is_isolated(symbol) or not state.account.position(symbol).amount:
        return False
    return _equity(state, symbol) <= position_maintenance(state, symbol)


def in_margin_call(state: ExchangeState, asset: str) -> bool:
    """True when the asset's account holds a cross position and its margin ratio is at least MARGIN_CALL_RATIO."""
    return _holds(state, asset) and maintenance_margin(state, asset) >= MARGIN_CALL_RATIO * margin_balance(state, asset)


def liquidation_price(state: ExchangeState, symbol: str) -> Decimal:
    """The mark of `symbol` at which its position becomes due, the other symbols' marks held; 0 when flat or never.

    Solves cushion + (P − entry) × amount = |amount| × P × ratio − cum for P in each bracket and keeps the solution
    whose notional lies in that bracket; the cushion is the isolated wallet, or the cross wallet plus the other cross
    positions' unrealized PnL less their maintenance margins.
    """
    position = state.account.position(symbol)
    if not position.amount:
        return ZERO
    cushion = _cushion(state, symbol)
    size = abs(position.amount)
    table = state.spec(symbol).brackets
    for row in table:
        price = (position.entry_price * position.amount - cushion - row.cum) / (
            position.amount - size * row.maint_margin_ratio
        )
        if row.notional_floor <= size * price < row.notional_cap or row is table[-1]:
            return max(ZERO, price8(price))
    return ZERO  # unreachable: the last bracket always answers


def bankruptcy_price(state: ExchangeState, symbol: str) -> Decimal:
    """The mark of `symbol` at which its margin would be 0 (exact; the caller rounds it to the tick)."""
    position = state.account.position(symbol)
    return _mark(state, symbol) - _equity(state, symbol) / position.amount


def _equity(state: ExchangeState, symbol: str) -> Decimal:
    """What stands behind the position: its isolated margin, or the whole cross margin balance."""
    if state.account.is_isolated(symbol):
        return state.account.isolated_wallet(symbol) + _unrealized(state, symbol)
    return margin_balance(state, state.spec(symbol).margin_asset)


def _cushion(state: ExchangeState, symbol: str) -> Decimal:
    if state.account.is_isolated(symbol):
        return state.account.isolated_wallet(symbol)
    asset = state.spec(symbol).margin_asset
    others = [s for s in _cross(state, asset) if s != symbol]
    return state.account.cross_wallet(asset) + sum(
        (_unrealized(state, s) - position_maintenance(state, s) for s in others), ZERO
    )


def _holds(state: ExchangeState, asset: str) -> bool:
    return any(state.account.position(symbol).amount for symbol in _cross(state, asset))


def _unrealized(state: ExchangeState, symbol: str) -> Decimal:
    position = state.account.position(symbol)
    return (_mark(state, symbol) - position.entry_price) * position.amount


def _mark(state: ExchangeState, symbol: str) -> Decimal:
    return state.mark(symbol) or state.account.position(symbol).entry_price


def _cross(state: ExchangeState, asset: str) -> list[str]:
    return [
        symbol
        for symbol, spec in state.specs.items()
        if spec.margin_asset == asset and not state.account.is_isolated(symbol)
    ]
