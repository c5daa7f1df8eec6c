"""The GET /fapi/v3/account and /fapi/v2/account bodies: totals, the assets and the positions.

v3 (rest_account_v3_2024 keys) lists only open positions; v2 is the v3 body plus the account flags of accountConfig
and `feeBurn`, `marginAvailable` on each asset, and every symbol's position with its leverage, entry, isolated flag
and notional caps (rest_account_v2_2023, the v2 keys ccxt's binance.py quotes from a 2024 WLDUSDT answer).
"""

from __future__ import annotations

from typing import Any

from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.views import BalanceView, PositionRisk
from adapters.simulator.server.bodies import precision
from adapters.simulator.server.key_access import KeyAccess, account_config_body
from adapters.simulator.wire.field_formats import format_field
from adapters.simulator.wire.numbers import Kind, plain, wire_decimal


def account_v3_body(engine: MatchingEngine) -> dict[str, Any]:
    """One USDT asset: the totals are that asset's figures; the cross ones leave isolated positions out."""
    view = engine.balance("USDT")
    risks = [engine.position_risk(spec.symbol) for spec in engine.symbols]

    def fmt(name: str, value: Any) -> str:
        return format_field("rest.account", name, value)

    return {
        "totalInitialMargin": fmt("totalInitialMargin", view.initial_margin),
        "totalMaintMargin": fmt("totalMaintMargin", view.maint_margin),
        "totalWalletBalance": fmt("totalWalletBalance", view.wallet_balance),
        "totalUnrealizedProfit": fmt("totalUnrealizedProfit", view.unrealized_pnl),
        "totalMarginBalance": fmt("totalMarginBalance", view.margin_balance),
        "totalPositionInitialMargin": fmt("totalPositionInitialMargin", view.position_initial_margin),
        "totalOpenOrderInitialMargin": fmt("totalOpenOrderInitialMargin", view.open_order_initial_margin),
        "totalCrossWalletBalance": fmt("totalCrossWalletBalance", view.cross_wallet_balance),
        "totalCrossUnPnl": fmt("totalCrossUnPnl", view.cross_unrealized_pnl),
        "availableBalance": fmt("availableBalance", view.available_balance),
        "maxWithdrawAmount": fmt("maxWithdrawAmount", view.available_balance),
        "assets": [_asset(view)],
        "positions": [_position(risk, engine) for risk in risks if risk.position_amount],
    }


def account_v2_body(engine: MatchingEngine, access: KeyAccess) -> dict[str, Any]:
    """The v3 body with v2's account flags, `marginAvailable` on each asset and a position row for every symbol."""
    flags = account_config_body(access, engine.hedge_mode)
    del flags["dualSidePosition"]
    body = {**flags, "feeBurn": False, **account_v3_body(engine)}
    for asset in body["assets"]:
        asset["marginAvailable"] = True
    body["positions"] = [_position_v2(engine.position_risk(spec.symbol), engine) for spec in engine.symbols]
    return body


def _asset(view: BalanceView) -> dict[str, Any]:
    def fmt(name: str, value: Any) -> str:
        return format_field("rest.account", name, value)

    return {
        "asset": view.asset,
        "walletBalance": fmt("walletBalance", view.wallet_balance),
        "unrealizedProfit": fmt("unrealizedProfit", view.unrealized_pnl),
        "marginBalance": fmt("marginBalance", view.margin_balance),
        "maintMargin": fmt("maintMargin", view.maint_margin),
        "initialMargin": fmt("initialMargin", view.initial_margin),
        "positionInitialMargin": fmt("positionInitialMargin", view.position_initial_margin),
        "openOrderInitialMargin": fmt("openOrderInitialMargin", view.open_order_initial_margin),
        "crossWalletBalance": fmt("crossWalletBalance", view.cross_wallet_balance),
        "crossUnPnl": fmt("crossUnPnl", view.cross_unrealized_pnl),
        "availableBalance": fmt("availableBalance", view.available_balance),
        "maxWithdrawAmount": fmt("maxWithdrawAmount", view.available_balance),
        "updateTime": view.update_time,
    }


def _position(risk: PositionRisk, engine: MatchingEngine) -> dict[str, Any]:
    def fmt(name: str, value: Any) -> str:
        return format_field("rest.positionRisk.v3", name, value, precision(engine.spec(risk.symbol)))

    return {
        "symbol": risk.symbol,
        "positionSide": risk.position_side,
        "positionAmt": fmt("positionAmt", risk.position_amount),
        "unrealizedProfit": wire_decimal(risk.unrealized_pnl, Kind.AMOUNT),
        "isolatedMargin": fmt("isolatedMargin", risk.isolated_margin),
        "notional": fmt("notional", risk.notional),
        "isolatedWallet": fmt("isolatedWallet", risk.isolated_wallet),
        "initialMargin": fmt("initialMargin", risk.initial_margin),
        "maintMargin": fmt("maintMargin", risk.maint_margin),
        "updateTime": risk.update_time,
    }


def _position_v2(risk: PositionRisk, engine: MatchingEngine) -> dict[str, Any]:
    # The decimals v2 adds are written as v3 positionRisk writes them ("2.34", "2.3395788", "0" in the 2024 answer)
    def fmt(name: str, value: Any) -> str:
        return format_field("rest.positionRisk.v3", name, value)

    return {
        **_position(risk, engine),
        "leverage": str(risk.leverage),
        "entryPrice": fmt("entryPrice", risk.entry_price),
        "breakEvenPrice": fmt("breakEvenPrice", risk.break_even_price),
        "positionInitialMargin": fmt("positionInitialMargin", risk.position_initial_margin),
        "openOrderInitialMargin": fmt("openOrderInitialMargin", risk.open_order_initial_margin),
        "isolated": risk.margin_type == "isolated",
        "maxNotional": plain(risk.max_notional_value),
        "bidNotional": fmt("bidNotional", risk.bid_notional),
        "askNotional": fmt("askNotional", risk.ask_notional),
    }
