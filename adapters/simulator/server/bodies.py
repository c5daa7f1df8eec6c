"""JSON bodies of the account and trading endpoints, with the keys, types and decimals of the real fixtures."""

from __future__ import annotations

from typing import Any

from adapters.simulator.exchange.ledger import IncomeRow, MarginChange, Trade
from adapters.simulator.exchange.orders import Order
from adapters.simulator.exchange.symbols import SymbolSpec
from adapters.simulator.exchange.views import BalanceView, PositionRisk
from adapters.simulator.wire.encoding import double
from adapters.simulator.wire.field_formats import format_field
from adapters.simulator.wire.numbers import Kind, SymbolPrecision, plain, wire_decimal, wire_id

ACCOUNT_ALIAS = "SimA"  # Binance shows a short random alias; the simulator's one account has a fixed one


def precision(spec: SymbolSpec) -> SymbolPrecision:
    return SymbolPrecision(spec.price_precision, spec.quantity_precision)


def order_body(order: Order, spec: SymbolSpec) -> dict[str, Any]:
    """The order of GET order, open/all orders and RESULT (rest_order_new_market_result_filled_ethusdt_2025)."""
    p = precision(spec)

    def fmt(name: str, value: Any) -> str:
        return format_field("rest.order", name, value, p)

    return {
        "orderId": wire_id(order.order_id),
        "symbol": order.symbol,
        "status": order.status.value,
        "clientOrderId": order.client_order_id,
        "price": fmt("price", order.price),
        "avgPrice": fmt("avgPrice", order.avg_price),
        "origQty": fmt("origQty", order.orig_qty),
        "executedQty": fmt("executedQty", order.executed_qty),
        "cumQuote": fmt("cumQuote", order.cum_quote),
        "timeInForce": order.time_in_force.value,
        "type": order.order_type.value,
        "reduceOnly": order.reduce_only,
        "closePosition": order.close_position,
        "side": order.side.value,
        "positionSide": order.position_side,
        "stopPrice": fmt("stopPrice", order.stop_price),
        "workingType": order.working_type.value,
        "priceProtect": order.price_protect,
        "origType": order.original_type.value,
        "priceMatch": order.price_match,
        "selfTradePreventionMode": order.self_trade_prevention,
        "goodTillDate": order.good_till_date,
        "time": order.time,
        "updateTime": order.update_time,
    }


def history_order_body(order: Order, spec: SymbolSpec) -> dict[str, Any]:
    """One allOrders row: the order with its executed base quantity and pair (rest_all_orders_docs_example;
    added in 2026-08, SDK 17.0.0)."""
    body = order_body(order, spec)
    body["cumBase"] = body["executedQty"]
    body["pair"] = order.symbol
    return body


def ack_body(order: Order, spec: SymbolSpec) -> dict[str, Any]:
    """newOrderRespType=ACK: the order as accepted, before any fill (rest_order_new_market_ack_achusdt_2024)."""
    body = order_body(order, spec)
    zero_qty = format_field("rest.order", "executedQty", 0, precision(spec))
    zero_quote = format_field("rest.order", "cumQuote", 0, precision(spec))
    body.update(
        status="NEW",
        executedQty=zero_qty,
        cumQty=zero_qty,
        cumQuote=zero_quote,
        avgPrice=zero_quote,
        updateTime=order.time,
    )
    del body["time"]
    return body


def cancel_body(order: Order, spec: SymbolSpec) -> dict[str, Any]:
    """DELETE order: cumQty instead of avgPrice/cumQuote and no `time` (rest_order_cancel_docs_example)."""
    body = order_body(order, spec)
    body["cumQty"] = body["executedQty"]
    del body["time"], body["avgPrice"], body["cumQuote"]
    return body


def trade_body(trade: Trade, spec: SymbolSpec) -> dict[str, Any]:
    """One userTrades row (keys of rest_user_trades_btcusdt_taker_2023, id types of the docs example)."""
    p = precision(spec)

    def fmt(name: str, value: Any) -> str:
        return format_field("rest.userTrades", name, value, p)

    return {
        "symbol": trade.symbol,
        "pair": trade.symbol,
        "id": wire_id(trade.trade_id),
        "orderId": wire_id(trade.order_id),
        "side": trade.side.value,
        "price": fmt("price", trade.price),
        "qty": fmt("qty", trade.qty),
        "realizedPnl": fmt("realizedPnl", trade.realized_pnl),
        "marginAsset": trade.margin_asset,
        "quoteQty": fmt("quoteQty", trade.quote_qty),
        # For a USDⓈ-M contract the base quantity is the quantity (rest_user_trades_docs_example; 2026-08, SDK 17.0.1)
        "baseQty": fmt("qty", trade.qty),
        "commission": fmt("commission", trade.commission),
        "commissionAsset": trade.commission_asset,
        "time": trade.time,
        "positionSide": trade.position_side,
        "maker": trade.maker,
        "buyer": trade.buyer,
    }


def income_body(row: IncomeRow) -> dict[str, Any]:
    """One /fapi/v1/income row (rest_income_transfer_docs_example types: time and tranId ints, tradeId a string)."""
    return {
        "symbol": row.symbol,
        "incomeType": row.income_type.value,
        "income": format_field("rest.income", "income", row.income),
        "asset": row.asset,
        "info": row.info,
        "time": row.time,
        "tranId": wire_id(row.tran_id),
        "tradeId": "" if row.trade_id is None else str(row.trade_id),
    }


def position_v3_body(risk: PositionRisk, spec: SymbolSpec) -> dict[str, Any]:
    """One /fapi/v3/positionRisk row (rest_position_risk_v3_btcusdt_2024)."""
    p = precision(spec)

    def fmt(name: str, value: Any) -> str:
        return format_field("rest.positionRisk.v3", name, value, p)

    return {
        "symbol": risk.symbol,
        "positionSide": risk.position_side,
        "positionAmt": fmt("positionAmt", risk.position_amount),
        "entryPrice": fmt("entryPrice", risk.entry_price),
        "breakEvenPrice": fmt("breakEvenPrice", risk.break_even_price),
        "markPrice": fmt("markPrice", risk.mark_price),
        "unRealizedProfit": fmt("unRealizedProfit", risk.unrealized_pnl),
        "liquidationPrice": fmt("liquidationPrice", risk.liquidation_price),
        "isolatedMargin": fmt("isolatedMargin", risk.isolated_margin),
        "notional": fmt("notional", risk.notional),
        "marginAsset": risk.margin_asset,
        "isolatedWallet": fmt("isolatedWallet", risk.isolated_wallet),
        "initialMargin": fmt("initialMargin", risk.initial_margin),
        "maintMargin": fmt("maintMargin", risk.maint_margin),
        "positionInitialMargin": fmt("positionInitialMargin", risk.position_initial_margin),
        "openOrderInitialMargin": fmt("openOrderInitialMargin", risk.open_order_initial_margin),
        "adl": 0,
        "bidNotional": fmt("bidNotional", risk.bid_notional),
        "askNotional": fmt("askNotional", risk.ask_notional),
        "updateTime": risk.update_time,
    }


def position_v2_body(risk: PositionRisk, spec: SymbolSpec) -> dict[str, Any]:
    """One /fapi/v2/positionRisk row in one-way mode: the keys of Binance's Position Information V2 example
    (rest_position_risk_v2_one_way_docs_example_2025), the numbers as v3 and /leverage write them."""
    p = precision(spec)

    def fmt(name: str, value: Any) -> str:
        return format_field("rest.positionRisk.v3", name, value, p)

    return {
        "entryPrice": fmt("entryPrice", risk.entry_price),
        "breakEvenPrice": fmt("breakEvenPrice", risk.break_even_price),
        "marginType": risk.margin_type,
        "isAutoAddMargin": "false",
        "isolatedMargin": fmt("isolatedMargin", risk.isolated_margin),
        "leverage": str(risk.leverage),
        "liquidationPrice": fmt("liquidationPrice", risk.liquidation_price),
        "markPrice": fmt("markPrice", risk.mark_price),
        "maxNotionalValue": format_field("rest.leverage", "maxNotionalValue", risk.max_notional_value),
        "positionAmt": fmt("positionAmt", risk.position_amount),
        "notional": fmt("notional", risk.notional),
        "isolatedWallet": fmt("isolatedWallet", risk.isolated_wallet),
        "symbol": risk.symbol,
        "unRealizedProfit": fmt("unRealizedProfit", risk.unrealized_pnl),
        "positionSide": risk.position_side,
        "updateTime": risk.update_time,
    }


def balance_body(view: BalanceView) -> dict[str, Any]:
    """One /fapi/v2|v3/balance row (rest_balance_v3_docs_example); the cross figures leave isolated positions out."""

    def fmt(name: str, value: Any) -> str:
        return format_field("rest.balance", name, value)

    return {
        "accountAlias": ACCOUNT_ALIAS,
        "asset": view.asset,
        "balance": fmt("balance", view.wallet_balance),
        "crossWalletBalance": fmt("crossWalletBalance", view.cross_wallet_balance),
        "crossUnPnl": fmt("crossUnPnl", view.cross_unrealized_pnl),
        "availableBalance": fmt("availableBalance", view.available_balance),
        "maxWithdrawAmount": fmt("maxWithdrawAmount", view.available_balance),
        "marginAvailable": True,
        "updateTime": view.update_time,
    }


def leverage_body(symbol: str, leverage: int, spec: SymbolSpec) -> dict[str, Any]:
    return {"leverage": leverage, "maxNotionalValue": plain(spec.max_notional_value(leverage)), "symbol": symbol}


def commission_body(spec: SymbolSpec) -> dict[str, Any]:
    return {
        "symbol": spec.symbol,
        "makerCommissionRate": plain(spec.maker_rate),
        "takerCommissionRate": plain(spec.taker_rate),
        "rpiCommissionRate": "0",
    }


def bracket_body(spec: SymbolSpec) -> dict[str, Any]:
    """One /fapi/v1/leverageBracket entry: integers as integers, ratio and cum as JSON numbers (docs example);
    no `notionalCoef`, which Binance adds only for an account whose brackets were adjusted."""
    return {
        "symbol": spec.symbol,
        "brackets": [
            {
                "bracket": row.bracket,
                "initialLeverage": row.initial_leverage,
                "notionalCap": int(row.notional_cap),
                "notionalFloor": int(row.notional_floor),
                "maintMarginRatio": double(row.maint_margin_ratio),
                "cum": double(row.cum),
            }
            for row in spec.brackets
        ],
    }


def margin_change_body(row: MarginChange) -> dict[str, Any]:
    """One /fapi/v1/positionMargin/history row: the keys of rest_position_margin_history_xrpusdt_2024, `type` and
    `time` as the numbers of Binance's docs example (ccxt's recording quoted them)."""
    return {
        "symbol": row.symbol,
        "type": row.kind,
        "deltaType": row.delta_type,
        "amount": wire_decimal(row.amount, Kind.AMOUNT),
        "asset": row.asset,
        "time": row.time,
        "positionSide": "BOTH",
        "clientTranId": "",
    }
