"""JSON error replies in the API's shape: {"error": message, "field": name?}."""

from __future__ import annotations

from collections.abc import Mapping

from quart import Response, jsonify


def error_reply(
    status: int, message: str, *, field: str | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    body = {"error": message} if field is None else {"error": message, "field": field}
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    return response
