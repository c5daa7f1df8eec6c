"""Request parameters read the way Binance reads them: missing → -1102, malformed → -1130."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from adapters.simulator.errors import SimError, invalid_param, mandatory_param


def required(params: Mapping[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise SimError(mandatory_param(name))
    return value


def optional_decimal(params: Mapping[str, str], name: str) -> Decimal | None:
    text = params.get(name)
    if text is None or text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SimError(invalid_param(name)) from None
    if not value.is_finite():
        raise SimError(invalid_param(name))
    return value


def optional_int(params: Mapping[str, str], name: str) -> int | None:
    text = params.get(name)
    if text is None or text == "":
        return None
    if not text.lstrip("-").isdigit():
        raise SimError(invalid_param(name))
    return int(text)


def int_or(params: Mapping[str, str], name: str, default: int) -> int:
    value = optional_int(params, name)
    return default if value is None else value


def flag(params: Mapping[str, str], name: str) -> bool:
    text = params.get(name, "false").lower()
    if text not in ("true", "false"):
        raise SimError(invalid_param(name))
    return text == "true"
