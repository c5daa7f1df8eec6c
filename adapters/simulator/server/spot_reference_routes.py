"""The spot host's reference lists that clients read at start-up (ccxt's load_markets does whenever it holds a key):
GET /sapi/v1/capital/config/getall, the coins, and GET /sapi/v1/margin/allPairs, the cross-margin pairs.

The simulator lists the assets of its symbols as coins; it has no blockchain, so no coin can be deposited or
withdrawn and no network is listed, and no spot margin trading, so no cross-margin pair."""

from __future__ import annotations

from typing import Any

from adapters.simulator.server.call import Call, Handler

# Binance's display names of the assets the simulated symbols use; any other asset is shown by its code
COIN_NAMES = {"USDT": "TetherUS", "BTC": "Bitcoin", "XRP": "XRP"}
# What the spot wallet holds of each coin: the simulator's account lives on the futures side only
NOTHING = "0"


def coins(call: Call) -> Any:
    """One entry per asset of the simulated symbols (margin, quote and base), in Binance's field order."""
    assets: dict[str, None] = {}
    for spec in call.simulation.engine.symbols:
        assets.update(dict.fromkeys((spec.margin_asset, spec.quote_asset, spec.base_asset)))
    return [coin_body(asset) for asset in assets]


def coin_body(asset: str) -> dict[str, Any]:
    return {
        "coin": asset,
        "depositAllEnable": False,
        "withdrawAllEnable": False,
        "name": COIN_NAMES.get(asset, asset),
        "free": NOTHING,
        "locked": NOTHING,
        "freeze": NOTHING,
        "withdrawing": NOTHING,
        "ipoing": NOTHING,
        "ipoable": NOTHING,
        "storage": NOTHING,
        "isLegalMoney": False,
        "trading": True,
        "networkList": [],
    }


def cross_margin_pairs(_call: Call) -> Any:
    return []


SPOT_REFERENCE_ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/sapi/v1/capital/config/getall"): coins,
    ("GET", "/sapi/v1/margin/allPairs"): cross_margin_pairs,
}
