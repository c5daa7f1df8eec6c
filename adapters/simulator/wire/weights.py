"""What one request costs against the rate limits: IP weight and ORDERS counts per endpoint (API.md §4, §5).

Weights are those of the SDK docstrings (generated from Binance's docs). Order placement and modification cost
ORDERS counts (account-wide) and, except PUT order and batchOrders, no IP weight. `fundingRate`/`fundingInfo`
also share a separate 500/5min limit that is not modelled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from adapters.simulator.wire.security import UnknownEndpoint


@dataclass(frozen=True)
class Cost:
    """IP weight, plus the ORDERS counts of the 10-second and 1-minute windows."""

    weight: int
    orders_10s: int = 0
    orders_1m: int = 0

    @property
    def counts_orders(self) -> bool:
        """Order endpoints answer with the X-MBX-ORDER-COUNT-* headers."""
        return self.orders_10s > 0 or self.orders_1m > 0


Params = Mapping[str, str]
Rule = Callable[[Params], Cost]

KLINES_DEFAULT_LIMIT = 500
DEPTH_DEFAULT_LIMIT = 500


def _fixed(weight: int, orders_10s: int = 0, orders_1m: int = 0) -> Rule:
    cost = Cost(weight, orders_10s, orders_1m)
    return lambda _params: cost


def _by_symbol(with_symbol: int, without_symbol: int) -> Rule:
    return lambda params: Cost(with_symbol if params.get("symbol") else without_symbol)


def _limit(params: Params, default: int) -> int:
    text = params.get("limit", "")
    # A malformed limit is the endpoint's to reject (-1130); its weight is that of the default
    return int(text) if text.isdigit() else default


def klines_weight(params: Params) -> Cost:
    """limit [1,100) → 1, [100,500) → 2, [500,1000] → 5, above → 10; default limit 500."""
    limit = _limit(params, KLINES_DEFAULT_LIMIT)
    weight = 1 if limit < 100 else 2 if limit < 500 else 5 if limit <= 1000 else 10
    return Cost(weight)


def depth_weight(params: Params) -> Cost:
    """limit 5-50 → 2, 100 → 5, 500 → 10, 1000 → 20; default limit 500."""
    limit = _limit(params, DEPTH_DEFAULT_LIMIT)
    weight = 2 if limit <= 50 else 5 if limit <= 100 else 10 if limit <= 500 else 20
    return Cost(weight)


ENDPOINT_COSTS: dict[tuple[str, str], Rule] = {
    ("GET", "/fapi/v1/ping"): _fixed(1),
    ("GET", "/fapi/v1/time"): _fixed(1),
    ("GET", "/fapi/v1/exchangeInfo"): _fixed(1),
    ("GET", "/fapi/v1/klines"): klines_weight,
    ("GET", "/fapi/v1/premiumIndex"): _by_symbol(1, 10),
    ("GET", "/fapi/v1/depth"): depth_weight,
    ("GET", "/fapi/v1/fundingRate"): _fixed(1),
    ("GET", "/fapi/v1/fundingInfo"): _fixed(1),
    ("GET", "/fapi/v1/ticker/price"): _by_symbol(1, 2),
    ("GET", "/fapi/v2/ticker/price"): _by_symbol(1, 2),
    ("GET", "/fapi/v1/aggTrades"): _fixed(20),
    ("GET", "/fapi/v1/continuousKlines"): klines_weight,
    ("GET", "/fapi/v1/ticker/bookTicker"): _by_symbol(2, 5),
    ("GET", "/fapi/v1/ticker/24hr"): _by_symbol(1, 40),
    ("POST", "/fapi/v1/listenKey"): _fixed(1),
    ("PUT", "/fapi/v1/listenKey"): _fixed(1),
    ("DELETE", "/fapi/v1/listenKey"): _fixed(1),
    ("POST", "/fapi/v1/order"): _fixed(0, orders_10s=1, orders_1m=1),
    ("PUT", "/fapi/v1/order"): _fixed(1, orders_10s=1, orders_1m=1),
    ("DELETE", "/fapi/v1/order"): _fixed(1),
    ("GET", "/fapi/v1/order"): _fixed(1),
    ("GET", "/fapi/v1/openOrder"): _fixed(1),
    ("GET", "/fapi/v1/openOrders"): _by_symbol(1, 40),
    ("GET", "/fapi/v1/allOrders"): _fixed(5),
    ("DELETE", "/fapi/v1/allOpenOrders"): _fixed(1),
    ("POST", "/fapi/v1/batchOrders"): _fixed(5, orders_10s=5, orders_1m=1),
    ("PUT", "/fapi/v1/batchOrders"): _fixed(5, orders_10s=5, orders_1m=1),
    ("DELETE", "/fapi/v1/batchOrders"): _fixed(1),
    ("POST", "/fapi/v1/countdownCancelAll"): _fixed(10),
    ("POST", "/fapi/v1/algoOrder"): _fixed(0, orders_10s=1, orders_1m=1),
    ("DELETE", "/fapi/v1/algoOrder"): _fixed(1),
    ("GET", "/fapi/v1/algoOrder"): _fixed(1),
    ("DELETE", "/fapi/v1/algoOpenOrders"): _fixed(1),
    ("GET", "/fapi/v1/openAlgoOrders"): _by_symbol(1, 40),
    ("GET", "/fapi/v1/allAlgoOrders"): _fixed(5),
    ("GET", "/fapi/v1/userTrades"): _fixed(5),
    ("GET", "/fapi/v1/income"): _fixed(30),
    ("GET", "/fapi/v1/commissionRate"): _fixed(20),
    ("GET", "/fapi/v2/positionRisk"): _fixed(5),
    ("GET", "/fapi/v3/positionRisk"): _fixed(5),
    ("GET", "/fapi/v2/balance"): _fixed(5),
    ("GET", "/fapi/v3/balance"): _fixed(5),
    ("GET", "/fapi/v2/account"): _fixed(5),
    ("GET", "/fapi/v3/account"): _fixed(5),
    ("GET", "/fapi/v1/symbolConfig"): _fixed(5),
    ("GET", "/fapi/v1/accountConfig"): _fixed(5),
    ("GET", "/fapi/v1/rateLimit/order"): _fixed(1),
    ("POST", "/fapi/v1/leverage"): _fixed(1),
    ("POST", "/fapi/v1/marginType"): _fixed(1),
    ("GET", "/fapi/v1/leverageBracket"): _fixed(1),
    ("POST", "/fapi/v1/positionMargin"): _fixed(1),
    ("GET", "/fapi/v1/positionMargin/history"): _fixed(1),
    ("GET", "/fapi/v1/positionSide/dual"): _fixed(30),
    ("POST", "/fapi/v1/positionSide/dual"): _fixed(1),
    ("GET", "/fapi/v1/multiAssetsMargin"): _fixed(30),
    ("POST", "/fapi/v1/multiAssetsMargin"): _fixed(1),
    ("GET", "/sapi/v1/account/apiRestrictions"): _fixed(1),
    ("GET", "/sapi/v1/capital/config/getall"): _fixed(10),
    ("GET", "/sapi/v1/margin/allPairs"): _fixed(1),
    ("GET", "/sapi/v1/system/status"): _fixed(1),
    # The spot host's wallet: the transfer costs UID weight 900 there (its own 180 000/min budget, not modelled)
    ("POST", "/sapi/v1/asset/transfer"): _fixed(0),
    ("GET", "/sapi/v1/asset/transfer"): _fixed(1),
    ("GET", "/api/v3/account"): _fixed(20),
}


def request_cost(method: str, path: str, params: Params) -> Cost:
    """Cost of one request; UnknownEndpoint names the pair when the simulator has no such endpoint."""
    try:
        rule = ENDPOINT_COSTS[(method.upper(), path)]
    except KeyError:
        raise UnknownEndpoint(f"no endpoint {method.upper()} {path} on the simulator") from None
    return rule(params)
