"""Password hashing with stdlib scrypt, stored as `scrypt$ln=15,r=8,p=3$<salt>$<hash>` so parameters can rise later."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

MIN_LENGTH = 8
MAX_LENGTH = 1024
SALT_BYTES = 16
HASH_BYTES = 32
_FORMAT = re.compile(r"scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)")


@dataclass(frozen=True)
class ScryptParams:
    """Cost 2**log_n; memory is 128 * r * 2**log_n bytes (32 MiB); the default is one of OWASP's listed minimums."""

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


DEFAULT_PARAMS = ScryptParams()


def check_password(password: str) -> None:
    """Raise ValueError unless `password` is 8–1024 characters (ASVS 6.2.1 / 6.2.9)."""
    if not isinstance(password, str) or not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise ValueError(f"a password must be {MIN_LENGTH} to {MAX_LENGTH} characters long")


def hash_password(password: str, params: ScryptParams = DEFAULT_PARAMS) -> str:
    """Return the self-describing scrypt hash of `password` with a fresh random salt."""
    check_password(password)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, params)
    return f"scrypt$ln={params.log_n},r={params.r},p={params.p}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True if `password` matches `stored`; a malformed stored hash never matches (and never raises)."""
    parsed = _parse(stored)
    if parsed is None or not isinstance(password, str) or len(password) > MAX_LENGTH:
        return False
    params, salt, expected = parsed
    return hmac.compare_digest(_scrypt(password, salt, params), expected)


def burn_time(password: str, params: ScryptParams = DEFAULT_PARAMS) -> None:
    """Spend one verification at `params`, so an unknown user name takes as long as a wrong password."""
    verify_password(password, _dummy_hash(params))


def needs_rehash(stored: str, params: ScryptParams = DEFAULT_PARAMS) -> bool:
    """True when `stored` was made with other parameters than `params` (rehash at the next good login)."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] != params


@lru_cache(maxsize=4)
def _dummy_hash(params: ScryptParams) -> str:
    return hash_password(secrets.token_urlsafe(16), params)


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


def _parse(stored: str) -> tuple[ScryptParams, bytes, bytes] | None:
    match = _FORMAT.fullmatch(stored) if isinstance(stored, str) else None
    if match is None:
        return None
    try:
        params = ScryptParams(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return params, _unb64(match.group(4)), _unb64(match.group(5))
    except ValueError:
        return None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
