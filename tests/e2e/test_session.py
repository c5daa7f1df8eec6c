"""A trading session over the wire: the bot's projections end equal to the simulator's oracle, exactly."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import Bot, oracle_open_orders, oracle_pnl, running_bot, running_sim

pytestmark = pytest.mark.anyio

FIVE_SECONDS = timedelta(seconds=5)


def assert_equal_to_oracle(bot: Bot, oracle: dict[str, Any]) -> None:
    symbol = oracle["symbol"]
    state = bot.state
    [position] = [p for p in oracle["positions"] if p["symbol"] == symbol] or [None]
    held = state.position(symbol)
    assert held.quantity == Decimal(position["positionAmt"] if position else "0")
    if held.quantity:
        assert held.entry_price == Decimal(position["entryPrice"])
    balances = {b.asset: b.wallet_balance for b in state.balances()}
    assert balances == {asset: Decimal(amount) for asset, amount in oracle["balances"].items()}
    assert {o.client_order_id for o in state.open_orders()} == oracle_open_orders(oracle)
    assert {t.trade_id for t in state.trades()} == {t["id"] for t in oracle["trades"]}
    assert bot.pnl() == oracle_pnl(oracle)


async def test_a_session_with_strategy_trades_a_manual_order_and_funding_ends_equal_to_the_oracle(
    tmp_path: Path,
) -> None:
    async with running_sim() as sim, running_bot(tmp_path, sim) as bot:
        assert bot.outcome.ready
        await bot.start_trading()
        await bot.step(180, by=FIVE_SECONDS)
        await sim.control("POST", "orders", {"side": "BUY", "type": "MARKET", "quantity": "150"})
        await bot.step(6, by=FIVE_SECONDS)
        funding = await sim.control("POST", "funding")
        await bot.step(180, by=FIVE_SECONDS)
        await bot.settle()
        oracle = await sim.oracle()

        by_bot = [t for t in oracle["trades"] if not t["byHand"]]
        assert len({t["orderId"] for t in by_bot}) >= 2, "the strategy should have entered and exited"
        assert any(not a["byHand"] for a in oracle["algoOrders"]), "every entry carries a protective stop"
        assert any(t["byHand"] for t in oracle["trades"]) and funding["income"] is not None
        assert any(t.external for t in bot.state.trades()), "the manual fill is adopted as external"
        assert_equal_to_oracle(bot, oracle)
