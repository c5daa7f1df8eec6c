"""One socket's outgoing frames: JSON texts in order, then at most one close; filled synchronously, drained async."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio

from adapters.simulator.wire.encoding import encode_json

NORMAL_CLOSURE = 1000
GOING_AWAY = 1001


@dataclass(frozen=True)
class Close:
    code: int
    reason: str


Frame = str | Close


class Outbox:
    """Unbounded, because the engine's listeners run synchronously and must never block; push after close is ignored."""

    def __init__(self) -> None:
        self._send, self._receive = anyio.create_memory_object_stream[Frame](max_buffer_size=math.inf)
        self.closed = False

    def push(self, payload: dict[str, Any] | list[Any]) -> None:
        """Queue one JSON frame (compact, as Binance sends it; the all-market streams send arrays)."""
        self.push_text(encode_json(payload).decode("utf-8"))

    def push_text(self, text: str) -> None:
        if not self.closed:
            self._send.send_nowait(text)

    def close(self, code: int, reason: str) -> None:
        """Queue the close frame; later pushes are dropped. Idempotent."""
        if self.closed:
            return
        self.closed = True
        self._send.send_nowait(Close(code, reason))
        self._send.close()

    async def frames(self) -> AsyncIterator[Frame]:
        async with self._receive:
            async for frame in self._receive:
                yield frame
