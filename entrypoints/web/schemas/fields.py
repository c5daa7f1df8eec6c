"""Field types shared by the API schemas: UTC instants printed like the event store, amounts as decimal strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from marshmallow import fields

from domain.times import format_utc

# A plain decimal number: what Binance and the event store print ("0.5", "-12.0001")
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


class UtcDateTime(fields.AwareDateTime):
    """ISO-8601; a time without an offset is read as UTC; always printed as UTC with a Z, as stored events are."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="iso", default_timezone=UTC, **kwargs)

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else format_utc(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except (OverflowError, ValueError):
            raise self.make_error("invalid", input=value, obj_type="datetime") from None


class UtcInstant(UtcDateTime):
    """A query-string instant: ISO-8601 as UtcDateTime reads it, or whole epoch milliseconds up to year 9999."""

    LAST_EPOCH_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z
    default_error_messages = {  # noqa: RUF012 - marshmallow's declared per-class hook, merged, never mutated
        "invalid": "Not a valid datetime: give ISO-8601 UTC (2026-01-05T12:00:00Z) or epoch milliseconds.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        if isinstance(value, str) and value.isascii() and value.isdigit():
            if len(value) > len(str(self.LAST_EPOCH_MS)) or int(value) > self.LAST_EPOCH_MS:
                raise self.make_error("invalid", input=value, obj_type="datetime")
            return _EPOCH + timedelta(milliseconds=int(value))
        return super()._deserialize(value, attr, data, **kwargs)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def amount(**kwargs: Any) -> fields.Decimal:
    """A Decimal printed as a string, so no client ever sees a binary float."""
    return fields.Decimal(as_string=True, **kwargs)
