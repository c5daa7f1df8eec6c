"""`alphaengine pnl [--check]`: the projection's realized PnL, fees and funding beside the exchange's income history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from domain.projections.rows import PnlDay
from domain.reports import IncomeReport
from domain.values import ZERO
from ports.exchange import ExchangeGateway

REALIZED_PNL, COMMISSION, FUNDING_FEE = "REALIZED_PNL", "COMMISSION", "FUNDING_FEE"
# A liquidation's clearance fee: counted with the fees on both sides
INSURANCE_CLEAR = "INSURANCE_CLEAR"


@dataclass(frozen=True)
class PnlTotals:
    """Fees are a positive cost on both sides (Binance reports commission and clearance fees negative)."""

    realized_pnl: Decimal = ZERO
    fees: Decimal = ZERO
    funding: Decimal = ZERO

    def rows(self) -> tuple[tuple[str, Decimal], ...]:
        return (("realized PnL", self.realized_pnl), ("fees", self.fees), ("funding", self.funding))


def projected_totals(days: Iterable[PnlDay]) -> PnlTotals:
    days = list(days)
    return PnlTotals(
        sum((d.realized_pnl for d in days), ZERO),
        sum((d.fees for d in days), ZERO),
        sum((d.funding for d in days), ZERO),
    )


def exchange_totals(incomes: Iterable[IncomeReport]) -> PnlTotals:
    sums = {REALIZED_PNL: ZERO, COMMISSION: ZERO, FUNDING_FEE: ZERO, INSURANCE_CLEAR: ZERO}
    for row in incomes:
        if row.income_type in sums:
            sums[row.income_type] += row.amount
    return PnlTotals(sums[REALIZED_PNL], -sums[COMMISSION] - sums[INSURANCE_CLEAR], sums[FUNDING_FEE])


async def income_totals(gateway: ExchangeGateway, symbol: str) -> PnlTotals:
    return exchange_totals(await gateway.income(symbol, None))


def print_totals(local: PnlTotals, out: TextIO) -> None:
    print(f"{'':<14}{'projection':>20}", file=out)
    for name, value in local.rows():
        print(f"{name:<14}{value:>20f}", file=out)


def print_check(local: PnlTotals, exchange: PnlTotals, out: TextIO) -> bool:
    """Print both sides and their difference per line; True when every line is equal to the last decimal."""
    print(f"{'':<14}{'projection':>20}{'exchange':>20}{'difference':>20}", file=out)
    for (name, mine), (_, theirs) in zip(local.rows(), exchange.rows(), strict=True):
        print(f"{name:<14}{mine:>20f}{theirs:>20f}{mine - theirs:>20f}", file=out)
    equal = local == exchange
    print("equal" if equal else "DIFFERENT: the projection does not match the exchange's income history", file=out)
    return equal
