"""BinanceMarketDataStream: klines and mark price from the /market streams, one reconnecting connection each."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

import anyio

from adapters.binance.stream.backoff import Backoff
from adapters.binance.stream.connection import Frame, ReconnectingSocket, Sleep
from adapters.binance.stream.endpoints import StreamEndpoints, kline_stream, mark_price_stream
from adapters.binance.stream.timing import MARKET_TIMING, StreamTiming
from adapters.binance.translate import BinancePayloadError, decode_frame, kline_from_stream, mark_price_from_stream
from domain.reports import Kline
from ports.clock import Clock
from ports.exchange import MarketDataStream

_log = logging.getLogger(__name__)

T = TypeVar("T")
Parse = Callable[[Mapping[str, Any]], T | None]


class BinanceMarketDataStream(MarketDataStream):
    """A frame that cannot be read is logged and skipped; a silent or cut connection is reopened.

    Missed updates are not replayed: the consumer warms up (and fills gaps) from REST klines.
    """

    def __init__(
        self,
        clock: Clock,
        endpoints: StreamEndpoints | None = None,
        timing: StreamTiming = MARKET_TIMING,
        backoff: Backoff | None = None,
        sleep: Sleep = anyio.sleep,
        mark_price_every_second: bool = False,
    ) -> None:
        self._clock, self._timing, self._sleep = clock, timing, sleep
        self._endpoints = endpoints if endpoints is not None else StreamEndpoints()
        self._backoff = backoff if backoff is not None else Backoff()
        self._every_second = mark_price_every_second

    def klines(self, symbol: str, interval: str) -> AsyncIterator[Kline]:
        url = self._endpoints.market(kline_stream(symbol, interval))
        return self._values(url, lambda message: kline_from_stream(message, symbol))

    def mark_prices(self, symbol: str) -> AsyncIterator[tuple[datetime, Decimal]]:
        url = self._endpoints.market(mark_price_stream(symbol, self._every_second))
        return self._values(url, lambda message: mark_price_from_stream(message, symbol))

    async def _values(self, url: str, parse: Parse[T]) -> AsyncIterator[T]:
        async def fixed_url() -> str:
            return url

        socket = ReconnectingSocket(fixed_url, self._clock, self._timing, self._backoff, self._sleep)
        async for event in socket.events():
            if isinstance(event, Frame):
                value = _read(event.raw, parse)
                if value is not None:
                    yield value


def _read(raw: str | bytes, parse: Parse[T]) -> T | None:
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    try:
        message = decode_frame(text)
        if message.get("e") is None and "result" in message:
            return None  # a reply to a (re)subscription request
        return parse(message)
    except BinancePayloadError as exc:
        _log.warning("skipped an unreadable market frame: %s; frame %.200r", exc, text)
        return None
