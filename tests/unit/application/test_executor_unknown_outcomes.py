"""Executor under lost requests, lost responses and crashes: one order on the exchange, whatever happens."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from domain.client_order_ids import client_order_id_for
from domain.commands import ClosePosition, CommandStatus, PauseEngine, PlaceOrder
from domain.events import EngineStateChanged, ExchangeErrorRecorded, OrderPlaced
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

    async def test_a_lost_request_proven_absent_is_sent_again_with_the_same_client_id(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.LOSE_REQUEST)
        record = await bench.execute(ENTRY)
        [order] = bench.exchange_orders()
        sends = [r.client_order_id for r in bench.gateway.sent]
        assert record.status is CommandStatus.ACK
        assert sends.count(main_id(record.command.command_id)) == 2
        assert order.client_order_id == main_id(record.command.command_id)

    async def test_a_duplicate_id_answer_on_the_resend_adopts_the_original_order(self) -> None:
        bench = Bench()
        # The first send lands, its answer is lost and the lookup lags: the resend hits -4116
        bench.gateway.script_place(Fault.LOSE_RESPONSE)
        bench.gateway.hide_lookups(1)
        record = await bench.execute(RESTING)
        [order] = bench.exchange_orders()
        assert record.status is CommandStatus.ACK
        assert record.result is not None and record.result["order_id"] == order.order_id
        assert len(bench.gateway.sent) == 2

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

    async def test_an_outcome_unknown_after_every_send_stops_resending_and_stays_sent(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.LOSE_REQUEST, Fault.LOSE_REQUEST, Fault.LOSE_REQUEST)
        record = await bench.execute(ENTRY)
        assert record.status is CommandStatus.SENT
        assert len(bench.gateway.sent) == 3 and bench.exchange_orders() == []


class TestResolveInFlight:
    async def test_an_intent_committed_before_a_crash_is_sent_once_at_boot(self) -> None:
        bench = Bench()
        bench.gateway.script_place(Fault.CRASH_BEFORE_SEND)
        claimed = bench.submit(ENTRY)
        with pytest.raises(SimulatedCrash):
            await bench.executor().run(claimed)
        assert bench.exchange_orders() == [] and bench.commands.order_links(claimed.command.command_id)
        await bench.executor().resolve_in_flight()
        assert len(bench.exchange_orders()) == 1 and len(bench.exchange_algos()) == 1
        assert bench.commands.get(claimed.command.command_id).status is CommandStatus.ACK  # type: ignore[union-attr]

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
        self, tmp_path: Path,
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
        bench.commands, bench.events = SqliteCommandStore(second), SqliteEventStore(second)
        await bench.executor().resolve_in_flight()
        stored = bench.commands.get(claimed.command.command_id)
        second.close()
        assert stored is not None and stored.status is CommandStatus.ACK
        assert len(bench.exchange_orders()) == 1 and len(bench.exchange_algos()) == 1
