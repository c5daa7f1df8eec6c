"""The Transfer command through the Binance adapter to the simulator's spot host (ADR 0089, 0090): an unknown_503 on
the transfer leaves the command in flight; the transfer history settles it, and nothing is sent twice."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from adapters.memory.clock import SequentialIds
from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.server.control.routes import fault_boards
from adapters.simulator.simulation import Simulation, SimulationOptions
from domain.commands import USER_PRIORITY, Command, CommandStatus, Transfer
from domain.events import TransferMade
from domain.transfers import TransferDirection
from ports.event_store import EventQuery
from tests.harness.simulated_bot import in_memory_on, wired_bot
from tests.unit.application.bench import SCOPE, USER

pytestmark = pytest.mark.anyio


async def test_an_unknown_503_transfer_is_settled_by_the_history_and_made_once() -> None:
    simulation = Simulation(SimulationOptions(seed=42, real=None, spot_balance=Decimal("1000")))
    adapters = in_memory_on(simulation.clock, SequentialIds("evt-"))
    bot = wired_bot(adapters, simulation)
    transport = bot.transport()
    assert isinstance(transport, httpx.ASGITransport)
    fault_boards(transport.app.config["SIM_FACE"]).arm("unknown_503", FaultSetting(count=1, placed=True))
    commands, now = adapters.command_store(), simulation.clock.now()
    payload = Transfer(TransferDirection.TO_FUTURES, "USDT", Decimal("400"))
    commands.insert(Command("t-1", "user:t-1", USER_PRIORITY, USER, SCOPE, now, "t-1", payload), now)
    claimed = commands.claim_next(now)
    assert claimed is not None

    try:
        pending = await bot.executor().run(claimed)
        simulation.clock.advance(timedelta(seconds=3))
        settled = await bot.executor().run(pending)
    finally:
        await bot.exchange.close()()

    total, listed = simulation.engine.transfers("MAIN_UMFUTURE")
    assert pending.status is CommandStatus.SENT and settled.status is CommandStatus.ACK
    assert total == 1 and settled.result is not None and settled.result["tran_id"] == listed[0].tran_id
    assert Decimal(settled.result["spot_balance"]) == Decimal("600")
    assert simulation.engine.spot_balances() == {"USDT": Decimal("600")}
    assert simulation.engine.balance("USDT").wallet_balance == Decimal("10400")
    made = [s.event.payload for s in adapters.event_store().query(EventQuery(types=(TransferMade.TYPE,)))]
    assert [(m.amount, m.tran_id, m.command_id) for m in made] == [(Decimal("400"), listed[0].tran_id, "t-1")]
