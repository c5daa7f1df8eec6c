"""The counters the bot publishes on its health row for /metrics (ADR 0077): stream reconnects, drifts found, the
exchange's 429 and 418 refusals; each counted since the bot started and held at MAX_COUNT."""

from __future__ import annotations

from decimal import Decimal

import pytest

from application.cycle import LoopTiming
from application.health_board import MAX_COUNT
from domain.events import PositionChanged, RateLimitChanged, RateLimitState
from domain.values import Side, Source
from entrypoints.bot.wiring import RateLimitRecorder
from ports.exchange import StreamState, StreamStatus
from tests.unit.application_loop.bench import Bench, Rig, market, rig
from tests.unit.application_loop.test_reconciler import append, streamed

pytestmark = pytest.mark.anyio


async def ready_rig(bench: Bench) -> Rig:
    ready = rig(bench)
    assert (await ready.boot_now()).ready
    return ready


def change(state: RateLimitState, previous: RateLimitState = RateLimitState.NORMAL) -> RateLimitChanged:
    return RateLimitChanged(state, previous, 10, None, None, None, f"to {state.value}")


async def test_the_first_connect_is_not_a_reconnect_and_each_later_one_is(bench: Bench) -> None:
    bot = await ready_rig(bench)
    counted = []
    for state in (StreamState.CONNECTED, StreamState.DISCONNECTED, StreamState.CONNECTED, StreamState.SILENT):
        bot.inbox.put(StreamStatus(state, bench.clock.now()))
        await bot.loop.run_once()
        counted.append(bot.board.current.stream_reconnects)
    bench.clock.advance(LoopTiming().heartbeat_every.total_seconds())
    bot.inbox.put(StreamStatus(StreamState.CONNECTED, bench.clock.now()))
    await bot.loop.run_once()

    assert counted == [0, 0, 1, 1]
    assert bot.board.current.stream_reconnects == 2
    assert bench.health.read().stream_reconnects == 2  # published by the heartbeat


async def test_each_drift_a_reconcile_pass_finds_is_counted(bench: Bench) -> None:
    bot = await ready_rig(bench)
    await bench.gateway.place_order(market(Side.BUY, "20"))
    await streamed(bench)
    append(bench, [PositionChanged(Decimal("55"), Decimal("0.5"), "ORDER", bench.clock.now())], Source.WS)
    before = bot.board.current.drifts_detected
    bench.clock.advance(1)
    bot.schedule.request()

    report = await bot.loop.run_once()

    assert report.reconciled
    assert (before, bot.board.current.drifts_detected) == (0, 1)


async def test_each_429_and_418_is_counted_and_every_change_is_still_logged(bench: Bench) -> None:
    bot = await ready_rig(bench)
    recorder = RateLimitRecorder(bot.bot.writer(), bot.board)
    before = bench.events.last_seq()
    limited, banned = RateLimitState.LIMITED, RateLimitState.BANNED
    changes = [change(limited), change(limited, limited), change(RateLimitState.NORMAL, limited), change(banned)]

    for each in changes:
        recorder(each)

    health = bot.board.current
    assert (health.http_429s, health.http_418s) == (2, 1)
    assert len(bench.events.read_after(before)) == len(changes)


async def test_a_counter_stops_at_its_bound(bench: Bench) -> None:
    bot = await ready_rig(bench)
    bot.board.update(drifts_detected=MAX_COUNT - 1)

    bot.board.count(drifts_detected=5)

    assert bot.board.current.drifts_detected == MAX_COUNT
