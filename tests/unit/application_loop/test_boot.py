"""Boot in PRD §4.6 order: READY only after reconciling, failing closed on an unreadable exchange, one bot only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import anyio
import pytest
from dependency_injector import providers

from application.health_board import FAILED_CLOSED, READY
from application.loop import serve
from domain.commands import USER_PRIORITY, CommandStatus, PauseEngine
from domain.events import Reconciled, TradeExecuted
from domain.values import Side, Source
from entrypoints.containers.adapters import SqliteAdapters, sqlite_adapters
from ports.lease import LeaseHeld
from tests.unit.application_loop.bench import (
    HOLDER,
    SCOPE,
    Bench,
    UnreachableGateway,
    market,
    rig,
)
from tests.unit.application_loop.fakes import command

pytestmark = pytest.mark.anyio

PHASES = [
    "lease",
    "load events",
    "projections",
    "user-data stream",
    "account mode",
    "rest snapshot",
    "reconcile",
    "resolve in-flight commands",
]


class TestBootOrder:
    async def test_the_phases_run_in_the_prd_order_and_each_is_timed(self, bench: Bench) -> None:
        bot = rig(bench)

        outcome = await bot.boot_now()

        assert outcome.ready and outcome.reason is None
        assert [phase.name for phase in outcome.phases] == PHASES
        assert bench.health.read().phases == outcome.phases

    async def test_ready_is_written_only_after_reconciling_and_resolving_in_flight_commands(
        self,
        bench: Bench,
    ) -> None:
        bot = rig(bench)

        await bot.boot_now()

        history = bench.health.history
        first_ready = next(i for i, health in enumerate(history) if health.ready)
        assert [h.boot_phase for h in history[first_ready - 1 :]] == ["resolve in-flight commands", READY]
        assert [p.name for p in history[first_ready - 1].phases][-1] == "resolve in-flight commands"
        assert bot.executor.resolved == 1 and len(bench.stored(Reconciled.TYPE)) == 1

    async def test_fills_made_while_the_bot_was_down_are_in_the_projections_when_ready(self, bench: Bench) -> None:
        await bench.gateway.place_order(market(Side.BUY, "20"))
        bot = rig(bench)

        await bot.boot_now()

        assert bench.projector.state.position("XRPUSDT").quantity == 20
        assert bench.health.read().last_reconcile_at == bench.clock.now()


class TestFailingClosed:
    async def test_an_unreadable_exchange_fails_closed_and_health_says_why(self, bench: Bench) -> None:
        bot = rig(bench, gateway=UnreachableGateway(bench.gateway))

        outcome = await bot.boot_now()

        assert not outcome.ready
        assert outcome.reason.startswith("rest snapshot failed: ExchangeRejected") and "-1003" in outcome.reason
        health = bench.health.read()
        assert (health.ready, health.boot_phase, health.fail_closed_reason) == (False, FAILED_CLOSED, outcome.reason)
        assert bot.executor.resolved == 0

    async def test_a_failed_in_flight_resolution_also_fails_closed(self, bench: Bench) -> None:
        bot = rig(bench)
        bot.executor.resolve_error = TimeoutError("lookup timed out")

        outcome = await bot.boot_now()

        assert not outcome.ready and outcome.reason.startswith("resolve in-flight commands failed: TimeoutError")

    async def test_a_failed_closed_bot_runs_no_command_and_no_strategy(self, bench: Bench) -> None:
        bot = rig(bench, gateway=UnreachableGateway(bench.gateway))
        await bot.boot_now()
        bench.commands.insert(
            command("web-1", PauseEngine(), bench.clock.now(), SCOPE, priority=USER_PRIORITY), bench.clock.now()
        )

        bench.clock.advance(1)
        await bot.loop.run_once()

        assert bot.executor.ran == [] and bot.orchestrator.ticks == []
        assert bench.commands.get("web-1").status is CommandStatus.NEW

    async def test_the_first_successful_reconcile_after_failing_closed_makes_the_bot_ready(
        self,
        bench: Bench,
    ) -> None:
        gateway = UnreachableGateway(bench.gateway)
        bot = rig(bench, gateway=gateway)
        await bot.boot_now()
        bench.commands.insert(
            command("web-1", PauseEngine(), bench.clock.now(), SCOPE, priority=USER_PRIORITY), bench.clock.now()
        )
        gateway.down = False

        bench.clock.advance(3)
        await bot.loop.run_once()
        await bot.loop.run_once()

        health = bench.health.read()
        assert health.ready and health.fail_closed_reason is None and health.boot_phase == READY
        assert bot.executor.resolved == 1 and bot.executor.ran == ["web-1"]

    async def test_an_account_in_hedge_mode_fails_closed_before_anything_is_read_and_reopens_once_one_way(
        self,
        bench: Bench,
    ) -> None:
        bench.engine.set_position_mode(hedge=True)
        bot = rig(bench)

        outcome = await bot.boot_now()
        closed, read_at_boot = bench.health.read(), bench.stored(Reconciled.TYPE)
        bench.clock.advance(3)
        await bot.loop.run_once()
        still_closed = bench.health.read().ready
        bench.engine.set_position_mode(hedge=False)
        bench.clock.advance(3)
        await bot.loop.run_once()

        assert not outcome.ready and outcome.reason.startswith("account mode failed: UnsupportedAccount: ")
        assert "Hedge Mode" in closed.fail_closed_reason and read_at_boot == []
        assert not still_closed
        assert bench.health.read().ready and bench.health.read().fail_closed_reason is None


class TestSingleInstance:
    async def test_a_second_bot_on_the_same_database_refuses_to_start_and_writes_nothing(
        self,
        bench: Bench,
    ) -> None:
        first = rig(bench)
        await first.boot_now()
        before = bench.health.read()
        second = rig(bench, holder="other-host/pid 99/beef")

        with pytest.raises(LeaseHeld, match=HOLDER):
            await serve(second.boot, second.loop, anyio.Event())

        assert bench.health.read() == before
        assert bench.leases.current().holder == HOLDER

    async def test_a_crashed_bots_lease_expires_and_a_new_bot_starts(self, bench: Bench) -> None:
        await rig(bench).boot_now()
        bench.clock.advance(timedelta(seconds=16))
        successor = rig(bench, holder="host/pid 100/cafe")

        outcome = await successor.boot_now()

        assert outcome.ready and bench.health.read().holder == "host/pid 100/cafe"


async def test_serve_boots_reads_the_stream_and_releases_the_lease_when_stopped(bench: Bench) -> None:
    bot = rig(bench, stream=bench.stream)
    stop = anyio.Event()

    async def trade_then_stop() -> None:
        await anyio.sleep(0.05)
        await bench.gateway.place_order(market(Side.BUY, "20"))
        while not [e for e in bench.stored(TradeExecuted.TYPE) if e.source is Source.WS]:
            await anyio.sleep(0.01)
        stop.set()

    with anyio.fail_after(10):
        async with anyio.create_task_group() as group:
            group.start_soon(trade_then_stop)
            outcome = await serve(bot.boot, bot.loop, stop)

    assert outcome.ready
    assert bench.projector.state.position("XRPUSDT").quantity == 20
    assert bench.leases.current() is None and bench.health.read().boot_phase == "stopped"
    assert bench.health.read().stop_reason == "stop requested"


async def test_a_loop_ended_by_an_error_records_it_as_why_the_bot_stopped(bench: Bench) -> None:
    bot = rig(bench)

    async def broken_run(stop: anyio.Event) -> None:
        raise RuntimeError("disk full")

    bot.loop.run = broken_run  # type: ignore[method-assign]
    with anyio.fail_after(10), pytest.raises(BaseExceptionGroup):
        await serve(bot.boot, bot.loop, anyio.Event())

    stopped = bench.health.read()
    assert (stopped.boot_phase, stopped.stop_reason) == ("stopped", "ended by RuntimeError: disk full")
    assert stopped.stopped_at == bench.clock.now() and bench.leases.current() is None


def sqlite_set(bench: Bench, path: Path) -> SqliteAdapters:
    """The SQLite set of the file at `path` (its own connection) on the bench's clock, as a bot process opens it."""
    adapters = sqlite_adapters(path)
    adapters.clock.override(providers.Object(bench.clock))
    adapters.ids.override(providers.Object(bench.ids))
    return adapters


async def test_two_bots_on_one_sqlite_file_the_second_refuses_naming_the_first(bench: Bench, tmp_path: Path) -> None:
    first_db, second_db = sqlite_set(bench, tmp_path / "bot.sqlite3"), sqlite_set(bench, tmp_path / "bot.sqlite3")
    try:
        first = rig(bench, adapters=first_db)
        first.boot.take_lease()
        async with anyio.create_task_group() as group:
            assert (await first.boot.run(group)).ready
            group.cancel_scope.cancel()

        with pytest.raises(LeaseHeld, match=f"another bot is already running on this database: {HOLDER}"):
            rig(bench, holder="other-host/pid 2/0000", adapters=second_db).boot.take_lease()

        health = second_db.health_store().read()
        assert health.holder == HOLDER and health.ready
    finally:
        first_db.shutdown_resources()
        second_db.shutdown_resources()
