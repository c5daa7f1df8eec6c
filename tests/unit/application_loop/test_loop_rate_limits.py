"""The main loop at the governor's pace (ADR 0033): SLOW polls half as often, STOP holds every read but commands."""

from __future__ import annotations

import pytest

from adapters.binance.rest.governor import RateGovernor
from application.loop import MainLoop, RateLimitReading
from application.market_view import MarketView
from domain.commands import USER_PRIORITY, PauseEngine
from domain.events import RateLimitState
from tests.unit.application.market_fakes import FakeMarket
from tests.unit.application_loop.bench import SCOPE, SYMBOL, Bench, Rig, rig
from tests.unit.application_loop.fakes import Reading, command

pytestmark = pytest.mark.anyio


async def paced_bot(bench: Bench, reading: RateLimitReading, market: FakeMarket | None = None) -> tuple[Rig, MainLoop]:
    """The bench's bot, booted on a 30 s poll, whose loop reads `reading` in place of the exchange set's reading."""
    view = MarketView(market, bench.clock, SYMBOL, "1m", keep=5) if market is not None else None
    booted = rig(bench, rate_limits=reading, market=view)
    assert (await booted.boot_now()).ready
    return booted, booted.loop


def insert_pause(bench: Bench, command_id: str) -> None:
    now = bench.clock.now()
    bench.commands.insert(command(command_id, PauseEngine(reason=command_id), now, SCOPE, priority=USER_PRIORITY), now)


def mark_reads(market: FakeMarket) -> int:
    return sum(1 for read in market.reads if read[0] == "mark")


class TestSlow:
    async def test_the_reconcile_poll_waits_twice_the_poll_interval(self, bench: Bench) -> None:
        _, loop = await paced_bot(bench, Reading(RateLimitState.SLOW, 2100))
        await loop.run_once()

        bench.clock.advance(30)
        at_poll = await loop.run_once()
        bench.clock.advance(30)
        at_twice = await loop.run_once()

        assert (at_poll.reconciled, at_twice.reconciled) == (False, True)

    async def test_the_mark_is_read_half_as_often(self, bench: Bench) -> None:
        market = FakeMarket(bench.clock)
        _, loop = await paced_bot(bench, Reading(RateLimitState.SLOW, 2100), market)
        await loop.run_once()
        first = mark_reads(market)

        bench.clock.advance(5)
        await loop.run_once()
        after_5s = mark_reads(market)
        bench.clock.advance(5)
        await loop.run_once()

        assert (after_5s, mark_reads(market)) == (first, first + 1)

    async def test_the_intervals_return_to_normal_when_the_weight_falls(self, bench: Bench) -> None:
        reading = Reading(RateLimitState.SLOW, 2100)
        _, loop = await paced_bot(bench, reading)
        await loop.run_once()

        reading.state = RateLimitState.WARN
        bench.clock.advance(30)

        assert (await loop.run_once()).reconciled


class TestStop:
    async def test_commands_still_run_but_nothing_is_polled_or_ticked(self, bench: Bench) -> None:
        market = FakeMarket(bench.clock)
        bot, loop = await paced_bot(bench, Reading(RateLimitState.STOP, 2350), market)
        bot.schedule.request()
        bench.clock.advance(10)
        insert_pause(bench, "web-1")

        report = await loop.run_once()

        assert report.held and report.commands == 1 and bot.executor.ran == ["web-1"]
        assert not report.reconciled and not report.ticked and market.reads == []

    async def test_a_ban_holds_polling_like_stop(self, bench: Bench) -> None:
        bot, loop = await paced_bot(bench, Reading(RateLimitState.BANNED, 2350))
        bot.schedule.request()
        bench.clock.advance(10)

        report = await loop.run_once()

        assert report.held and not report.reconciled and bot.orchestrator.ticks == []

    async def test_once_the_state_drops_the_held_reconcile_and_tick_run_at_once(self, bench: Bench) -> None:
        reading = Reading(RateLimitState.STOP, 2350)
        bot, loop = await paced_bot(bench, reading)
        bot.schedule.request()
        bench.clock.advance(10)
        await loop.run_once()

        reading.state = RateLimitState.NORMAL
        bench.clock.advance(1)
        report = await loop.run_once()

        assert not report.held and report.reconciled and report.ticked

    async def test_a_stale_stop_reading_is_polled_through_once_in_the_next_minute(self, bench: Bench) -> None:
        bot, loop = await paced_bot(bench, Reading(RateLimitState.STOP, 2350))
        bot.schedule.request()
        bench.clock.advance(10)
        await loop.run_once()

        bench.clock.advance(50)
        probe = await loop.run_once()
        bench.clock.advance(1)
        after = await loop.run_once()

        assert (probe.held, probe.reconciled) == (False, True)
        assert after.held and not after.ticked

    async def test_the_health_row_shows_the_state_the_loop_held_for(self, bench: Bench) -> None:
        governor = RateGovernor(bench.clock)
        governor.observe({"X-MBX-USED-WEIGHT-1M": "2350"})
        # The reading exactly as the bot's container builds it from the gateway's governor
        _, loop = await paced_bot(bench, lambda: (governor.used_weight, governor.state))
        bench.clock.advance(10)

        report = await loop.run_once()

        health = bench.health.read()
        assert report.held and (health.rate_limit_weight, health.rate_limit_state) == (2350, RateLimitState.STOP)
