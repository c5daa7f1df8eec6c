"""An engine at XRPUSDT 0.5000, its in-process gateway and a user-data stream subscribed before any order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedExchangeGateway, SimulatedUserDataStream
from domain.client_order_ids import client_order_id_for
from domain.order_request import OrderRequest
from domain.values import OrderType, Side, TimeInForce

SYMBOL = "XRPUSDT"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def engine(clock: ManualClock) -> MatchingEngine:
    engine = MatchingEngine(clock, seed=7)
    engine.on_price(SYMBOL, Decimal("0.5000"))
    return engine


@pytest.fixture
def gateway(engine: MatchingEngine, clock: ManualClock) -> SimulatedExchangeGateway:
    return SimulatedExchangeGateway(engine, clock)


@pytest.fixture
def stream(engine: MatchingEngine) -> SimulatedUserDataStream:
    return SimulatedUserDataStream(engine, SYMBOL)


def market(side: Side, qty: str, command: str = "c1") -> OrderRequest:
    return OrderRequest(SYMBOL, client_order_id_for(command), side, OrderType.MARKET, Decimal(qty))


def limit(side: Side, qty: str, price: str, client_id: str | None = None) -> OrderRequest:
    return OrderRequest(
        SYMBOL,
        client_id or client_order_id_for("limit"),
        side,
        OrderType.LIMIT,
        Decimal(qty),
        price=Decimal(price),
        time_in_force=TimeInForce.GTC,
    )


def stop(side: Side, trigger: str, command: str = "stop") -> OrderRequest:
    return OrderRequest(
        SYMBOL,
        client_order_id_for(command, "stop"),
        side,
        OrderType.STOP_MARKET,
        Decimal(0),
        trigger_price=Decimal(trigger),
        close_position=True,
    )
