"""Boot learns the exchange's leverage: the first reconcile appends LeverageChanged: the dashboard shows it at once."""

from __future__ import annotations

import pytest

from domain.events import LeverageChanged
from domain.values import Source
from tests.simulator.server.support import manual_simulation
from tests.unit.application_loop.bench import SYMBOL, Bench, rig

pytestmark = pytest.mark.anyio


async def test_boot_over_the_in_process_face_holds_the_exchanges_leverage_when_ready(bench: Bench) -> None:
    bench.engine.set_leverage(SYMBOL, 12)

    outcome = await rig(bench).boot_now()

    assert outcome.ready
    assert bench.projector.state.position(SYMBOL).leverage == 12
    assert [(e.payload.leverage, e.source) for e in bench.stored(LeverageChanged.TYPE)] == [(12, Source.REST)]


async def test_boot_over_binance_rest_reads_a_leverage_set_outside_the_bot() -> None:
    simulation = manual_simulation()
    simulation.engine.set_leverage(SYMBOL, 7)
    bench = Bench(wire=simulation)
    bot = rig(bench)

    try:
        outcome = await bot.boot_now()
    finally:
        await bot.bot.exchange.close()()

    assert outcome.ready
    assert bench.projector.state.position(SYMBOL).leverage == 7
    assert [e.payload.leverage for e in bench.stored(LeverageChanged.TYPE)] == [7]


async def test_a_later_reconcile_with_the_same_leverage_appends_nothing_more(bench: Bench) -> None:
    bot = rig(bench)
    await bot.boot_now()

    await bench.reconciler().reconcile()

    assert len(bench.stored(LeverageChanged.TYPE)) == 1
