"""A whole session over the wire: leverage, LIMIT place/query/cancel, MARKET, the account after it; determinism."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.simulator.server.support import SimClient, manual_simulation

pytestmark = pytest.mark.anyio


async def run_session(sim: SimClient) -> list[object]:
    """The issue's client scenario; returns every response body in order."""
    bodies: list[object] = []

    async def call(method: str, path: str, **params: object) -> dict:
        response = await sim.signed(method, path, **params)
        body = await response.get_json()
        assert response.status_code == 200, body
        bodies.append(body)
        return body

    await call("POST", "/fapi/v1/leverage", symbol="XRPUSDT", leverage=5)
    price = (sim.simulation.market.last_price() * Decimal("0.95")).quantize(Decimal("0.0001"))
    limit = await call(
        "POST",
        "/fapi/v1/order",
        symbol="XRPUSDT",
        side="BUY",
        type="LIMIT",
        timeInForce="GTC",
        quantity="30",
        price=str(price),
    )
    await call("GET", "/fapi/v1/order", symbol="XRPUSDT", orderId=limit["orderId"])
    await call("DELETE", "/fapi/v1/order", symbol="XRPUSDT", orderId=limit["orderId"])
    sim.simulation.clock.advance(timedelta(seconds=3))
    await call(
        "POST", "/fapi/v1/order", symbol="XRPUSDT", side="BUY", type="MARKET", quantity="30", newOrderRespType="RESULT"
    )
    sim.simulation.clock.advance(timedelta(seconds=3))
    for path in ("/fapi/v3/positionRisk", "/fapi/v3/balance", "/fapi/v1/userTrades", "/fapi/v1/income"):
        await call("GET", path, symbol="XRPUSDT")
    return bodies


async def test_a_market_fill_shows_in_position_balance_trades_and_income(sim: SimClient) -> None:
    bodies = await run_session(sim)
    market, positions, balances, trades, income = bodies[4], bodies[5], bodies[6], bodies[7], bodies[8]
    assert market["status"] == "FILLED"
    assert positions[0]["positionAmt"] == "30.0"
    assert positions[0]["entryPrice"] == str(Decimal(market["avgPrice"]).normalize())
    commission = sum(Decimal(row["commission"]) for row in trades)
    assert {row["orderId"] for row in trades} == {market["orderId"]}
    assert sum(Decimal(row["income"]) for row in income) == -commission
    assert Decimal(balances[0]["balance"]) == Decimal("10000") - commission
    assert Decimal(balances[0]["crossUnPnl"]) == Decimal(positions[0]["unRealizedProfit"])


async def test_the_same_seed_gives_identical_responses() -> None:
    first = await run_session(SimClient(manual_simulation(seed=7)))
    second = await run_session(SimClient(manual_simulation(seed=7)))
    assert first == second


async def test_another_seed_gives_other_ids() -> None:
    first = await run_session(SimClient(manual_simulation(seed=7)))
    second = await run_session(SimClient(manual_simulation(seed=8)))
    assert first[1]["orderId"] != second[1]["orderId"]  # type: ignore[index]
