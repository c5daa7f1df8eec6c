"""The in-process user-data stream: ADR 0014's translation, in engine order, converging with the gateway's REST view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.symbols import BTCUSDT, XRPUSDT
from adapters.simulator.inprocess import SimulatedExchangeGateway, SimulatedUserDataStream
from domain.events import (
    BalanceChanged,
    Event,
    EventPayload,
    FeeCharged,
    FundingApplied,
    LeverageChanged,
    OrderPlaced,
    OrderUpdated,
    PositionChanged,
    TradeExecuted,
    new_event,
)
from domain.projections.state import ProjectionState
from domain.reconciliation import reconcile
from domain.reports import ExchangeSnapshot
from domain.values import Mode, OrderStatus, Scope, Side, Source
from ports.exchange import UserDataMessage
from tests.simulator.inprocess.conftest import SYMBOL, market, stop

pytestmark = pytest.mark.anyio

SCOPE = Scope("binance", "usdm", "acct", SYMBOL, Mode.SIM)


async def drained(stream: SimulatedUserDataStream) -> list[UserDataMessage]:
    stream.close()
    return [message async for message in stream.messages()]


def stamped(payloads: Sequence[UserDataMessage], source: Source, at: datetime) -> list[Event]:
    facts = [p for p in payloads if isinstance(p, EventPayload)]
    return [
        new_event(p, event_id=f"{source.value}-{i}", ts=at, scope=SCOPE, source=source) for i, p in enumerate(facts)
    ]


async def test_a_market_fill_yields_its_facts_in_order(
    gateway: SimulatedExchangeGateway, stream: SimulatedUserDataStream
) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    messages = await drained(stream)
    assert [type(m) for m in messages] == [
        OrderPlaced,
        BalanceChanged,
        PositionChanged,
        OrderUpdated,
        TradeExecuted,
        FeeCharged,
    ]
    placed, _, position, filled, trade, fee = messages
    assert placed.status is OrderStatus.NEW and filled.status is OrderStatus.FILLED  # type: ignore[union-attr]
    assert position.quantity == Decimal(20) and position.reason == "ORDER"  # type: ignore[union-attr]
    assert trade.trade_id == fee.trade_id and fee.amount > 0  # type: ignore[union-attr]


async def test_a_walking_market_order_yields_one_trade_and_fee_per_fill(
    gateway: SimulatedExchangeGateway, stream: SimulatedUserDataStream
) -> None:
    await gateway.place_order(market(Side.BUY, "1000"))
    messages = await drained(stream)
    trades = [m for m in messages if isinstance(m, TradeExecuted)]
    fees = [m for m in messages if isinstance(m, FeeCharged)]
    rest = await gateway.user_trades(SYMBOL, None)
    assert [t.trade_id for t in trades] == [f.trade_id for f in fees] == [t.trade_id for t in rest]


async def test_stream_and_rest_facts_of_one_fill_share_dedup_keys_and_fields(
    gateway: SimulatedExchangeGateway, stream: SimulatedUserDataStream
) -> None:
    placed = await gateway.place_order(market(Side.BUY, "1000"))
    now = await gateway.server_time()
    streamed = [m for m in await drained(stream) if isinstance(m, (TradeExecuted, FeeCharged))]
    order = await gateway.query_order(SYMBOL, placed.client_order_id, conditional=False)
    assert order is not None
    snapshot = ExchangeSnapshot(
        now,
        tuple(await gateway.user_trades(SYMBOL, None)),
        (order,),
        await gateway.position(SYMBOL),
        tuple(await gateway.balances()),
    )
    polled = [p for p in reconcile(snapshot, ProjectionState(), SYMBOL) if isinstance(p, (TradeExecuted, FeeCharged))]
    ws_events, rest_events = stamped(streamed, Source.WS, now), stamped(polled, Source.REST, now)
    assert sorted(e.dedup_key for e in ws_events) == sorted(e.dedup_key for e in rest_events)
    assert len(ws_events) > 2
    assert sorted(streamed, key=repr) == sorted(polled, key=repr)


async def test_folding_the_stream_ends_at_the_gateway_position(
    gateway: SimulatedExchangeGateway, stream: SimulatedUserDataStream, engine: MatchingEngine
) -> None:
    await gateway.place_order(market(Side.BUY, "1000"))
    await gateway.place_order(market(Side.SELL, "300", command="c2"))
    await gateway.place_order(stop(Side.SELL, "0.4500"))
    engine.on_price(SYMBOL, Decimal("0.4400"))
    await gateway.place_order(market(Side.SELL, "50", command="c3"))
    state = ProjectionState()
    for event in stamped(await drained(stream), Source.WS, await gateway.server_time()):
        state.apply(event)
    position = await gateway.position(SYMBOL)
    assert state.position(SYMBOL).quantity == position.quantity == Decimal(-50)


async def test_an_algo_order_streams_as_conditional_facts_through_its_life_cycle(
    gateway: SimulatedExchangeGateway, stream: SimulatedUserDataStream, engine: MatchingEngine
) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    placed = await gateway.place_order(stop(Side.SELL, "0.4500"))
    engine.on_price(SYMBOL, Decimal("0.4400"))
    conditional = [m for m in await drained(stream) if isinstance(m, (OrderPlaced, OrderUpdated)) and m.conditional]
    assert [(type(m), m.status) for m in conditional] == [
        (OrderPlaced, OrderStatus.NEW),
        (OrderUpdated, OrderStatus.TRIGGERING),
        (OrderUpdated, OrderStatus.TRIGGERED),
        (OrderUpdated, OrderStatus.FINISHED),
    ]
    assert {m.order_key for m in conditional} == {placed.order_key}
    assert conditional[-1].filled_qty == Decimal(20)


async def test_leverage_changes_are_streamed(
    gateway: SimulatedExchangeGateway, stream: SimulatedUserDataStream
) -> None:
    await gateway.set_leverage(SYMBOL, 7)
    [change] = await drained(stream)
    assert isinstance(change, LeverageChanged) and change.leverage == 7


async def test_funding_streams_the_balance_but_never_a_funding_fact(
    gateway: SimulatedExchangeGateway, stream: SimulatedUserDataStream, engine: MatchingEngine
) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    at = await gateway.server_time()
    engine.apply_funding(SYMBOL, Decimal("0.0001"), Decimal("0.5"), at)
    messages = await drained(stream)
    assert not any(isinstance(m, FundingApplied) for m in messages)
    funding = [m for m in messages if isinstance(m, BalanceChanged) and m.reason == "FUNDING_FEE"]
    assert len(funding) == 1
    assert not any(isinstance(m, PositionChanged) and m.reason == "FUNDING_FEE" for m in messages)


async def test_events_of_other_symbols_are_not_streamed(clock: ManualClock) -> None:
    engine = MatchingEngine(clock, seed=1, symbols=(XRPUSDT, BTCUSDT))
    stream = SimulatedUserDataStream(engine, SYMBOL)
    engine.set_leverage("BTCUSDT", 5)
    assert await drained(stream) == []
