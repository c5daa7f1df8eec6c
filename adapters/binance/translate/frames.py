"""Raw WebSocket text → one JSON object, unwrapping the combined-stream envelope {"stream": …, "data": …}."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.binance.messages.errors import MalformedPayload


def decode_frame(text: str) -> dict[str, Any]:
    """Parse one frame; a JSON float becomes a Decimal from its text, so no digit is ever lost to binary floats."""
    try:
        message = json.loads(text, parse_float=Decimal)
    except ValueError as exc:
        raise MalformedPayload(f"frame is not valid JSON ({exc})") from None
    if isinstance(message, dict) and "stream" in message and "data" in message:
        message = message["data"]
    if not isinstance(message, dict):
        raise MalformedPayload(f"frame: expected a JSON object, got {type(message).__name__}")
    return message
