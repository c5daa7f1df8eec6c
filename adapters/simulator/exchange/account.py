"""The account: wallet balances, one-way positions (signed amount, weighted entry), leverage, margin types.

An isolated position's wallet (`iw`) is a part of its asset's wallet balance set aside for it (ADR 0087): the cross
wallet is the wallet balance less every isolated wallet of the asset, as Binance's `cw` < `wb` shows
(ws_account_update_isolated_short_open_2021).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from .amounts import money, price8
from .symbols import SymbolSpec
from .vocabulary import ZERO, Side


@dataclass(frozen=True)
class Position:
    """One-way (BOTH) position: amount > 0 long, < 0 short; `accumulated_realized` is the pre-fee `cr`."""

    symbol: str
    amount: Decimal = ZERO
    entry_price: Decimal = ZERO
    accumulated_realized: Decimal = ZERO
    update_time: int = 0

    def unrealized(self, mark: Decimal) -> Decimal:
        return money((mark - self.entry_price) * self.amount) if self.amount else ZERO

    def break_even(self, taker_rate: Decimal) -> Decimal:
        """Entry moved by the taker fee against the position: 67445.9 long at 0.05 % → 67479.62295 (fixture)."""
        if not self.amount:
            return ZERO
        direction = 1 if self.amount > ZERO else -1
        return price8(self.entry_price * (1 + direction * taker_rate))

    def reducible_by(self, side: Side) -> Decimal:
        """How much an order of `side` can reduce: the position size when it points the other way, else 0."""
        return abs(self.amount) if self.amount * side.sign < ZERO else ZERO


def apply_trade(position: Position, side: Side, qty: Decimal, price: Decimal) -> tuple[Position, Decimal]:
    """Position after a fill and the fill's realized PnL, (price − entry) × closed qty × sign, fees excluded."""
    signed = qty * side.sign
    if position.amount == ZERO or position.amount * signed > ZERO:
        return _grow(position, signed, price), ZERO
    closed = min(qty, abs(position.amount))
    direction = 1 if position.amount > ZERO else -1
    realized = money((price - position.entry_price) * closed * direction)
    amount = position.amount + signed
    entry = ZERO if amount == ZERO else (price if amount * position.amount < ZERO else position.entry_price)
    grown = replace(
        position, amount=amount, entry_price=entry, accumulated_realized=position.accumulated_realized + realized
    )
    return grown, realized


def _grow(position: Position, signed: Decimal, price: Decimal) -> Position:
    size = abs(position.amount)
    amount = position.amount + signed
    entry = price8((size * position.entry_price + abs(signed) * price) / abs(amount))
    return replace(position, amount=amount, entry_price=entry)


class Account:
    """Wallet per margin asset, a position, a leverage and a margin type per symbol; single-asset margin."""

    def __init__(self, specs: Iterable[SymbolSpec], balances: Mapping[str, Decimal], funded_at: int) -> None:
        specs = list(specs)
        self._wallet = {asset: Decimal(amount) for asset, amount in balances.items()}
        for spec in specs:
            self._wallet.setdefault(spec.margin_asset, ZERO)
        self._positions = {spec.symbol: Position(spec.symbol) for spec in specs}
        self._leverage = {spec.symbol: spec.default_leverage for spec in specs}
        self._asset_of = {spec.symbol: spec.margin_asset for spec in specs}
        self._isolated_wallet: dict[str, Decimal] = {}
        # Every asset was last changed when the account was funded, until a credit changes it (never 0: a client
        # skips assets whose updateTime is 0)
        self._changed_at = dict.fromkeys(self._wallet, funded_at)

    @property
    def assets(self) -> tuple[str, ...]:
        return tuple(self._wallet)

    def update_time(self, asset: str) -> int:
        """When `asset`'s wallet last changed (ms): the funding time until a credit."""
        return self._changed_at[asset]

    def wallet(self, asset: str) -> Decimal:
        return self._wallet[asset]

    def credit(self, asset: str, amount: Decimal, now: int) -> Decimal:
        """Add `amount` (negative = debit) and return the new wallet balance."""
        # A transfer may bring in an asset no symbol margins with
        self._wallet[asset] = self._wallet.get(asset, ZERO) + amount
        self._changed_at[asset] = now
        return self._wallet[asset]

    def position(self, symbol: str) -> Position:
        return self._positions[symbol]

    def positions(self) -> tuple[Position, ...]:
        return tuple(self._positions.values())

    def set_position(self, position: Position) -> None:
        self._positions[position.symbol] = position

    def leverage(self, symbol: str) -> int:
        return self._leverage[symbol]

    def set_leverage(self, symbol: str, leverage: int) -> None:
        self._leverage[symbol] = leverage

    def is_isolated(self, symbol: str) -> bool:
        return symbol in self._isolated_wallet

    def set_isolated(self, symbol: str, isolated: bool) -> None:
        """Switch the margin type of a flat symbol (its isolated wallet is 0 then)."""
        if isolated:
            self._isolated_wallet.setdefault(symbol, ZERO)
        else:
            self._isolated_wallet.pop(symbol, None)

    def isolated_wallet(self, symbol: str) -> Decimal:
        return self._isolated_wallet.get(symbol, ZERO)

    def move_to_isolated(self, symbol: str, amount: Decimal) -> None:
        """Set `amount` of the cross wallet aside for `symbol`'s isolated position (negative = give it back)."""
        self._isolated_wallet[symbol] = self._isolated_wallet[symbol] + amount

    def cross_wallet(self, asset: str) -> Decimal:
        """The wallet balance less the isolated wallets of the asset's symbols (`crossWalletBalance`, `cw`)."""
        aside = sum((iw for symbol, iw in self._isolated_wallet.items() if self._asset_of[symbol] == asset), ZERO)
        return self._wallet[asset] - aside
