"""BinanceUserDataStream against a scripted WebSocket host: signals, key life cycle, bad frames, reconnects."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import aclosing, asynccontextmanager
from datetime import timedelta
from typing import Any

import anyio
import pytest

from adapters.binance.stream import BinanceUserDataStream, ListenKeyLifecycle, StreamEndpoints, StreamTiming
from adapters.memory.clock import ManualClock
from domain.events import ExchangeErrorRecorded, OrderPlaced, OrderUpdated
from ports.errors import RateLimited
from ports.exchange import StreamStatus, UserDataMessage
from tests.binance.stream.scripted_server import CLOSE, REFUSE, ScriptedServer, frame, scripted_server
from tests.binance.stream.support import DOES_NOT_EXIST, FakeListenKeyApi, fast_backoff, fast_timing, take

pytestmark = pytest.mark.anyio

SYMBOL = "ETHUSDC"
NEW_ORDER = frame("ws_order_trade_update_new_limit_2026.json")
CANCELED = frame("ws_order_trade_update_canceled_2026.json")
KEY_EXPIRED = frame("ws_listen_key_expired_2023.json")


class Harness:
    def __init__(self, server: ScriptedServer, timing: StreamTiming) -> None:
        self.server, self.clock, self.api = server, ManualClock(), FakeListenKeyApi()
        self.stream = BinanceUserDataStream(
            ListenKeyLifecycle(self.api, self.clock),
            SYMBOL,
            self.clock,
            StreamEndpoints(server.url),
            timing,
            fast_backoff(),
        )


@asynccontextmanager
async def user_stream(
    scripts: list[list[str | bytes]], **timing: Any
) -> AsyncIterator[tuple[Harness, AsyncIterator[Any]]]:
    async with scripted_server(scripts) as server:
        harness = Harness(server, fast_timing(**timing))
        async with aclosing(harness.stream.messages()) as messages:
            yield harness, messages


def states(messages: list[UserDataMessage]) -> list[str]:
    return [m.state if isinstance(m, StreamStatus) else type(m).__name__ for m in messages]


class TestConnecting:
    async def test_the_first_message_is_connected_and_frames_follow_as_domain_payloads(self) -> None:
        async with user_stream([[NEW_ORDER, CANCELED]]) as (_harness, messages):
            received = await take(messages, 3)

        assert states(received) == ["connected", "OrderPlaced", "OrderUpdated"]
        assert isinstance(received[1], OrderPlaced) and isinstance(received[2], OrderUpdated)

    async def test_it_connects_on_the_private_path_with_the_listen_key_in_the_query(self) -> None:
        async with user_stream([[]]) as (harness, messages):
            await take(messages, 1)

        assert harness.server.paths == ["/private/ws?listenKey=key-1"]

    async def test_a_frame_for_another_symbol_yields_nothing_and_the_stream_goes_on(self) -> None:
        other = NEW_ORDER.replace(SYMBOL, "BTCUSDT")
        async with user_stream([[other, CANCELED]]) as (_harness, messages):
            received = await take(messages, 2)

        assert states(received) == ["connected", "OrderUpdated"]


class TestReconnecting:
    async def test_a_closed_connection_is_reopened_with_the_same_key_and_signalled(self) -> None:
        async with user_stream([[NEW_ORDER, CLOSE], [CANCELED]]) as (harness, messages):
            received = await take(messages, 5)

        assert states(received) == ["connected", "OrderPlaced", "disconnected", "connected", "OrderUpdated"]
        assert harness.server.paths == ["/private/ws?listenKey=key-1"] * 2

    async def test_a_refused_handshake_is_retried_with_a_fresh_key(self) -> None:
        async with user_stream([[REFUSE], [NEW_ORDER]]) as (harness, messages):
            received = await take(messages, 3)

        assert states(received) == ["disconnected", "connected", "OrderPlaced"]
        assert harness.server.paths == ["/private/ws?listenKey=key-1", "/private/ws?listenKey=key-2"]
        assert "could not open the stream" in received[0].detail

    async def test_an_unreachable_host_yields_disconnected_again_and_again_without_raising(self) -> None:
        clock, api = ManualClock(), FakeListenKeyApi()
        stream = BinanceUserDataStream(
            ListenKeyLifecycle(api, clock),
            SYMBOL,
            clock,
            StreamEndpoints("ws://127.0.0.1:9"),
            fast_timing(),
            fast_backoff(),
        )
        async with aclosing(stream.messages()) as messages:
            received = await take(messages, 3)

        assert states(received) == ["disconnected"] * 3

    async def test_a_rate_limited_key_request_waits_until_the_limit_ends_before_retrying(self) -> None:
        delays: list[float] = []

        async def spy_sleep(seconds: float) -> None:
            delays.append(seconds)

        async with scripted_server([[]]) as server:
            clock, api = ManualClock(), FakeListenKeyApi()
            api.create_errors.append(RateLimited(clock.now() + timedelta(seconds=30), banned=False))
            stream = BinanceUserDataStream(
                ListenKeyLifecycle(api, clock),
                SYMBOL,
                clock,
                StreamEndpoints(server.url),
                fast_timing(),
                fast_backoff(),
                sleep=spy_sleep,
            )
            async with aclosing(stream.messages()) as messages:
                received = await take(messages, 2)

        assert states(received) == ["disconnected", "connected"]
        assert delays == [30.0]
        assert "rate limited" in received[0].detail

    async def test_the_connection_is_reopened_before_the_24_hour_cut(self) -> None:
        async with user_stream([[], []]) as (harness, messages):
            await take(messages, 1)
            harness.clock.advance(timedelta(hours=23))
            received = await take(messages, 3)

        assert states(received) == ["silent", "disconnected", "connected"]
        assert "24-h cut" in received[1].detail
        assert len(harness.server.paths) == 2


class TestSilence:
    async def test_no_frame_for_the_silence_limit_yields_silent_once_per_silent_spell(self) -> None:
        async with user_stream([[], []], reconnect_after_silence=timedelta(minutes=5)) as (harness, messages):
            await take(messages, 1)
            harness.clock.advance(timedelta(seconds=61))
            silent = await take(messages, 1)
            harness.clock.advance(timedelta(minutes=4))
            after = await take(messages, 2)

        assert states(silent) == ["silent"]
        assert states(after) == ["disconnected", "connected"]
        assert "no frame for" in after[0].detail

    async def test_a_frame_after_silence_arrives_normally_and_a_new_silence_is_signalled_again(self) -> None:
        async with user_stream([[], [NEW_ORDER]], reconnect_after_silence=timedelta(minutes=5)) as (harness, messages):
            await take(messages, 1)
            harness.clock.advance(timedelta(seconds=61))
            first = await take(messages, 1)
            harness.clock.advance(timedelta(minutes=5))
            rest = await take(messages, 3)
            harness.clock.advance(timedelta(seconds=61))
            again = await take(messages, 1)

        assert states(first) == ["silent"]
        assert states(rest) == ["disconnected", "connected", "OrderPlaced"]
        assert states(again) == ["silent"]


class TestListenKey:
    async def test_listen_key_expired_signals_then_reconnects_with_a_new_key(self) -> None:
        async with user_stream([[KEY_EXPIRED], [NEW_ORDER]]) as (harness, messages):
            received = await take(messages, 5)

        assert states(received) == ["connected", "key_expired", "disconnected", "connected", "OrderPlaced"]
        assert harness.server.paths == ["/private/ws?listenKey=key-1", "/private/ws?listenKey=key-2"]

    async def test_the_key_is_kept_alive_every_30_minutes_on_the_open_connection(self) -> None:
        async with user_stream([[]], silence_after=timedelta(hours=2)) as (harness, messages):
            await take(messages, 1)
            harness.clock.advance(timedelta(minutes=30))
            await _until(lambda: harness.api.keepalives == 1, messages)

        assert harness.api.issued == ["key-1"]
        assert len(harness.server.paths) == 1

    async def test_minus_1125_on_keepalive_recreates_the_key_and_reconnects(self) -> None:
        async with user_stream([[], []], silence_after=timedelta(hours=2)) as (harness, messages):
            await take(messages, 1)
            harness.api.keepalive_error = DOES_NOT_EXIST
            harness.clock.advance(timedelta(minutes=30))
            received = await take(messages, 3)

        assert states(received) == ["key_expired", "disconnected", "connected"]
        assert harness.server.paths == ["/private/ws?listenKey=key-1", "/private/ws?listenKey=key-2"]

    async def test_closing_the_stream_deletes_the_listen_key(self) -> None:
        async with user_stream([[]]) as (harness, messages):
            await take(messages, 1)
        await harness.stream.close()

        assert harness.api.closed == 1


class TestBadFrames:
    async def test_garbage_and_unknown_events_become_error_payloads_and_the_stream_goes_on(self) -> None:
        unknown = '{"e": "SOMETHING_NEW", "E": 1}'
        async with user_stream([["not json {", unknown, "[1, 2]", NEW_ORDER]]) as (_, messages):
            received = await take(messages, 5)

        assert states(received) == ["connected", *["ExchangeErrorRecorded"] * 3, "OrderPlaced"]
        errors = [m for m in received if isinstance(m, ExchangeErrorRecorded)]
        assert [e.raw for e in errors] == ["not json {", unknown, "[1, 2]"]
        assert all(e.operation == "user_stream" for e in errors)

    async def test_a_trade_lite_hint_is_dropped_because_order_trade_update_carries_the_fill(self) -> None:
        lite = frame("ws_trade_lite_limit_fill_2026.json")
        async with user_stream([[lite, NEW_ORDER]]) as (_harness, messages):
            received = await take(messages, 2)

        assert states(received) == ["connected", "OrderPlaced"]

    async def test_a_binary_frame_is_read_as_utf8_text(self) -> None:
        async with user_stream([[NEW_ORDER.encode(), b"\xff\xfe"]]) as (_harness, messages):
            received = await take(messages, 3)

        assert states(received) == ["connected", "OrderPlaced", "ExchangeErrorRecorded"]


async def _until(condition: Callable[[], bool], messages: AsyncIterator[Any]) -> None:
    # The stream works only while iterated, and a quiet connection yields nothing: iterate in a task, watch beside it
    with anyio.fail_after(5):
        async with anyio.create_task_group() as group:

            async def drain() -> None:
                async for _ in messages:
                    pass

            group.start_soon(drain)
            while not condition():
                await anyio.sleep(0.01)
            group.cancel_scope.cancel()
