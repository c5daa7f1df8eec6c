"""Client order ids derived from command ids, so a retry can never mint a second identity."""

from __future__ import annotations

import hashlib
import re

PREFIX = "ae-"
VALID = re.compile(r"^[\.A-Z\:/a-z0-9_-]{1,36}$")


def client_order_id_for(command_id: str, leg: str = "main") -> str:
    """The one client id of a command's order leg (e.g. "main", "stop"); ≤ 36 chars, Binance's alphabet."""
    digest = hashlib.sha256(f"{command_id}/{leg}".encode()).hexdigest()[:30]
    return f"{PREFIX}{leg[:1]}{digest}"


def is_ours(client_order_id: str | None) -> bool:
    """Orders whose id we did not mint were placed outside the bot (external)."""
    return client_order_id is not None and client_order_id.startswith(PREFIX)
