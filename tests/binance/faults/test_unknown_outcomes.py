"""Unknown placement outcomes on the wire (lost ack, 503, -1007, visibility lag): one order per intent, no lost fill.

Each test runs the real Executor over the BinanceGateway against the simulator's server on a real port, arms the
fault through /_sim/faults and checks the simulator's oracle.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.binance.rest import RestOptions
from domain.client_order_ids import client_order_id_for
from domain.commands import CommandStatus, PlaceOrder
from domain.events import TradeAttributed
from domain.values import OrderType, Side
from tests.binance.faults.rig import fault_rig

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("hold", [0.0, 0.5], ids=["cut-at-once", "held-past-the-timeout"])
async def test_an_order_whose_ack_is_lost_is_adopted_by_lookup_and_sent_only_once(hold: float) -> None:
    async with fault_rig(RestOptions(request_timeout=0.2)) as rig:
        await rig.arm("ack_lost", seconds=hold)
        record = await rig.place()
        assert record.status is CommandStatus.ACK
        assert record.result is not None and record.result["status"] == "FILLED"
        assert len(rig.posts()) == 1
        assert await rig.fault_log("ack_lost")
        await rig.assert_one_order_per_intent_and_every_fill_reported()


async def test_an_entry_and_its_stop_whose_acks_are_both_lost_are_each_adopted_once() -> None:
    async with fault_rig() as rig:
        await rig.arm("ack_lost", count=2)
        record = await rig.place(PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(20), stop_price=Decimal("0.3000")))
        assert record.status is CommandStatus.ACK
        assert record.result is not None and record.result["stop_status"] == "NEW"
        lost = [row.split(":")[0] for row in await rig.fault_log("ack_lost")]
        assert lost == ["/fapi/v1/order", "/fapi/v1/algoOrder"]
        await rig.assert_one_order_per_intent_and_every_fill_reported()


@pytest.mark.parametrize("fault", ["unknown_503", "timeout_1007"])
async def test_an_executed_unknown_outcome_is_settled_by_lookup_with_one_send(fault: str) -> None:
    async with fault_rig() as rig:
        await rig.arm(fault, placed=True)
        record = await rig.place()
        assert record.status is CommandStatus.ACK
        assert len(rig.posts()) == 1
        await rig.assert_one_order_per_intent_and_every_fill_reported()


@pytest.mark.parametrize("fault", ["unknown_503", "timeout_1007"])
async def test_an_unknown_outcome_that_did_not_execute_is_never_resent_and_fails_once_the_history_proves_it(
    fault: str,
) -> None:
    async with fault_rig() as rig:
        await rig.arm(fault, placed=False)
        record = await rig.place()
        rig.advance(60)
        await rig.executor.resolve_in_flight()
        still = rig.commands.get(record.command.command_id)
        rig.advance(240)
        await rig.executor.resolve_in_flight()
        settled = rig.commands.get(record.command.command_id)
        assert record.status is CommandStatus.SENT and still is not None and still.status is CommandStatus.SENT
        assert settled is not None and settled.status is CommandStatus.FAILED
        assert len(rig.posts()) == 1
        assert (await rig.oracle())["orders"] == []


async def test_visibility_lag_after_an_unknown_outcome_never_passes_for_absence() -> None:
    async with fault_rig() as rig:
        # The lookup sees -2013 for 2 simulated seconds; a client that believed it would send the order twice
        await rig.arm("visibility_lag", count=None, seconds=2)
        await rig.arm("unknown_503", placed=True)
        record = await rig.place()
        assert record.status is CommandStatus.ACK
        assert len(rig.posts()) == 1
        assert len(await rig.fault_log("visibility_lag")) >= 2
        await rig.assert_one_order_per_intent_and_every_fill_reported()


@pytest.mark.parametrize("lag", [6, 2.5, 30])
async def test_an_executed_order_hidden_from_lookups_for_seconds_is_adopted_and_placed_once(lag: float) -> None:
    """Issue 11 scenario 6 on the wire: 503 "executed" while GET /fapi/v1/order answers -2013 for `lag` seconds."""
    async with fault_rig() as rig:
        await rig.arm("visibility_lag", count=None, seconds=lag)
        await rig.arm("unknown_503", placed=True)
        record = await rig.place()
        passes = 0
        while (stored := rig.commands.get(record.command.command_id)) and stored.status is CommandStatus.SENT:
            passes += 1
            assert passes < 100
            rig.advance(1)
            await rig.executor.resolve_in_flight()
        assert stored is not None and stored.status is CommandStatus.ACK
        assert len(rig.posts()) == 1
        # More -2013 answers than the adapter's own lookup window asks: the lag outlasted it when it was longer
        hidden = len(await rig.fault_log("visibility_lag"))
        assert hidden > RestOptions().lookup_attempts if lag > 3 else hidden >= 2
        await rig.assert_one_order_per_intent_and_every_fill_reported()
        [position] = [p for p in (await rig.oracle())["positions"] if p["symbol"] == rig.symbol]
        assert position["positionAmt"] == "20"


async def test_fills_listed_while_the_order_was_hidden_are_the_bots_own_once_it_is_adopted() -> None:
    """ADR 0048 Addendum 2 on the wire: userTrades lists the fills of a 503'd order GET /fapi/v1/order still hides."""
    async with fault_rig() as rig:
        await rig.arm("visibility_lag", count=None, seconds=30)
        await rig.arm("unknown_503", placed=True)
        record = await rig.place()
        main = client_order_id_for(record.command.command_id, "main")
        projector, reconciler = rig.bot.projector(), rig.bot.reconciler()
        await reconciler.reconcile()
        hidden = projector.state.trades()
        while (stored := rig.commands.get(record.command.command_id)) and stored.status is CommandStatus.SENT:
            assert len(await rig.fault_log("visibility_lag")) < 100
            rig.advance(3)
            await rig.executor.resolve_in_flight()
        attributing = await reconciler.reconcile()
        async with rig.restarted() as restart:
            restarted = await restart.reconciler().reconcile()
            rebuilt = restart.projector()
        assert hidden and {(t.client_order_id, t.external) for t in hidden} == {(None, True)}
        assert sorted(p.trade_id for p in attributing.payloads if isinstance(p, TradeAttributed)) == [
            t.trade_id for t in hidden
        ]
        assert {(t.client_order_id, t.external) for t in projector.state.trades()} == {(main, False)}
        assert not any(isinstance(p, TradeAttributed) for p in restarted.payloads)
        assert rebuilt.state.trades() == projector.state.trades()
        assert len(rig.posts()) == 1
