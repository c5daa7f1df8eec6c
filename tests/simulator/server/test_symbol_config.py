"""GET /fapi/v1/symbolConfig: the symbol's current leverage, cross margin, at weight 5."""

from __future__ import annotations

import pytest

from tests.simulator.server.support import SimClient

pytestmark = pytest.mark.anyio


async def test_the_symbol_config_follows_a_leverage_change(sim: SimClient) -> None:
    await sim.signed("POST", "/fapi/v1/leverage", symbol="XRPUSDT", leverage=10)
    response = await sim.signed("GET", "/fapi/v1/symbolConfig", symbol="XRPUSDT")
    [row] = await response.get_json()
    assert (row["symbol"], row["marginType"], row["isAutoAddMargin"], row["leverage"]) == (
        "XRPUSDT",
        "CROSSED",
        False,
        10,
    )
    # POST leverage 1 + symbolConfig 5
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "6"


async def test_without_a_symbol_every_symbol_is_listed(sim: SimClient) -> None:
    rows = await (await sim.signed("GET", "/fapi/v1/symbolConfig")).get_json()
    assert [row["symbol"] for row in rows] == [spec.symbol for spec in sim.simulation.engine.symbols]


async def test_an_unknown_symbol_is_refused_with_binances_code(sim: SimClient) -> None:
    response = await sim.signed("GET", "/fapi/v1/symbolConfig", symbol="DOGEUSDT")
    assert (response.status_code, (await response.get_json())["code"]) == (400, -1121)


async def test_the_symbol_config_needs_an_api_key(sim: SimClient) -> None:
    response = await sim.client.get("/fapi/v1/symbolConfig?symbol=XRPUSDT")
    assert (response.status_code, (await response.get_json())["code"]) == (401, -2014)
