"""Which wire kind each decimal field of each payload uses, read off the newest real fixture of that payload.

Binance is not uniform across payloads or years (userTrades price "2779" in 2022 but "36567.10" in 2023;
ORDER_TRADE_UPDATE p "0.07600" in 2021 but "2317.3" in 2026): each table follows the newest real capture,
named next to it. Fields not listed (ids, times, booleans, enums) are not decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from adapters.simulator.wire.numbers import Kind, SymbolPrecision, wire_decimal


@dataclass(frozen=True)
class FieldFormat:
    kind: Kind
    bare_zero: bool = False


_PRICE = FieldFormat(Kind.PRICE)
_QUANTITY = FieldFormat(Kind.QUANTITY)
_QUOTE = FieldFormat(Kind.QUOTE)
_AMOUNT = FieldFormat(Kind.AMOUNT)
_AMOUNT_OR_0 = FieldFormat(Kind.AMOUNT, bare_zero=True)
_PLAIN = FieldFormat(Kind.PLAIN)

FIELD_FORMATS: dict[str, dict[str, FieldFormat]] = {
    # Order objects of POST/GET/DELETE order, openOrder(s), allOrders (rest_order_new_market_result_filled_ethusdt_2025,
    # rest_open_order_query_ltcusdt_gtx_2024)
    "rest.order": {
        "price": _PRICE,
        "stopPrice": _PRICE,
        "avgPrice": _QUOTE,
        "origQty": _QUANTITY,
        "executedQty": _QUANTITY,
        "cumQty": _QUANTITY,
        "cumQuote": _QUOTE,
    },
    # rest_user_trades_btcusdt_taker_2023
    "rest.userTrades": {
        "price": _PRICE,
        "qty": _QUANTITY,
        "quoteQty": _QUOTE,
        "commission": _AMOUNT,
        "realizedPnl": _AMOUNT_OR_0,
    },
    # Kline array columns by index (rest_klines_btcusdt_1m_2024); column 11 is always "0"
    "rest.klines": {
        "1": _PRICE,
        "2": _PRICE,
        "3": _PRICE,
        "4": _PRICE,
        "5": _QUANTITY,
        "7": _QUOTE,
        "9": _QUANTITY,
        "10": _QUOTE,
    },
    # The [price, qty] pairs of bids and asks (rest_depth_btcusdt_limit5_2024)
    "rest.depth": {"price": _PRICE, "qty": _QUANTITY},
    # rest_premium_index_btcusdt_docs_example
    "rest.premiumIndex": {
        "markPrice": _AMOUNT,
        "indexPrice": _AMOUNT,
        "estimatedSettlePrice": _AMOUNT,
        "lastFundingRate": _AMOUNT,
        "interestRate": _AMOUNT,
    },
    # rest_balance_v3_docs_example (v2 identical)
    "rest.balance": {
        "balance": _AMOUNT,
        "crossWalletBalance": _AMOUNT,
        "crossUnPnl": _AMOUNT,
        "availableBalance": _AMOUNT,
        "maxWithdrawAmount": _AMOUNT,
    },
    # rest_account_v2_2023: the totals and each assets[] row use the same names
    "rest.account": dict.fromkeys(
        (
            "totalInitialMargin",
            "totalMaintMargin",
            "totalWalletBalance",
            "totalUnrealizedProfit",
            "totalMarginBalance",
            "totalPositionInitialMargin",
            "totalOpenOrderInitialMargin",
            "totalCrossWalletBalance",
            "totalCrossUnPnl",
            "availableBalance",
            "maxWithdrawAmount",
            "walletBalance",
            "unrealizedProfit",
            "marginBalance",
            "maintMargin",
            "initialMargin",
            "positionInitialMargin",
            "openOrderInitialMargin",
            "crossWalletBalance",
            "crossUnPnl",
        ),
        _AMOUNT,
    ),
    # rest_position_risk_v3_btcusdt_2024; v2 rows are written with it too (one entryPrice "0.6791", ADR 0087)
    "rest.positionRisk.v3": {
        "positionAmt": _QUANTITY,
        "entryPrice": _PLAIN,
        "breakEvenPrice": _PLAIN,
        "markPrice": _AMOUNT,
        "unRealizedProfit": _AMOUNT,
        "liquidationPrice": _AMOUNT_OR_0,
        "isolatedMargin": _AMOUNT_OR_0,
        "notional": _AMOUNT_OR_0,
        "isolatedWallet": _AMOUNT_OR_0,
        "initialMargin": _AMOUNT_OR_0,
        "maintMargin": _AMOUNT_OR_0,
        "positionInitialMargin": _AMOUNT_OR_0,
        "openOrderInitialMargin": _AMOUNT_OR_0,
        "bidNotional": _AMOUNT_OR_0,
        "askNotional": _AMOUNT_OR_0,
    },
    # rest_income_funding_fee_papi_2024
    "rest.income": {"income": _AMOUNT},
    # rest_commission_rate_btcusdt_nautilus, rest_commission_rate_docs_example
    "rest.commissionRate": {
        "makerCommissionRate": _PLAIN,
        "takerCommissionRate": _PLAIN,
        "rpiCommissionRate": _PLAIN,
    },
    # rest_leverage_change
    "rest.leverage": {"maxNotionalValue": _PLAIN},
    # The inner `o` of ORDER_TRADE_UPDATE (ws_order_trade_update_*_2026, live ETHUSDC)
    "ws.ORDER_TRADE_UPDATE": {
        **dict.fromkeys(("q", "p", "ap", "sp", "l", "z", "L", "b", "a"), _PLAIN),
        "n": _AMOUNT_OR_0,
        "rp": _AMOUNT_OR_0,
    },
    # ws_trade_lite_limit_fill_2026, ws_trade_lite_ethusdt_nautilus
    "ws.TRADE_LITE": {"q": _QUANTITY, "p": _PRICE, "L": _PRICE, "l": _QUANTITY},
    # ACCOUNT_UPDATE a.B[] rows (ws_account_update_order_fill_cross_2026, ws_account_update_funding_fee_cross_2026)
    "ws.ACCOUNT_UPDATE.balance": {"wb": _AMOUNT, "cw": _AMOUNT, "bc": _AMOUNT_OR_0},
    # ACCOUNT_UPDATE a.P[] rows (ws_account_update_order_fill_cross_2026)
    "ws.ACCOUNT_UPDATE.position": {
        "pa": _PLAIN,
        "ep": _PLAIN,
        "bep": _PLAIN,
        "cr": _AMOUNT_OR_0,
        "up": _AMOUNT_OR_0,
        "iw": _AMOUNT_OR_0,
    },
    # ws_mark_price_update_docs_example
    "ws.markPriceUpdate": dict.fromkeys(("p", "ap", "i", "P", "r"), _AMOUNT),
}


def format_field(payload: str, field_name: str, value: Decimal | int, precision: SymbolPrecision | None = None) -> str:
    """The wire text of `field_name` in `payload` (a FIELD_FORMATS key); KeyError names an unmapped field."""
    try:
        field_format = FIELD_FORMATS[payload][field_name]
    except KeyError:
        raise KeyError(f"no wire format for field {field_name!r} of payload {payload!r}") from None
    return wire_decimal(value, field_format.kind, precision, bare_zero=field_format.bare_zero)
