"""UserDataStream over the engine's emitted events, each rendered as the wire server's frame and translated by the
Binance adapter's user-stream translator (ADR 0055): the same facts, problems and ignored events as the real stream."""

from __future__ import annotations

import math
from collections.abc import AsyncGenerator

import anyio

from adapters.binance.translate import translate_user_object
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import UserDataEvent
from adapters.simulator.wire.user_data_json import SpecOf, user_data_json
from ports.exchange import UserDataMessage, UserDataStream


class SimulatedUserDataStream(UserDataStream):
    """Subscribes at construction, so nothing the engine emits afterwards is missed; close() unsubscribes."""

    def __init__(self, engine: MatchingEngine, symbol: str) -> None:
        engine.spec(symbol)
        self._closed = False
        self._symbol = symbol
        self._spec_of = engine.spec
        # Unbounded: the engine's listener is synchronous and must never block or drop
        self._send, self._receive = anyio.create_memory_object_stream[UserDataMessage](max_buffer_size=math.inf)
        self._unsubscribe = engine.subscribe(self._on_event)

    def _on_event(self, event: UserDataEvent) -> None:
        for payload in translate(event, self._symbol, self._spec_of):
            self._send.send_nowait(payload)

    async def messages(self) -> AsyncGenerator[UserDataMessage, None]:
        # One consumer, once: the receive side closes when it ends
        async with self._receive:
            async for message in self._receive:
                yield message

    def close(self) -> None:
        """Stop listening; messages() ends once the buffered ones are consumed. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._unsubscribe()
        self._send.close()


def translate(event: UserDataEvent, symbol: str, spec_of: SpecOf) -> list[UserDataMessage]:
    """What the bot configured for `symbol` hears of one engine event; `spec_of` gives a symbol's precisions."""
    return translate_user_object(user_data_json(event, spec_of), symbol)
