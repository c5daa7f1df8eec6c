"""What a symbol's name says: the asset it is quoted, margined and settled in, hence the wallet its equity is."""

from __future__ import annotations

from collections.abc import Iterable

from domain.projections.rows import Balance

# The quote (and margin) assets of Binance USDⓈ-M contracts; none ends another, so at most one matches
QUOTE_ASSETS = ("USDT", "USDC", "FDUSD", "BUSD")


def quote_asset(symbol: str) -> str | None:
    """USDT for XRPUSDT, USDC for BTCUSDC (also for a delivery contract like BTCUSDT_260327); None when no known
    quote asset ends the symbol."""
    pair = symbol.split("_", 1)[0]
    return next((asset for asset in QUOTE_ASSETS if pair.endswith(asset) and pair != asset), None)


def quote_wallet(balances: Iterable[Balance], symbol: str) -> Balance | None:
    """The balance the symbol's equity and daily loss are counted in; None before the exchange reported one."""
    asset = quote_asset(symbol)
    return next((balance for balance in balances if balance.asset == asset), None)
