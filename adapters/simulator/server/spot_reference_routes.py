"""The spot host's reference lists that clients read at start-up (ccxt's load_markets does whenever it holds a key):
GET /sapi/v1/capital/config/getall, the coins, and GET /sapi/v1/margin/allPairs, the cross-margin pairs; and
GET /sapi/v1/system/status, which ccxt's fetch_status reads: the simulator is never in maintenance.

The simulator lists the assets of its symbols and of its spot wallet as coins, `free` being the spot wallet's balance;
it has no blockchain, so no coin can be deposited or withdrawn and no network is listed, and no spot margin trading,
so no cross-margin pair."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.simulator.server.call import Call, Handler
from adapters.simulator.wire.numbers import plain

# Binance's display names of the assets the simulated symbols use; any other asset is shown by its code
COIN_NAMES = {"USDT": "TetherUS", "BTC": "Bitcoin", "XRP": "XRP"}
# Nothing is locked, frozen, on its way out or in an IPO: the simulator has no spot orders and no chain
NOTHING = "0"


def coins(call: Call) -> Any:
    """One entry per asset of the simulated symbols (margin, quote, base) and of the spot wallet, in Binance's field
    order; `free` is what the spot wallet holds."""
    engine = call.simulation.engine
    spot = engine.spot_balances()
    assets: dict[str, None] = {}
    for spec in engine.symbols:
        assets.update(dict.fromkeys((spec.margin_asset, spec.quote_asset, spec.base_asset)))
    assets.update(dict.fromkeys(spot))
    return [coin_body(asset, spot.get(asset, Decimal(0))) for asset in assets]


def coin_body(asset: str, free: Decimal) -> dict[str, Any]:
    return {
        "coin": asset,
        "depositAllEnable": False,
        "withdrawAllEnable": False,
        "name": COIN_NAMES.get(asset, asset),
        "free": plain(free),
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


def system_status(_call: Call) -> Any:
    """Binance's status 0 "normal" (1 "system_maintenance" is never shown)."""
    return {"status": 0, "msg": "normal"}


SPOT_REFERENCE_ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/sapi/v1/capital/config/getall"): coins,
    ("GET", "/sapi/v1/margin/allPairs"): cross_margin_pairs,
    ("GET", "/sapi/v1/system/status"): system_status,
}
