"""GET /api/trades and /api/equity: trade history and daily PnL with day-end equity, each a bounded page."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate

from domain.values import Side
from entrypoints.web.schemas.common import StrictSchema, limit_field
from entrypoints.web.schemas.dashboard import PnlSchema, TradeSchema
from entrypoints.web.schemas.fields import UtcDateTime, UtcInstant, amount
from ports.event_store import MAX_SEQ as MAX_ID

_INSTANT = "ISO-8601 (UTC when no offset is given) or epoch milliseconds"
# The previous page's last trade: its execution time as printed and its id, joined by "_"
_CURSOR = re.compile(r"^([0-9T:.+Z-]{10,40})_([0-9]{1,19})$")
MAX_DAYS = 366
_BAD_CURSOR = "must be the next_before of the page before (time_id)"


def trade_cursor(executed_at: datetime, trade_id: int) -> str:
    """The cursor naming a trade: the next page starts after it."""
    return f"{UtcDateTime()._serialize(executed_at, None, None)}_{trade_id}"


class TradeQueryArgs(StrictSchema):
    side = fields.Enum(Side, by_value=True, load_default=None, metadata={"description": "Only BUY or only SELL"})
    from_ = UtcInstant(data_key="from", load_default=None, metadata={"description": f"Not before: {_INSTANT}"})
    to = UtcInstant(load_default=None, metadata={"description": f"Before (exclusive): {_INSTANT}"})
    limit = limit_field(50, 500)
    before = fields.String(
        load_default=None,
        validate=validate.Regexp(_CURSOR, error=_BAD_CURSOR),
        metadata={"description": "Only trades older than this cursor: the next_before of the page before"},
    )

    @post_load
    def _query(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        since, until = data.pop("from_"), data.pop("to")
        if since is not None and until is not None and since >= until:
            raise ValidationError("must be before 'to'", "from")
        cursor = data["before"]
        if cursor is not None:
            found = _CURSOR.match(cursor)
            if found is None:  # the validator matched it already
                raise ValidationError(_BAD_CURSOR, "before")
            trade_id = int(found[2])
            if trade_id > MAX_ID:
                raise ValidationError(f"the trade id must be at most {MAX_ID}", "before")
            try:
                moment = UtcInstant().deserialize(found[1])
            except ValidationError:
                raise ValidationError(_BAD_CURSOR, "before") from None
            cursor = (moment, trade_id)
        return {"side": data["side"], "since": since, "until": until, "limit": data["limit"], "before": cursor}


class TradePageSchema(Schema):
    trades = fields.List(fields.Nested(TradeSchema), required=True)
    limit = fields.Integer(required=True)
    next_before = fields.String(
        required=True, allow_none=True, metadata={"description": "Give as before for the next page (null: the last)"}
    )


class EquityQueryArgs(StrictSchema):
    days = limit_field(30, MAX_DAYS)
    before = fields.Date(load_default=None, metadata={"description": "Only days before this one (the next_before)"})


class EquityDaySchema(PnlSchema):
    day = fields.Date(required=True, metadata={"description": "A UTC day with activity"})
    equity = amount(
        required=True,
        allow_none=True,
        metadata={"description": "Wallet balance at the day's end: today's wallet less the net of the later days"},
    )


class EquityPageSchema(Schema):
    asset = fields.String(required=True, allow_none=True, metadata={"description": "The quote asset (null: none yet)"})
    wallet_balance = amount(required=True, allow_none=True, metadata={"description": "The wallet now"})
    as_of = UtcDateTime(required=True)
    days = fields.List(fields.Nested(EquityDaySchema), required=True, metadata={"description": "Newest first"})
    next_before = fields.Date(
        required=True, allow_none=True, metadata={"description": "Give as before for older days (null: the last)"}
    )
