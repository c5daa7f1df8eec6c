"""The loop driving the real executor and orchestrator (sma_cross) against the in-process simulator."""

from __future__ import annotations

from decimal import Decimal

import anyio
import pytest
from dependency_injector import providers

from application.loop import MainLoop
from domain.commands import USER_PRIORITY, ClosePosition, CommandStatus
from domain.strategies.sma_cross import SmaCross
from tests.unit.application.bench import SCOPE, SYMBOL, Bench
from tests.unit.application_loop.fakes import QuietStream, command

pytestmark = pytest.mark.anyio

GOLDEN_CROSS = ("0.5000",) * 5 + ("0.5200",)


async def booted_loop(app: Bench) -> MainLoop:
    """The bench's whole bot, as its container builds it, trading sma_cross; booted over a quiet stream."""
    # 0.1 % of the simulator's 10 000 USDT: an entry the synthetic book fills, and later absorbs, in one go
    strategy = SmaCross({"fast": 2, "slow": 4, "risk_per_trade": Decimal("0.001")})
    app.bot.strategy_builder.override(providers.Object(lambda name, params: strategy))
    app.bot.user_stream.override(providers.Object(QuietStream()))
    boot = app.bot.boot()
    boot.take_lease()
    async with anyio.create_task_group() as group:
        assert (await boot.run(group)).ready
        group.cancel_scope.cancel()
    return app.bot.loop()


async def test_a_cross_is_traded_with_its_stop_and_a_user_close_flattens_it() -> None:
    app = Bench(price="0.5200")
    app.tape.set(*GOLDEN_CROSS)
    loop = await booted_loop(app)

    entered = await loop.run_once()
    position_after_entry = app.engine.position_risk(SYMBOL).position_amount
    stops = app.engine.open_algo_orders(SYMBOL)
    app.commands.insert(
        command("close", ClosePosition(), app.clock.now(), SCOPE, priority=USER_PRIORITY), app.clock.now()
    )
    app.clock.advance(1)
    await loop.run_once()

    assert entered.ticked and entered.commands == 1 and not entered.errors
    assert position_after_entry > 0 and len(stops) == 1
    assert app.commands.get("close").status is CommandStatus.ACK
    assert app.engine.position_risk(SYMBOL).position_amount == 0
    assert app.engine.open_orders(SYMBOL) == [] and app.engine.open_algo_orders(SYMBOL) == []
    assert app.projector.state.position(SYMBOL).quantity == 0
