"""BinanceUserDataStream: the listenKey stream as domain payloads plus connection signals for the reconciler."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import anyio

from adapters.binance.stream.backoff import Backoff
from adapters.binance.stream.connection import Closed, Frame, Opened, ReconnectingSocket, Silent, Sleep, SocketEvent
from adapters.binance.stream.endpoints import StreamEndpoints
from adapters.binance.stream.listen_key import ListenKeyLifecycle
from adapters.binance.stream.timing import StreamTiming
from adapters.binance.translate import translate_user_message
from ports.clock import Clock
from ports.exchange import StreamState, StreamStatus, UserDataMessage, UserDataStream


class BinanceUserDataStream(UserDataStream):
    """Every (re)connect yields StreamStatus("connected"): the consumer runs a gap reconciliation on it.

    "silent" means no frame for `timing.silence_after`: poll REST fast until frames flow again. "key_expired"
    (listenKeyExpired, or -1125 on keepalive) is followed by a new key and a reconnect. A bad frame becomes
    ExchangeErrorRecorded; nothing here raises on what the network sends.
    """

    def __init__(
        self,
        listen_keys: ListenKeyLifecycle,
        symbol: str,
        clock: Clock,
        endpoints: StreamEndpoints | None = None,
        timing: StreamTiming | None = None,
        backoff: Backoff | None = None,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self._keys, self._symbol, self._clock = listen_keys, symbol, clock
        self._endpoints = endpoints if endpoints is not None else StreamEndpoints()
        self._timing = timing if timing is not None else StreamTiming()
        self._backoff = backoff if backoff is not None else Backoff()
        self._sleep = sleep

    async def messages(self) -> AsyncGenerator[UserDataMessage, None]:
        socket = ReconnectingSocket(self._url, self._clock, self._timing, self._backoff, self._sleep)
        async for event in socket.events():
            for message in await self._handle(event, socket):
                yield message

    async def close(self) -> None:
        """Delete the listenKey (best effort); call once the consumer has stopped iterating."""
        await self._keys.close()

    async def _url(self) -> str:
        return self._endpoints.user_data(await self._keys.current())

    async def _handle(self, event: SocketEvent, socket: ReconnectingSocket) -> list[UserDataMessage]:
        if isinstance(event, Opened):
            return [StreamStatus(StreamState.CONNECTED, event.at)]
        if isinstance(event, Closed):
            if not event.opened:
                # The server may have refused the key itself: the next attempt asks for a fresh one
                self._keys.forget()
            return [StreamStatus(StreamState.DISCONNECTED, event.at, event.reason)]
        if isinstance(event, Silent):
            return [StreamStatus(StreamState.SILENT, event.at, f"no frame for {self._timing.silence_after}")]
        messages = self._translate(event, socket) if isinstance(event, Frame) else []
        return [*messages, *await self._keep_alive(event.at, socket)]

    def _translate(self, frame: Frame, socket: ReconnectingSocket) -> list[UserDataMessage]:
        messages: list[UserDataMessage] = []
        for item in translate_user_message(frame.raw, self._symbol):
            if isinstance(item, StreamStatus) and item.state == StreamState.KEY_EXPIRED:
                self._keys.forget()
                socket.reopen("listenKey expired")
            messages.append(item)
        return messages

    async def _keep_alive(self, now: datetime, socket: ReconnectingSocket) -> list[UserDataMessage]:
        if not self._keys.keepalive_due(now) or await self._keys.keepalive():
            return []
        socket.reopen("listenKey unknown to Binance (-1125)")
        return [StreamStatus(StreamState.KEY_EXPIRED, now, "keepalive: listenKey does not exist (-1125)")]
