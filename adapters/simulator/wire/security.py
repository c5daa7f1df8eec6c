"""Security type of every REST endpoint the simulator serves (API.md §2 endpoint map)."""

from __future__ import annotations

from enum import Enum


class SecurityType(str, Enum):
    NONE = "NONE"  # public
    MARKET_DATA = "MARKET_DATA"  # API key header only, no signature (a signed request passes too)
    USER_STREAM = "USER_STREAM"  # API key header only, no signature
    TRADE = "TRADE"  # signed
    USER_DATA = "USER_DATA"  # signed

    @property
    def needs_key(self) -> bool:
        return self is not SecurityType.NONE

    @property
    def signed(self) -> bool:
        return self in (SecurityType.TRADE, SecurityType.USER_DATA)


class UnknownEndpoint(LookupError):
    """No such (method, path) on the simulator: the server answers 404 as Binance does."""


_NONE = SecurityType.NONE
_KEYED = SecurityType.MARKET_DATA
_STREAM = SecurityType.USER_STREAM
_TRADE = SecurityType.TRADE
_DATA = SecurityType.USER_DATA

ENDPOINT_SECURITY: dict[tuple[str, str], SecurityType] = {
    # Market data
    ("GET", "/fapi/v1/ping"): _NONE,
    ("GET", "/fapi/v1/time"): _NONE,
    ("GET", "/fapi/v1/exchangeInfo"): _NONE,
    ("GET", "/fapi/v1/klines"): _NONE,
    ("GET", "/fapi/v1/premiumIndex"): _NONE,
    ("GET", "/fapi/v1/depth"): _NONE,
    ("GET", "/fapi/v1/fundingRate"): _NONE,
    ("GET", "/fapi/v1/fundingInfo"): _NONE,
    ("GET", "/fapi/v1/ticker/price"): _NONE,
    ("GET", "/fapi/v2/ticker/price"): _NONE,
    ("GET", "/fapi/v1/aggTrades"): _NONE,
    ("GET", "/fapi/v1/continuousKlines"): _NONE,
    ("GET", "/fapi/v1/ticker/bookTicker"): _NONE,
    ("GET", "/fapi/v1/ticker/24hr"): _NONE,
    # User data stream keys
    ("POST", "/fapi/v1/listenKey"): _STREAM,
    ("PUT", "/fapi/v1/listenKey"): _STREAM,
    ("DELETE", "/fapi/v1/listenKey"): _STREAM,
    # Orders
    ("POST", "/fapi/v1/order"): _TRADE,
    ("PUT", "/fapi/v1/order"): _TRADE,
    ("DELETE", "/fapi/v1/order"): _TRADE,
    ("GET", "/fapi/v1/order"): _DATA,
    ("GET", "/fapi/v1/openOrder"): _DATA,
    ("GET", "/fapi/v1/openOrders"): _DATA,
    ("GET", "/fapi/v1/allOrders"): _DATA,
    ("DELETE", "/fapi/v1/allOpenOrders"): _TRADE,
    ("POST", "/fapi/v1/batchOrders"): _TRADE,
    ("PUT", "/fapi/v1/batchOrders"): _TRADE,
    ("DELETE", "/fapi/v1/batchOrders"): _TRADE,
    ("POST", "/fapi/v1/countdownCancelAll"): _TRADE,
    ("POST", "/fapi/v1/algoOrder"): _TRADE,
    ("DELETE", "/fapi/v1/algoOrder"): _TRADE,
    ("GET", "/fapi/v1/algoOrder"): _DATA,
    ("DELETE", "/fapi/v1/algoOpenOrders"): _TRADE,
    ("GET", "/fapi/v1/openAlgoOrders"): _DATA,
    ("GET", "/fapi/v1/allAlgoOrders"): _DATA,
    # Trades, positions, account
    ("GET", "/fapi/v1/userTrades"): _DATA,
    ("GET", "/fapi/v1/income"): _DATA,
    ("GET", "/fapi/v1/commissionRate"): _DATA,
    ("GET", "/fapi/v2/positionRisk"): _DATA,
    ("GET", "/fapi/v3/positionRisk"): _DATA,
    ("GET", "/fapi/v2/balance"): _DATA,
    ("GET", "/fapi/v3/balance"): _DATA,
    ("GET", "/fapi/v2/account"): _DATA,
    ("GET", "/fapi/v3/account"): _DATA,
    ("GET", "/fapi/v1/symbolConfig"): _DATA,
    ("GET", "/fapi/v1/accountConfig"): _DATA,
    ("GET", "/fapi/v1/rateLimit/order"): _DATA,
    ("POST", "/fapi/v1/leverage"): _TRADE,
    ("POST", "/fapi/v1/marginType"): _TRADE,
    ("GET", "/fapi/v1/leverageBracket"): _DATA,
    ("POST", "/fapi/v1/positionMargin"): _TRADE,
    ("GET", "/fapi/v1/positionMargin/history"): _DATA,
    ("GET", "/fapi/v1/positionSide/dual"): _DATA,
    ("POST", "/fapi/v1/positionSide/dual"): _TRADE,
    ("GET", "/fapi/v1/multiAssetsMargin"): _DATA,
    ("POST", "/fapi/v1/multiAssetsMargin"): _TRADE,
    # The spot host's wallet endpoint (GET /sapi/v1/account/apiRestrictions), served on the same port
    ("GET", "/sapi/v1/account/apiRestrictions"): _DATA,
    # The spot host's coin list and cross-margin pairs, read by clients at start-up
    ("GET", "/sapi/v1/capital/config/getall"): _DATA,
    ("GET", "/sapi/v1/margin/allPairs"): _KEYED,
    ("GET", "/sapi/v1/system/status"): _NONE,
    ("POST", "/sapi/v1/asset/transfer"): _DATA,
    ("GET", "/sapi/v1/asset/transfer"): _DATA,
    ("GET", "/api/v3/account"): _DATA,
}


def security_of(method: str, path: str) -> SecurityType:
    """Security type of `method path`; UnknownEndpoint names the pair when the simulator has no such endpoint."""
    try:
        return ENDPOINT_SECURITY[(method.upper(), path)]
    except KeyError:
        raise UnknownEndpoint(f"no endpoint {method.upper()} {path} on the simulator") from None
