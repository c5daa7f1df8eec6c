"""The quote asset a symbol settles in, hence the wallet its equity and daily loss are counted in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.projections.rows import Balance
from domain.symbols import quote_asset, quote_wallet
from tests.harness.builders import T0


@pytest.mark.parametrize(
    ("symbol", "asset"),
    [
        ("XRPUSDT", "USDT"),
        ("BTCUSDC", "USDC"),
        ("ETHFDUSD", "FDUSD"),
        ("BTCUSDT_260327", "USDT"),
        ("USDT", None),
        ("BTCEUR", None),
    ],
)
def test_the_quote_asset_is_the_known_one_ending_the_pair(symbol: str, asset: str | None) -> None:
    assert quote_asset(symbol) == asset


def test_the_quote_wallet_is_the_balance_of_that_asset_only() -> None:
    balances = [Balance(asset, Decimal(n), Decimal(n), T0) for n, asset in enumerate(("BNB", "USDC", "USDT"), 1)]

    assert quote_wallet(balances, "BTCUSDC") == balances[1]
    assert quote_wallet(balances, "XRPUSDT") == balances[2]
    assert quote_wallet(balances[:2], "XRPUSDT") is None
