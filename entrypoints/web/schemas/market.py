"""GET /api/dashboard/market: the mark the bot last read, the unrealized PnL from it, leverage and the candles."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from entrypoints.web.schemas.fields import UtcDateTime, amount


class CandleSchema(Schema):
    open_time = UtcDateTime(required=True)
    open = amount(required=True)
    high = amount(required=True)
    low = amount(required=True)
    close = amount(required=True)


class MarketSchema(Schema):
    symbol = fields.String(required=True)
    as_of = UtcDateTime(required=True)
    mark_price = amount(required=True, allow_none=True)
    mark_at = UtcDateTime(required=True, allow_none=True, metadata={"description": "When the bot read the mark"})
    mark_source = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(["mark", "last_fill"]),
        metadata={"description": "mark: read by the bot; last_fill: no mark published yet, the last fill price"},
    )
    mark_age_ms = fields.Integer(required=True, allow_none=True)
    unrealized_pnl = amount(required=True, allow_none=True, metadata={"description": "(mark - entry) x quantity"})
    leverage = fields.Integer(required=True, allow_none=True, metadata={"description": "As last set or reported"})
    candle_interval = fields.String(required=True, allow_none=True, metadata={"description": "Strategy timeframe"})
    tick_size = amount(
        required=True, allow_none=True, metadata={"description": "The price step (null until the bot read the rules)"}
    )
    step_size = amount(required=True, allow_none=True, metadata={"description": "The quantity step (null likewise)"})
    candles = fields.List(fields.Nested(CandleSchema), required=True, metadata={"description": "Closed, oldest first"})
