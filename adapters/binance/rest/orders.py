"""The order protocol (PRD §4.5) over REST: send once, adopt a duplicated id, look up through visibility lag, cancel."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from adapters.binance.rest.adoption import placed_or_adopted
from adapters.binance.rest.errors import NO_SUCH_ORDER, UNKNOWN_ORDER_SENT, MalformedResponse
from adapters.binance.rest.governor import Sleep
from adapters.binance.rest.options import RestOptions
from adapters.binance.rest.order_params import algo_params, order_params
from adapters.binance.rest.transport import Endpoint, RestTransport
from adapters.binance.translate import (
    BinancePayloadError,
    algo_order_from_rest,
    check_acknowledged,
    order_from_rest,
)
from domain.events import OrderFacts
from domain.order_request import OrderRequest
from ports.errors import ExchangeRejected

_log = logging.getLogger(__name__)

PLACE = Endpoint("POST", "/fapi/v1/order", essential=True)
QUERY = Endpoint("GET", "/fapi/v1/order", essential=True)
CANCEL = Endpoint("DELETE", "/fapi/v1/order", essential=True)
PLACE_ALGO = Endpoint("POST", "/fapi/v1/algoOrder", essential=True)
QUERY_ALGO = Endpoint("GET", "/fapi/v1/algoOrder", essential=True)
CANCEL_ALGO = Endpoint("DELETE", "/fapi/v1/algoOrder", essential=True)

Reader = Callable[[Any, str], OrderFacts | None]


class OrderProtocol:
    def __init__(self, transport: RestTransport, options: RestOptions, sleep: Sleep) -> None:
        self._transport = transport
        self._options = options
        self._sleep = sleep

    async def place(self, request: OrderRequest) -> OrderFacts:
        """One send, never repeated; a duplicated client id is the open order it names, adopted (adoption.py)."""
        endpoint, read = (PLACE_ALGO, algo_order_from_rest) if request.conditional else (PLACE, order_from_rest)
        params = algo_params(request) if request.conditional else order_params(request)

        async def send() -> OrderFacts:
            return _placed(endpoint, request, read, await self._transport.call(endpoint, params))

        return await placed_or_adopted(
            send,
            lambda: self.query(request.symbol, request.client_order_id, request.conditional),
            str(endpoint),
            request.client_order_id,
        )

    async def query(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        """-2013 right after a send may be visibility lag: re-asked over the lookup window, then None (not visible yet;
        the caller never takes it for absence, ADR 0048)."""
        endpoint, read = (QUERY_ALGO, algo_order_from_rest) if conditional else (QUERY, order_from_rest)
        params = (
            {"clientAlgoId": client_order_id}
            if conditional
            else {"symbol": symbol, "origClientOrderId": client_order_id}
        )
        for attempt in range(self._options.lookup_attempts):
            if attempt:
                await self._sleep(self._options.lookup_interval.total_seconds())
            try:
                return await self._transport.read(endpoint, params, lambda body: read(body, symbol))
            except ExchangeRejected as rejected:
                if rejected.code != NO_SUCH_ORDER:
                    raise
        _log.info("%s %s: no such order after %d lookups", endpoint, client_order_id, self._options.lookup_attempts)
        return None

    async def cancel(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        """-2011 (already closed or never known) is a successful cancel: None."""
        try:
            if conditional:
                # The algo cancel answers only {algoId, code, msg}; the order's facts come from a lookup
                await self._transport.read(
                    CANCEL_ALGO,
                    {"clientAlgoId": client_order_id},
                    lambda body: check_acknowledged(body, "algo order cancel"),
                )
                return await self.query(symbol, client_order_id, conditional=True)
            return await self._transport.read(
                CANCEL,
                {"symbol": symbol, "origClientOrderId": client_order_id},
                lambda body: order_from_rest(body, symbol),
            )
        except ExchangeRejected as rejected:
            if rejected.code == UNKNOWN_ORDER_SENT:
                return None
            raise


def _placed(endpoint: Endpoint, request: OrderRequest, read: Reader, body: Any) -> OrderFacts:
    try:
        facts = read(body, request.symbol)
    except BinancePayloadError as exc:
        raise MalformedResponse(f"{endpoint}: {exc} (the order may exist: look it up)") from exc
    if facts is None:
        raise MalformedResponse(
            f"{endpoint}: the answer to {request.client_order_id} names another symbol "
            f"than {request.symbol} (the order may exist: look it up)"
        )
    return facts
