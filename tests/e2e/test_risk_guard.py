"""PRD §4.9 over the wire: an oversized entry is never sent and a day's loss beyond the limit blocks new exposure
(reduce-only still goes through, across a restart), each rejection a RiskGuardRejected event with its numbers."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from domain.commands import ClosePosition, CommandStatus
from domain.events import RiskGuardRejected
from domain.risk import DAILY_LOSS_LIMIT, MAX_RISK_PER_TRADE
from tests.e2e.support import Bot, RunningSim, oracle_pnl, running_bot, running_sim, stored_events

pytestmark = pytest.mark.anyio

FIVE_SECONDS = timedelta(seconds=5)
MAX_RISK = Decimal("0.02")
DAILY_LOSS = Decimal("0.05")
LIMITS = {"risk.max_risk_per_trade": str(MAX_RISK), "risk.daily_loss_limit": str(DAILY_LOSS)}
PLUGIN = "ae_e2e_risk_plugin"
PLUGIN_SOURCE = '''
"""A third-party strategy: buys a fixed quantity, with a stop below the mark, on every new closed kline."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from domain.decisions import Enter
from domain.strategy import Strategy, StrategyContext, fraction_param
from domain.values import Side


class AlwaysBuy(Strategy):
    NAME = "e2e_always_buy"
    PARAMS = MappingProxyType({"quantity": "50", "stop_pct": "0.02"})

    def validate(self, params):
        return {"quantity": Decimal(params["quantity"]), "stop_pct": fraction_param(self, params, "stop_pct")}

    def decide(self, ctx: StrategyContext):
        stop = ctx.mark_price * (1 - self.params["stop_pct"])
        return [Enter(Side.BUY, self.params["quantity"], stop, reason="always buy")]
'''
ALWAYS_BUY = {"strategy": {"name": "e2e_always_buy", "timeframe": "1m", "params": {"quantity": "50"}}}


@pytest.fixture
def always_buy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The strategy installed as a plug-in (module + dist-info with an alphaengine.strategies entry point)."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / f"{PLUGIN}.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    info = plugins / f"{PLUGIN}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ae-e2e-risk-plugin\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        textwrap.dedent(f"""\
        [alphaengine.strategies]
        e2e_always_buy = {PLUGIN}:AlwaysBuy
        """),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(plugins))
    yield
    sys.modules.pop(PLUGIN, None)


def rejections(bot: Bot, rule: str) -> list[Any]:
    return [
        item.event
        for item in stored_events(bot)
        if isinstance(item.event.payload, RiskGuardRejected) and item.event.payload.rule == rule
    ]


def bot_orders(oracle: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in [*oracle["orders"], *oracle["algoOrders"]] if not o["byHand"]]


async def test_an_entry_risking_more_than_max_risk_per_trade_is_never_sent_and_the_rejection_shows_the_numbers(
    tmp_path: Path,
) -> None:
    # sma_cross sizes its entries to risk 3 % of equity down to the stop, over the 2 % limit
    settings = {**LIMITS, "strategy.params.risk_per_trade": "0.03"}
    async with running_sim() as sim, running_bot(tmp_path, sim, settings) as bot:
        await bot.start_trading()
        await bot.step(60, by=FIVE_SECONDS)
        await bot.settle()
        oracle = await sim.oracle()
        [first, *_] = rejections(bot, MAX_RISK_PER_TRADE)
        equity = Decimal(oracle["balances"]["USDT"])

    rejected = first.payload
    assert bot_orders(oracle) == [] and oracle["trades"] == []
    assert rejected.equity == equity and rejected.limit == MAX_RISK * equity
    # 3 % of equity at risk, give or take the rounding of the quantity to the step and the stop to the tick
    assert rejected.value > rejected.limit and abs(rejected.value / equity - Decimal("0.03")) < Decimal("0.001")
    assert str(rejected.value) in rejected.reason and str(rejected.limit) in rejected.reason


async def lose_beyond_the_limit(sim: RunningSim) -> None:
    """A long made by hand, then the price falls 10 %: about 1 200 USDT down on a 10 000 USDT account."""
    await sim.control("POST", "orders", {"side": "BUY", "type": "MARKET", "quantity": "20000"})
    price = Decimal((await sim.oracle())["lastPrice"])
    await sim.control("POST", "price", {"price": str((price * Decimal("0.9")).quantize(Decimal("0.0001")))})


async def test_after_the_daily_loss_limit_new_exposure_is_blocked_a_close_goes_through_and_a_restart_keeps_the_block(
    tmp_path: Path,
    always_buy: None,
) -> None:
    settings = {**LIMITS, **ALWAYS_BUY}
    async with running_sim() as sim:
        start_equity = Decimal((await sim.oracle())["balances"]["USDT"])
        async with running_bot(tmp_path, sim, settings) as bot:
            await lose_beyond_the_limit(sim)
            await bot.start_trading()
            await bot.step(15, by=FIVE_SECONDS)
            while_holding = rejections(bot, DAILY_LOSS_LIMIT)
            close = bot.command(ClosePosition())
            await bot.step(2)
            await bot.settle()
            close_status = bot.adapters.command_store().get(close).status
            await bot.step(15, by=FIVE_SECONDS)
            after_close = rejections(bot, DAILY_LOSS_LIMIT)[len(while_holding) :]
            flat_oracle = await sim.oracle()
        async with running_bot(tmp_path, sim, settings) as restarted:
            await restarted.start_trading()
            await restarted.step(15, by=FIVE_SECONDS)
            after_restart = rejections(restarted, DAILY_LOSS_LIMIT)[len(while_holding) + len(after_close) :]
        oracle = await sim.oracle()

    assert while_holding and after_close and after_restart, "each new kline's entry is refused"
    assert all(e.payload.limit == DAILY_LOSS * start_equity for e in [*while_holding, *after_close, *after_restart])
    assert all(e.payload.value >= e.payload.limit for e in while_holding)
    # Flat: the loss is what the exchange's income history says it is, to the last decimal
    realized = oracle_pnl(flat_oracle)
    loss = -(realized.realized_pnl - realized.fees + realized.funding)
    assert [e.payload.value for e in [*after_close, *after_restart]] == [loss] * (len(after_close) + len(after_restart))
    assert close_status is CommandStatus.ACK
    assert [Decimal(p["positionAmt"]) for p in oracle["positions"]] == [Decimal(0)]
    # The bot sent only the reduce-only close: not one order that adds exposure
    assert [o["reduceOnly"] for o in bot_orders(oracle)] == [True]
