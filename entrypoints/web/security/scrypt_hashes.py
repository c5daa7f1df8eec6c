"""The scrypt hashes stored before ADR 0084 (`scrypt$ln=15,r=8,p=3$<salt>$<hash>`): verified until rehashed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "scrypt$"
SALT_BYTES = 16
HASH_BYTES = 32
_FORMAT = re.compile(r"scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)")


@dataclass(frozen=True)
class ScryptParams:
    """Cost 2**log_n; memory is 128 * r * 2**log_n bytes (32 MiB at ADR 0026's default)."""

    log_n: int = 15
    r: int = 8
    p: int = 3

    def __post_init__(self) -> None:
        if not (1 <= self.log_n <= 24 and 1 <= self.r <= 32 and 1 <= self.p <= 16):
            raise ValueError(f"scrypt parameters out of range: {self}")

    @property
    def max_memory(self) -> int:
        # OpenSSL refuses to use more than maxmem; leave headroom over the exact need
        cost: int = 2**self.log_n  # typeshed types int ** int as Any: a negative exponent would give a float
        return 2 * 128 * self.r * cost * self.p + 1024 * 1024


def hash_scrypt(password: str, params: ScryptParams) -> str:
    """The legacy form of `password`, as ADR 0026 stored it: what a database made before ADR 0084 holds."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, params)
    return f"scrypt$ln={params.log_n},r={params.r},p={params.p}${_b64(salt)}${_b64(digest)}"


def verify_scrypt(password: str, stored: str) -> bool:
    """True if `password` matches the scrypt hash `stored`; a malformed hash never matches (and never raises)."""
    match = _FORMAT.fullmatch(stored)
    if match is None:
        return False
    try:
        params = ScryptParams(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        salt, expected = _unb64(match.group(4)), _unb64(match.group(5))
    except ValueError:
        return False
    return hmac.compare_digest(_scrypt(password, salt, params), expected)


def _scrypt(password: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=2**params.log_n,
        r=params.r,
        p=params.p,
        maxmem=params.max_memory,
        dklen=HASH_BYTES,
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
