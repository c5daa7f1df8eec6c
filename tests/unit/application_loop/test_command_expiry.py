"""Scenario 9b of issue 11: a command queued while the bot was down runs only if claimed before its expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.commands import USER_PRIORITY, ClosePosition, CommandStatus, PauseEngine
from domain.events import CommandExpired, EngineStateChanged
from domain.times import format_utc
from tests.unit.application.bench import SCOPE, SYMBOL, Bench
from tests.unit.application_loop.fakes import command
from tests.unit.application_loop.test_loop_with_real_services import GOLDEN_CROSS, booted_loop

pytestmark = pytest.mark.anyio

FIVE_MINUTES = timedelta(minutes=5)


async def test_a_close_queued_while_the_bot_was_down_for_hours_expires_and_the_position_stays() -> None:
    app = Bench(price="0.5200")
    app.tape.set(*GOLDEN_CROSS)
    loop = await booted_loop(app)
    await loop.run_once()
    held = app.engine.position_risk(SYMBOL).position_amount
    app.tape.set(*("0.5200",) * 6)  # no cross while the bot is away: the strategy leaves the position alone
    # The web queues a close with the default expiry; the bot is down and only claims it two hours later
    queued_at = app.clock.now()
    app.commands.insert(
        command(
            "close", ClosePosition(), queued_at, SCOPE, priority=USER_PRIORITY, expires_at=queued_at + FIVE_MINUTES
        ),
        queued_at,
    )
    app.clock.advance(2 * 60 * 60)

    await loop.run_once()

    record = app.commands.get("close")
    assert held > 0 and record.status is CommandStatus.EXPIRED
    assert record.error == f"expired at {format_utc(queued_at + FIVE_MINUTES)}, claimed 6900 s later: not executed"
    assert app.engine.position_risk(SYMBOL).position_amount == held
    [expired] = app.payloads(CommandExpired)
    assert (expired.command_id, expired.command_type) == ("close", "ClosePosition")
    assert (expired.expires_at, expired.claimed_at) == (queued_at + FIVE_MINUTES, app.clock.now())


async def test_a_command_claimed_before_its_expiry_runs_and_one_without_an_expiry_always_does() -> None:
    app = Bench(price="0.5200")
    loop = await booted_loop(app)
    now = app.clock.now()
    app.commands.insert(
        command(
            "in-time", PauseEngine("soon"), now, SCOPE, priority=USER_PRIORITY, expires_at=now + timedelta(seconds=10)
        ),
        now,
    )
    app.commands.insert(command("forever", PauseEngine("late"), now, SCOPE, priority=USER_PRIORITY), now)
    app.clock.advance(9)
    await loop.run_once()

    assert app.commands.get("in-time").status is CommandStatus.ACK
    assert app.commands.get("forever").status is CommandStatus.ACK
    assert [changed.reason for changed in app.payloads(EngineStateChanged)] == ["soon", "late"]
    assert app.payloads(CommandExpired) == []


async def test_a_command_claimed_in_time_and_left_in_flight_is_resolved_after_its_expiry_not_expired() -> None:
    # Claimed in time, the bot crashed before settling it: a request may be out, so it is resolved, never dropped
    app = Bench(price="0.5200")
    claimed = app.submit(PauseEngine("claimed in time"))
    late = app.commands.get(claimed.command.command_id)
    app.clock.advance(3600)

    await app.executor().resolve_in_flight()

    assert late is not None and not late.claimed_late
    assert app.commands.get(claimed.command.command_id).status is CommandStatus.ACK
    assert app.payloads(CommandExpired) == []


async def test_expiring_twice_records_one_event() -> None:
    app = Bench(price="0.5200")
    now = app.clock.now()
    app.commands.insert(command("late", PauseEngine(), now, SCOPE, priority=USER_PRIORITY, expires_at=now), now)
    claimed = app.commands.claim_next(now + timedelta(seconds=1))
    executor = app.executor()

    first = await executor.run(claimed)
    again = await executor.run(claimed)

    assert first.status is again.status is CommandStatus.EXPIRED
    assert len(app.payloads(CommandExpired)) == 1 and app.payloads(EngineStateChanged) == []
