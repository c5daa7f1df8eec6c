"""Lossless conversion between flat domain dataclasses and JSON-ready records.

Decimals travel as strings (never floats), datetimes as ISO-8601 UTC, enums by value,
so a record round-trips exactly and serialises to the same bytes every time.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, Callable

Record = dict[str, Any]


class CodecError(ValueError):
    """A record does not fit the dataclass it is decoded into."""


def to_record(obj: Any) -> Record:
    """Encode a flat dataclass instance field by field."""
    return {f.name: encode_value(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def from_record(cls: type, record: typing.Mapping[str, Any]) -> Any:
    """Decode a record made by `to_record`; unknown or missing fields raise CodecError."""
    decoders = _decoders(cls)
    unknown = record.keys() - decoders.keys()
    if unknown:
        raise CodecError(f"{cls.__name__}: unknown field(s) {sorted(unknown)}")
    values = {}
    for name, value in record.items():
        optional, decode, type_name = decoders[name]
        if value is None:
            if not optional:
                raise CodecError(f"{cls.__name__}.{name}: missing value")
            values[name] = None
        else:
            values[name] = _decode(decode, value, f"{cls.__name__}.{name}", type_name)
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


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ONE_MS = timedelta(milliseconds=1)


def epoch_ms(moment: datetime) -> int:
    """Whole milliseconds since the epoch, as Binance counts time (integer arithmetic: no float rounding)."""
    if moment.tzinfo is None:
        raise CodecError(f"naive datetime {moment!r}: times must be timezone-aware UTC")
    return (moment - EPOCH) // _ONE_MS


def from_epoch_ms(millis: int) -> datetime:
    """The aware UTC instant of Binance epoch milliseconds."""
    return EPOCH + timedelta(milliseconds=millis)


def parse_utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise CodecError(f"datetime {text!r} has no timezone")
    return moment.astimezone(timezone.utc)


Decoder = Callable[[Any, str], Any]


@cache
def _decoders(cls: type) -> dict[str, tuple[bool, Decoder, str]]:
    """Per field: (may be None, decoder, type name) — worked out once per class: replays decode millions of fields."""
    names = {f.name for f in dataclasses.fields(cls)}
    hints = {k: v for k, v in typing.get_type_hints(cls).items() if k in names}
    decoders = {}
    for name, hint in hints.items():
        optional, hint = _unwrap_optional(hint)
        decoders[name] = (optional, _decoder_for(hint, f"{cls.__name__}.{name}"), getattr(hint, "__name__", str(hint)))
    return decoders


def _decode(decode: Decoder, value: Any, where: str, type_name: str) -> Any:
    try:
        return decode(value, where)
    except CodecError:
        raise
    except (ValueError, ArithmeticError) as exc:
        raise CodecError(f"{where}: {value!r} is not a valid {type_name}") from exc


def _decoder_for(hint: Any, where: str) -> Decoder:
    if hint in _EXACT:
        return _EXACT[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda value, _where: hint(value)
    raise CodecError(f"{where}: unsupported field type {hint!r}")


def _typed(kind: type, label: str) -> Decoder:
    def check(value: Any, where: str) -> Any:
        # bool is an int subclass: an integer field must refuse True/False
        if type(value) is not kind and not (kind is str and isinstance(value, str)):
            raise CodecError(f"{where}: expected {label}, got {value!r}")
        return value

    return check


def _decimal(value: Any, where: str) -> Decimal:
    if not isinstance(value, str):
        raise CodecError(f"{where}: expected a decimal string, got {value!r}")
    result = Decimal(value)
    if not result.is_finite():
        raise CodecError(f"{where}: {value!r} is not a finite decimal")
    return result


_EXACT: dict[Any, Decoder] = {
    bool: _typed(bool, "a boolean"),
    int: _typed(int, "an integer"),
    str: _typed(str, "a string"),
    Decimal: _decimal,
    datetime: lambda value, _where: parse_utc(value),
    date: lambda value, _where: date.fromisoformat(value),
}


def _unwrap_optional(hint: Any) -> tuple[bool, Any]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return True, args[0]
    return False, hint
