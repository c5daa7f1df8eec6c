"""Lossless conversion between flat domain dataclasses and JSON-ready records.

Decimals travel as strings (never floats), datetimes as ISO-8601 UTC, enums by value,
so a record round-trips exactly and serialises to the same bytes every time.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from domain.times import NotUtc, format_utc, parse_utc

Record = dict[str, Any]
_T = TypeVar("_T")


class CodecError(ValueError):
    """A record does not fit the dataclass it is decoded into."""


def to_record(obj: Any) -> Record:
    """Encode a flat dataclass instance field by field."""
    return _encoded(obj, encode_value)


def vouched_record(obj: Any) -> Record | None:
    """`to_record(obj)` if every field's exact type vouches that `from_record` gives it back equal, else None.

    None means "not proven here", never "bad": the caller then runs the full decode, which names the problem.
    """
    try:
        return _encoded(obj, _unproven)
    except _Unproven:
        return None


class _Unproven(Exception):
    """A value whose type does not vouch for its read-back."""


def _unproven(value: Any) -> Any:
    raise _Unproven


def _encoded(obj: Any, otherwise: Callable[[Any], Any]) -> Record:
    # The one encoder: a value of its field's exact type takes the per-class plan, any other `otherwise`
    record = {}
    cls: type = type(obj)  # as in from_record
    for name, optional, kind, encode in _field_plan(cls):
        value = getattr(obj, name)
        if type(value) is kind:
            if encode is None:
                # bool, int and str are their own record values: no call for the most common fields
                record[name] = value
                continue
            encoded = encode(value)
            record[name] = otherwise(value) if encoded is None else encoded
        elif value is None and optional:
            record[name] = None
        else:
            record[name] = otherwise(value)
    return record


def from_record(cls: type[_T], record: typing.Mapping[str, Any]) -> _T:
    """Decode a record made by `to_record`; unknown or missing fields raise CodecError."""
    plain: type = cls  # functools.cache's signature takes a plain class, not a type variable's
    plan = _complete_record_plan(plain)
    if len(record) == len(plan):
        # A record of exactly the class's fields (what `to_record` writes): one pass in field order. Anything amiss
        # goes the long way, which names the problem as it always did
        try:
            values = {}
            for name, kind, convert in plan:
                value = record[name]
                values[name] = value if type(value) is kind else convert(value)
            return cls(**values)
        except Exception:  # noqa: BLE001, S110 - the checked decode below raises the error to report
            pass
    return _checked_from_record(cls, record)


def _checked_from_record(cls: type[_T], record: typing.Mapping[str, Any]) -> _T:
    plain: type = cls
    decoders = _decoders(plain)
    if not decoders.keys() >= record.keys():
        raise CodecError(f"{cls.__name__}: unknown field(s) {sorted(record.keys() - decoders.keys())}")
    values = {}
    for name, value in record.items():
        optional, decode, type_name, where, kind = decoders[name]
        # The common case, a value already of the field's plain type, needs no decoder call
        if type(value) is kind:
            values[name] = value
        elif value is None:
            if not optional:
                raise CodecError(f"{where}: missing value")
            values[name] = None
        else:
            # _decode inlined: this loop runs for every field of every event a replay reads
            try:
                values[name] = decode(value, where)
            except CodecError:
                raise
            except (ValueError, ArithmeticError) as exc:
                raise CodecError(f"{where}: {value!r} is not a valid {type_name}") from exc
    try:
        return cls(**values)
    except TypeError as exc:
        raise CodecError(f"{cls.__name__}: {exc}") from exc


def encode_value(value: Any) -> Any:
    encode = _ENCODE_BY_TYPE.get(type(value))
    if encode is not None:
        return encode(value)
    if isinstance(value, bool) or value is None or (isinstance(value, (int, str)) and not isinstance(value, Enum)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return _utc_instant_text(value)
    if isinstance(value, date):
        return value.isoformat()
    raise CodecError(f"cannot encode {type(value).__name__}: {value!r}")


Decoder = Callable[[Any, str], Any]
Encode = Callable[[Any], Any]


class _Never:
    """No value has this exact type: a field typed so always takes the general rules (and is never vouched for)."""


@cache
def _field_plan(cls: type) -> tuple[tuple[str, bool, type, Encode | None], ...]:
    """Per field: name, whether None is allowed, the exact type whose encoding provably decodes back, its encoder
    (None: the value is its own encoding)."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):
        # Annotations that do not resolve prove nothing: every field then takes the general rules, as before the plan
        hints = {}
    plan = []
    for field in dataclasses.fields(cls):
        optional, kind = _unwrap_optional(hints.get(field.name, _Never))
        enum = isinstance(kind, type) and issubclass(kind, Enum)
        encode = _PLAN_ENCODERS.get(kind) or (_enum_value if enum else None)
        plan.append((field.name, optional, kind if encode is not None else _Never, None if encode is _same else encode))
    return tuple(plan)


@cache
def _complete_record_plan(cls: type) -> tuple[tuple[str, type, Callable[[Any], Any]], ...]:
    """Per field: name, the plain type a record value may already have (bool, int or str), and the conversion of any
    other value, which raises where `_checked_from_record` would refuse it."""
    plan = []
    for name, (optional, decode, _type_name, where, kind) in _decoders(cls).items():
        plan.append((name, _Never if kind is None else kind, _conversion(optional, decode, where)))
    return tuple(plan)


def _conversion(optional: bool, decode: Decoder, where: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if value is None:
            if not optional:
                raise CodecError(f"{where}: missing value")
            return None
        return decode(value, where)

    return convert


def _enum_value(value: Enum) -> Any:
    return value.value


def _finite_text(value: Decimal) -> str | None:
    return str(value) if value.is_finite() else None


def _utc_text(value: datetime) -> str | None:
    # Other zones and years before 1000 (which strftime does not pad) take the general rules
    if value.tzinfo is not UTC or value.year < 1000:
        return None
    return _utc_isoformat(value)


def utc_instant_text(moment: datetime) -> str:
    """`format_utc(moment)`, the same text, faster for an exact datetime in UTC from year 1000 on."""
    if type(moment) is datetime and moment.tzinfo is UTC and moment.year >= 1000:
        return _utc_isoformat(moment)
    return format_utc(moment)


def _utc_isoformat(moment: datetime) -> str:
    # format_utc's text without its replace(): an exact datetime in UTC writes its offset as "+00:00"
    return f"{moment.isoformat(timespec='microseconds')[:-6]}Z"


@cache
def _decoders(cls: type) -> dict[str, tuple[bool, Decoder, str, str, type | None]]:
    """Per field: (may be None, decoder, type name, where, plain type) — worked out once per class: replays decode
    millions of fields. The plain type is bool, int or str: a value of exactly that type is already decoded."""
    names = {f.name for f in dataclasses.fields(cls)}
    hints = {k: v for k, v in typing.get_type_hints(cls).items() if k in names}
    decoders = {}
    for name, hint in hints.items():
        optional, inner = _unwrap_optional(hint)
        where = f"{cls.__name__}.{name}"
        kind = inner if inner in (bool, int, str) else None
        decoders[name] = (optional, _decoder_for(inner, where), getattr(inner, "__name__", str(inner)), where, kind)
    return decoders


def _decoder_for(hint: Any, where: str) -> Decoder:
    if hint in _EXACT:
        return _EXACT[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum_decoder(hint)
    raise CodecError(f"{where}: unsupported field type {hint!r}")


def _enum_decoder(enum: type[Enum]) -> Decoder:
    members = enum._value2member_map_

    def decode(value: Any, _where: str) -> Any:
        # The same lookup Enum's constructor starts with, without its overhead; anything else goes the long way
        try:
            return members[value]
        except (KeyError, TypeError):
            return enum(value)

    return decode


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


def _utc_instant(value: Any, where: str) -> datetime:
    try:
        return parse_utc(value)
    except NotUtc as exc:
        raise CodecError(f"{where}: {exc}") from exc


def _utc_instant_text(value: datetime) -> str:
    # Reached only by the general rules (a zone other than UTC, or naive), never by the per-class fast path
    try:
        return format_utc(value)
    except NotUtc as exc:
        raise CodecError(str(exc)) from exc


_EXACT: dict[Any, Decoder] = {
    bool: _typed(bool, "a boolean"),
    int: _typed(int, "an integer"),
    str: _typed(str, "a string"),
    Decimal: _decimal,
    datetime: _utc_instant,
    date: lambda value, _where: date.fromisoformat(value),
}


def _same(value: Any) -> Any:
    return value


_ENCODE_BY_TYPE: dict[type, Callable[[Any], Any]] = {
    str: _same,
    int: _same,
    bool: _same,
    type(None): _same,
    Decimal: str,
    datetime: _utc_instant_text,
}


# The encodings `from_record` provably reverses for a value of exactly the type (None: not proven for this value)
_PLAN_ENCODERS: dict[type, Encode] = {
    bool: _same,
    int: _same,
    str: _same,
    Decimal: _finite_text,
    datetime: _utc_text,
    date: date.isoformat,
}


def _unwrap_optional(hint: Any) -> tuple[bool, Any]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return True, args[0]
    return False, hint
