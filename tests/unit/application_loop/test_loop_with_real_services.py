"""The loop driving the real executor and orchestrator (sma_cross) against the in-process simulator."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import anyio
import pytest

from adapters.memory.health import InMemoryHealthStore
from adapters.memory.lease import InMemoryLeaseStore
from application.boot import Boot
from application.bot_core import BotCore, Storage
from application.health_board import HealthBoard
from application.loop import MainLoop
from application.reconciler import Reconciler, ReconcileSchedule
from application.stream_inbox import StreamInbox
from domain.commands import USER_PRIORITY, ClosePosition, CommandStatus
from domain.strategies.sma_cross import SmaCross
from tests.unit.application.bench import SCOPE, SYMBOL, Bench
from tests.unit.application_loop.bench import HOLDER
from tests.unit.application_loop.fakes import QuietStream, command

pytestmark = pytest.mark.anyio

GOLDEN_CROSS = ("0.5000",) * 5 + ("0.5200",)


async def booted_loop(app: Bench) -> MainLoop:
    storage = Storage(app.events, app.commands, app.config, InMemoryLeaseStore(), InMemoryHealthStore())
    reconciler = Reconciler(app.gateway, app.events, app.projector, app.clock, app.ids, SCOPE)
    schedule, inbox = ReconcileSchedule(timedelta(seconds=30)), StreamInbox(app.clock)
    board = HealthBoard(storage.health, app.clock, HOLDER)
    executor = app.executor()
    core = BotCore(storage, app.projector, reconciler, schedule, inbox, board, app.clock)
    boot = Boot(core, executor, QuietStream())
    # 0.1 % of the simulator's 10 000 USDT: an entry the synthetic book fills, and later absorbs, in one go
    strategy = SmaCross({"fast": 2, "slow": 4, "risk_per_trade": Decimal("0.001")})
    loop = MainLoop(core, executor, app.orchestrator(strategy), ids=app.ids, scope=SCOPE)
    boot.take_lease()
    async with anyio.create_task_group() as group:
        assert (await boot.run(group)).ready
        group.cancel_scope.cancel()
    return loop


async def test_a_cross_is_traded_with_its_stop_and_a_user_close_flattens_it() -> None:
    app = Bench(price="0.5200")
    app.tape.set(*GOLDEN_CROSS)
    loop = await booted_loop(app)

    entered = await loop.run_once()
    position_after_entry = app.engine.position_risk(SYMBOL).position_amount
    stops = app.engine.open_algo_orders(SYMBOL)
    app.commands.insert(command("close", ClosePosition(), app.clock.now(), SCOPE, priority=USER_PRIORITY),
                        app.clock.now())
    app.clock.advance(1)
    await loop.run_once()

    assert entered.ticked and entered.commands == 1 and not entered.errors
    assert position_after_entry > 0 and len(stops) == 1
    assert app.commands.get("close").status is CommandStatus.ACK
    assert app.engine.position_risk(SYMBOL).position_amount == 0
    assert app.engine.open_orders(SYMBOL) == [] and app.engine.open_algo_orders(SYMBOL) == []
    assert app.projector.state.position(SYMBOL).quantity == 0
