"""One stored event as an operator reads it: its columns as JSON, every non-ASCII character escaped."""

from __future__ import annotations

import json
from typing import Any


def stored_event_json(columns: dict[str, Any]) -> str:
    """Indented JSON of the stored columns, the payload parsed when it parses; printable on any terminal.

    Escaping (ensure_ascii) shows a lone surrogate or a control character as \\ud800 or \\u001b instead of failing to
    print or acting on the terminal: such text is exactly what an event that cannot be folded may hold.
    """
    shown = dict(columns)
    try:
        shown["payload"] = json.loads(shown.pop("payload_json"))
    except (TypeError, ValueError):
        shown["payload"] = columns["payload_json"]
    return json.dumps(shown, indent=2, ensure_ascii=True, default=str)
