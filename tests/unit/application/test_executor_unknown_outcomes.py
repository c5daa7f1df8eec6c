"""Executor under lost requests, lost responses and crashes: one order on the exchange, whatever happens."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.memory.projection_store import InMemoryProjectionStore
from adapters.simulator.errors import ORDER_DOES_NOT_EXIST
from adapters.simulator.inprocess import SimulatedExchangeGateway
from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from application.projector import Projector
from domain.client_order_ids import client_order_id_for
from domain.commands import CancelOrder, ClosePosition, CommandStatus, PauseEngine, PlaceOrder
from domain.events import EngineStateChanged, ExchangeErrorRecorded, OrderPlaced, OrderRejected, TradeAttributed
from domain.values import OrderType, Side, TimeInForce
from tests.harness.flaky_gateway import Fault, SimulatedCrash
from tests.unit.application.bench import SYMBOL, Bench

pytestmark = pytest.mark.anyio

ENTRY = PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(100), stop_price=Decimal("0.4900"))
RESTING = PlaceOrder(Side.BUY, OrderType.LIMIT, Decimal(100), price=Decimal("0.4800"), time_in_force=TimeInForce.GTC)


def main_id(command_id: str) -> str:
    return client_order_id_for(command_id, "main")


class TestUnknownOutcome:
    async def test_a_lost_response_is_looked_up_and_the_order_adopted_without_a_second_send(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.LOSE_RESPONSE)
        record = await bench.execute(ENTRY)
        assert record.status is CommandStatus.ACK
        assert len(bench.exchange_orders()) == 1
        assert [r.client_order_id for r in bench.gateway.sent].count(main_id(record.command.command_id)) == 1

    async def test_a_lost_request_is_never_sent_again_and_stays_unknown_until_the_history_proves_it_absent(
        self,
    ) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.LOSE_REQUEST)
        record = await bench.execute(ENTRY)
        for _ in range(4):
            bench.clock.advance(timedelta(minutes=1))
            await bench.executor().resolve_in_flight()
        unknown = bench.commands.get(record.command.command_id)
        [recorded] = bench.payloads(ExchangeErrorRecorded)
        bench.clock.advance(timedelta(minutes=2))
        await bench.executor().resolve_in_flight()
        settled = bench.commands.get(record.command.command_id)
        assert record.status is CommandStatus.SENT and unknown is not None and unknown.status is CommandStatus.SENT
        assert "stays unknown" in recorded.message, "recorded once, not at every pass"
        assert settled is not None and settled.status is CommandStatus.FAILED
        [rejected] = bench.payloads(OrderRejected)
        assert rejected.code == ORDER_DOES_NOT_EXIST.code and "never placed" in rejected.reason
        assert len(bench.gateway.sent) == 1 and bench.exchange_orders() == []

    async def test_a_lost_response_hidden_from_the_first_lookup_is_adopted_on_the_next_pass_without_a_resend(
        self,
    ) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.LOSE_RESPONSE)
        bench.gateway.hide_lookups(1)
        record = await bench.execute(RESTING)
        await bench.executor().resolve_in_flight()
        stored = bench.commands.get(record.command.command_id)
        [order] = bench.exchange_orders()
        assert record.status is CommandStatus.SENT
        assert stored is not None and stored.status is CommandStatus.ACK
        assert stored.result is not None and stored.result["order_id"] == order.order_id
        assert len(bench.gateway.sent) == 1

    async def test_a_lost_stop_response_is_adopted_too(self) -> None:
        bench = Bench()
        bench.gateway.script_place(None, Fault.LOSE_RESPONSE)
        record = await bench.execute(ENTRY)
        assert record.status is CommandStatus.ACK
        assert len(bench.exchange_algos()) == 1

    async def test_a_lookup_that_times_out_leaves_the_command_sent_and_says_so(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.LOSE_RESPONSE)
        bench.gateway.fail_lookups(1)
        record = await bench.execute(ENTRY)
        assert record.status is CommandStatus.SENT
        [error] = bench.payloads(ExchangeErrorRecorded)
        assert "left SENT" in error.message and "lookup failed" in error.message


class TestResolveInFlight:
    async def test_an_intent_committed_before_a_crash_is_never_sent_at_boot_and_fails_once_proven_absent(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.CRASH_BEFORE_SEND)
        claimed = bench.submit(ENTRY)
        with pytest.raises(SimulatedCrash):
            await bench.executor().run(claimed)
        await bench.executor().resolve_in_flight()
        at_boot = bench.commands.get(claimed.command.command_id)
        bench.clock.advance(timedelta(minutes=5))
        await bench.executor().resolve_in_flight()
        settled = bench.commands.get(claimed.command.command_id)
        assert at_boot is not None and at_boot.status is CommandStatus.SENT
        assert settled is not None and settled.status is CommandStatus.FAILED
        assert len(bench.gateway.sent) == 1 and bench.exchange_orders() == []

    async def test_an_order_sent_before_a_crash_is_adopted_at_boot_and_still_gets_its_stop(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.CRASH_AFTER_SEND)
        claimed = bench.submit(ENTRY)
        with pytest.raises(SimulatedCrash):
            await bench.executor().run(claimed)
        await bench.executor().resolve_in_flight()
        assert len(bench.exchange_orders()) == 1 and len(bench.exchange_algos()) == 1
        assert len(bench.payloads(OrderPlaced)) == 2
        assert bench.engine.oracle.position(SYMBOL).amount == Decimal(100)

    async def test_a_crash_after_the_stop_was_sent_places_neither_leg_again(self) -> None:
        bench = Bench()
        bench.gateway.script_place(None, Fault.CRASH_AFTER_SEND)
        claimed = bench.submit(ENTRY)
        with pytest.raises(SimulatedCrash):
            await bench.executor().run(claimed)
        await bench.executor().resolve_in_flight()
        assert len(bench.exchange_orders()) == 1 and len(bench.exchange_algos()) == 1

    async def test_a_close_sent_before_a_crash_is_adopted_at_boot_not_sent_again(self) -> None:
        bench = Bench()
        await bench.execute(PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(100)))
        bench.gateway.script_place(Fault.CRASH_AFTER_SEND)
        claimed = bench.submit(ClosePosition())
        with pytest.raises(SimulatedCrash):
            await bench.executor().run(claimed)
        await bench.executor().resolve_in_flight()
        stored = bench.commands.get(claimed.command.command_id)
        assert stored is not None and stored.status is CommandStatus.ACK
        assert [order.side for order in bench.exchange_orders()] == [Side.BUY, Side.SELL]
        assert bench.engine.oracle.position(SYMBOL).amount == 0

    async def test_a_command_without_orders_left_sent_by_a_crash_is_run_at_boot(self) -> None:
        bench = Bench()
        claimed = bench.submit(PauseEngine("crash test"))
        await bench.executor().resolve_in_flight()
        stored = bench.commands.get(claimed.command.command_id)
        assert stored is not None and stored.status is CommandStatus.ACK
        assert [event.reason for event in bench.payloads(EngineStateChanged)] == ["crash test"]

    async def test_resolving_with_nothing_in_flight_sends_nothing(self) -> None:
        bench = Bench()
        await bench.execute(ENTRY)
        await bench.executor().resolve_in_flight()
        assert len(bench.gateway.sent) == 2


class TestRestartOnSqlite:
    async def test_a_restarted_bot_on_the_same_database_finds_the_intent_and_places_exactly_one_order(
        self,
        tmp_path: Path,
    ) -> None:
        path = tmp_path / "engine.sqlite3"
        first = open_database(path)
        bench = Bench(SqliteEventStore(first), SqliteCommandStore(first), SqliteConfigStore(first))
        bench.gateway.script_place(Fault.CRASH_AFTER_SEND)
        claimed = bench.submit(ENTRY)
        with pytest.raises(SimulatedCrash):
            await bench.executor().run(claimed)
        first.close()
        second = open_database(path)
        restarted = bench.restarted(SqliteEventStore(second), SqliteCommandStore(second), SqliteConfigStore(second))
        await restarted.executor().resolve_in_flight()
        stored = restarted.commands.get(claimed.command.command_id)
        second.close()
        assert stored is not None and stored.status is CommandStatus.ACK
        assert len(bench.exchange_orders()) == 1 and len(bench.exchange_algos()) == 1


class TestVisibilityLag:
    """Issue 11 scenario 6: 503 "executed" while lookups answer -2013 for seconds; one order, whatever the lag."""

    @pytest.mark.parametrize("lag", [6.0, 2.5, 90.0])
    async def test_an_executed_order_hidden_from_lookups_is_adopted_once_whatever_the_lag(self, lag: float) -> None:
        bench = Bench()
        bench.gateway.lag(bench.clock, lag)
        bench.gateway.script_place(Fault.LOSE_RESPONSE)
        record = await bench.execute(ENTRY)
        passes = 0
        while (stored := bench.commands.get(record.command.command_id)) and stored.status is CommandStatus.SENT:
            passes += 1
            assert passes < 1000
            bench.clock.advance(timedelta(seconds=1))
            await bench.executor().resolve_in_flight()
        assert stored is not None and stored.status is CommandStatus.ACK
        sends = [r.client_order_id for r in bench.gateway.sent]
        assert sends.count(main_id(record.command.command_id)) == 1
        assert len(bench.exchange_orders()) == 1 and len(bench.exchange_algos()) == 1
        assert bench.engine.oracle.position(SYMBOL).amount == Decimal(100)

    async def test_a_fill_of_another_order_since_the_intent_keeps_it_unknown_past_the_horizon(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.LOSE_REQUEST)
        record = await bench.execute(ENTRY)
        # A fill of an order the log cannot attribute: it might be ours, so absence cannot be proven
        bench.engine.place_order(SYMBOL, Side.BUY, OrderType.MARKET, Decimal(10), new_client_order_id="by-hand")
        bench.clock.advance(timedelta(minutes=10))
        await bench.executor().resolve_in_flight()
        stored = bench.commands.get(record.command.command_id)
        assert stored is not None and stored.status is CommandStatus.SENT
        assert any("check it on the exchange" in e.message for e in bench.payloads(ExchangeErrorRecorded))
        assert len(bench.gateway.sent) == 1

    async def test_an_order_the_stream_reported_is_adopted_from_the_log_while_lookups_still_lag(self) -> None:
        bench = Bench()
        bench.gateway.lag(bench.clock, 3600)
        bench.gateway.script_place(Fault.LOSE_RESPONSE)
        record = await bench.execute(ENTRY)
        # What the user-data stream's ORDER_TRADE_UPDATE told the log, straight from the exchange
        reported = await SimulatedExchangeGateway(bench.engine, bench.clock).query_order(
            SYMBOL, main_id(record.command.command_id), conditional=False
        )
        assert reported is not None
        bench.record(reported)
        await bench.executor().resolve_in_flight()
        stored = bench.commands.get(record.command.command_id)
        assert stored is not None and stored.status is CommandStatus.ACK
        assert len(bench.gateway.sent) == 2 and len(bench.exchange_orders()) == 1


class TestFillsAttributedAfterTheFact:
    """ADR 0048 Addendum 2: fills listed while their order was invisible are the bot's own once it is adopted."""

    async def test_fills_stored_as_external_while_the_order_was_hidden_become_the_bots_own_once_it_is_adopted(
        self,
    ) -> None:
        bench = Bench()
        bench.gateway.lag(bench.clock, 30)
        bench.gateway.script_place(Fault.LOSE_RESPONSE)
        record = await bench.execute(ENTRY)
        main = main_id(record.command.command_id)
        reconciler = bench.reconciler()
        await reconciler.reconcile()
        hidden = bench.projector.state.trades()
        bench.clock.advance(timedelta(seconds=20))
        # A later fill moves the pass's trade cursor past the hidden ones: they are not listed again
        bench.engine.place_order(SYMBOL, Side.SELL, OrderType.MARKET, Decimal(10), new_client_order_id="by-hand")
        await reconciler.reconcile()
        by_hand = [t for t in bench.projector.state.trades() if t.trade_id not in {h.trade_id for h in hidden}]
        still_hidden = [t for t in bench.projector.state.trades() if t not in by_hand]
        while (stored := bench.commands.get(record.command.command_id)) and stored.status is CommandStatus.SENT:
            assert bench.clock.now() - record.command.created_at < timedelta(minutes=2)
            bench.clock.advance(timedelta(seconds=3))
            await bench.executor().resolve_in_flight()
        state = bench.projector.state
        pnl = state.pnl_days()
        attributing = await reconciler.reconcile()
        again = await reconciler.reconcile()
        restarted = await bench.reconciler().reconcile()
        rebuilt = Projector(bench.events, InMemoryProjectionStore())
        rebuilt.catch_up()
        assert hidden and {(t.client_order_id, t.external) for t in hidden} == {(None, True)}
        assert still_hidden == hidden, "a pass while the order is still hidden keeps them external"
        attributed = [p for p in attributing.payloads if isinstance(p, TradeAttributed)]
        assert sorted(t.trade_id for t in attributed) == sorted(t.trade_id for t in hidden)
        assert {(a.client_order_id, a.command_id) for a in attributed} == {(main, record.command.command_id)}
        assert [(t.client_order_id, t.external) for t in state.trades() if t not in by_hand] == [
            (main, False) for _ in hidden
        ]
        assert by_hand and all(t in state.trades() for t in by_hand), "a hand order's fill stays external"
        assert [(t.price, t.quantity, t.realized_pnl, t.fee) for t in state.trades() if t not in by_hand] == [
            (t.price, t.quantity, t.realized_pnl, t.fee) for t in hidden
        ]
        assert state.pnl_days() == pnl, "attribution changes no PnL or fee"
        assert not any(isinstance(p, TradeAttributed) for p in (*again.payloads, *restarted.payloads))
        assert len(bench.payloads(TradeAttributed)) == len(hidden), "a second pass and a restart append nothing new"
        assert rebuilt.state.trades() == state.trades()
        assert [r.client_order_id for r in bench.gateway.sent].count(main) == 1


class TestOperatorSettles:
    async def test_an_operators_cancel_of_an_unknown_intent_fails_its_entry_without_a_send(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.LOSE_REQUEST)
        record = await bench.execute(ENTRY)
        cancel = await bench.execute(CancelOrder(main_id(record.command.command_id)))
        await bench.executor().resolve_in_flight()
        settled = bench.commands.get(record.command.command_id)
        assert cancel.status is CommandStatus.ACK and cancel.result == {
            "client_order_id": main_id(record.command.command_id),
            "status": None,
            "settled_unknown": True,
        }
        assert settled is not None and settled.status is CommandStatus.FAILED
        assert "operator" in (settled.error or "")
        assert len(bench.gateway.sent) == 1 and bench.exchange_orders() == []

    async def test_a_cancel_of_an_order_that_is_already_placed_settles_nothing(self) -> None:
        bench = Bench()
        record = await bench.execute(RESTING)
        cancel = await bench.execute(CancelOrder(main_id(record.command.command_id)))
        assert cancel.result is not None and cancel.result["status"] == "CANCELED"
        assert "settled_unknown" not in cancel.result
