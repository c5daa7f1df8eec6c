"""exchangeInfo of the simulated symbols, in the shape of rest_exchange_info_btcusdt_ethusdt_2022."""

from __future__ import annotations

from typing import Any

from adapters.simulator.exchange.symbols import SymbolSpec
from adapters.simulator.wire.numbers import plain
from adapters.simulator.wire.rate_limits import Limits

ONBOARD_MS = 1569398400000  # BTCUSDT's real onboardDate; the simulator has no listing history
PERPETUAL_DELIVERY_MS = 4133404802000  # what Binance shows as deliveryDate of every perpetual
ORDER_TYPES = ["LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"]


def exchange_info_body(specs: tuple[SymbolSpec, ...], server_time: int, limits: Limits) -> dict[str, Any]:
    return {
        "timezone": "UTC",
        "serverTime": server_time,
        "futuresType": "U_MARGINED",
        "rateLimits": [
            _rate_limit("REQUEST_WEIGHT", "MINUTE", 1, limits.weight_per_minute),
            *order_rate_limits(limits),
        ],
        "exchangeFilters": [],
        "assets": [{"asset": "USDT", "marginAvailable": True, "autoAssetExchange": "-10000"}],
        "symbols": [_symbol(spec) for spec in specs],
    }


def order_rate_limits(limits: Limits) -> list[dict[str, Any]]:
    """The account's ORDERS limits, as exchangeInfo and GET /fapi/v1/rateLimit/order list them."""
    return [
        _rate_limit("ORDERS", "MINUTE", 1, limits.orders_per_minute),
        _rate_limit("ORDERS", "SECOND", 10, limits.orders_per_10s),
    ]


def _rate_limit(kind: str, interval: str, count: int, limit: int) -> dict[str, Any]:
    return {"rateLimitType": kind, "interval": interval, "intervalNum": count, "limit": limit}


def _symbol(spec: SymbolSpec) -> dict[str, Any]:
    return {
        "symbol": spec.symbol,
        "pair": spec.symbol,
        "contractType": "PERPETUAL",
        "deliveryDate": PERPETUAL_DELIVERY_MS,
        "onboardDate": ONBOARD_MS,
        "status": "TRADING",
        "maintMarginPercent": "2.5000",
        "requiredMarginPercent": "5.0000",
        "baseAsset": spec.base_asset,
        "quoteAsset": spec.quote_asset,
        "marginAsset": spec.margin_asset,
        "pricePrecision": spec.price_precision,
        "quantityPrecision": spec.quantity_precision,
        "baseAssetPrecision": 8,
        "quotePrecision": 8,
        "underlyingType": "COIN",
        "underlyingSubType": [],
        "settlePlan": 0,
        "triggerProtect": "0.0500",
        "liquidationFee": format(spec.liquidation_fee_rate, "f"),
        "marketTakeBound": format(spec.market_take_bound, "f"),
        "filters": _filters(spec),
        "orderTypes": ORDER_TYPES,
        "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
    }


def _filters(spec: SymbolSpec) -> list[dict[str, Any]]:
    return [
        {
            "minPrice": plain(spec.min_price),
            "maxPrice": plain(spec.max_price),
            "filterType": "PRICE_FILTER",
            "tickSize": plain(spec.tick_size),
        },
        {
            "stepSize": plain(spec.step_size),
            "filterType": "LOT_SIZE",
            "maxQty": plain(spec.max_qty),
            "minQty": plain(spec.min_qty),
        },
        {
            "stepSize": plain(spec.step_size),
            "filterType": "MARKET_LOT_SIZE",
            "maxQty": plain(spec.market_max_qty),
            "minQty": plain(spec.market_min_qty),
        },
        {"limit": spec.max_open_orders, "filterType": "MAX_NUM_ORDERS"},
        {"limit": spec.max_algo_orders, "filterType": "MAX_NUM_ALGO_ORDERS"},
        {"notional": plain(spec.min_notional), "filterType": "MIN_NOTIONAL"},
        {"multiplierDown": "0.9500", "multiplierUp": "1.0500", "multiplierDecimal": "4", "filterType": "PERCENT_PRICE"},
    ]
