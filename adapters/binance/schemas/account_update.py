"""ACCOUNT_UPDATE, ACCOUNT_CONFIG_UPDATE and MARGIN_CALL frames of the user-data stream."""

from __future__ import annotations

from marshmallow import fields, validate

from adapters.binance.schemas.base import WireSchema
from adapters.binance.schemas.fields import EpochMs, WireDecimal, WireInt, WireText


class BalanceRowSchema(WireSchema):
    asset = WireText(required=True, data_key="a")
    wallet_balance = WireDecimal(required=True, data_key="wb")
    cross_wallet_balance = WireDecimal(required=True, data_key="cw")


class PositionRowSchema(WireSchema):
    symbol = WireText(required=True, data_key="s")
    quantity = WireDecimal(required=True, data_key="pa")
    entry_price = WireDecimal(required=True, data_key="ep")
    position_side = WireText(load_default="BOTH", data_key="ps")


class AccountDataSchema(WireSchema):
    """`a`: P is empty or absent when no position changed (deposits, cross funding)."""

    reason = WireText(required=True, data_key="m")
    balances = fields.List(fields.Nested(BalanceRowSchema), load_default=list, data_key="B")
    positions = fields.List(fields.Nested(PositionRowSchema), load_default=list, data_key="P")


class AccountUpdateSchema(WireSchema):
    transaction_time = EpochMs(required=True, data_key="T")
    account = fields.Nested(AccountDataSchema, required=True, data_key="a")


class LeverageConfigSchema(WireSchema):
    symbol = WireText(required=True, data_key="s")
    leverage = WireInt(required=True, data_key="l")


class MultiAssetsConfigSchema(WireSchema):
    multi_assets = fields.Boolean(required=True, data_key="j")


class AccountConfigUpdateSchema(WireSchema):
    """Carries either `ac` (leverage of one symbol) or `ai` (multi-assets mode)."""

    transaction_time = EpochMs(required=True, data_key="T")
    leverage = fields.Nested(LeverageConfigSchema, load_default=None, data_key="ac")
    multi_assets = fields.Nested(MultiAssetsConfigSchema, load_default=None, data_key="ai")


class MarginCallRowSchema(WireSchema):
    symbol = WireText(required=True, data_key="s")
    position_side = WireText(required=True, data_key="ps")
    quantity = WireDecimal(required=True, data_key="pa")
    margin_type = WireText(required=True, data_key="mt")
    isolated_wallet = WireDecimal(required=True, data_key="iw")
    mark_price = WireDecimal(required=True, data_key="mp")
    unrealized_pnl = WireDecimal(required=True, data_key="up")
    maintenance_margin = WireDecimal(required=True, data_key="mm")


class MarginCallSchema(WireSchema):
    """No `T`: the warning's time is its event time `E`. A call without positions warns of nothing to record."""

    event_time = EpochMs(required=True, data_key="E")
    cross_wallet_balance = WireDecimal(load_default=None, data_key="cw")
    positions = fields.List(fields.Nested(MarginCallRowSchema), required=True, validate=validate.Length(min=1),
                            data_key="p")
