"""An isolated traded symbol fails the bot closed, at boot and on any later pass; it reopens once cross (ADR 0087)."""

from __future__ import annotations

import pytest

from domain.events import Reconciled
from tests.simulator.server.support import manual_simulation
from tests.unit.application_loop.bench import SYMBOL, Bench, rig

pytestmark = pytest.mark.anyio

WHAT_TO_DO = "switch its Margin Mode to Cross"


async def test_an_isolated_symbol_fails_the_boot_closed_before_anything_is_read_and_reopens_once_cross(
    bench: Bench,
) -> None:
    bench.engine.set_margin_type(SYMBOL, True)
    bot = rig(bench)

    outcome = await bot.boot_now()
    closed, read_at_boot = bench.health.read(), bench.stored(Reconciled.TYPE)
    bench.clock.advance(3)
    await bot.loop.run_once()
    still_closed = bench.health.read().ready
    bench.engine.set_margin_type(SYMBOL, False)
    bench.clock.advance(3)
    await bot.loop.run_once()

    assert not outcome.ready and outcome.reason.startswith("rest snapshot failed: UnsupportedAccount: XRPUSDT is in ")
    assert "Isolated Margin" in closed.fail_closed_reason and WHAT_TO_DO in closed.fail_closed_reason
    assert read_at_boot == [] and not still_closed
    assert bench.health.read().ready and bench.health.read().fail_closed_reason is None


async def test_a_symbol_switched_to_isolated_under_a_running_bot_fails_it_closed_at_the_next_pass(
    bench: Bench,
) -> None:
    bot = rig(bench)
    assert (await bot.boot_now()).ready

    bench.engine.set_margin_type(SYMBOL, True)
    bench.clock.advance(60)
    await bot.loop.run_once()

    health = bench.health.read()
    assert not health.ready and health.boot_phase == "failed closed"
    assert health.fail_closed_reason.startswith("reconcile failed: UnsupportedAccount: XRPUSDT is in Isolated Margin")


async def test_boot_over_binance_rest_reads_the_margin_type_from_symbol_config() -> None:
    simulation = manual_simulation()
    simulation.engine.set_margin_type(SYMBOL, True)
    bench = Bench(wire=simulation)
    bot = rig(bench)

    try:
        outcome = await bot.boot_now()
    finally:
        await bot.bot.exchange.close()()

    assert not outcome.ready and "marginType ISOLATED" in (outcome.reason or "")
