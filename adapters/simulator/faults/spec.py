"""A FaultSetting read from JSON (PUT /_sim/faults/NAME) or from `NAME:count=3,seconds=2,placed=false` (--fault)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from adapters.simulator.faults.setting import FaultSetting

FIELDS = ("count", "duration", "seconds", "placed")
_NONE_WORDS = ("none", "null", "all")


class BadField(ValueError):
    """A fault setting that names `field` as the problem."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"fault setting field {field!r}: {problem}")
        self.field = field


def setting_from_json(body: Any) -> FaultSetting:
    """A JSON object with any of count (int or null), duration (seconds or null), seconds, placed (bool)."""
    if not isinstance(body, Mapping):
        raise BadField("body", "must be a JSON object with any of " + ", ".join(FIELDS))
    values = {name: _json_value(name, value) for name, value in body.items()}
    return _setting(values)


def parse_fault_option(text: str) -> tuple[str, FaultSetting]:
    """`NAME` or `NAME:key=value,...`, e.g. `unknown_503:count=2,placed=false`; count/duration take `none`."""
    name, _, options = text.partition(":")
    if not name.strip():
        raise BadField("name", f"a fault spec starts with the fault's name, got {text!r}")
    values: dict[str, Any] = {}
    for pair in filter(None, (part.strip() for part in options.split(","))):
        key, equals, raw = pair.partition("=")
        if not equals:
            raise BadField(key, f"expected key=value, got {pair!r}")
        values[key.strip()] = _text_value(key.strip(), raw.strip())
    return name.strip(), _setting(values)


def setting_to_json(setting: FaultSetting) -> dict[str, Any]:
    return {"count": setting.count, "duration": setting.duration, "seconds": setting.seconds, "placed": setting.placed}


def _setting(values: Mapping[str, Any]) -> FaultSetting:
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise BadField(unknown[0], "unknown field; a fault setting has " + ", ".join(FIELDS))
    try:
        return FaultSetting(**values)
    except ValueError as exc:
        field = next((name for name in FIELDS if name in str(exc)), "setting")
        raise BadField(field, str(exc)) from None


def _json_value(name: str, value: Any) -> Any:
    if name == "placed":
        if not isinstance(value, bool):
            raise BadField(name, f"must be true or false, got {value!r}")
        return value
    if value is None and name in ("count", "duration"):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadField(name, f"must be a number, got {value!r}")
    if name == "count" and not float(value).is_integer():
        raise BadField(name, f"must be a whole number, got {value!r}")
    return int(value) if name == "count" else float(value)


def _text_value(name: str, raw: str) -> Any:
    if name == "placed":
        if raw.lower() not in ("true", "false"):
            raise BadField(name, f"must be true or false, got {raw!r}")
        return raw.lower() == "true"
    if name in ("count", "duration") and raw.lower() in _NONE_WORDS:
        return None
    try:
        number = float(raw)
    except ValueError:
        raise BadField(name, f"must be a number, got {raw!r}") from None
    return _json_value(name, number) if name in FIELDS else raw
