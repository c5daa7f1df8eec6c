"""Delivering a reply: latency waits before it, a lost ack holds it and then breaks its body off."""

from __future__ import annotations

import pytest
from quart import Quart, Response

from adapters.simulator.faults.delivery import ResponseLost, deliver
from adapters.simulator.faults.rest import Delivery

pytestmark = pytest.mark.anyio


class FakeSleep:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


async def test_latency_waits_its_seconds_then_sends_the_reply_unchanged() -> None:
    sleep, reply = FakeSleep(), Response(b'{"serverTime":1}', status=200)
    sent = await deliver(reply, Delivery(delay=2.5), sleep)
    assert sent is reply and sleep.waits == [2.5]


async def test_no_fault_sends_at_once() -> None:
    sleep, reply = FakeSleep(), Response(b"{}")
    assert await deliver(reply, Delivery(), sleep) is reply and sleep.waits == []


async def test_a_lost_ack_is_held_then_sent_as_a_body_that_breaks_off() -> None:
    sleep = FakeSleep()
    async with Quart(__name__).app_context():
        sent = await deliver(Response(b'{"orderId":1}', status=200), Delivery(delay=1, lost_after=30), sleep)
        with pytest.raises(ResponseLost):
            await sent.get_data()
    assert sleep.waits == [1, 30]
