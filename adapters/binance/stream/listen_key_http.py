"""ListenKeyApi over httpx: POST/PUT/DELETE /fapi/v1/listenKey with the API-key header (USER_STREAM, no signature).

Binance docs: USDⓈ-M Futures › User Data Streams › Start / Keepalive / Close User Data Stream (weight 1 each).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx

from adapters.binance.translate import BinancePayloadError, exchange_rejected, is_error_body, listen_key_from_rest
from ports.clock import Clock
from ports.errors import OutcomeUnknown, RateLimited

LISTEN_KEY_PATH = "/fapi/v1/listenKey"
API_KEY_HEADER = "X-MBX-APIKEY"
# Used when a 429/418 comes without Retry-After: one minute is the weight window
DEFAULT_RETRY_AFTER = 60


class HttpListenKeyApi:
    """Talks through a caller-owned AsyncClient whose base_url is the REST host (fapi, demo-fapi or the simulator)."""

    def __init__(self, client: httpx.AsyncClient, api_key: str, clock: Clock) -> None:
        if not api_key:
            raise ValueError("the listenKey API needs a Binance API key (X-MBX-APIKEY)")
        self._client, self._api_key, self._clock = client, api_key, clock

    async def create(self) -> str:
        body = await self._send("POST")
        try:
            return listen_key_from_rest(body)
        except BinancePayloadError as exc:
            raise OutcomeUnknown(f"POST {LISTEN_KEY_PATH}: unreadable answer ({exc})") from None

    async def keepalive(self) -> None:
        await self._send("PUT")

    async def close(self) -> None:
        await self._send("DELETE")

    async def _send(self, method: str) -> Any:
        try:
            response = await self._client.request(method, LISTEN_KEY_PATH, headers={API_KEY_HEADER: self._api_key})
        except httpx.TransportError as exc:
            raise OutcomeUnknown(f"{method} {LISTEN_KEY_PATH}: {type(exc).__name__}: {exc}") from None
        body = _json(response)
        if response.status_code in (429, 418):
            raise self._rate_limited(response)
        if is_error_body(body):
            raise exchange_rejected(body)
        if response.is_error:
            raise OutcomeUnknown(f"{method} {LISTEN_KEY_PATH}: HTTP {response.status_code} {response.text[:200]!r}")
        return body

    def _rate_limited(self, response: httpx.Response) -> RateLimited:
        header = response.headers.get("Retry-After", "")
        seconds = int(header) if header.isdigit() else DEFAULT_RETRY_AFTER
        return RateLimited(self._clock.now() + timedelta(seconds=seconds), banned=response.status_code == 418)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
