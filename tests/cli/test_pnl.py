"""`alphaengine pnl --check`: how Binance's income history is summed against the projection."""

from __future__ import annotations

from decimal import Decimal

from entrypoints.pnl import PnlTotals, exchange_totals
from tests.harness.builders import income_report


def test_commissions_and_clearance_fees_are_the_fees_and_transfers_count_for_nothing() -> None:
    incomes = [
        income_report(income_type="REALIZED_PNL", amount="-12.5"),
        income_report(income_type="COMMISSION", amount="-0.25"),
        income_report(income_type="INSURANCE_CLEAR", amount="-1.2375"),
        income_report(income_type="FUNDING_FEE", amount="0.03"),
        income_report(income_type="TRANSFER", amount="500"),
    ]

    assert exchange_totals(incomes) == PnlTotals(Decimal("-12.5"), Decimal("1.4875"), Decimal("0.03"))
