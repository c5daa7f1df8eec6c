"""The reconciler against the in-process simulator: REST finds what the stream missed, adopts what is not ours."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_mock import MockerFixture

from domain.events import (
    DriftDetected,
    EventPayload,
    FundingApplied,
    OrderPlaced,
    OrderUpdated,
    PositionChanged,
    Reconciled,
    TradeExecuted,
    new_event,
)
from domain.values import OrderStatus, Side, Source
from ports.errors import ExchangeRejected
from tests.unit.application_loop.bench import SCOPE, SYMBOL, Bench, UnreachableGateway, limit, market

pytestmark = pytest.mark.anyio


async def streamed(bench: Bench) -> None:
    """Append what the user-data stream has buffered, as the loop would (source WS)."""
    bench.stream.close()
    payloads = [m async for m in bench.stream.messages() if isinstance(m, EventPayload)]
    append(bench, payloads, Source.WS)


def append(bench: Bench, payloads: list[EventPayload], source: Source) -> None:
    now = bench.clock.now()
    bench.events.append(
        [new_event(p, event_id=bench.ids.new_id(), ts=now, scope=SCOPE, source=source) for p in payloads]
    )


def exchange_position(bench: Bench) -> Decimal:
    return bench.engine.position_risk(SYMBOL).position_amount


class TestMissedFacts:
    async def test_a_fill_the_stream_missed_is_found_over_rest_and_known_as_ours(self, bench: Bench) -> None:
        acked = await bench.gateway.place_order(market(Side.BUY, "20"))
        append(bench, [acked], Source.REST)  # what the executor records from the placement's response

        outcome = await bench.reconciler().reconcile()

        [trade] = bench.stored(TradeExecuted.TYPE)
        assert trade.source is Source.REST and trade.payload.external is False
        assert bench.projector.state.position(SYMBOL).quantity == exchange_position(bench) == Decimal(20)
        assert outcome.stored > 0 and isinstance(outcome.payloads[-1], Reconciled)

    async def test_a_fill_seen_on_the_stream_and_then_over_rest_is_one_trade(self, bench: Bench) -> None:
        await bench.gateway.place_order(market(Side.BUY, "1000"))
        await streamed(bench)
        trades_from_stream = len(bench.stored(TradeExecuted.TYPE))

        outcome = await bench.reconciler().reconcile()

        trades = bench.stored(TradeExecuted.TYPE)
        assert len(trades) == trades_from_stream > 1
        assert {t.source for t in trades} == {Source.WS}
        assert len({t.payload.trade_id for t in trades}) == len(trades)
        assert outcome.drifts == 0

    async def test_funding_income_becomes_funding_applied(self, bench: Bench) -> None:
        await bench.gateway.place_order(market(Side.BUY, "20"))
        bench.engine.apply_funding(SYMBOL, Decimal("0.0001"), Decimal("0.5"), bench.clock.now())

        await bench.reconciler().reconcile()

        [funding] = bench.stored(FundingApplied.TYPE)
        assert funding.payload.amount == Decimal("-0.001") and funding.source is Source.REST

    async def test_an_idle_reconcile_pass_appends_nothing(self, bench: Bench) -> None:
        await bench.gateway.place_order(market(Side.BUY, "20"))
        bench.engine.apply_funding(SYMBOL, Decimal("0.0001"), Decimal("0.5"), bench.clock.now())
        reconciler = bench.reconciler()
        await reconciler.reconcile()
        before = bench.events.last_seq()
        bench.clock.advance(30)

        # The next pass lists the newest trade and funding row again: facts the log holds already
        again = await reconciler.reconcile()

        assert (again.stored, again.payloads, again.drifts) == (0, (), 0)
        assert bench.events.last_seq() == before


class TestExternalActivity:
    async def test_an_order_placed_by_hand_is_adopted_and_tagged_external(self, bench: Bench) -> None:
        bench.engine.place_order(
            SYMBOL, "BUY", "LIMIT", Decimal("20"), price=Decimal("0.4000"), time_in_force="GTC", by_hand=True
        )

        await bench.reconciler().reconcile()

        [placed] = bench.stored(OrderPlaced.TYPE)
        assert placed.payload.external is True and placed.payload.client_order_id.startswith("web_")
        [open_order] = bench.projector.state.open_orders()
        assert open_order.external is True

    async def test_a_trade_made_by_hand_is_adopted_as_an_external_fill(self, bench: Bench) -> None:
        bench.engine.place_order(SYMBOL, "SELL", "MARKET", Decimal("30"), by_hand=True)

        await bench.reconciler().reconcile()

        [trade] = bench.stored(TradeExecuted.TYPE)
        assert trade.payload.external is True
        assert bench.projector.state.position(SYMBOL).quantity == exchange_position(bench) == Decimal(-30)


class TestDrift:
    async def test_a_wrong_local_position_is_reported_as_drift_and_corrected(self, bench: Bench) -> None:
        await bench.gateway.place_order(market(Side.BUY, "20"))
        await streamed(bench)
        wrong = PositionChanged(Decimal("55"), Decimal("0.5"), "ORDER", bench.clock.now())
        append(bench, [wrong], Source.WS)
        bench.clock.advance(1)
        await bench.gateway.place_order(market(Side.BUY, "20", command="c2"))

        outcome = await bench.reconciler().reconcile()

        drifts = [p for p in outcome.payloads if isinstance(p, DriftDetected)]
        assert [(d.entity, d.field) for d in drifts] == [("position", "quantity")]
        assert bench.projector.state.position(SYMBOL).quantity == exchange_position(bench) == Decimal(40)

    async def test_a_pass_that_corrects_something_still_records_reconciled_with_its_counts(self, bench: Bench) -> None:
        await bench.gateway.place_order(market(Side.BUY, "20"))
        reconciler = bench.reconciler()
        await reconciler.reconcile()
        before = bench.events.last_seq()
        append(bench, [PositionChanged(Decimal("55"), Decimal("0.5"), "ORDER", bench.clock.now())], Source.WS)
        bench.clock.advance(1)

        outcome = await reconciler.reconcile()

        pass_events = [stored.event for stored in bench.events.read_after(before + 1)]
        assert [type(e.payload) for e in pass_events] == [DriftDetected, PositionChanged, Reconciled]
        assert pass_events[-1].payload == Reconciled(appended=1, drifts=1) and outcome.stored == 3
        assert len({e.correlation_id for e in pass_events}) == 1

    async def test_an_open_order_missing_from_the_open_list_is_looked_up_and_closed(self, bench: Bench) -> None:
        placed = await bench.gateway.place_order(limit(Side.BUY, "20", "0.4000"))
        await streamed(bench)
        bench.engine.cancel_order(SYMBOL, order_id=placed.order_id)

        outcome = await bench.reconciler().reconcile()

        assert not [p for p in outcome.payloads if isinstance(p, DriftDetected)]
        [closed] = [p for p in outcome.payloads if isinstance(p, OrderUpdated)]
        assert closed.status is OrderStatus.CANCELED
        assert bench.projector.state.open_orders() == []


class TestReading:
    async def test_a_gateway_failure_raises_and_appends_nothing(self, bench: Bench) -> None:
        await bench.gateway.place_order(market(Side.BUY, "20"))
        broken = UnreachableGateway(bench.gateway)

        with pytest.raises(ExchangeRejected, match="-1003"):
            await bench.reconciler(broken).reconcile()

        assert bench.events.last_seq() == 0

    async def test_later_passes_list_trades_from_the_highest_trade_id_seen(
        self,
        bench: Bench,
        mocker: MockerFixture,
    ) -> None:
        await bench.gateway.place_order(market(Side.BUY, "1000"))
        reconciler = bench.reconciler()
        await reconciler.reconcile()
        highest = max(t.payload.trade_id for t in bench.stored(TradeExecuted.TYPE))
        spy = mocker.spy(bench.gateway, "user_trades")

        await reconciler.reconcile()

        assert [call.args for call in spy.call_args_list] == [(SYMBOL, highest)]

    async def test_a_full_page_of_trades_is_followed_by_the_next_page(
        self,
        bench: Bench,
        mocker: MockerFixture,
    ) -> None:
        reconciler = bench.reconciler(page_size=2)
        await bench.gateway.place_order(market(Side.BUY, "20"))
        await reconciler.reconcile()
        await bench.gateway.place_order(market(Side.BUY, "1000", command="c2"))
        spy = mocker.spy(bench.gateway, "user_trades")

        await reconciler.reconcile()

        calls = len(spy.call_args_list)
        trades = await bench.gateway.user_trades(SYMBOL, None)
        assert len(trades) > 2 and calls == 2
        assert {t.payload.trade_id for t in bench.stored(TradeExecuted.TYPE)} == {t.trade_id for t in trades}
