"""One REST exchange with Binance: admission by the governor, signing, httpx, headers observed, errors mapped."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import httpx

from adapters.binance.rest.errors import ClockSkew, MalformedResponse, decode_body, error_for
from adapters.binance.rest.governor import BAN_STATUS, RateGovernor
from adapters.binance.rest.options import RestOptions
from adapters.binance.rest.server_clock import ServerClock
from adapters.binance.rest.signing import API_KEY_HEADER, encode, sign
from adapters.binance.translate import BinancePayloadError, server_time_from_rest
from ports.errors import OutcomeUnknown, RateLimited

_log = logging.getLogger(__name__)

T = TypeVar("T")
Params = Mapping[str, str | None]
TOO_MANY_REQUESTS = 429
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Endpoint:
    """essential: an order placement, cancel or lookup, which keeps priority over polling."""

    method: str
    path: str
    signed: bool = True
    essential: bool = False

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


TIME = Endpoint("GET", "/fapi/v1/time", signed=False, essential=True)


class RestTransport:
    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        api_key: str,
        api_secret: str,
        clock: ServerClock,
        governor: RateGovernor,
        options: RestOptions,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"the REST base URL must start with http:// or https://, got {base_url!r}")
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._api_key, self._secret = api_key, api_secret
        self._clock = clock
        self._governor = governor
        self._options = options

    async def read(self, endpoint: Endpoint, params: Params | None, translate: Callable[[Any], T]) -> T:
        """Call `endpoint` and translate its body; an untranslatable body is a MalformedResponse naming both."""
        body = await self.call(endpoint, params)
        try:
            return translate(body)
        except BinancePayloadError as exc:
            raise MalformedResponse(f"{endpoint}: {exc}") from exc

    async def call(self, endpoint: Endpoint, params: Params | None = None) -> Any:
        """The decoded JSON body; raises ExchangeRejected, OutcomeUnknown or RateLimited."""
        try:
            return await self._call_once(endpoint, params)
        except RateLimited as limited:
            if not endpoint.essential or limited.banned:
                raise
            # A 429 refuses a request before it has any effect, so an order may wait its turn and go once more
            return await self._call_once(endpoint, params)

    async def sync_time(self) -> datetime:
        """Measure the server-time offset now; return the server's time."""
        await self._governor.admit(essential=True)
        sent = self._clock.local.now()
        body = await self._exchange(TIME, None)
        received = self._clock.local.now()
        try:
            server_time = server_time_from_rest(body)
        except BinancePayloadError as exc:
            raise MalformedResponse(f"{TIME}: {exc}") from exc
        self._clock.record(server_time, sent, received)
        return server_time

    async def _call_once(self, endpoint: Endpoint, params: Params | None) -> Any:
        await self._governor.admit(endpoint.essential)
        if endpoint.signed and self._clock.due:
            await self.sync_time()
        try:
            return await self._exchange(endpoint, params)
        except ClockSkew as skew:
            # -1021 means the request was never executed: safe to resend once with a fresh offset
            _log.warning("%s: %s; re-syncing the server time and resending once", endpoint, skew)
            await self.sync_time()
        try:
            return await self._exchange(endpoint, params)
        except ClockSkew as again:
            raise again.rejection from None

    async def _exchange(self, endpoint: Endpoint, params: Params | None) -> Any:
        response = await self._send(endpoint, self._build(endpoint, params))
        # The endpoint only, never the parameters: they hold the signature; the line names the command (ADR 0079)
        _log.debug("%s -> %d", endpoint, response.status_code)
        self._governor.observe(response.headers)
        if response.status_code in (TOO_MANY_REQUESTS, BAN_STATUS):
            raise self._governor.refuse(response.status_code, response.headers)
        if not response.is_success:
            raise error_for(str(endpoint), response.status_code, response.text)
        return decode_body(str(endpoint), response.text)

    def _build(self, endpoint: Endpoint, params: Params | None) -> httpx.Request:
        pairs = {name: value for name, value in (params or {}).items() if value is not None}
        if endpoint.signed:
            pairs["recvWindow"] = str(self._options.recv_window_ms)
            pairs["timestamp"] = str(self._clock.timestamp_ms())
        text = encode(pairs)
        in_body = endpoint.method in ("POST", "PUT")
        query, body = ("", text) if in_body else (text, "")
        if endpoint.signed:
            signature = f"signature={sign(self._secret, query, body)}"
            query, body = (query, _join(body, signature)) if in_body else (_join(query, signature), body)
        headers = {API_KEY_HEADER: self._api_key}
        if in_body:
            headers["Content-Type"] = FORM
        url = f"{self._base_url}{endpoint.path}{'?' + query if query else ''}"
        return self._client.build_request(
            endpoint.method,
            url,
            content=body.encode() if in_body else None,
            headers=headers,
            timeout=self._options.request_timeout,
        )

    async def _send(self, endpoint: Endpoint, request: httpx.Request) -> httpx.Response:
        try:
            return await self._client.send(request)
        except httpx.TimeoutException as exc:
            raise OutcomeUnknown(
                f"{endpoint}: no answer within {self._options.request_timeout} s "
                f"({type(exc).__name__}; outcome unknown)"
            ) from exc
        except httpx.TransportError as exc:
            raise OutcomeUnknown(
                f"{endpoint}: transport failed ({type(exc).__name__}: {exc}; outcome unknown)"
            ) from exc


def _join(first: str, second: str) -> str:
    return f"{first}&{second}" if first else second
