"""Password hashes: argon2id in PHC form (`$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`), scrypt ones rehashed at login."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import Parameters, PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

from entrypoints.web.security.password_policy import MAX_LENGTH as MAX_LENGTH
from entrypoints.web.security.password_policy import check_password as check_password
from entrypoints.web.security.scrypt_hashes import PREFIX as SCRYPT_PREFIX
from entrypoints.web.security.scrypt_hashes import verify_scrypt

ARGON2ID_PREFIX = "$argon2id$"
SALT_BYTES = 16
HASH_BYTES = 32
# Beyond these a stored hash is not one we made: refuse it rather than spend gigabytes or minutes on it
_MAX_MEMORY_KIB = 1024 * 1024
_MAX_TIME_COST = 64
_MAX_PARALLELISM = 64


@dataclass(frozen=True)
class Argon2Params:
    """argon2id costs: memory in KiB, passes over it, lanes. The default is RFC 9106's second recommended option."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4

    def __post_init__(self) -> None:
        if not (
            1 <= self.time_cost <= _MAX_TIME_COST
            and 1 <= self.parallelism <= _MAX_PARALLELISM
            and 8 * self.parallelism <= self.memory_kib <= _MAX_MEMORY_KIB
        ):
            raise ValueError(f"argon2id parameters out of range: {self}")

    def hasher(self) -> PasswordHasher:
        """argon2-cffi's hasher at exactly these costs (never its defaults, which may change between releases)."""
        return PasswordHasher(
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=HASH_BYTES,
            salt_len=SALT_BYTES,
            type=Type.ID,
        )


DEFAULT_PARAMS = Argon2Params()


def hash_password(password: str, params: Argon2Params = DEFAULT_PARAMS) -> str:
    """The argon2id hash of `password` with a fresh random salt; the policy (check_password) is the caller's.

    Raises ValueError for an empty or over-long password only: a login must rehash whatever password it verified.
    """
    if not isinstance(password, str) or not 1 <= len(password) <= MAX_LENGTH:
        raise ValueError(f"a password must be 1 to {MAX_LENGTH} characters long")
    return params.hasher().hash(password)


def verify_password(password: str, stored: str) -> bool:
    """True if `password` matches `stored` (argon2id, or a scrypt hash not yet rehashed); never raises."""
    if not isinstance(password, str) or not isinstance(stored, str) or len(password) > MAX_LENGTH:
        return False
    if stored.startswith(SCRYPT_PREFIX):
        return verify_scrypt(password, stored)
    if _stored_params(stored) is None:
        return False
    try:
        # The hasher reads the costs, salt and length from `stored`; its own settings do not matter here
        return DEFAULT_PARAMS.hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def burn_time(password: str, params: Argon2Params = DEFAULT_PARAMS) -> None:
    """Spend one verification at `params`, so an unknown user name takes as long as a wrong password."""
    verify_password(password, _dummy_hash(params))


def needs_rehash(stored: str, params: Argon2Params = DEFAULT_PARAMS) -> bool:
    """True unless `stored` is argon2id at exactly `params` (a scrypt hash always is: rehash at the next good login)."""
    found = _stored_params(stored)
    return found is None or (found.time_cost, found.memory_cost, found.parallelism, found.salt_len, found.hash_len) != (
        params.time_cost,
        params.memory_kib,
        params.parallelism,
        SALT_BYTES,
        HASH_BYTES,
    )


@lru_cache(maxsize=4)
def _dummy_hash(params: Argon2Params) -> str:
    return hash_password(secrets.token_urlsafe(16), params)


def _stored_params(stored: str) -> Parameters | None:
    """The costs of an argon2id hash within our bounds, else None (other algorithm, malformed, absurd costs)."""
    if not isinstance(stored, str) or not stored.startswith(ARGON2ID_PREFIX):
        return None
    try:
        found = extract_parameters(stored)
        Argon2Params(found.time_cost, found.memory_cost, found.parallelism)
    except (InvalidHashError, ValueError):
        return None
    return found
