"""Binance's own `binance-futures-connector`, unchanged, receives the frames of its own fill from `alphaengine sim`."""

from __future__ import annotations

import json
import threading
from typing import Any

from binance.um_futures import UMFutures
from binance.websocket.um_futures.websocket_client import UMFuturesWebsocketClient

from tests.simulator.compat import conftest as compat
from tests.simulator.stream.support import HANG_GUARD_SECONDS

# The running `alphaengine sim` process of the connector's REST tests, shared as a fixture of this module
sim_url = compat.sim_url


class Inbox:
    """Frames collected on the connector's socket thread; wait() returns once `count` of them satisfy `wanted`."""

    def __init__(self) -> None:
        self.frames: list[dict[str, Any]] = []
        self._arrived = threading.Condition()

    def on_message(self, _: object, message: str) -> None:
        with self._arrived:
            self.frames.append(json.loads(message))
            self._arrived.notify_all()

    def wait(self, predicate: Any) -> None:
        with self._arrived:
            assert self._arrived.wait_for(lambda: predicate(self.frames), timeout=HANG_GUARD_SECONDS), self.frames


def test_the_connector_receives_the_order_and_account_updates_of_its_own_fill(sim_url: str) -> None:
    client, inbox = UMFutures(key=compat.KEY, secret=compat.SECRET, base_url=sim_url), Inbox()
    listen_key = client.new_listen_key()["listenKey"]
    socket = UMFuturesWebsocketClient(stream_url=sim_url.replace("http://", "ws://"), on_message=inbox.on_message)
    try:
        socket.user_data(listen_key=listen_key, id=1)
        inbox.wait(lambda frames: {"result": None, "id": 1} in frames)
        placed = client.new_order(symbol="XRPUSDT", side="BUY", type="MARKET", quantity="20")
        inbox.wait(lambda frames: any(f.get("e") == "ORDER_TRADE_UPDATE" and f["o"]["X"] == "FILLED" for f in frames))
    finally:
        socket.stop()

    updates = [frame for frame in inbox.frames if frame.get("e") == "ORDER_TRADE_UPDATE"]
    assert {frame["o"]["i"] for frame in updates} == {placed["orderId"]}
    assert any(frame.get("e") == "ACCOUNT_UPDATE" and frame["a"]["m"] == "ORDER" for frame in inbox.frames)
