"""Margin calls (ADR 0037): one advisory MARGIN_CALL each time an account's margin ratio climbs into the call zone."""

from __future__ import annotations

from . import announce
from .maintenance import in_margin_call
from .state import ExchangeState


def call_if_due(state: ExchangeState, symbol: str) -> None:
    """Send MARGIN_CALL when the account of `symbol`'s margin asset enters a margin call; re-arm once it leaves."""
    asset = state.spec(symbol).margin_asset
    if not in_margin_call(state, asset):
        state.margin_called.discard(asset)
    elif asset not in state.margin_called:
        state.margin_called.add(asset)
        announce.margin_call(state, asset, state.now())
