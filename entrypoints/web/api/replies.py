"""Writing a reply: a value dumped through its marshmallow schema into the JSON object a route returns."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema


def dumped(schema: Schema, value: object) -> dict[str, Any]:
    """`value` as `schema` writes it: a JSON object (marshmallow types dump() as Any, the schemas here are objects)."""
    reply: dict[str, Any] = schema.dump(value)
    return reply
