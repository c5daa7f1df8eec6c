"""The simulator's MARGIN_CALL (ADR 0037) over its socket is read by the bot's own translator as a fact (ADR 0054)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from adapters.binance.translate import translate_user_message
from adapters.simulator.simulation import Simulation, SimulationOptions
from domain.events import MarginCalled
from tests.simulator.server.support import SimClient
from tests.simulator.stream.support import listen_key, market_order, next_frame, opened

pytestmark = pytest.mark.anyio


@pytest.fixture
def simulation() -> Simulation:
    # 100 USDT: a 3 000 XRP long near 0.5 is 15x, so a small fall takes the margin ratio to 80 %
    return Simulation(SimulationOptions(seed=42, real=None, balance=Decimal("100")))


async def test_a_margin_call_frame_translates_into_one_fact_per_position_with_decimal_figures(sim: SimClient) -> None:
    engine, symbol = sim.simulation.engine, sim.simulation.options.symbol
    key = await listen_key(sim)
    async with opened(sim, f"/private/ws?listenKey={key}") as socket:
        await market_order(sim, quantity="3000")
        price = engine.position_risk(symbol).mark_price
        while engine.balance().maint_margin < Decimal("0.8") * engine.balance().margin_balance:
            price -= sim.simulation.spec.tick_size
            engine.on_price(symbol, price)
        frame = await next_frame(socket)
        while frame["e"] != "MARGIN_CALL":
            frame = await next_frame(socket)

    [called] = translate_user_message(json.dumps(frame), symbol)

    risk = engine.position_risk(symbol)
    assert isinstance(called, MarginCalled)
    assert (called.symbol, called.position_side, called.margin_type) == (symbol, "BOTH", "CROSSED")
    assert (called.quantity, called.mark_price, called.unrealized_pnl) == (
        risk.position_amount,
        price,
        risk.unrealized_pnl,
    )
    assert called.cross_wallet_balance == engine.balance().wallet_balance
