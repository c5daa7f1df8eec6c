"""Each web user's second factor (a TOTP secret, sealed, and one-time recovery codes) and the sessions recently
confirmed with it (step-up for dangerous actions, ADR 0085)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ports.user_store import check_user_name

CODE_HASH = re.compile(r"[0-9a-f]{64}")
# Far above the ten codes an enrolment hands out: a bound on what a store accepts, not a policy
MAX_RECOVERY_CODES = 32


class Confirmation(str, Enum):
    """What a session was last confirmed with."""

    TOTP = "totp"
    RECOVERY = "recovery"
    PASSWORD = "password"  # noqa: S105 - the name of a method, not a secret


@dataclass(frozen=True)
class SecondFactor:
    """sealed_secret: the TOTP secret encrypted by the web (the store never sees it in clear); recovery_hashes: the
    SHA-256 hex of each unused recovery code; last_step: the latest TOTP time-step accepted (a code is used once)."""

    user_name: str
    sealed_secret: str
    recovery_hashes: frozenset[str]
    enrolled_at: datetime
    enabled: bool = False
    last_step: int | None = None

    def __post_init__(self) -> None:
        check_user_name(self.user_name)
        if not isinstance(self.sealed_secret, str) or not 1 <= len(self.sealed_secret) <= 512:
            raise ValueError(f"user {self.user_name!r}: a sealed TOTP secret must be 1-512 characters")
        if len(self.recovery_hashes) > MAX_RECOVERY_CODES or not all(
            isinstance(h, str) and CODE_HASH.fullmatch(h) for h in self.recovery_hashes
        ):
            raise ValueError(f"recovery codes: at most {MAX_RECOVERY_CODES} SHA-256 hex digests")
        if not isinstance(self.enrolled_at, datetime) or self.enrolled_at.utcoffset() is None:
            raise ValueError(f"enrolled_at must be a timezone-aware datetime, got {self.enrolled_at!r}")
        if self.last_step is not None and (not isinstance(self.last_step, int) or self.last_step < 0):
            raise ValueError(f"last_step must be a time-step >= 0, got {self.last_step!r}")


def check_time_step(step: int) -> int:
    """Return `step` if it is a TOTP time-step (an integer >= 0), else ValueError."""
    if not isinstance(step, int) or isinstance(step, bool) or step < 0:
        raise ValueError(f"a TOTP time-step must be an integer >= 0, got {step!r}")
    return step


class SecondFactorStore(ABC):
    @abstractmethod
    def enrol(self, factor: SecondFactor) -> None:
        """Store `factor` as its user's only factor (pending until enable), replacing any; UnknownUser if no user."""

    @abstractmethod
    def factor(self, name: str) -> SecondFactor | None:
        """Return the factor of user `name` (pending or active), or None (none, or the user is gone)."""

    @abstractmethod
    def enable(self, name: str, step: int) -> bool:
        """Activate the pending factor of `name`, recording `step` as used; False if none is pending."""

    @abstractmethod
    def disable(self, name: str) -> bool:
        """Remove the factor and recovery codes of `name`; True if there was one."""

    @abstractmethod
    def use_step(self, name: str, step: int) -> bool:
        """Record TOTP time-step `step` of the active factor as used; False unless later than the last used one."""

    @abstractmethod
    def use_recovery_code(self, name: str, code_hash: str) -> bool:
        """Remove recovery code `code_hash` of the active factor of `name`; True if it was unused (each works once)."""

    @abstractmethod
    def confirm(self, jti: str, name: str, how: Confirmation, until: datetime) -> None:
        """Record session `jti` of user `name` as confirmed with `how` until `until` (a later confirm replaces it)."""

    @abstractmethod
    def confirmation(self, jti: str, now: datetime) -> Confirmation | None:
        """How session `jti` was confirmed if that holds after `now` and its user still exists, else None."""

    @abstractmethod
    def forget_confirmations(self, before: datetime) -> int:
        """Drop confirmations that ended before `before`; return how many."""
