"""Automation API keys: `ae_<id>_<secret>`, shown once; only the SHA-256 of the whole key is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from ports.user_store import ApiKey

PREFIX = "ae_"
HEADER = "X-API-Key"


def new_api_key(user_name: str, label: str, now: datetime) -> tuple[str, ApiKey]:
    """Return the key text (give it to the user once) and the record to store."""
    key_id = secrets.token_hex(6)
    text = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    return text, ApiKey(key_id, key_digest(text), user_name, label, now)


def key_digest(text: str) -> str:
    """SHA-256 hex of a presented key: the key carries 256 random bits, so a fast hash cannot be brute-forced."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
