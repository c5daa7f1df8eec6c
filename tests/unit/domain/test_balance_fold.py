"""Balance fold: the exchange's absolute balance per asset, never overwritten by an older report."""

from __future__ import annotations

from decimal import Decimal

from tests.harness.builders import EventFactory, at, fold


def test_a_balance_report_sets_the_asset_balance() -> None:
    state = fold([EventFactory().balance("USDT", wallet="1000", cross_wallet="990")])

    [balance] = state.balances()
    assert (balance.asset, balance.wallet_balance, balance.cross_wallet_balance) == (
        "USDT",
        Decimal("1000"),
        Decimal("990"),
    )


def test_an_older_balance_report_never_overwrites_a_newer_one() -> None:
    make = EventFactory()

    state = fold([make.balance(wallet="1000", changed_at=at(20)), make.balance(wallet="900", changed_at=at(10))])

    assert state.balances()[0].wallet_balance == Decimal("1000")
