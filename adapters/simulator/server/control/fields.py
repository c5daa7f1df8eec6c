"""Fields of a /_sim/ JSON body read strictly: wrong types and missing values are 400s naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from adapters.simulator.server.control.errors import bad_field


def json_object(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise bad_field("body", "must be a JSON object")
    return body


def only(body: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise bad_field(unknown[0], f"unknown field; expected any of {', '.join(allowed)}")


def text(body: Mapping[str, Any], name: str, default: str | None = None) -> str | None:
    value = body.get(name, default)
    if value is not None and (not isinstance(value, str) or not value):
        raise bad_field(name, f"must be a non-empty string, got {value!r}")
    return value


def required_text(body: Mapping[str, Any], name: str) -> str:
    value = text(body, name)
    if value is None:
        raise bad_field(name, "is required")
    return value


def decimal(body: Mapping[str, Any], name: str) -> Decimal | None:
    """A decimal string ("0.61") or a JSON number; Decimal(str(number)) keeps what the sender wrote."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise bad_field(name, f'must be a decimal string such as "0.61", got {value!r}')
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise bad_field(name, f'must be a decimal string such as "0.61", got {value!r}') from None
    if not number.is_finite():
        raise bad_field(name, f"must be finite, got {value!r}")
    return number


def flag(body: Mapping[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise bad_field(name, f"must be true or false, got {value!r}")
    return value
