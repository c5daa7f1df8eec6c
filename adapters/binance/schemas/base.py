"""The schema base for venue payloads (unknown fields excluded) and loaders that name the payload in every error."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError

from adapters.binance.schemas.errors import MalformedPayload


class WireSchema(Schema):
    """Binance adds fields without notice: extra keys are dropped, missing required ones are errors."""

    class Meta:
        unknown = EXCLUDE


def load(schema: type[Schema], data: Any, payload: str) -> dict[str, Any]:
    """Validate one JSON object; MalformedPayload names `payload` and each bad field by its wire name."""
    if not isinstance(data, Mapping):
        raise MalformedPayload(f"{payload}: expected a JSON object, got {_kind(data)}")
    try:
        loaded: dict[str, Any] = _instance(schema).load(data)
    except ValidationError as exc:
        raise MalformedPayload(f"{payload}: {describe(exc.messages)}") from None
    return loaded


def load_list(schema: type[Schema], data: Any, payload: str) -> list[dict[str, Any]]:
    """Validate a JSON array of objects; a bad row is named by its index."""
    if not isinstance(data, list):
        raise MalformedPayload(f"{payload}: expected a JSON array, got {_kind(data)}")
    return [load(schema, row, f"{payload}[{index}]") for index, row in enumerate(data)]


@cache
def _instance(schema: type[Schema]) -> Schema:
    # Building a schema deep-copies its fields: two thirds of a frame's translation time when done per message
    return schema()


def describe(messages: Any, path: str = "") -> str:
    """marshmallow's nested error dict as "o.i: Missing data for required field." lines."""
    if isinstance(messages, Mapping):
        # "_schema" is marshmallow's name for the object itself (e.g. a list where an object belongs)
        parts = [describe(inner, path if key == "_schema" else _join(path, key)) for key, inner in messages.items()]
        return "; ".join(parts)
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return f"{path}: {' '.join(messages)}" if path else " ".join(messages)
    return f"{path}: {messages}" if path else str(messages)


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def _kind(data: Any) -> str:
    names: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}
    return names.get(type(data), type(data).__name__)
