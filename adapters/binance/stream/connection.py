"""One WebSocket endpoint kept open: connect, read with a tick, reopen with backoff; owners decide what frames mean."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

import anyio
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from adapters.binance.stream.backoff import Backoff
from adapters.binance.stream.timing import StreamTiming
from adapters.binance.stream.watchdog import SessionWatchdog
from ports.clock import Clock
from ports.errors import ExchangeError, RateLimited

_log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Opened:
    at: datetime


@dataclass(frozen=True)
class Frame:
    raw: str | bytes
    at: datetime


@dataclass(frozen=True)
class Idle:
    """A tick passed without a frame: the owner's chance to run its own timers (listenKey keepalive)."""

    at: datetime


@dataclass(frozen=True)
class Silent:
    at: datetime


@dataclass(frozen=True)
class Closed:
    """The connection ended or never opened (`opened` False); the loop backs off and reopens."""

    at: datetime
    reason: str
    opened: bool


SocketEvent = Opened | Frame | Idle | Silent | Closed


class ReconnectingSocket:
    """Yields socket events forever; never raises for network, handshake or URL-provider (ExchangeError) failures.

    `url` is awaited before every connect (the user stream makes or reuses its listenKey there). The URL is
    never logged or reported: a listenKey in it grants read access to the account's events.
    """

    def __init__(
        self,
        url: Callable[[], Awaitable[str]],
        clock: Clock,
        timing: StreamTiming,
        backoff: Backoff,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self._url, self._clock, self._timing, self._backoff, self._sleep = url, clock, timing, backoff, sleep
        self._reopen_reason: str | None = None

    def reopen(self, reason: str) -> None:
        """Close the current connection after the event being handled and open a new one."""
        self._reopen_reason = reason

    async def events(self) -> AsyncIterator[SocketEvent]:
        failures = 0
        while True:
            watch: SessionWatchdog | None = None
            wait_until: datetime | None = None
            try:
                url = await self._url()
                async with self._connect(url) as socket:
                    watch = SessionWatchdog(self._timing, self._clock.now())
                    self._reopen_reason = None
                    yield Opened(self._clock.now())
                    async for event in self._read(socket, watch):
                        yield event
                    reason = self._reopen_reason or "reopened"
            except RateLimited as exc:
                reason, wait_until = f"could not open the stream: {exc}", exc.until
            except (OSError, TimeoutError, WebSocketException, ExchangeError) as exc:
                reason = _describe(exc, opened=watch is not None)
            now = self._clock.now()
            _log.warning("stream connection ended: %s", reason)
            yield Closed(now, reason, opened=watch is not None)
            failures = 0 if watch is not None and watch.was_stable(now) else failures + 1
            await self._sleep(self._delay(failures, now, wait_until))

    async def _read(self, socket: ClientConnection, watch: SessionWatchdog) -> AsyncIterator[SocketEvent]:
        while True:
            raw = await self._next_frame(socket)
            now = self._clock.now()
            if raw is None:
                yield Idle(now)
            else:
                watch.saw_frame(now)
                yield Frame(raw, now)
            if self._reopen_reason is not None:
                return
            if watch.newly_silent(now):
                yield Silent(now)
            self._reopen_reason = watch.reopen_reason(now)
            if self._reopen_reason is not None:
                return

    async def _next_frame(self, socket: ClientConnection) -> str | bytes | None:
        # Cancelling recv() loses nothing (websockets docs): the next call returns the next message
        with anyio.move_on_after(self._timing.tick):
            return await socket.recv()
        return None

    def _connect(self, url: str) -> connect:
        timing = self._timing
        return connect(
            url,
            open_timeout=timing.open_timeout,
            ping_interval=timing.ping_interval,
            ping_timeout=timing.ping_timeout,
            close_timeout=timing.close_timeout,
        )

    def _delay(self, failures: int, now: datetime, wait_until: datetime | None) -> float:
        delay = self._backoff.delay(failures)
        if wait_until is not None:
            delay = max(delay, (wait_until - now).total_seconds())
        return delay


def _describe(exc: BaseException, opened: bool) -> str:
    what = "connection lost" if opened else "could not open the stream"
    return f"{what}: {type(exc).__name__}: {exc}" if str(exc) else f"{what}: {type(exc).__name__}"
