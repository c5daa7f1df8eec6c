"""Executor: PlaceOrder with its protective stop, and the order commands, against the simulator's oracle."""

from __future__ import annotations

from decimal import Decimal

import pytest

from application.commands import orders
from domain.client_order_ids import client_order_id_for
from domain.commands import (
    USER_PRIORITY,
    CancelAll,
    CancelOrder,
    ClosePosition,
    Command,
    CommandRecord,
    CommandStatus,
    PlaceOrder,
)
from domain.events import CommandFailed, ExchangeErrorRecorded, OrderPlaced, OrderRejected, OrderUpdated
from domain.values import OrderStatus, OrderType, Side, TimeInForce
from tests.unit.application.bench import SCOPE, SYMBOL, USER, Bench

pytestmark = pytest.mark.anyio


def market_entry(side: Side = Side.BUY, qty: str = "100", stop: str | None = "0.4900") -> PlaceOrder:
    return PlaceOrder(side, OrderType.MARKET, Decimal(qty), stop_price=None if stop is None else Decimal(stop))


def limit_order(side: Side = Side.BUY, qty: str = "100", price: str = "0.4800") -> PlaceOrder:
    return PlaceOrder(side, OrderType.LIMIT, Decimal(qty), price=Decimal(price), time_in_force=TimeInForce.GTC)


class TestPlaceOrder:
    async def test_a_market_entry_fills_once_and_acks_with_the_exchange_ids(self) -> None:
        bench = Bench()
        record = await bench.execute(market_entry(stop=None))
        [order] = bench.exchange_orders()
        assert record.status is CommandStatus.ACK
        assert order.client_order_id == client_order_id_for(record.command.command_id, "main")
        assert order.status == OrderStatus.FILLED
        assert record.result is not None and record.result["order_id"] == order.order_id
        assert bench.engine.oracle.position(SYMBOL).amount == Decimal(100)

    async def test_the_protective_stop_is_a_reduce_only_stop_market_algo_order_on_the_other_side(self) -> None:
        bench = Bench()
        record = await bench.execute(market_entry(stop="0.4900"))
        [algo] = bench.exchange_algos()
        assert algo.client_algo_id == client_order_id_for(record.command.command_id, "stop")
        assert (algo.order_type, algo.side, algo.reduce_only) == (OrderType.STOP_MARKET, Side.SELL, True)
        assert algo.trigger_price == Decimal("0.4900") and algo.quantity == Decimal(100)
        assert record.result is not None and record.result["stop_order_id"] == algo.algo_id

    async def test_the_stop_of_an_entry_that_expired_part_filled_covers_what_was_filled(self) -> None:
        bench = Bench()
        # More than fills within the market take bound (5 % from the mark): the order expires part-filled
        await bench.execute(market_entry(qty="200000"))
        [entry], [stop] = bench.exchange_orders(), bench.exchange_algos()
        assert Decimal(0) < entry.executed_qty < Decimal(200000)
        assert stop.quantity == entry.executed_qty

    async def test_a_refused_stop_on_a_resting_entry_cancels_the_entry_and_sends_no_market_order(self) -> None:
        bench = Bench()
        entry = PlaceOrder(
            Side.BUY,
            OrderType.LIMIT,
            Decimal(100),
            price=Decimal("0.4800"),
            time_in_force=TimeInForce.GTC,
            stop_price=Decimal("0.5100"),
        )
        record = await bench.execute(entry)
        assert record.status is CommandStatus.FAILED
        assert [order.status for order in bench.exchange_orders()] == [OrderStatus.CANCELED]
        assert bench.engine.oracle.position(SYMBOL).amount == 0

    async def test_the_intent_of_each_leg_is_linked_to_the_command_with_its_exchange_id(self) -> None:
        bench = Bench()
        record = await bench.execute(market_entry())
        links = bench.commands.order_links(record.command.command_id)
        assert [(link.leg, link.conditional) for link in links] == [("main", False), ("stop", True)]
        assert [link.exchange_order_id for link in links] == [
            bench.exchange_orders()[0].order_id,
            bench.exchange_algos()[0].algo_id,
        ]

    async def test_the_orders_are_recorded_as_placed_events_from_rest_naming_the_command(self) -> None:
        bench = Bench()
        record = await bench.execute(market_entry())
        placed = bench.payloads(OrderPlaced)
        assert [p.client_order_id for p in placed] == [
            client_order_id_for(record.command.command_id, leg) for leg in ("main", "stop")
        ]
        assert {p.command_id for p in placed} == {record.command.command_id}
        assert [u.status for u in bench.payloads(OrderUpdated)] == [OrderStatus.FILLED]

    async def test_a_rejected_order_fails_the_command_and_records_order_rejected(self) -> None:
        bench = Bench()
        record = await bench.execute(market_entry(qty="0.01", stop=None))
        assert record.status is CommandStatus.FAILED
        assert record.error is not None and "rejected by the exchange" in record.error
        [rejected] = bench.payloads(OrderRejected)
        assert rejected.client_order_id == client_order_id_for(record.command.command_id, "main")
        assert rejected.command_id == record.command.command_id and rejected.code < 0
        assert [f.command_id for f in bench.payloads(CommandFailed)] == [record.command.command_id]
        assert bench.exchange_orders() == []

    async def test_a_stop_the_exchange_refuses_gets_the_entry_flattened(self) -> None:
        bench = Bench()
        # A sell stop above the market would trigger at once: Binance refuses it (-2021)
        record = await bench.execute(market_entry(stop="0.5100"))
        assert record.status is CommandStatus.FAILED
        assert record.error is not None and "flattened" in record.error
        _entry, flatten = bench.exchange_orders()
        assert flatten.client_order_id == client_order_id_for(record.command.command_id, "flatten")
        assert (flatten.side, flatten.reduce_only, flatten.executed_qty) == (Side.SELL, True, Decimal(100))
        assert bench.engine.oracle.position(SYMBOL).amount == 0
        assert [e.operation for e in bench.payloads(ExchangeErrorRecorded)] == ["place protective stop"]

    async def test_running_an_acknowledged_command_again_changes_nothing(self) -> None:
        bench = Bench()
        record = await bench.execute(market_entry())
        again = await bench.executor().run(record)
        assert again == bench.commands.get(record.command.command_id)
        assert len(bench.exchange_orders()) == 1 and len(bench.exchange_algos()) == 1

    async def test_running_a_command_nobody_claimed_is_refused_with_a_clear_error(self) -> None:
        bench = Bench()
        command = Command(
            "unclaimed", "unclaimed", USER_PRIORITY, USER, SCOPE, bench.clock.now(), "unclaimed", market_entry()
        )
        record, _ = bench.commands.insert(command, bench.clock.now())
        with pytest.raises(ValueError, match="unclaimed is NEW; claim it before running it"):
            await bench.executor().run(record)
        assert bench.exchange_orders() == []


class TestCancelling:
    async def test_cancel_order_cancels_the_resting_order_and_records_its_final_state(self) -> None:
        bench = Bench()
        placed = await bench.execute(limit_order())
        client_id = client_order_id_for(placed.command.command_id, "main")
        record = await bench.execute(CancelOrder(client_id))
        assert record.status is CommandStatus.ACK
        assert bench.exchange_orders()[0].status == OrderStatus.CANCELED
        assert bench.payloads(OrderUpdated)[-1].status is OrderStatus.CANCELED

    async def test_a_cancel_that_loses_the_race_to_a_fill_records_the_fill_not_a_phantom_cancel(self) -> None:
        bench = Bench()
        placed = await bench.execute(limit_order(price="0.4800"))
        bench.price("0.4700")  # the resting buy fills on the exchange before the cancel reaches it
        client_id = client_order_id_for(placed.command.command_id, "main")

        record = await bench.execute(CancelOrder(client_id))

        assert record.status is CommandStatus.ACK
        assert record.result == {"client_order_id": client_id, "status": "FILLED"}
        assert bench.exchange_orders()[0].status == OrderStatus.FILLED
        last = bench.payloads(OrderUpdated)[-1]
        assert (last.status, last.filled_qty) == (OrderStatus.FILLED, Decimal("100"))

    async def test_cancelling_an_order_that_is_already_gone_still_acks(self) -> None:
        bench = Bench()
        record = await bench.execute(CancelOrder("ae-never-placed"))
        assert record.status is CommandStatus.ACK
        assert record.result == {"client_order_id": "ae-never-placed", "status": None}

    async def test_cancel_all_cancels_regular_and_algo_orders(self) -> None:
        bench = Bench()
        await bench.execute(market_entry())
        await bench.execute(limit_order(price="0.4500"))
        record = await bench.execute(CancelAll())
        assert record.status is CommandStatus.ACK and record.result == {"canceled": 2}
        assert bench.exchange_algos()[0].status == OrderStatus.CANCELED
        assert bench.exchange_orders()[-1].status == OrderStatus.CANCELED

    async def test_cancel_all_run_again_after_a_lost_ack_changes_nothing(self) -> None:
        bench = Bench()
        await bench.execute(limit_order(price="0.4500"))
        claimed = bench.submit(CancelAll())
        await orders.cancel_all(bench.effects(), claimed.command)
        record = await bench.executor().run(claimed)
        assert record.status is CommandStatus.ACK and record.result == {"canceled": 0}
        assert [order.status for order in bench.exchange_orders()] == [OrderStatus.CANCELED]


class TestClosePosition:
    async def test_close_position_cancels_everything_then_flattens_with_one_reduce_only_market_order(self) -> None:
        bench = Bench()
        await bench.execute(market_entry(qty="300"))
        await bench.execute(limit_order(price="0.4500"))
        record = await bench.execute(ClosePosition())
        close = bench.exchange_orders()[-1]
        assert record.status is CommandStatus.ACK
        assert (close.side, close.order_type, close.reduce_only, close.executed_qty) == (
            Side.SELL,
            OrderType.MARKET,
            True,
            Decimal(300),
        )
        assert bench.engine.oracle.position(SYMBOL).amount == 0
        assert not any(order.is_open for order in [*bench.exchange_orders(), *bench.exchange_algos()])

    async def test_closing_a_short_buys_it_back(self) -> None:
        bench = Bench()
        await bench.execute(market_entry(Side.SELL, qty="200", stop="0.5100"))
        await bench.execute(ClosePosition())
        assert bench.exchange_orders()[-1].side == Side.BUY
        assert bench.engine.oracle.position(SYMBOL).amount == 0

    async def test_a_close_the_book_fills_only_in_part_is_completed_by_further_rounds(self) -> None:
        bench = Bench()
        # Two entries, each as much as fills within the market take bound (5 % from the mark) on a fresh book: more
        # than one close order can fill, so the first close expires part-filled
        await bench.execute(market_entry(qty="200000", stop=None))
        bench.price("0.5000")
        await bench.execute(PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(200000)))
        bench.gateway.after_place.append(lambda _: bench.price("0.5000"))
        record = await bench.execute(ClosePosition())
        legs = [link.leg for link in bench.commands.order_links(record.command.command_id)]
        assert record.status is CommandStatus.ACK
        assert legs[0] == "close" and len(legs) > 1
        assert bench.engine.oracle.position(SYMBOL).amount == 0
        entered = sum(order.executed_qty for order in bench.exchange_orders()[:2])
        assert record.result is not None and Decimal(record.result["closed_qty"]) == entered

    async def test_closing_when_flat_sends_no_order(self) -> None:
        bench = Bench()
        record = await bench.execute(ClosePosition())
        assert record.status is CommandStatus.ACK and record.result == {"canceled": 0, "closed_qty": "0"}
        assert bench.exchange_orders() == []


class TestUnprotected:
    async def test_when_flattening_is_refused_too_the_error_says_the_position_is_unprotected(self) -> None:
        bench = Bench()
        record = await _entry_whose_stop_and_flatten_are_refused(bench)
        assert record.status is CommandStatus.FAILED
        assert record.error is not None and record.error.endswith("its position is UNPROTECTED")
        operations = [error.operation for error in bench.payloads(ExchangeErrorRecorded)]
        assert operations == ["place protective stop", "flatten unprotected entry"]


async def _entry_whose_stop_and_flatten_are_refused(bench: Bench) -> CommandRecord:
    claimed = bench.submit(market_entry())

    def refuse_after_entry(_: object) -> None:
        # Once the entry is in, the exchange refuses every further order (e.g. the account got restricted)
        bench.gateway.after_place.clear()
        bench.gateway.reject_next_place(-2010, "Account has insufficient balance for requested action.")
        bench.gateway.reject_next_place(-2010, "Account has insufficient balance for requested action.")

    bench.gateway.after_place.append(refuse_after_entry)
    return await bench.executor().run(claimed)
