"""HMAC-SHA256 signing as Binance checks it: over the exact query string and body bytes sent (API.md §2)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Protocol
from urllib.parse import urlencode

API_KEY_HEADER = "X-MBX-APIKEY"


class Revealable(Protocol):
    """A wrapped secret such as config.secrets.Secret, which prints as *** and hands its value only to reveal()."""

    def reveal(self) -> str: ...


def credential(value: str | Revealable, name: str) -> str:
    """The plain text of an API key or secret given as a str or as an object with reveal()."""
    if isinstance(value, str):
        text = value
    elif callable(getattr(value, "reveal", None)):
        text = value.reveal()
    else:
        raise TypeError(
            f"the {name} must be a str or have reveal() (config.secrets.Secret), got {type(value).__name__}"
        )
    if not isinstance(text, str) or not text:
        raise ValueError(f"the {name} is empty")
    return text


def sign(secret: str, query: str, body: str = "") -> str:
    """Lowercase hex HMAC-SHA256 of totalParams: the query string immediately followed by the body (no "&")."""
    return hmac.new(secret.encode("utf-8"), (query + body).encode("utf-8"), hashlib.sha256).hexdigest()


def encode(params: Mapping[str, str]) -> str:
    """Form-encode `params` in their given order; the signature is computed over exactly this text."""
    return urlencode(list(params.items()))
