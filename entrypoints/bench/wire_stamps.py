"""Stamps in perf_counter_ns taken on the simulator's side and on the wire: fills emitted, orders sent and received."""

from __future__ import annotations

import time
from urllib.parse import parse_qs

import httpx
from quart import Quart, request

from adapters.simulator.exchange.events import OrderTradeUpdate, UserDataEvent
from adapters.simulator.simulation import Simulation

ORDER_PATH = "/fapi/v1/order"


class FillStamps:
    """trade id → when the matching engine emitted it; subscribed before any socket, so it hears each fill first."""

    def __init__(self, simulation: Simulation) -> None:
        self.emitted: dict[int, int] = {}
        self.unsubscribe = simulation.engine.subscribe(self._on_event)

    def _on_event(self, event: UserDataEvent) -> None:
        if isinstance(event, OrderTradeUpdate) and event.trade_id:
            self.emitted.setdefault(event.trade_id, time.perf_counter_ns())


def client_order_id(query: bytes, body: bytes) -> str | None:
    """newClientOrderId of a signed order request, wherever the client put its parameters."""
    for part in (query, body):
        found = parse_qs(part.decode("utf-8", "replace")).get("newClientOrderId")
        if found:
            return found[0]
    return None


class SendStamps(httpx.AsyncHTTPTransport):
    """The bot's real socket transport, stamping each order placement as it leaves: client order id → ns."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: dict[str, int] = {}

    async def handle_async_request(self, outgoing: httpx.Request) -> httpx.Response:
        if outgoing.method == "POST" and outgoing.url.path == ORDER_PATH:
            found = client_order_id(outgoing.url.query, outgoing.content)
            if found is not None:
                self.sent.setdefault(found, time.perf_counter_ns())
        return await super().handle_async_request(outgoing)


class ReceiveStamps:
    """The simulator's app, stamping each order placement as it arrives: client order id → ns."""

    def __init__(self, app: Quart) -> None:
        self.received: dict[str, int] = {}
        app.before_request(self._on_request)

    async def _on_request(self) -> None:
        if request.method != "POST" or request.path != ORDER_PATH:
            return
        at = time.perf_counter_ns()
        body = await request.get_data(cache=True, as_text=False, parse_form_data=False)  # as in the simulator's app
        found = client_order_id(request.query_string, body)
        if found is not None:
            self.received.setdefault(found, at)
