"""Sending a reply the way a REST fault says: late (latency) or never, the connection cut after a hold (ack_lost).

A lost ack is held rather than answered, so a client whose timeout is shorter than the hold sees a read timeout and
closes the connection (Quart then cancels the hold); once the hold ends, the response goes out as a status line
and headers whose body breaks off, so a more patient client sees a dropped connection. Either way no response body
ever arrives. Hypercorn offers an ASGI app no way to reset a connection before the status line.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

from quart import Response

from adapters.simulator.faults.rest import Delivery


class ResponseLost(ConnectionAbortedError):
    """Raised inside a lost reply's body so the server drops the connection instead of finishing it."""


async def deliver(
    response: Response, delivery: Delivery, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> Response:
    """Wait out the latency, then return `response`, or the cut-off reply of a lost ack after its hold."""
    if delivery.delay > 0:
        await sleep(delivery.delay)
    if delivery.lost_after is None:
        return response
    await sleep(delivery.lost_after)
    headers = {name: value for name, value in response.headers.items() if name.lower() != "content-length"}
    return Response(_broken_body(), status=response.status_code, headers=headers)


async def _broken_body() -> AsyncIterator[bytes]:
    raise ResponseLost("the simulator lost this reply on purpose (ack_lost fault)")
    yield b""  # unreachable; makes this an async generator
