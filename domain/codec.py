"""Lossless conversion between flat domain dataclasses and JSON-ready records.

Decimals travel as strings (never floats), datetimes as ISO-8601 UTC, enums by value,
so a record round-trips exactly and serialises to the same bytes every time.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

Record = dict[str, Any]


class CodecError(ValueError):
    """A record does not fit the dataclass it is decoded into."""


def to_record(obj: Any) -> Record:
    """Encode a flat dataclass instance field by field."""
    return {f.name: encode_value(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def from_record(cls: type, record: typing.Mapping[str, Any]) -> Any:
    """Decode a record made by `to_record`; unknown or missing fields raise CodecError."""
    hints = _hints(cls)
    unknown = set(record) - set(hints)
    if unknown:
        raise CodecError(f"{cls.__name__}: unknown field(s) {sorted(unknown)}")
    values = {}
    for name, hint in hints.items():
        if name in record:
            values[name] = _decode(hint, record[name], f"{cls.__name__}.{name}")
    try:
        return cls(**values)
    except TypeError as exc:
        raise CodecError(f"{cls.__name__}: {exc}") from exc


def encode_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)) and not isinstance(value, Enum):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    raise CodecError(f"cannot encode {type(value).__name__}: {value!r}")


def format_utc(moment: datetime) -> str:
    """ISO-8601 with microseconds, always UTC, so equal instants give equal text."""
    if moment.tzinfo is None:
        raise CodecError(f"naive datetime {moment!r}: times must be timezone-aware UTC")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since the epoch, as Binance counts time."""
    return int(moment.timestamp() * 1000)


def parse_utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise CodecError(f"datetime {text!r} has no timezone")
    return moment.astimezone(timezone.utc)


@cache
def _hints(cls: type) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in typing.get_type_hints(cls).items() if k in names}


def _decode(hint: Any, value: Any, where: str) -> Any:
    optional, hint = _unwrap_optional(hint)
    if value is None:
        if optional:
            return None
        raise CodecError(f"{where}: missing value")
    try:
        return _decode_exact(hint, value, where)
    except (ValueError, ArithmeticError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"{where}: {value!r} is not a valid {getattr(hint, '__name__', hint)}") from exc


def _decode_exact(hint: Any, value: Any, where: str) -> Any:
    if hint is bool:
        if not isinstance(value, bool):
            raise CodecError(f"{where}: expected a boolean, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise CodecError(f"{where}: expected an integer, got {value!r}")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise CodecError(f"{where}: expected a string, got {value!r}")
        return value
    if hint is Decimal:
        if not isinstance(value, str):
            raise CodecError(f"{where}: expected a decimal string, got {value!r}")
        result = Decimal(value)
        if not result.is_finite():
            raise CodecError(f"{where}: {value!r} is not a finite decimal")
        return result
    if hint is datetime:
        return parse_utc(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    raise CodecError(f"{where}: unsupported field type {hint!r}")


def _unwrap_optional(hint: Any) -> tuple[bool, Any]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return True, args[0]
    return False, hint
