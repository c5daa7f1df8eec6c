"""Account payloads: userTrades, positionRisk, balance, account (v2 and v3), income, symbolConfig, positionSide."""

from __future__ import annotations

from marshmallow import fields

from adapters.binance.schemas.base import WireSchema
from adapters.binance.schemas.fields import EpochMs, WireDecimal, WireInt, WireText


class UserTradeSchema(WireSchema):
    symbol = WireText(required=True, data_key="symbol")
    trade_id = WireInt(required=True, data_key="id")
    order_id = WireInt(required=True, data_key="orderId")
    side = WireText(required=True, data_key="side")
    price = WireDecimal(required=True, data_key="price")
    quantity = WireDecimal(required=True, data_key="qty")
    realized_pnl = WireDecimal(required=True, data_key="realizedPnl")
    commission = WireDecimal(required=True, data_key="commission")
    commission_asset = WireText(required=True, data_key="commissionAsset")
    maker = fields.Boolean(required=True, data_key="maker")
    time = EpochMs(required=True, data_key="time")


class PositionRiskSchema(WireSchema):
    """v2 rows carry leverage (as a string); v3 rows do not. updateTime is 0 on rows that never moved."""

    symbol = WireText(required=True, data_key="symbol")
    position_side = WireText(load_default="BOTH", data_key="positionSide")
    quantity = WireDecimal(required=True, data_key="positionAmt")
    entry_price = WireDecimal(required=True, data_key="entryPrice")
    mark_price = WireDecimal(required=True, data_key="markPrice")
    unrealized_pnl = WireDecimal(required=True, data_key="unRealizedProfit")
    leverage = WireInt(load_default=None, data_key="leverage")
    update_time = EpochMs(zero_is_none=True, load_default=None, data_key="updateTime")


class BalanceSchema(WireSchema):
    """A /fapi/v2|v3/balance row."""

    asset = WireText(required=True, data_key="asset")
    wallet_balance = WireDecimal(required=True, data_key="balance")
    cross_wallet_balance = WireDecimal(required=True, data_key="crossWalletBalance")
    available_balance = WireDecimal(required=True, data_key="availableBalance")
    update_time = EpochMs(zero_is_none=True, load_default=None, data_key="updateTime")


class AccountAssetSchema(WireSchema):
    """An assets[] row of /fapi/v2|v3/account."""

    asset = WireText(required=True, data_key="asset")
    wallet_balance = WireDecimal(required=True, data_key="walletBalance")
    cross_wallet_balance = WireDecimal(required=True, data_key="crossWalletBalance")
    available_balance = WireDecimal(required=True, data_key="availableBalance")
    update_time = EpochMs(zero_is_none=True, load_default=None, data_key="updateTime")


class AccountSchema(WireSchema):
    assets = fields.List(fields.Nested(AccountAssetSchema), required=True, data_key="assets")


class IncomeSchema(WireSchema):
    """symbol is "" on account-wide rows (transfers); tradeId is "" when the row is not about a fill."""

    symbol = WireText(load_default="", data_key="symbol")
    income_type = WireText(required=True, data_key="incomeType")
    amount = WireDecimal(required=True, data_key="income")
    asset = WireText(required=True, data_key="asset")
    time = EpochMs(required=True, data_key="time")
    tran_id = WireInt(required=True, data_key="tranId")
    trade_id = WireInt(allow_blank=True, load_default=None, data_key="tradeId")


class SymbolConfigSchema(WireSchema):
    symbol = WireText(required=True, data_key="symbol")
    leverage = WireInt(required=True, data_key="leverage")


class PositionModeSchema(WireSchema):
    dual_side = fields.Boolean(required=True, data_key="dualSidePosition")
