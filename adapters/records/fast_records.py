"""Records of values whose types alone prove that `from_record` gives them back, encoded from a per-class plan."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Callable

from domain.codec import Record, format_utc

Encode = Callable[[Any], Any]
# Per field: name, whether None is allowed, the exact type that proves a round trip, how to encode it
FieldPlan = tuple[str, bool, type, Encode]


def vouched_record(obj: Any) -> Record | None:
    """The record of `obj` if every field's exact type vouches that it decodes back equal, else None.

    None means "not proven here", never "bad": the caller then runs the full decode, which names the problem.
    """
    record = {}
    for name, optional, kind, encode in field_plan(type(obj)):
        value = getattr(obj, name)
        if type(value) is kind:
            encoded = encode(value)
            if encoded is None:
                return None
            record[name] = encoded
        elif value is None and optional:
            record[name] = None
        else:
            return None
    return record


@cache
def field_plan(cls: type) -> tuple[FieldPlan, ...]:
    hints = typing.get_type_hints(cls)
    plan = []
    for field in dataclasses.fields(cls):
        optional, kind = _unwrap_optional(hints[field.name])
        encode = _ENCODERS.get(kind) or (_enum_value if isinstance(kind, type) and issubclass(kind, Enum) else None)
        # A field type without a proven encoding gets a plan that never matches, so the full decode runs
        plan.append((field.name, optional, kind if encode is not None else _Never, encode or _identity))
    return tuple(plan)


class _Never:
    """No value has this exact type."""


def _identity(value: Any) -> Any:
    return value


def _enum_value(value: Enum) -> Any:
    return value.value


def _decimal_text(value: Decimal) -> str | None:
    return str(value) if value.is_finite() else None


def _utc_text(value: datetime) -> str | None:
    # Other zones and years before 1000 (which strftime does not pad) are left to the full check
    if value.tzinfo is not timezone.utc or value.year < 1000:
        return None
    return format_utc(value)


def _date_text(value: date) -> str:
    return value.isoformat()


_ENCODERS: dict[type, Encode] = {
    bool: _identity,
    int: _identity,
    str: _identity,
    Decimal: _decimal_text,
    datetime: _utc_text,
    date: _date_text,
}


def _unwrap_optional(hint: Any) -> tuple[bool, Any]:
    args = typing.get_args(hint)
    if type(None) in args and len(args) == 2:
        return True, next(arg for arg in args if arg is not type(None))
    return False, hint
