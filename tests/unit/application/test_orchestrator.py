"""Orchestrator: decisions become strategy commands once per closed kline, unless paused or refused by the guard."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from application.orchestrator import DecisionRefused
from domain.commands import (
    STRATEGY_PRIORITY,
    ActorKind,
    CancelAll,
    ClosePosition,
    CommandRecord,
    CommandStatus,
    PauseEngine,
    PlaceOrder,
)
from domain.decisions import CancelOpenOrders, Decision, DecisionBasis, Enter, Exit
from domain.events import EngineStateChanged, FundingApplied, RiskGuardRejected
from domain.order_request import OrderRequest
from domain.reports import Kline, SymbolRules
from domain.risk import DAILY_LOSS_LIMIT, MAX_RISK_PER_TRADE, UNRESOLVED_ORDER
from domain.strategies.sma_cross import SmaCross
from domain.strategy import Strategy, StrategyContext
from domain.times import epoch_ms
from domain.values import EngineState, OrderType, Side, TimeInForce
from ports.command_store import CommandStore
from ports.event_store import EventStore
from tests.harness.flaky_gateway import Fault
from tests.unit.application.bench import FIVE_MINUTES, LIMITS, SYMBOL, Bench

pytestmark = pytest.mark.anyio

GOLDEN_CROSS = ("0.5000",) * 5 + ("0.5200",)


class Scripted(Strategy):
    """Answers the same decisions on every tick."""

    NAME = "scripted"

    def __init__(self, *decisions: Any) -> None:
        super().__init__()
        self._decisions = list(decisions)

    def decide(self, ctx: StrategyContext) -> list[Decision]:
        return list(self._decisions)


def crossing_bench(
    events: EventStore | None = None, commands: CommandStore | None = None, **params: Any
) -> tuple[Bench, SmaCross]:
    bench = Bench(events, commands, price="0.5200")
    # Small enough for the simulator's synthetic book to fill each market order in one go
    bench.wallet("1000")
    bench.tape.set(*GOLDEN_CROSS)
    return bench, SmaCross({"fast": 2, "slow": 4, **params})


def queued(bench: Bench) -> list[CommandRecord]:
    return list(reversed(bench.commands.list()))


async def entered_then_closed_by_the_user() -> tuple[Bench, SmaCross]:
    """A cross entered long on the current kline, then the user's ClosePosition, both run on the exchange."""
    bench, strategy = crossing_bench()
    await bench.orchestrator(strategy).tick(bench.clock.now())
    entry = bench.commands.claim_next(bench.clock.now())
    assert entry is not None
    await bench.executor().run(entry)
    await bench.execute(ClosePosition())
    return bench, strategy


class TestDecisionsBecomeCommands:
    async def test_a_fresh_cross_queues_a_rounded_market_entry_with_its_stop(self) -> None:
        bench, strategy = crossing_bench()
        await bench.orchestrator(strategy).tick(bench.clock.now())
        [record] = queued(bench)
        payload = record.command.payload
        assert isinstance(payload, PlaceOrder)
        assert (payload.side, payload.order_type) == (Side.BUY, OrderType.MARKET)
        assert payload.stop_price == Decimal("0.5148")
        assert payload.quantity == Decimal("1923.0")  # 10 USDT / 0.0052, down to the 0.1 step
        assert (record.command.actor.kind, record.command.actor.id) == (ActorKind.STRATEGY, "sma_cross")
        assert record.command.priority == STRATEGY_PRIORITY

    async def test_the_idempotency_key_names_the_strategy_the_closed_kline_and_what_was_decided(self) -> None:
        bench = Bench()
        bench.wallet("1000")
        bench.tape.set("0.5000")
        enter = Enter(Side.SELL, Decimal(10), Decimal("0.5100"))
        await bench.orchestrator(Scripted(CancelOpenOrders(), Exit(), enter)).tick(bench.clock.now())
        last_closed = bench.tape(SYMBOL, "5m", 10)[-2].open_time
        basis = f"decision:scripted:{SYMBOL}:5m:{epoch_ms(last_closed)}"
        assert [r.command.idempotency_key for r in queued(bench)] == [
            f"{basis}:cancel",
            f"{basis}:exit",
            f"{basis}:enter",
        ]

    async def test_a_limit_entry_becomes_a_gtc_limit_order_at_the_rounded_price(self) -> None:
        bench = Bench()
        bench.wallet("10000")
        bench.tape.set("0.5000")
        enter = Enter(Side.BUY, Decimal("100.05"), Decimal("0.47001"), entry_price=Decimal("0.48004"))
        await bench.orchestrator(Scripted(enter)).tick(bench.clock.now())
        [record] = queued(bench)
        assert record.command.payload == PlaceOrder(
            Side.BUY,
            OrderType.LIMIT,
            Decimal("100.0"),
            price=Decimal("0.4800"),
            time_in_force=TimeInForce.GTC,
            stop_price=Decimal("0.4700"),
        )

    async def test_exit_and_cancel_decisions_become_close_position_and_cancel_all(self) -> None:
        bench = Bench()
        bench.tape.set("0.5000")
        await bench.orchestrator(Scripted(CancelOpenOrders(), Exit())).tick(bench.clock.now())
        assert [r.command.payload for r in queued(bench)] == [CancelAll(), ClosePosition()]

    async def test_a_strategy_answering_something_else_is_named_in_the_error(self) -> None:
        bench = Bench()
        bench.tape.set("0.5000")
        with pytest.raises(TypeError, match="strategy 'scripted' returned 'buy now'"):
            await bench.orchestrator(Scripted("buy now")).tick(bench.clock.now())


class Counting(Strategy):
    """Answers nothing, counting how often it is asked."""

    NAME = "counting"

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def decide(self, ctx: StrategyContext) -> list[Decision]:
        self.calls += 1
        return self.answer()

    def answer(self) -> list[Decision]:
        return []


class Failing(Counting):
    NAME = "failing"

    def answer(self) -> list[Decision]:
        raise ZeroDivisionError("bad maths")


class TestOncePerSignal:
    async def test_a_failing_strategy_is_asked_once_per_kline_not_on_every_tick(self) -> None:
        bench = Bench()
        bench.tape.set("0.5000")
        failing = Failing()
        orchestrator = bench.orchestrator(failing)
        with pytest.raises(ZeroDivisionError):
            await orchestrator.tick(bench.clock.now())
        await orchestrator.tick(bench.clock.now())
        assert failing.calls == 1 and queued(bench) == []

    async def test_the_same_tick_twice_queues_one_command(self) -> None:
        bench, strategy = crossing_bench()
        orchestrator = bench.orchestrator(strategy)
        await orchestrator.tick(bench.clock.now())
        await orchestrator.tick(bench.clock.now())
        assert len(queued(bench)) == 1

    async def test_a_restarted_orchestrator_on_the_same_kline_queues_nothing_new(self) -> None:
        bench, strategy = crossing_bench()
        await bench.orchestrator(strategy).tick(bench.clock.now())
        await bench.orchestrator(SmaCross({"fast": 2, "slow": 4})).tick(bench.clock.now())
        assert len(queued(bench)) == 1

    async def test_after_a_manual_close_the_same_cross_does_not_reopen_the_position(self) -> None:
        bench, strategy = await entered_then_closed_by_the_user()
        # A restart on the same kline, then the next kline without a new cross
        await bench.orchestrator(SmaCross({"fast": 2, "slow": 4})).tick(bench.clock.now())
        bench.clock.advance(FIVE_MINUTES)
        bench.tape.set(*GOLDEN_CROSS, "0.5200")
        await bench.orchestrator(strategy).tick(bench.clock.now())
        assert [type(r.command.payload) for r in queued(bench)] == [PlaceOrder, ClosePosition]
        assert bench.engine.oracle.position(SYMBOL).amount == 0

    async def test_paused_means_no_decision_is_queued(self) -> None:
        bench, strategy = crossing_bench()
        bench.record(EngineStateChanged(EngineState.PAUSED, "by hand", None))
        await bench.orchestrator(strategy).tick(bench.clock.now())
        assert queued(bench) == []

    async def test_a_resume_within_the_same_kline_lets_the_signal_through(self) -> None:
        bench, strategy = crossing_bench()
        orchestrator = bench.orchestrator(strategy)
        bench.record(EngineStateChanged(EngineState.PAUSED, "by hand", None))
        await orchestrator.tick(bench.clock.now())
        bench.record(EngineStateChanged(EngineState.RUNNING, "by hand", None))
        await orchestrator.tick(bench.clock.now())
        assert len(queued(bench)) == 1


class TestOneSignalOneActionAcrossRestarts:
    """Issue 11 scenario 5: what was decided on a kline is stored with its commands, keyed by what was decided."""

    async def test_entry_then_a_user_close_and_a_hand_order_the_other_way_then_a_restart_queues_nothing_for_k(
        self,
    ) -> None:
        bench, _strategy = await entered_then_closed_by_the_user()
        hand = OrderRequest(SYMBOL, "by-hand-1", Side.SELL, OrderType.MARKET, Decimal(100))
        await bench.gateway.place_order(hand)
        bench.position("-100", "0.5200")
        # Killed and restarted before the next kline closes: a new orchestrator on the same stores, same kline
        await bench.orchestrator(SmaCross({"fast": 2, "slow": 4})).tick(bench.clock.now())
        assert [(r.command.actor.kind, type(r.command.payload)) for r in queued(bench)] == [
            (ActorKind.STRATEGY, PlaceOrder),
            (ActorKind.USER, ClosePosition),
        ]
        assert bench.engine.oracle.position(SYMBOL).amount == Decimal(-100)

    async def test_a_kline_decided_to_do_nothing_is_not_asked_again_after_a_restart(self) -> None:
        bench = Bench()
        bench.tape.set("0.5000")
        first, restarted = Counting(), Counting()
        await bench.orchestrator(first).tick(bench.clock.now())
        await bench.orchestrator(restarted).tick(bench.clock.now())
        assert (first.calls, restarted.calls) == (1, 0)
        bench.clock.advance(FIVE_MINUTES)
        await bench.orchestrator(restarted).tick(bench.clock.now())
        assert restarted.calls == 1

    async def test_an_orchestrator_rebuilt_with_new_params_and_limits_does_not_decide_the_same_kline_again(
        self,
    ) -> None:
        bench, strategy = crossing_bench()
        await bench.orchestrator(strategy).tick(bench.clock.now())
        # What LiveConfig does on a strategy or risk change: a new orchestrator, the same stores
        rebuilt = SmaCross({"fast": 2, "slow": 4, "risk_per_trade": "0.005"})
        await bench.orchestrator(rebuilt, limits=replace(LIMITS, max_risk_per_trade=Decimal("0.01"))).tick(
            bench.clock.now()
        )
        assert len(queued(bench)) == 1

    async def test_another_strategy_on_the_same_kline_decides_it_for_itself(self) -> None:
        bench = Bench()
        bench.tape.set("0.5000")
        await bench.orchestrator(Counting()).tick(bench.clock.now())
        other = Failing()
        with pytest.raises(ZeroDivisionError):
            await bench.orchestrator(other).tick(bench.clock.now())
        assert other.calls == 1

    async def test_a_market_read_lagging_behind_the_decided_kline_does_not_reopen_it(self) -> None:
        bench = Bench()
        bench.tape.set("0.5000", "0.5000")
        await bench.orchestrator(Counting()).tick(bench.clock.now())
        restarted, lagging = Counting(), LaggingMarket(bench)
        orchestrator = bench.orchestrator(restarted, market=lagging)
        await orchestrator.tick(bench.clock.now())
        lagging.behind = False
        await orchestrator.tick(bench.clock.now())
        assert restarted.calls == 0

    async def test_two_decisions_of_one_kind_on_a_kline_are_refused_and_nothing_is_queued(self) -> None:
        bench = Bench()
        bench.tape.set("0.5000")
        orchestrator = bench.orchestrator(Scripted(CancelOpenOrders(), Exit(reason="a"), Exit(reason="b")))
        with pytest.raises(DecisionRefused, match="strategy 'scripted' decided exit twice on the 5m kline of"):
            await orchestrator.tick(bench.clock.now())
        await orchestrator.tick(bench.clock.now())
        assert queued(bench) == []

    async def test_a_key_naming_another_command_is_an_error_and_nothing_of_the_kline_is_queued(self) -> None:
        bench = Bench()
        bench.wallet("1000")
        bench.tape.set("0.5000")
        last_closed = bench.tape(SYMBOL, "5m", 10)[-2].open_time
        squatter = bench.submit(
            PauseEngine("holds the key"), key=DecisionBasis("scripted", SYMBOL, "5m").key(last_closed, Exit.KIND)
        )
        enter = Enter(Side.BUY, Decimal(10), Decimal("0.4900"))
        with pytest.raises(
            DecisionRefused,
            match="already names command .* \\(PauseEngine\\), which differs from "
            "this ClosePosition; nothing was stored; nothing of this kline",
        ):
            await bench.orchestrator(Scripted(Exit(), enter)).tick(bench.clock.now())
        assert [r.command.command_id for r in queued(bench)] == [squatter.command.command_id]
        assert bench.commands.decided_kline(DecisionBasis("scripted", SYMBOL, "5m")) is None


class TestRiskGuard:
    async def test_an_oversized_entry_is_not_queued_and_the_rejection_shows_the_numbers(self) -> None:
        bench, strategy = crossing_bench(risk_per_trade="0.5")
        await bench.orchestrator(strategy).tick(bench.clock.now())
        [rejected] = bench.payloads(RiskGuardRejected)
        assert queued(bench) == []
        assert rejected.rule == MAX_RISK_PER_TRADE
        assert rejected.limit == Decimal("20.00") and rejected.equity == Decimal(1000)
        assert rejected.value > rejected.limit
        assert "exceeds max_risk_per_trade 0.02 x equity 1000" in rejected.reason

    async def test_a_rejected_decision_is_recorded_once_across_restarts(self) -> None:
        bench, strategy = crossing_bench(risk_per_trade="0.5")
        await bench.orchestrator(strategy).tick(bench.clock.now())
        await bench.orchestrator(SmaCross({"fast": 2, "slow": 4, "risk_per_trade": "0.5"})).tick(bench.clock.now())
        assert len(bench.payloads(RiskGuardRejected)) == 1

    async def test_after_the_daily_loss_limit_new_exposure_is_refused_but_reducing_passes(self) -> None:
        bench = Bench()
        bench.wallet("9400")
        bench.record(FundingApplied("USDT", Decimal("-600"), bench.clock.now(), 1))
        bench.position("200", "0.5000")
        bench.tape.set("0.5000")
        enter = Enter(Side.SELL, Decimal(100), Decimal("0.5100"))
        await bench.orchestrator(Scripted(Exit(), enter)).tick(bench.clock.now())
        [rejected] = bench.payloads(RiskGuardRejected)
        assert [type(r.command.payload) for r in queued(bench)] == [ClosePosition]
        assert rejected.rule == DAILY_LOSS_LIMIT
        assert (rejected.value, rejected.limit) == (Decimal(600), Decimal("500.00"))
        assert "only orders that reduce the position are allowed" in rejected.reason

    async def test_an_entry_with_an_unknown_outcome_is_exposure_no_second_entry_goes_on_top(self) -> None:
        bench, _ = crossing_bench()
        # An earlier BUY whose placement outcome is unknown: SENT, its intent committed, no exchange order known
        bench.gateway.script_place(Fault.LOSE_REQUEST)
        earlier = await bench.execute(PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(100), stop_price=Decimal("0.5")))
        seen: list[StrategyContext] = []
        spy = Spying(Scripted(Enter(Side.BUY, Decimal(100), Decimal("0.5100"))), seen)
        await bench.orchestrator(spy).tick(bench.clock.now())
        [rejected] = bench.payloads(RiskGuardRejected)
        assert earlier.status is CommandStatus.SENT
        assert [r.command.command_id for r in queued(bench)] == [earlier.command.command_id]
        assert seen[0].unresolved_quantity == Decimal(100) and seen[0].position.quantity == 0
        assert rejected.rule == UNRESOLVED_ORDER


class Spying(Strategy):
    """Delegates to a real strategy and keeps every context it was given."""

    NAME = "spying"

    def __init__(self, inner: Strategy, seen: list[StrategyContext]) -> None:
        super().__init__()
        self._inner, self._seen = inner, seen

    def klines_needed(self) -> int:
        return self._inner.klines_needed()

    def decide(self, ctx: StrategyContext) -> list[Decision]:
        self._seen.append(ctx)
        return self._inner.decide(ctx)


class TestMarketReads:
    async def test_the_market_is_not_asked_again_until_the_open_kline_has_ended(self) -> None:
        bench, strategy = crossing_bench()
        reads = CountingMarket(bench)
        orchestrator = bench.orchestrator(strategy, market=reads)
        for _ in range(3):
            await orchestrator.tick(bench.clock.now())
        bench.clock.advance(FIVE_MINUTES)
        await orchestrator.tick(bench.clock.now())
        assert reads.kline_reads == 2


class CountingMarket:
    """The bench's gateway as a market source, counting kline reads."""

    def __init__(self, bench: Bench) -> None:
        self._gateway = bench.gateway
        self.kline_reads = 0

    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        self.kline_reads += 1
        return await self._gateway.klines(symbol, interval, limit)

    async def mark_price(self, symbol: str) -> Decimal:
        return await self._gateway.mark_price(symbol)

    async def symbol_rules(self, symbol: str) -> SymbolRules:
        return await self._gateway.symbol_rules(symbol)


class LaggingMarket(CountingMarket):
    """Serves the klines as they stood one kline ago (the last closed one still open) while `behind`."""

    def __init__(self, bench: Bench) -> None:
        super().__init__(bench)
        self.behind = True

    async def klines(self, symbol: str, interval: str, limit: int) -> list[Kline]:
        klines = await super().klines(symbol, interval, limit + 1)
        if not self.behind:
            return klines[-limit:]
        *older, last_closed, _ = klines
        return [*older, replace(last_closed, closed=False)][-limit:]


class TestOnSqlite:
    async def test_the_same_tick_after_a_restart_on_the_same_database_queues_one_command(self, tmp_path: Path) -> None:
        path = tmp_path / "engine.sqlite3"
        for _ in range(2):
            connection = open_database(path)
            bench, strategy = crossing_bench(
                events=SqliteEventStore(connection), commands=SqliteCommandStore(connection)
            )
            await bench.orchestrator(strategy).tick(bench.clock.now())
            records = bench.commands.list()
            connection.close()
        assert [type(record.command.payload) for record in records] == [PlaceOrder]


class TestEndToEnd:
    async def test_a_cross_then_the_opposite_cross_enters_long_then_reverses_short_each_with_a_stop(self) -> None:
        bench, strategy = crossing_bench(stop_pct="0.2")
        await _tick_and_run(bench, strategy)
        bench.clock.advance(FIVE_MINUTES)
        bench.price("0.4600")
        bench.tape.set(*GOLDEN_CROSS, "0.4600")
        bench.position(str(bench.engine.oracle.position(SYMBOL).amount), "0.5200")
        await _tick_and_run(bench, strategy)
        payloads = [type(record.command.payload) for record in queued(bench)]
        stops = [(algo.side, algo.status.value) for algo in bench.exchange_algos()]
        assert payloads == [PlaceOrder, ClosePosition, PlaceOrder]
        assert bench.engine.oracle.position(SYMBOL).amount < 0
        assert stops == [(Side.SELL, "CANCELED"), (Side.BUY, "NEW")]


async def _tick_and_run(bench: Bench, strategy: Strategy) -> None:
    await bench.orchestrator(strategy).tick(bench.clock.now())
    while (claimed := bench.commands.claim_next(bench.clock.now())) is not None:
        record = await bench.executor().run(claimed)
        assert record.status.is_final and record.error is None
