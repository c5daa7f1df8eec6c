"""A Scope as the five scope_* columns of the event and command tables."""

from __future__ import annotations

from domain.values import Mode, Scope

SCOPE_COLUMNS = ("scope_exchange", "scope_venue", "scope_account_id", "scope_symbol", "scope_mode")


def scope_columns(scope: Scope) -> dict[str, str]:
    return {
        "scope_exchange": scope.exchange,
        "scope_venue": scope.venue,
        "scope_account_id": scope.account_id,
        "scope_symbol": scope.symbol,
        "scope_mode": Mode(scope.mode).value,
    }


def scope_from_columns(exchange: str, venue: str, account_id: str, symbol: str, mode: str) -> Scope:
    return Scope(exchange=exchange, venue=venue, account_id=account_id, symbol=symbol, mode=Mode(mode))
