"""GET /api/dashboard: engine state, position, balances, open orders, recent trades, PnL and the daily loss."""

from __future__ import annotations

from marshmallow import Schema, fields

from domain.values import EngineState, Mode, OrderStatus, OrderType, Side, TimeInForce
from entrypoints.web.schemas.config import RunningSettingsSchema
from entrypoints.web.schemas.fields import UtcDateTime, amount
from entrypoints.web.schemas.health import BotStandingSchema


class EngineSchema(Schema):
    state = fields.Enum(EngineState, by_value=True, required=True)
    reason = fields.String(required=True)
    changed_at = UtcDateTime(required=True, allow_none=True)


class PositionSchema(Schema):
    symbol = fields.String(required=True)
    side = fields.String(required=True, metadata={"description": "LONG, SHORT or FLAT"})
    quantity = amount(required=True, metadata={"description": "Signed: negative is short"})
    entry_price = amount(required=True)
    realized_pnl = amount(required=True)
    leverage = fields.Integer(required=True, allow_none=True)
    updated_at = UtcDateTime(required=True, allow_none=True)


class BalanceSchema(Schema):
    asset = fields.String(required=True)
    wallet_balance = amount(required=True)
    cross_wallet_balance = amount(required=True)
    updated_at = UtcDateTime(required=True)


class OpenOrderSchema(Schema):
    client_order_id = fields.String(required=True)
    order_id = fields.Integer(required=True)
    conditional = fields.Boolean(required=True, metadata={"description": "A stop or take-profit (algo) order"})
    side = fields.Enum(Side, by_value=True, required=True)
    order_type = fields.Enum(OrderType, by_value=True, required=True)
    quantity = amount(required=True)
    price = amount(required=True, allow_none=True)
    trigger_price = amount(required=True, allow_none=True)
    reduce_only = fields.Boolean(required=True)
    close_position = fields.Boolean(required=True)
    time_in_force = fields.Enum(TimeInForce, by_value=True, required=True, allow_none=True)
    status = fields.Enum(OrderStatus, by_value=True, required=True)
    filled_qty = amount(required=True)
    avg_price = amount(required=True)
    external = fields.Boolean(required=True, metadata={"description": "Placed outside the bot (by hand)"})
    updated_at = UtcDateTime(required=True)


class TradeSchema(Schema):
    trade_id = fields.Integer(required=True)
    order_id = fields.Integer(required=True, allow_none=True)
    client_order_id = fields.String(required=True, allow_none=True)
    side = fields.Enum(Side, by_value=True, required=True, allow_none=True)
    price = amount(required=True, allow_none=True)
    quantity = amount(required=True, allow_none=True)
    realized_pnl = amount(required=True, allow_none=True)
    fee = amount(required=True, allow_none=True)
    fee_asset = fields.String(required=True, allow_none=True)
    maker = fields.Boolean(required=True, allow_none=True)
    external = fields.Boolean(required=True, allow_none=True)
    executed_at = UtcDateTime(required=True, allow_none=True)


class PnlSchema(Schema):
    realized_pnl = amount(required=True, metadata={"description": "Excludes fees"})
    fees = amount(required=True)
    funding = amount(required=True, metadata={"description": "Signed income"})
    net = amount(required=True, metadata={"description": "realized - fees + funding"})


class PnlSummarySchema(Schema):
    day = fields.Date(required=True, metadata={"description": "Today, UTC"})
    today = fields.Nested(PnlSchema, required=True)
    total = fields.Nested(PnlSchema, required=True)


class DailyLossSchema(Schema):
    """The risk guard's own figures (ADR 0052): what is shown is what refuses new exposure."""

    asset = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The symbol's quote asset, whose wallet it is counted in (null: none known)"},
    )
    used = amount(
        required=True,
        metadata={
            "description": "Today's loss: realized net of fees and funding, plus the open position's unrealized "
            "PnL; >= 0"
        },
    )
    limit = amount(
        required=True,
        allow_none=True,
        metadata={"description": "limit_fraction x day-start equity (null until the wallet is reported)"},
    )
    limit_fraction = amount(required=True)
    day_start_equity = amount(required=True, allow_none=True)
    unrealized_pnl = amount(
        required=True,
        allow_none=True,
        metadata={
            "description": "Counted in `used`: at the mark the bot last published, else the last fill (0 with neither)"
        },
    )
    reached = fields.Boolean(
        required=True,
        metadata={"description": "The bot refuses orders that add exposure until 00:00 UTC"},
    )


class UnresolvedOrderSchema(Schema):
    """A command an unknown outcome left SENT (ADR 0048): it counts as possible exposure until settled."""

    command_id = fields.String(required=True)
    command_type = fields.String(required=True)
    client_order_id = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "The order no exchange id is known for: CancelOrder of it settles it (None: the "
            "command itself is run again at every reconcile pass)"
        },
    )
    leg = fields.String(required=True, allow_none=True, metadata={"description": "main, stop, close, close2, …"})
    conditional = fields.Boolean(required=True, metadata={"description": "Pass it on in CancelOrder"})
    side = fields.Enum(Side, by_value=True, required=True, allow_none=True, metadata={"description": "A placement's"})
    quantity = amount(required=True, allow_none=True, metadata={"description": "A placement's"})
    since = UtcDateTime(required=True, metadata={"description": "The intent's commit, else the command's claim"})
    provable_from = UtcDateTime(
        required=True,
        allow_none=True,
        metadata={"description": "From when the trade history may prove the order was never placed"},
    )
    doing = fields.String(required=True, metadata={"description": "What the bot does about it, and what you can do"})


class DashboardSchema(RunningSettingsSchema):
    mode = fields.Enum(Mode, by_value=True, required=True)
    symbol = fields.String(required=True, metadata={"description": "What the bot trades (its health row)"})
    as_of = UtcDateTime(required=True)
    engine = fields.Nested(EngineSchema, required=True, allow_none=True)
    engine_label = fields.String(
        required=True,
        metadata={
            "description": "What the Engine pill says: the engine's state (RUNNING when never paused) while the "
            "bot is ready, else the bot's state (STOPPED, NOT RESPONDING, NO BOT, …)"
        },
    )
    bot = fields.Nested(BotStandingSchema, required=True, metadata={"description": "Where the bot stands"})
    position = fields.Nested(PositionSchema, required=True)
    balances = fields.List(fields.Nested(BalanceSchema), required=True)
    open_orders = fields.List(fields.Nested(OpenOrderSchema), required=True)
    recent_trades = fields.List(fields.Nested(TradeSchema), required=True)
    pnl = fields.Nested(PnlSummarySchema, required=True)
    daily_loss = fields.Nested(DailyLossSchema, required=True)
    unresolved_orders = fields.List(
        fields.Nested(UnresolvedOrderSchema),
        required=True,
        metadata={
            "description": "Commands whose outcome is unknown, oldest first, as the bot last published them "
            "(at most 20: unresolved_total counts them all); a new entry in their direction is "
            "refused until each is seen on the exchange, proven absent or canceled"
        },
    )
    unresolved_total = fields.Integer(required=True)
    last_event_seq = fields.Integer(required=True)
    projection_checkpoint = fields.Integer(required=True)
