"""The Transfer command (ADR 0090): funds move each way once, the transfer is one fact whichever source reports it,
it is neither profit nor loss, and a lost answer is settled by the transfer history, never by sending again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from adapters.simulator.exchange.events import UserDataEvent
from adapters.simulator.inprocess.stream import translate
from domain.commands import CommandStatus, Transfer
from domain.daily_loss import DailyLoss, daily_loss, day_start_equity
from domain.events import EventPayload, TransferMade, TransferRequested
from domain.projections.rows import PnlDay
from domain.transfers import TransferDirection
from entrypoints.pnl import income_totals, projected_totals
from tests.harness.flaky_gateway import Fault
from tests.unit.application.bench import LIMITS, SYMBOL, Bench

pytestmark = pytest.mark.anyio

IN, OUT = TransferDirection.TO_FUTURES, TransferDirection.TO_SPOT


class StreamTap:
    """What the user-data stream would have delivered of the engine's events since it was opened."""

    def __init__(self, bench: Bench) -> None:
        self._bench = bench
        self.events: list[UserDataEvent] = []
        bench.engine.subscribe(self.events.append)

    def deliver(self) -> None:
        payloads: list[EventPayload] = []
        for event in self.events:
            payloads.extend(p for p in translate(event, SYMBOL, self._bench.engine.spec) if isinstance(p, EventPayload))
        self.events.clear()
        self._bench.record(*payloads)


def headroom(bench: Bench) -> DailyLoss:
    state = bench.projector.state
    bench.projector.catch_up()
    day = bench.clock.now().date()
    today = state.pnl_day(day.isoformat()) or PnlDay.empty(day)
    wallet = state.balance("USDT")
    assert wallet is not None
    return daily_loss(today, Decimal(0), day_start_equity(wallet.wallet_balance, today), LIMITS.daily_loss_limit)


async def test_a_transfer_each_way_moves_both_wallets_and_is_one_fact_from_every_source() -> None:
    bench = Bench(spot="1000")
    tap = StreamTap(bench)
    await bench.reconciler().reconcile()
    before = headroom(bench)

    first = await bench.execute(Transfer(IN, "USDT", Decimal("250")))
    bench.clock.advance(timedelta(seconds=1))
    second = await bench.execute(Transfer(OUT, "USDT", Decimal("100.5")))
    tap.deliver()
    await bench.reconciler().reconcile()
    await bench.reconciler().reconcile()

    assert (first.status, second.status) == (CommandStatus.ACK, CommandStatus.ACK)
    assert bench.engine.spot_balances() == {"USDT": Decimal("850.5")}
    assert bench.engine.balance("USDT").wallet_balance == Decimal("10149.5")
    made = bench.payloads(TransferMade)
    assert [(m.amount, m.command_id) for m in made] == [
        (Decimal("250"), first.command.command_id),
        (Decimal("-100.5"), second.command.command_id),
    ]
    assert [m.tran_id for m in made] == [first.result["tran_id"], second.result["tran_id"]]
    assert (first.result["spot_balance"], second.result["spot_balance"]) == ("750", "850.5")
    after = headroom(bench)
    assert after.day_start_equity == before.day_start_equity == Decimal("10000")
    assert after.allowed - after.loss == before.allowed - before.loss
    assert bench.projector.state.pnl_day(bench.clock.now().date().isoformat()).transfers == Decimal("149.5")
    assert projected_totals(bench.projector.state.pnl_days()) == await income_totals(bench.gateway, SYMBOL)


async def test_the_stream_and_income_history_report_a_transfer_made_outside_the_bot_once() -> None:
    bench = Bench(spot="50")
    tap = StreamTap(bench)
    done = bench.engine.transfer("MAIN_UMFUTURE", "USDT", Decimal("50"))
    heard = [p for e in tap.events for p in translate(e, SYMBOL, bench.engine.spec) if isinstance(p, TransferMade)]
    tap.deliver()
    await bench.reconciler().reconcile()

    made = bench.payloads(TransferMade)
    assert [(m.asset, m.amount, m.tran_id) for m in heard] == [("USDT", Decimal("50"), None)]
    assert [(m.asset, m.amount, m.made_at) for m in made] == [("USDT", Decimal("50"), heard[0].made_at)]
    listed = await bench.gateway.transfer_income(None)
    assert [(row.tran_id, row.time) for row in listed] == [(done.tran_id, heard[0].made_at)]


async def test_a_lost_answer_is_settled_by_the_history_without_a_second_transfer() -> None:
    bench = Bench(spot="1000")
    bench.gateway.script_transfer(Fault.LOSE_RESPONSE)

    pending = await bench.execute(Transfer(IN, "USDT", Decimal("300")))
    assert pending.status is CommandStatus.SENT
    bench.clock.advance(timedelta(seconds=2))
    settled = await bench.executor().run(pending)
    again = await bench.executor().run(settled)

    assert settled.status is CommandStatus.ACK and again == settled
    assert len(bench.gateway.transfers_sent) == 1
    assert bench.engine.spot_balances() == {"USDT": Decimal("700")}
    assert [m.amount for m in bench.payloads(TransferMade)] == [Decimal("300")]
    assert len(bench.payloads(TransferRequested)) == 1


async def test_a_lost_request_fails_once_the_history_has_had_time_to_show_it_and_is_never_sent_again() -> None:
    bench = Bench(spot="1000")
    bench.gateway.script_transfer(Fault.LOSE_REQUEST)

    pending = await bench.execute(Transfer(IN, "USDT", Decimal("300")))
    waiting = await bench.executor().run(pending)
    bench.clock.advance(timedelta(minutes=5))
    failed = await bench.executor().run(waiting)

    assert waiting.status is CommandStatus.SENT and failed.status is CommandStatus.FAILED
    assert "not in the transfer history" in (failed.error or "")
    assert len(bench.gateway.transfers_sent) == 1
    assert bench.engine.spot_balances() == {"USDT": Decimal("1000")} and bench.payloads(TransferMade) == []


async def test_a_transfer_the_exchange_refuses_fails_naming_its_code_and_moves_nothing() -> None:
    bench = Bench(spot="10")

    failed = await bench.execute(Transfer(IN, "USDT", Decimal("10.01")))

    assert failed.status is CommandStatus.FAILED
    assert failed.error == "Transfer rejected by the exchange: -5013 Asset transfer failed: insufficient balance"
    assert bench.engine.spot_balances() == {"USDT": Decimal("10")}


async def test_a_bad_amount_is_refused_before_anything_is_sent() -> None:
    bench = Bench(spot="10")

    failed = await bench.execute(Transfer(IN, "USDT", Decimal("0.000000001")))

    assert failed.status is CommandStatus.FAILED and failed.error == "Transfer amount: must have at most 8 decimals"
    assert bench.gateway.transfers_sent == []
