"""Fakes and helpers of the stream tests: a listenKey API that counts, fast timings, bounded reads."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, TypeVar

import anyio

from adapters.binance.stream import Backoff, StreamTiming
from ports.errors import ExchangeError, ExchangeRejected

T = TypeVar("T")

DOES_NOT_EXIST = ExchangeRejected(-1125, "This listenKey does not exist.")


class FakeListenKeyApi:
    """Issues key-1, key-2, … once the queued `create_errors` are raised; keepalive and close raise their set error."""

    def __init__(self) -> None:
        self.issued: list[str] = []
        self.create_errors: list[ExchangeError] = []
        self.keepalives = 0
        self.closed = 0
        self.keepalive_error: ExchangeError | None = None
        self.close_error: ExchangeError | None = None

    async def create(self) -> str:
        if self.create_errors:
            raise self.create_errors.pop(0)
        self.issued.append(f"key-{len(self.issued) + 1}")
        return self.issued[-1]

    async def keepalive(self) -> None:
        self.keepalives += 1
        if self.keepalive_error is not None:
            raise self.keepalive_error

    async def close(self) -> None:
        self.closed += 1
        if self.close_error is not None:
            raise self.close_error


def fast_timing(**overrides: Any) -> StreamTiming:
    """Real-time limits in milliseconds; clock-based limits stay realistic since tests move a ManualClock."""
    settings: dict[str, Any] = {
        "tick": 0.01,
        "open_timeout": 2.0,
        "close_timeout": 0.2,
        "reconnect_after_silence": None,
        "silence_after": timedelta(seconds=60),
    }
    return StreamTiming(**{**settings, **overrides})


def fast_backoff() -> Backoff:
    return Backoff(base=0.001, cap=0.01, rng=random.Random(7))


async def take(messages: AsyncIterator[T], count: int) -> list[T]:
    """The next `count` messages; a hang fails the test instead of blocking the suite."""
    taken: list[T] = []
    with anyio.fail_after(5):
        while len(taken) < count:
            taken.append(await anext(messages))
    return taken
