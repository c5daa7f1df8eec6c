"""The JSON methods a client sends on a stream socket, read as Binance reads them, and Binance's error replies.

Requests: {"method": "SUBSCRIBE" | "UNSUBSCRIBE" | "LIST_SUBSCRIPTIONS" | "SET_PROPERTY" | "GET_PROPERTY",
"params": [...], "id": …}. A reply is {"result": …, "id": …}; a refusal {"error": {"code": …, "msg": …}, "id": …}
with the codes and texts of Binance's "Live Subscribing/Unsubscribing" error table (0 unknown property, 1 not a
boolean, 2 invalid request, 3 invalid JSON), each text followed by what was wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

METHODS = ("SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY")
COMBINED = "combined"
MAX_ID = 2**64 - 1
# The USDⓈ-M SDK sends a UUID as the id, which Binance's futures streams answer; other servers want an integer
_STRING_ID = re.compile(r"^[A-Za-z0-9_-]{1,36}$")
RequestId = int | str | None


class MethodError(ValueError):
    """A refused request: Binance's error code and message, and the id to answer with (None if unreadable)."""

    def __init__(self, code: int, msg: str, request_id: RequestId = None) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg
        self.request_id = request_id

    def reply(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "msg": self.msg}, "id": self.request_id}


@dataclass(frozen=True)
class Request:
    method: str
    params: list[Any]
    request_id: RequestId


def read_request(text: str) -> Request:
    """The request in `text`, or MethodError naming what Binance would refuse in it."""
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise MethodError(3, f"Invalid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise MethodError(2, "Invalid request: expected a JSON object with method, params and id")
    request_id = _request_id(body)
    method = body.get("method")
    if method is None:
        raise MethodError(2, "Invalid request: missing field `method`", request_id)
    if method not in METHODS:
        expected = ", ".join(f"`{name}`" for name in METHODS)
        raise MethodError(2, f"Invalid request: unknown variant `{method}`, expected one of {expected}", request_id)
    params = body.get("params", [])
    if not isinstance(params, list):
        raise MethodError(2, "Invalid request: params must be a list", request_id)
    return Request(method, params, request_id)


def stream_names(request: Request) -> list[str]:
    """SUBSCRIBE / UNSUBSCRIBE params: stream names (or listenKeys)."""
    if not all(isinstance(name, str) for name in request.params):
        raise MethodError(2, "Invalid request: params must be a list of stream names (strings)", request.request_id)
    return list(request.params)


def property_name(request: Request, count: int) -> str:
    """The property of SET_PROPERTY (`count` 2: name and value) or GET_PROPERTY (`count` 1): only `combined`."""
    if len(request.params) > count:
        raise MethodError(2, "Invalid request: too many parameters", request.request_id)
    name = request.params[0] if request.params else None
    if not isinstance(name, str):
        raise MethodError(2, "Invalid request: property name must be a string", request.request_id)
    if name != COMBINED:
        raise MethodError(0, f"Unknown property {name!r}: the only property is {COMBINED!r}", request.request_id)
    return name


def property_value(request: Request) -> bool:
    """The value of SET_PROPERTY ["combined", true|false]."""
    value = request.params[1] if len(request.params) > 1 else None
    if not isinstance(value, bool):
        raise MethodError(1, f"Invalid value type: expected Boolean, got {json.dumps(value)}", request.request_id)
    return value


def _request_id(body: dict[str, Any]) -> RequestId:
    request_id = body.get("id")
    if isinstance(request_id, int) and not isinstance(request_id, bool) and 0 <= request_id <= MAX_ID:
        return request_id
    if isinstance(request_id, str) and _STRING_ID.match(request_id) is not None:
        return request_id
    raise MethodError(2, "Invalid request: request ID must be an unsigned integer")
