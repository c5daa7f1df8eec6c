"""Day-end wallet balances read backwards from today's wallet through the ledger's daily nets (no history stored)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from domain.projections.rows import PnlDay


def day_end_equity(days: Sequence[PnlDay], later_net: Decimal, wallet: Decimal | None) -> list[Decimal | None]:
    """The wallet at the end of each of `days` (newest first): `wallet` now, less `later_net` (the net of every day
    after the first one given) and the net of the days after it; None for each when no wallet is known yet.

    A wallet moves by realized PnL, fees and funding, which the ledger holds per day; a movement it does not hold
    (a transfer) shifts every earlier day by its amount.
    """
    if wallet is None:
        return [None] * len(days)
    shown: list[Decimal | None] = []
    after = later_net
    for day in days:
        shown.append(wallet - after)
        after += day.net
    return shown
