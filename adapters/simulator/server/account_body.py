"""The GET /fapi/v3/account body: totals, the assets and the open positions (rest_account_v3_2024 keys)."""

from __future__ import annotations

from typing import Any

from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.views import BalanceView, PositionRisk
from adapters.simulator.server.bodies import precision
from adapters.simulator.wire.field_formats import format_field
from adapters.simulator.wire.numbers import Kind, wire_decimal


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
