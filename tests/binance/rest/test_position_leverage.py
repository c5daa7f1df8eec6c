"""The position's leverage comes from symbolConfig, read with positionRisk v3 (exact entryPrice, no leverage)."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from tests.binance.rest.support import SYMBOL, fixture_json, form, scripted_gateway, sim_bench

pytestmark = pytest.mark.anyio

CAPTURED_SYMBOL = "BTCUSDT"


async def test_a_position_read_asks_position_risk_v3_and_the_symbol_config_of_the_symbol() -> None:
    bench = sim_bench()
    await bench.gateway.position(SYMBOL)
    signed = [r for r in bench.transport.requests if r.url.path != "/fapi/v1/time"]
    assert [(r.method, r.url.path, form(r)["symbol"]) for r in signed] == [
        ("GET", "/fapi/v3/positionRisk", SYMBOL),
        ("GET", "/fapi/v1/symbolConfig", SYMBOL),
    ]


async def test_a_leverage_changed_outside_the_bot_shows_in_the_next_position() -> None:
    bench = sim_bench()
    assert (await bench.gateway.position(SYMBOL)).leverage == bench.simulation.spec.default_leverage
    bench.simulation.engine.set_leverage(SYMBOL, 3)
    assert (await bench.gateway.position(SYMBOL)).leverage == 3


async def test_the_captured_answers_give_the_exact_entry_price_and_the_quoted_leverage() -> None:
    gateway, _, _, _ = scripted_gateway(
        httpx.Response(200, json=fixture_json("rest_position_risk_v3_btcusdt_2024.json")),
        httpx.Response(200, json=fixture_json("rest_symbol_config_btcusdt_2024.json")),
    )
    position = await gateway.position(CAPTURED_SYMBOL)
    assert (position.quantity, position.entry_price, position.leverage) == (Decimal("0.009"), Decimal("67445.9"), 20)


async def test_a_symbol_config_that_does_not_name_the_symbol_leaves_the_leverage_unknown() -> None:
    gateway, _, _, _ = scripted_gateway(
        httpx.Response(200, json=fixture_json("rest_position_risk_v3_btcusdt_2024.json")), httpx.Response(200, json=[])
    )
    position = await gateway.position(CAPTURED_SYMBOL)
    assert (position.quantity, position.leverage) == (Decimal("0.009"), None)
