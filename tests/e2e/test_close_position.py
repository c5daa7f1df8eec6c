"""A web-issued ClosePosition while the strategy trades: flat, nothing left open, and no re-entry on that signal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from domain.commands import ClosePosition, CommandStatus
from tests.e2e.support import oracle_open_orders, running_bot, running_sim

pytestmark = pytest.mark.anyio

FIVE_SECONDS = timedelta(seconds=5)


async def test_a_user_close_flattens_the_strategy_position_and_the_same_signal_does_not_reopen_it(
    tmp_path: Path,
) -> None:
    async with running_sim() as sim, running_bot(tmp_path, sim) as bot:
        await bot.start_trading()
        await bot.step(2)
        entered = (await sim.oracle())["positions"]
        close = bot.command(ClosePosition())
        await bot.step(2)
        await bot.settle()
        after_close = await sim.oracle()
        # Five simulated minutes on the same cross: the strategy is asked again on every new kline meanwhile
        await bot.step(60, by=FIVE_SECONDS)
        await bot.settle()
        later = await sim.oracle()
        symbol = sim.simulation.symbol

        assert Decimal(entered[0]["positionAmt"]) != 0, "the strategy entered on the demo's first cross"
        assert bot.adapters.command_store().get(close).status is CommandStatus.ACK
        assert [Decimal(p["positionAmt"]) for p in after_close["positions"]] == [Decimal(0)]
        assert oracle_open_orders(after_close) == set()
        assert [Decimal(p["positionAmt"]) for p in later["positions"]] == [Decimal(0)]
        assert oracle_open_orders(later) == set() and len(later["orders"]) == len(after_close["orders"])
        assert bot.state.position(symbol).quantity == 0 and bot.state.open_orders() == []
