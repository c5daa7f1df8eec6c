"""The main loop, cycle by cycle on a manual clock: commands, strategy, stream facts, reconciling, config, heartbeat."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import anyio
import pytest

from adapters.memory.maintenance import InMemoryMaintenance
from application.cycle import CycleReport, LoopTiming
from application.loop import LATE_TAKES
from config.settings import SECTIONS
from domain.commands import (
    STRATEGY_PRIORITY,
    USER_PRIORITY,
    CancelAll,
    CommandStatus,
    PauseEngine,
    PlaceOrder,
)
from domain.events import (
    AlertRaised,
    CommandFailed,
    ConfigChanged,
    ExchangeErrorRecorded,
    TradeExecuted,
)
from domain.values import OrderType, Side, Source
from ports.errors import StorageError
from ports.exchange import StreamState, StreamStatus, UserDataMessage
from ports.lease import LeaseLost
from ports.maintenance import CheckpointResult, StorageMaintenance
from tests.unit.application_loop.bench import HOLDER, SCOPE, Bench, Rig, make_bench, market, rig
from tests.unit.application_loop.fakes import BusyEventStore, command

pytestmark = pytest.mark.anyio

# Guards against a hang, not a timing assertion
HANG_S = 10


async def ready_rig(bench: Bench, **options: object) -> Rig:
    ready = rig(bench, **options)
    outcome = await ready.boot_now()
    assert outcome.ready
    return ready


async def streamed(bench: Bench) -> list[UserDataMessage]:
    """What the simulator has streamed so far."""
    bench.stream.close()
    return [message async for message in bench.stream.messages()]


async def cycle_with_late_frames(bot: Rig, taken: list[UserDataMessage], late: list[UserDataMessage]) -> CycleReport:
    """One cycle over `taken`, while `late` comes in once the cycle has taken it, as frames reaching the socket."""
    for message in taken:
        bot.inbox.put(message)

    async def reader() -> None:
        while bot.inbox.has_pending:
            await anyio.lowlevel.checkpoint()
        for message in late:
            bot.inbox.put(message)

    async with anyio.create_task_group() as group:
        group.start_soon(reader)
        return await bot.loop.run_once()


def insert(bench: Bench, command_id: str, *, priority: int = USER_PRIORITY, seconds_ago: float = 0) -> None:
    created = bench.clock.now() - timedelta(seconds=seconds_ago)
    bench.commands.insert(
        command(command_id, PauseEngine(reason=command_id), created, SCOPE, priority=priority), bench.clock.now()
    )


class TestCommands:
    async def test_a_command_inserted_by_the_web_runs_in_the_next_cycle(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        await bot.loop.run_once()
        insert(bench, "web-1")

        report = await bot.loop.run_once()

        assert report.commands == 1 and bot.executor.ran == ["web-1"]
        assert bench.commands.get("web-1").status is CommandStatus.ACK

    async def test_user_commands_run_before_older_strategy_commands(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        insert(bench, "strategy-old", priority=STRATEGY_PRIORITY, seconds_ago=60)
        insert(bench, "user-new", priority=USER_PRIORITY)

        await bot.loop.run_once()

        assert bot.executor.ran == ["user-new", "strategy-old"]

    async def test_a_failing_command_is_recorded_and_the_next_one_still_runs(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bot.executor.broken_types.add(CancelAll.TYPE)
        bench.commands.insert(
            command("bad", CancelAll(), bench.clock.now(), SCOPE, priority=USER_PRIORITY), bench.clock.now()
        )
        insert(bench, "good", seconds_ago=-1)

        report = await bot.loop.run_once()

        assert bot.executor.ran == ["bad", "good"]
        assert bench.commands.get("bad").status is CommandStatus.FAILED
        assert "cannot run CancelAll" in bench.commands.get("bad").error
        [failed] = bench.stored(CommandFailed.TYPE)
        assert failed.payload.command_id == "bad" and failed.source is Source.BOT
        assert bench.commands.get("good").status is CommandStatus.ACK
        assert len(report.errors) == 1

    async def test_a_command_that_raises_after_committing_an_intent_stays_sent_for_resolution(
        self,
        bench: Bench,
    ) -> None:
        bot = await ready_rig(bench)
        bot.executor.crash_after_intent.add(PlaceOrder.TYPE)
        order = PlaceOrder(Side.BUY, OrderType.MARKET, Decimal("20"))
        bench.commands.insert(
            command("place", order, bench.clock.now(), SCOPE, priority=USER_PRIORITY), bench.clock.now()
        )

        report = await bot.loop.run_once()

        assert bench.commands.get("place").status is CommandStatus.SENT
        assert bench.stored(CommandFailed.TYPE) == []
        [recorded] = bench.stored(ExchangeErrorRecorded.TYPE)
        assert recorded.payload.raw == "command place left SENT"
        assert report.reconciled
        # Still unknown after the pass: the next passes (and their lookups) come on the fast interval
        assert bot.schedule.unsettled and bot.schedule.interval == timedelta(seconds=3)
        bench.commands.mark_failed("place", "settled", bench.clock.now())
        bench.clock.advance(timedelta(seconds=3))
        await bot.loop.run_once()
        assert not bot.schedule.unsettled

    async def test_commands_the_strategy_queues_run_in_the_same_cycle(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bot.orchestrator.queued.append(PauseEngine(reason="strategy"))

        report = await bot.loop.run_once()

        assert report.ticked and report.commands == 1
        assert bot.executor.ran == ["strategy-1-0"]


class TestStrategy:
    async def test_a_failing_strategy_tick_is_recorded_and_the_loop_goes_on(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bot.orchestrator.error = ZeroDivisionError("sma of nothing")

        first = await bot.loop.run_once()
        bench.clock.advance(1)
        bot.orchestrator.error = None
        insert(bench, "after")
        second = await bot.loop.run_once()

        [recorded] = bench.stored(ExchangeErrorRecorded.TYPE)
        assert recorded.payload.operation == "loop.strategy" and "sma of nothing" in recorded.payload.message
        assert first.errors and not second.errors
        assert len(bot.orchestrator.ticks) == 2 and bot.executor.ran == ["after"]

    async def test_the_same_failure_again_is_recorded_once_a_minute(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bot.orchestrator.error = ZeroDivisionError("sma of nothing")

        for _ in range(5):
            await bot.loop.run_once()
            bench.clock.advance(1)
        bench.clock.advance(60)
        await bot.loop.run_once()

        assert len(bot.orchestrator.ticks) == 6
        assert len(bench.stored(ExchangeErrorRecorded.TYPE)) == 2

    async def test_the_strategy_ticks_at_most_once_per_interval(self, bench: Bench) -> None:
        bot = await ready_rig(bench)

        await bot.loop.run_once()
        await bot.loop.run_once()
        bench.clock.advance(1)
        await bot.loop.run_once()

        assert len(bot.orchestrator.ticks) == 2


class TestStreamFacts:
    async def test_stream_facts_are_appended_as_ws_events_and_projected(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        await bench.gateway.place_order(market(Side.BUY, "20"))
        await bot.forward_stream()

        report = await bot.loop.run_once()

        [trade] = bench.stored(TradeExecuted.TYPE)
        assert trade.source is Source.WS and report.messages > 0
        assert bench.projector.state.position("XRPUSDT").quantity == 20

    async def test_frames_reaching_the_socket_while_a_fills_order_update_is_appended_join_its_cycle(
        self, bench: Bench
    ) -> None:
        bot = await ready_rig(bench)
        await bench.gateway.place_order(market(Side.BUY, "20"))
        messages = await streamed(bench)
        # The burst's first frame, the order's update, comes before its trade
        assert not isinstance(messages[0], TradeExecuted)

        report = await cycle_with_late_frames(bot, messages[:1], messages[1:])

        assert report.messages == len(messages)
        assert len(bench.stored(TradeExecuted.TYPE)) == 1
        assert bench.projector.state.position("XRPUSDT").quantity == 20

    async def test_a_take_holding_a_trade_is_committed_without_waiting_for_later_frames(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        await bench.gateway.place_order(market(Side.BUY, "20"))
        messages = await streamed(bench)
        upto = next(index for index, message in enumerate(messages) if isinstance(message, TradeExecuted)) + 1
        trade, later = messages[:upto], messages[upto:]

        first = await cycle_with_late_frames(bot, trade, later)
        second = await bot.loop.run_once()

        assert later and (first.messages, second.messages) == (len(trade), len(later))
        assert len(bench.stored(TradeExecuted.TYPE)) == 1

    async def test_a_stream_that_never_pauses_still_lets_the_cycle_go_on(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        connected = StreamStatus(StreamState.CONNECTED, bench.clock.now())
        bot.inbox.put(connected)

        async def flood() -> None:
            while True:
                if not bot.inbox.has_pending:
                    bot.inbox.put(connected)
                await anyio.lowlevel.checkpoint()

        with anyio.fail_after(HANG_S):
            async with anyio.create_task_group() as group:
                group.start_soon(flood)
                report = await bot.loop.run_once()
                group.cancel_scope.cancel()

        assert report.messages == 1 + LATE_TAKES

    async def test_one_unreadable_fact_is_recorded_and_the_others_are_kept(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        await bench.gateway.place_order(market(Side.BUY, "20"))
        await bot.forward_stream()
        broken = TradeExecuted(
            1,
            2,
            None,
            Side.BUY,
            Decimal("NaN"),
            Decimal(1),
            Decimal(0),
            False,
            True,
            bench.clock.now().replace(tzinfo=None),
        )
        bot.inbox.put(broken)

        report = await bot.loop.run_once()

        [recorded] = bench.stored(ExchangeErrorRecorded.TYPE)
        assert recorded.payload.operation == "loop.stream" and "trade_id=1" in recorded.payload.raw
        assert len(bench.stored(TradeExecuted.TYPE)) == 1
        assert len(report.errors) == 1

    async def test_facts_lost_to_a_busy_store_are_brought_back_by_a_reconcile_in_the_same_cycle(self) -> None:
        events = BusyEventStore()
        bench = make_bench(events)
        bot = await ready_rig(bench)
        await bench.gateway.place_order(market(Side.BUY, "20"))
        await bot.forward_stream()
        events.busy_appends = 2  # the stream batch, then the record of its failure

        report = await bot.loop.run_once()

        assert report.errors and report.reconciled
        [trade] = bench.stored(TradeExecuted.TYPE)
        assert trade.source is Source.REST
        assert bench.projector.state.position("XRPUSDT").quantity == 20


class TestReconcileCadence:
    async def test_reconciling_waits_for_the_poll_interval_while_the_stream_is_connected(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bot.inbox.put(StreamStatus(StreamState.CONNECTED, bench.clock.now()))
        after_reconnect = (await bot.loop.run_once()).reconciled

        bench.clock.advance(29)
        quiet = (await bot.loop.run_once()).reconciled
        bench.clock.advance(1)
        due = (await bot.loop.run_once()).reconciled

        assert (after_reconnect, quiet, due) == (True, False, True)
        assert bot.board.current.last_reconcile_at == bench.clock.now()

    async def test_a_silent_stream_switches_to_fast_polling(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bot.inbox.put(StreamStatus(StreamState.SILENT, bench.clock.now(), "no frame for 0:01:00"))
        await bot.loop.run_once()

        passes = []
        for _ in range(3):
            bench.clock.advance(3)
            passes.append((await bot.loop.run_once()).reconciled)

        assert bot.schedule.degraded and passes == [True, True, True]
        assert bench.health.read().ws_state == StreamState.SILENT

    async def test_an_idle_bot_appends_nothing_and_its_health_says_when_the_last_pass_ran(self, bench: Bench) -> None:
        await bench.gateway.place_order(market(Side.BUY, "20"))
        bench.engine.apply_funding("XRPUSDT", Decimal("0.0001"), Decimal("0.5"), bench.clock.now())
        bot = await ready_rig(bench)
        await bot.loop.run_once()
        before = bench.events.last_seq()

        passes = []
        for _ in range(10):
            bench.clock.advance(30)
            passes.append((await bot.loop.run_once()).reconciled)

        # The position has no stop: its one alert (ADR 0078) is all the ten passes append
        appended = [stored.event.type for stored in bench.events.read_after(before)]
        assert passes == [True] * 10 and appended == [AlertRaised.TYPE]
        assert bot.board.current.last_reconcile_at == bench.clock.now()

    async def test_a_fill_made_while_the_stream_was_down_is_found_by_the_next_fast_poll(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bot.inbox.put(StreamStatus(StreamState.DISCONNECTED, bench.clock.now(), "connection reset"))
        await bot.loop.run_once()
        await bench.gateway.place_order(market(Side.BUY, "20"))

        bench.clock.advance(3)
        await bot.loop.run_once()

        [trade] = bench.stored(TradeExecuted.TYPE)
        assert trade.source is Source.REST
        assert bench.projector.state.position("XRPUSDT").quantity == 20

    async def test_a_command_left_sent_is_resolved_after_the_next_reconcile(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        insert(bench, "unknown-outcome")
        bench.commands.claim_next(bench.clock.now())
        await bot.loop.run_once()
        before = bot.executor.resolved

        bench.clock.advance(30)
        await bot.loop.run_once()

        assert (before, bot.executor.resolved) == (1, 2)

    async def test_a_reconcile_can_be_asked_for_on_demand(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bench.clock.advance(1)
        unasked = (await bot.loop.run_once()).reconciled
        bot.schedule.request()

        report = await bot.loop.run_once()

        assert not unasked and report.reconciled and bot.board.current.last_reconcile_at == bench.clock.now()


class TestConfig:
    async def test_a_config_change_is_recorded_once_and_passed_on(self, bench: Bench) -> None:
        seen: list[tuple[str, int]] = []
        bot = await ready_rig(bench, on_config=lambda entries: seen.extend((e.key, e.version) for e in entries))
        # The bot stored the default of every section (version 1, by "system") when it started
        await bot.loop.run_once()

        bench.config.put(
            "engine", {"poll_interval_sec": 5}, expected_version=1, updated_by="web:alice", now=bench.clock.now()
        )
        await bot.loop.run_once()
        await bot.loop.run_once()

        changes = [e.payload for e in bench.stored(ConfigChanged.TYPE)]
        engine = [(c.key, c.version, c.updated_by) for c in changes if c.key == "engine"]
        assert engine == [("engine", 1, "system"), ("engine", 2, "web:alice")] and len(changes) == len(SECTIONS) + 1
        assert changes[-1].value_json == '{"poll_interval_sec":5}'
        assert sorted(seen[:-1]) == sorted((key, 1) for key in SECTIONS) and seen[-1] == ("engine", 2)


class TestHeartbeat:
    async def test_the_heartbeat_writes_health_and_renews_the_lease(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bench.clock.advance(5)

        await bot.loop.run_once()

        health = bench.health.read()
        assert health.ready and health.holder == HOLDER and health.last_loop_at == bench.clock.now()
        assert bench.leases.current().renewed_at == bench.clock.now()

    async def test_losing_the_lease_stops_the_loop(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bench.clock.advance(60)
        bench.leases.acquire("other-host/pid 7/ffff", timedelta(seconds=15), bench.clock.now())

        with pytest.raises(LeaseLost, match="other-host"):
            await bot.loop.run_once()

    async def test_a_bot_that_lost_its_lease_leaves_the_new_holders_health_alone_on_shut_down(
        self,
        bench: Bench,
    ) -> None:
        bot = await ready_rig(bench)
        bench.clock.advance(60)
        bench.leases.acquire("other-host/pid 7/ffff", timedelta(seconds=15), bench.clock.now())
        with pytest.raises(LeaseLost):
            await bot.loop.run_once()
        written = len(bench.health.history)

        bot.loop.shut_down()

        assert len(bench.health.history) == written
        assert bench.leases.current().holder == "other-host/pid 7/ffff"

    async def test_shutting_down_releases_the_lease_and_says_stopped(self, bench: Bench) -> None:
        bot = await ready_rig(bench)

        bot.loop.shut_down()

        assert bench.leases.current() is None
        assert bench.health.read().boot_phase == "stopped" and not bench.health.read().ready
        assert (bench.health.read().stopped_at, bench.health.read().stop_reason) == (
            bench.clock.now(),
            "stop requested",
        )

    async def test_the_last_failing_step_is_published_with_the_heartbeat_until_another_replaces_it(
        self,
        bench: Bench,
    ) -> None:
        bot = await ready_rig(bench)
        bot.orchestrator.error = ZeroDivisionError("sma of nothing")
        await bot.loop.run_once()
        failed_at = bench.clock.now()
        bot.orchestrator.error = None
        bench.clock.advance(5)

        await bot.loop.run_once()

        health = bench.health.read()
        assert health.updated_at == bench.clock.now()
        assert (health.last_error, health.last_error_at) == ("strategy: ZeroDivisionError: sma of nothing", failed_at)

    async def test_a_published_error_is_bounded_and_storable_whatever_it_quotes(self, bench: Bench) -> None:
        bot = await ready_rig(bench)
        bot.orchestrator.error = ValueError("bad payload \ud800" + "x" * 10_000)

        await bot.loop.run_once()

        health = bench.health.read()
        assert health.last_error.startswith("strategy: ValueError: bad payload \\ud800x")
        assert len(health.last_error) == 500


class BrokenMaintenance(StorageMaintenance):
    def checkpoint(self) -> CheckpointResult:
        raise StorageError("disk I/O error")


class TestCheckpoint:
    async def test_the_log_is_checkpointed_once_per_interval_and_its_size_published(self, bench: Bench) -> None:
        maintenance = InMemoryMaintenance()
        bot = await ready_rig(bench, maintenance=maintenance, timing=LoopTiming(checkpoint_every=timedelta(seconds=60)))

        await bot.loop.run_once()
        bench.clock.advance(30)
        await bot.loop.run_once()
        bench.clock.advance(30)
        await bot.loop.run_once()

        assert maintenance.checkpoints == 2
        assert bench.health.read().wal_bytes == 0

    async def test_a_failing_checkpoint_is_recorded_and_the_heartbeat_still_runs(self, bench: Bench) -> None:
        bot = await ready_rig(bench, maintenance=BrokenMaintenance())
        bench.clock.advance(5)

        report = await bot.loop.run_once()

        assert report.errors == ["checkpoint: StorageError: disk I/O error"]
        assert [e.payload.operation for e in bench.stored(ExchangeErrorRecorded.TYPE)] == ["loop.checkpoint"]
        assert bench.health.read().last_loop_at == bench.clock.now()


class TestRunning:
    # The hour-long idle wait is far beyond the hang guard: only the command poll (ADR 0040) can explain the pick-up
    @pytest.mark.parametrize("idle_wait", [LoopTiming().idle_wait, timedelta(hours=1)], ids=["default", "hour"])
    async def test_the_running_loop_picks_up_a_command_inserted_while_it_idles(
        self,
        bench: Bench,
        idle_wait: timedelta,
    ) -> None:
        bot = await ready_rig(bench, timing=LoopTiming(idle_wait=idle_wait))
        stop = anyio.Event()

        async def web() -> None:
            await anyio.sleep(0.1)
            insert(bench, "from-web")
            while bench.commands.get("from-web").status is CommandStatus.NEW:
                await anyio.sleep(0.005)
            stop.set()

        with anyio.fail_after(HANG_S):
            async with anyio.create_task_group() as group:
                group.start_soon(web)
                await bot.loop.run(stop)

        assert bot.executor.ran == ["from-web"]
