"""The order book (depth) and the price and book tickers over the wire (ADR 0086)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.simulator.market.payloads import book_ticker_event
from domain.times import epoch_ms
from tests.simulator.server.support import SimClient, assert_same_shape, fixture, json_types

pytestmark = pytest.mark.anyio


async def test_depth_has_the_docs_shape_and_the_books_levels_best_first(sim: SimClient) -> None:
    response = await sim.public("/fapi/v1/depth", symbol="XRPUSDT", limit=5)
    body = await response.get_json()
    bids, asks = sim.simulation.engine.depth("XRPUSDT")

    assert_same_shape(body, fixture("rest_depth_docs_example.json"))
    assert json_types(body) == json_types(fixture("rest_depth_docs_example.json"))
    assert body["bids"] == [[format(level.price, "f"), format(level.qty, "f")] for level in bids[:5]]
    assert body["asks"] == [[format(level.price, "f"), format(level.qty, "f")] for level in asks[:5]]
    assert Decimal(body["bids"][0][0]) < Decimal(body["asks"][0][0])
    assert all(len(price.split(".")[1]) == 4 and len(qty.split(".")[1]) == 1 for price, qty in body["bids"])


async def test_depth_is_stamped_with_the_server_time_and_the_steps_update_id(sim: SimClient) -> None:
    body = await (await sim.public("/fapi/v1/depth", symbol="XRPUSDT", limit=10)).get_json()
    update = sim.simulation.market.price_update()
    assert (body["lastUpdateId"], body["T"]) == (update.agg_trade_id, epoch_ms(update.time))
    assert body["E"] == epoch_ms(sim.simulation.clock.now())


async def test_depth_shows_what_the_synthetic_book_holds_under_a_deep_limit(sim: SimClient) -> None:
    body = await (await sim.public("/fapi/v1/depth", symbol="XRPUSDT", limit=1000)).get_json()
    bids, asks = sim.simulation.engine.depth("XRPUSDT")
    assert (len(body["bids"]), len(body["asks"])) == (len(bids), len(asks))


@pytest.mark.parametrize(
    ("limit", "weight"), [(5, "2"), (50, "2"), (100, "5"), (500, "10"), (1000, "20"), (None, "10")]
)
async def test_depth_weighs_by_its_limit(sim: SimClient, limit: int | None, weight: str) -> None:
    params = {"symbol": "XRPUSDT"} if limit is None else {"symbol": "XRPUSDT", "limit": limit}
    response = await sim.public("/fapi/v1/depth", **params)
    assert (response.status_code, response.headers["X-MBX-USED-WEIGHT-1M"]) == (200, weight)


@pytest.mark.parametrize(("params", "code"), [({"symbol": "XRPUSDT", "limit": 7}, -1130), ({}, -1102)])
async def test_a_depth_without_a_symbol_or_with_another_limit_is_refused(
    sim: SimClient, params: dict[str, object], code: int
) -> None:
    response = await sim.public("/fapi/v1/depth", **params)
    assert (response.status_code, (await response.get_json())["code"]) == (400, code)


@pytest.mark.parametrize("path", ["/fapi/v1/ticker/price", "/fapi/v2/ticker/price"])
async def test_the_price_ticker_is_the_last_trade(sim: SimClient, path: str) -> None:
    response = await sim.public(path, symbol="XRPUSDT")
    body = await response.get_json()
    update = sim.simulation.market.price_update()

    assert_same_shape(body, fixture("rest_ticker_price_v2_docs_example.json"))
    assert body == {"symbol": "XRPUSDT", "price": format(update.price, "f"), "time": epoch_ms(update.time)}
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "1"
    every = await sim.public(path)
    assert await every.get_json() == [body]
    assert every.headers["X-MBX-USED-WEIGHT-1M"] == "3"


async def test_the_book_ticker_shows_the_book_top_of_the_book_ticker_stream(sim: SimClient) -> None:
    response = await sim.public("/fapi/v1/ticker/bookTicker", symbol="XRPUSDT")
    body = await response.get_json()
    event = book_ticker_event("XRPUSDT", sim.simulation.market.price_update())

    assert_same_shape(body, fixture("rest_book_ticker_docs_example.json"))
    assert (body["bidPrice"], body["bidQty"], body["askPrice"], body["askQty"], body["time"]) == (
        event["b"],
        event["B"],
        event["a"],
        event["A"],
        event["T"],
    )
    assert response.headers["X-MBX-USED-WEIGHT-1M"] == "2"
    every = await sim.public("/fapi/v1/ticker/bookTicker")
    assert (await every.get_json(), every.headers["X-MBX-USED-WEIGHT-1M"]) == ([body], "7")


async def test_a_ticker_of_an_unknown_symbol_is_minus_1121(sim: SimClient) -> None:
    response = await sim.public("/fapi/v1/ticker/bookTicker", symbol="DOGEUSDT")
    assert await response.get_json() == {"code": -1121, "msg": "Invalid symbol."}
