"""The listenKey life cycle over a fake API, and HttpListenKeyApi over httpx.MockTransport (Binance's bodies)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest

from adapters.binance.stream import HttpListenKeyApi, ListenKeyLifecycle
from adapters.memory.clock import ManualClock
from ports.errors import ExchangeRejected, OutcomeUnknown, RateLimited
from tests.binance.stream.support import DOES_NOT_EXIST, FakeListenKeyApi
from tests.harness.binance_fixtures import load_fixture

pytestmark = pytest.mark.anyio


class TestLifecycle:
    def setup_method(self) -> None:
        self.clock, self.api = ManualClock(), FakeListenKeyApi()
        self.keys = ListenKeyLifecycle(self.api, self.clock)

    async def test_the_key_is_created_once_and_reused(self) -> None:
        keys = [await self.keys.current(), await self.keys.current()]

        assert keys == ["key-1", "key-1"]
        assert self.api.issued == ["key-1"]

    async def test_keepalive_is_due_30_minutes_after_creation_and_after_each_keepalive(self) -> None:
        await self.keys.current()
        due = [self.keys.keepalive_due(self.clock.advance(timedelta(minutes=m))) for m in (29, 1)]
        await self.keys.keepalive()

        assert due == [False, True]
        assert self.keys.keepalive_due(self.clock.advance(timedelta(minutes=29))) is False

    async def test_no_keepalive_is_due_without_a_key(self) -> None:
        assert self.keys.keepalive_due(self.clock.advance(timedelta(hours=2))) is False

    async def test_minus_1125_forgets_the_key_so_the_next_one_is_new(self) -> None:
        await self.keys.current()
        self.api.keepalive_error = DOES_NOT_EXIST

        alive = await self.keys.keepalive()

        assert alive is False
        assert await self.keys.current() == "key-2"

    @pytest.mark.parametrize("error", [ExchangeRejected(-1000, "An unknown error occurred"), OutcomeUnknown("timeout")])
    async def test_other_keepalive_failures_keep_the_key_and_retry_a_minute_later(self, error: Exception) -> None:
        await self.keys.current()
        self.api.keepalive_error = error
        self.clock.advance(timedelta(minutes=30))

        alive = await self.keys.keepalive()

        assert alive is True
        assert self.keys.keepalive_due(self.clock.advance(timedelta(seconds=59))) is False
        assert self.keys.keepalive_due(self.clock.advance(timedelta(seconds=1))) is True
        assert await self.keys.current() == "key-1"

    async def test_close_deletes_the_key_once_and_tolerates_a_failure(self) -> None:
        await self.keys.current()
        self.api.close_error = OutcomeUnknown("timeout")

        await self.keys.close()
        await self.keys.close()

        assert self.api.closed == 1

    def test_non_positive_intervals_are_refused(self) -> None:
        with pytest.raises(ValueError, match="keepalive_every and retry_after must be positive"):
            ListenKeyLifecycle(self.api, self.clock, keepalive_every=timedelta(0))


Responder = Callable[[httpx.Request], httpx.Response]


def listen_key_api(respond: Responder, seen: list[httpx.Request] | None = None) -> HttpListenKeyApi:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return respond(request)

    client = httpx.AsyncClient(base_url="https://fapi.example", transport=httpx.MockTransport(handler))
    return HttpListenKeyApi(client, "the-api-key", ManualClock())


def answer(status: int, body: object, headers: dict[str, str] | None = None) -> Responder:
    return lambda request: httpx.Response(status, content=json.dumps(body).encode(), headers=headers)


class TestHttpListenKeyApi:
    async def test_create_posts_with_the_api_key_header_and_returns_binances_key(self) -> None:
        seen: list[httpx.Request] = []
        api = listen_key_api(answer(200, load_fixture("rest_listen_key_post.json")), seen)

        key = await api.create()

        assert key == load_fixture("rest_listen_key_post.json")["listenKey"]
        assert (seen[0].method, seen[0].url.path) == ("POST", "/fapi/v1/listenKey")
        assert seen[0].headers["X-MBX-APIKEY"] == "the-api-key"
        assert "signature" not in str(seen[0].url)

    @pytest.mark.parametrize("body", [load_fixture("rest_listen_key_put.json"), {}])
    async def test_keepalive_puts_and_accepts_the_current_and_the_older_answer(self, body: object) -> None:
        seen: list[httpx.Request] = []

        await listen_key_api(answer(200, body), seen).keepalive()

        assert seen[0].method == "PUT"

    async def test_close_sends_delete(self) -> None:
        seen: list[httpx.Request] = []

        await listen_key_api(answer(200, {}), seen).close()

        assert seen[0].method == "DELETE"

    async def test_minus_1125_comes_out_as_exchange_rejected_with_its_code(self) -> None:
        api = listen_key_api(answer(400, {"code": -1125, "msg": "This listenKey does not exist."}))

        with pytest.raises(ExchangeRejected) as raised:
            await api.keepalive()

        assert raised.value.code == -1125

    async def test_429_is_rate_limited_until_retry_after(self) -> None:
        api = listen_key_api(answer(429, {"code": -1003, "msg": "Too many requests"}, {"Retry-After": "17"}))

        with pytest.raises(RateLimited) as raised:
            await api.create()

        assert raised.value.until - ManualClock().now() == timedelta(seconds=17)
        assert raised.value.banned is False

    async def test_418_is_a_ban(self) -> None:
        with pytest.raises(RateLimited) as raised:
            await listen_key_api(answer(418, {"code": -1003, "msg": "banned"}, {"Retry-After": "120"})).create()

        assert raised.value.banned is True

    @pytest.mark.parametrize(
        "respond",
        [
            answer(503, "Service Unavailable"),
            answer(200, {"unexpected": True}),
            lambda request: httpx.Response(502, content=b"<html>bad gateway</html>"),
        ],
    )
    async def test_a_server_error_or_unreadable_answer_is_an_unknown_outcome(self, respond: Responder) -> None:
        with pytest.raises(OutcomeUnknown, match="/fapi/v1/listenKey"):
            await listen_key_api(respond).create()

    async def test_a_transport_failure_is_an_unknown_outcome(self) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("connection refused")

        with pytest.raises(OutcomeUnknown, match="ConnectError"):
            await listen_key_api(refuse).create()

    async def test_an_empty_api_key_is_refused(self) -> None:
        async with httpx.AsyncClient() as client:
            with pytest.raises(ValueError, match="needs a Binance API key"):
                HttpListenKeyApi(client, "", ManualClock())
