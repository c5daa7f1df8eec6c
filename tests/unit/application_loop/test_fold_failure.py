"""Issue 11 scenario 1: a stored event that cannot be folded makes the bot fail closed with one line, not loop."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import apsw
import pytest

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from application.health_board import FAILED_CLOSED, READY
from domain.commands import USER_PRIORITY, CommandRecord, CommandStatus, PauseEngine
from domain.events import ExchangeErrorRecorded
from tests.harness.unfoldable import store_as_an_old_version_did
from tests.unit.application_loop.bench import SCOPE, Bench, make_bench, rig
from tests.unit.application_loop.fakes import command

pytestmark = pytest.mark.anyio

FAILING_CLOSED = "failing closed, no orders will be sent"


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[apsw.Connection]:
    connection = open_database(tmp_path / "bot.sqlite3")
    yield connection
    connection.close()


@pytest.fixture
def bench(connection: apsw.Connection) -> Bench:
    return make_bench(events=SqliteEventStore(connection))


def failing_closed_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if FAILING_CLOSED in record.getMessage()]


async def test_a_bot_booting_on_a_log_with_an_unfoldable_event_fails_closed_naming_its_seq_type_and_command(
    bench: Bench,
    connection: apsw.Connection,
    caplog: pytest.LogCaptureFixture,
) -> None:
    seq = store_as_an_old_version_did(connection, "old-1")
    bot = rig(bench)

    outcome = await bot.boot_now()
    for _ in range(5):
        bench.clock.advance(1)
        await bot.loop.run_once()

    assert not outcome.ready
    assert f"event {seq} (engine.state_changed.v1) cannot be folded" in outcome.reason
    assert f"`alphaengine events show {seq}`" in outcome.reason
    health = bench.health.read()
    assert (health.ready, health.boot_phase, health.fail_closed_reason) == (False, FAILED_CLOSED, outcome.reason)
    # One line, no traceback, however many cycles run; no error event per cycle either
    [line] = failing_closed_lines(caplog)
    assert line.exc_info is None and "\n" not in line.getMessage()
    assert bench.stored(ExchangeErrorRecorded.TYPE) == []


async def test_a_running_bot_that_meets_an_unfoldable_event_stops_trading_and_says_why_once(
    bench: Bench,
    connection: apsw.Connection,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = rig(bench)
    assert (await bot.boot_now()).ready
    seq = store_as_an_old_version_did(connection, "old-1")
    bench.commands.insert(
        command("web-1", PauseEngine(), bench.clock.now(), SCOPE, priority=USER_PRIORITY), bench.clock.now()
    )

    for _ in range(5):
        bench.clock.advance(3)
        await bot.loop.run_once()

    health = bench.health.read()
    assert not health.ready and health.boot_phase == FAILED_CLOSED != READY
    assert health.fail_closed_reason.startswith(f"projections stopped: event {seq} (engine.state_changed.v1)")
    # A successful reconcile does not reopen it: every later fold would stop at the same event
    assert bot.executor.ran == [] and bot.orchestrator.ticks == []
    assert bench.commands.get("web-1").status is CommandStatus.NEW
    assert len(failing_closed_lines(caplog)) == 1


async def test_a_command_whose_facts_cannot_be_folded_fails_the_bot_closed_at_once_and_nothing_runs_after_it(
    bench: Bench,
    connection: apsw.Connection,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = rig(bench)
    assert (await bot.boot_now()).ready
    for command_id in ("web-1", "web-2"):
        bench.commands.insert(
            command(command_id, PauseEngine(), bench.clock.now(), SCOPE, priority=USER_PRIORITY), bench.clock.now()
        )
    run = bot.executor.run

    async def run_and_leave_an_unfoldable_fact(record: CommandRecord) -> CommandRecord:
        done = await run(record)
        store_as_an_old_version_did(connection, f"old-{record.command.command_id}")
        return done

    monkeypatch.setattr(bot.executor, "run", run_and_leave_an_unfoldable_fact)
    await bot.loop.run_once()

    # The fold after the command is the loop's own: the bot fails closed there, as at the start of a cycle
    assert not bench.health.read().ready
    assert bot.executor.ran == ["web-1"] and bot.orchestrator.ticks == []
    assert bench.commands.get("web-2").status is CommandStatus.NEW
    assert bench.stored(ExchangeErrorRecorded.TYPE) == []
    assert len(failing_closed_lines(caplog)) == 1
