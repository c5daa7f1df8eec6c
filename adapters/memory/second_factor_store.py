"""Second factors and step-up confirmations in process memory, with the SQLite store's rules (a user's removal
takes them along, as the foreign keys do there)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

from ports.second_factor_store import CODE_HASH, Confirmation, SecondFactor, SecondFactorStore, check_time_step
from ports.user_store import UnknownUser, UserStore


class InMemorySecondFactorStore(SecondFactorStore):
    def __init__(self, users: UserStore) -> None:
        self._users = users
        self._lock = threading.Lock()
        self._factors: dict[str, SecondFactor] = {}
        self._confirmed: dict[str, tuple[str, Confirmation, datetime]] = {}

    def enrol(self, factor: SecondFactor) -> None:
        if self._users.get_user(factor.user_name) is None:
            raise UnknownUser(factor.user_name)
        with self._lock:
            self._factors[factor.user_name] = replace(factor, enabled=False, last_step=None)

    def factor(self, name: str) -> SecondFactor | None:
        if self._users.get_user(name) is None:
            return None
        with self._lock:
            return self._factors.get(name)

    def enable(self, name: str, step: int) -> bool:
        check_time_step(step)
        with self._lock:
            found = self._live(name)
            if found is None or found.enabled:
                return False
            self._factors[name] = replace(found, enabled=True, last_step=step)
            return True

    def disable(self, name: str) -> bool:
        with self._lock:
            return self._factors.pop(name, None) is not None

    def use_step(self, name: str, step: int) -> bool:
        check_time_step(step)
        with self._lock:
            found = self._live(name)
            if found is None or not found.enabled or (found.last_step is not None and step <= found.last_step):
                return False
            self._factors[name] = replace(found, last_step=step)
            return True

    def use_recovery_code(self, name: str, code_hash: str) -> bool:
        if not isinstance(code_hash, str) or not CODE_HASH.fullmatch(code_hash):
            return False
        with self._lock:
            found = self._live(name)
            if found is None or not found.enabled or code_hash not in found.recovery_hashes:
                return False
            self._factors[name] = replace(found, recovery_hashes=found.recovery_hashes - {code_hash})
            return True

    def confirm(self, jti: str, name: str, how: Confirmation, until: datetime) -> None:
        if not isinstance(jti, str) or not jti:
            raise ValueError(f"a token id must be non-empty text, got {jti!r}")
        if until.utcoffset() is None:
            raise ValueError(f"until must be timezone-aware, got {until!r}")
        if self._users.get_user(name) is None:
            raise UnknownUser(name)
        with self._lock:
            self._confirmed[jti] = (name, Confirmation(how), until)

    def confirmation(self, jti: str, now: datetime) -> Confirmation | None:
        with self._lock:
            found = self._confirmed.get(jti)
        if found is None or found[2] <= now or self._users.get_user(found[0]) is None:
            return None
        return found[1]

    def forget_confirmations(self, before: datetime) -> int:
        with self._lock:
            ended = [jti for jti, (_, _, until) in self._confirmed.items() if until < before]
            for jti in ended:
                del self._confirmed[jti]
        return len(ended)

    def _live(self, name: str) -> SecondFactor | None:
        # Called under the lock; the user store has its own
        found = self._factors.get(name)
        if found is not None and self._users.get_user(name) is None:
            del self._factors[name]
            return None
        return found
