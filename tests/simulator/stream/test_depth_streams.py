"""The depth streams on /public, from the engine's synthetic book: partial books and diffs a client can apply."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.simulator.server.support import SimClient, fixture
from tests.simulator.shapes.shape import differences
from tests.simulator.stream.support import next_frame, opened

pytestmark = pytest.mark.anyio


async def after_a_step(sim: SimClient, socket: Any, milliseconds: int = 250) -> Any:
    sim.simulation.clock.advance(timedelta(milliseconds=milliseconds))
    return await next_frame(socket)


def engine_book(sim: SimClient) -> tuple[dict[Decimal, Decimal], dict[Decimal, Decimal]]:
    bids, asks = sim.simulation.engine.depth(sim.simulation.symbol)
    return {level.price: level.qty for level in bids}, {level.price: level.qty for level in asks}


def apply(book: dict[Decimal, Decimal], rows: list[list[str]]) -> None:
    """Binance's rule: a quantity is absolute, and 0 removes the level."""
    for price, qty in rows:
        if Decimal(qty) == 0:
            book.pop(Decimal(price), None)
        else:
            book[Decimal(price)] = Decimal(qty)


class TestPartialDepth:
    async def test_depth5_sends_the_five_best_levels_of_each_side(self, sim: SimClient) -> None:
        async with opened(sim, "/public/ws/xrpusdt@depth5") as socket:
            frame = await after_a_step(sim, socket)

        assert differences(frame, fixture("ws_depth_update_docs_example.json")) == []
        bids, asks = ([Decimal(price) for price, _ in frame[side]] for side in "ba")
        assert len(bids) == len(asks) == 5
        assert bids == sorted(bids, reverse=True) and asks == sorted(asks) and bids[0] < asks[0]
        assert frame["U"] == frame["pu"] + 1 <= frame["u"]

    async def test_a_speed_suffix_and_ten_levels_are_served_combined(self, sim: SimClient) -> None:
        async with opened(sim, "/public/stream?streams=xrpusdt@depth10@500ms") as socket:
            frame = await after_a_step(sim, socket, 500)

        assert frame["stream"] == "xrpusdt@depth10@500ms"
        assert len(frame["data"]["b"]) == len(frame["data"]["a"]) == 10


class TestDiffDepth:
    async def test_applied_diffs_give_the_engines_book(self, sim: SimClient) -> None:
        local: tuple[dict[Decimal, Decimal], dict[Decimal, Decimal]] = ({}, {})
        received = []
        async with opened(sim, "/public/ws/xrpusdt@depth") as socket:
            for _ in range(4):
                frame = await after_a_step(sim, socket)
                received.append(frame)
                for side, book in zip("ba", local, strict=True):
                    apply(book, frame[side])

        assert all(later["pu"] == earlier["u"] for earlier, later in itertools.pairwise(received))
        assert local == engine_book(sim)

    async def test_depth_is_not_served_on_market(self, sim: SimClient) -> None:
        async with opened(sim, "/market/ws") as socket:
            await socket.send('{"method":"SUBSCRIBE","params":["xrpusdt@depth@100ms"],"id":1}')
            answer = await next_frame(socket)

        assert "depth is on /public" in answer["error"]["msg"]
