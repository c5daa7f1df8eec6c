"""Second factors and step-up confirmations in the shared SQLite file (tables of migration 0014)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import apsw

from adapters.sqlite.transactions import fetch_all, write_transaction
from domain.times import format_utc, parse_utc
from ports.second_factor_store import CODE_HASH, Confirmation, SecondFactor, SecondFactorStore, check_time_step
from ports.user_store import UnknownUser

# One statement, so the factor and its codes come from the same snapshot
_FACTOR = (
    "SELECT user_name, sealed_secret, enabled, last_step, enrolled_at, "
    "(SELECT group_concat(code_hash, ',') FROM web_recovery_codes c WHERE c.user_name = f.user_name) "
    "FROM web_second_factors f WHERE user_name = ?"
)
_CONFIRMATION = (
    "SELECT s.method FROM web_step_ups s JOIN web_users u ON u.name = s.user_name WHERE s.jti = ? AND s.until > ?"
)
_CONFIRM = (
    "INSERT INTO web_step_ups (jti, user_name, method, until) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (jti) DO UPDATE SET user_name = excluded.user_name, method = excluded.method, until = excluded.until"
)


class SqliteSecondFactorStore(SecondFactorStore):
    def __init__(self, connection: apsw.Connection) -> None:
        self._connection = connection

    def enrol(self, factor: SecondFactor) -> None:
        name = factor.user_name
        with write_transaction(self._connection, f"enrol a second factor for {name!r}") as db:
            if not db.execute("SELECT 1 FROM web_users WHERE name = ?", (name,)).get:
                raise UnknownUser(name)
            # The old factor's recovery codes go with it (ON DELETE CASCADE)
            db.execute("DELETE FROM web_second_factors WHERE user_name = ?", (name,))
            db.execute(
                "INSERT INTO web_second_factors (user_name, sealed_secret, enabled, last_step, enrolled_at) "
                "VALUES (?, ?, 0, NULL, ?)",
                (name, factor.sealed_secret, format_utc(factor.enrolled_at)),
            )
            db.executemany(
                "INSERT INTO web_recovery_codes (user_name, code_hash) VALUES (?, ?)",
                [(name, code_hash) for code_hash in sorted(factor.recovery_hashes)],
            )

    def factor(self, name: str) -> SecondFactor | None:
        rows = fetch_all(self._connection, f"read the second factor of {name!r}", _FACTOR, (name,))
        return _factor(rows[0]) if rows else None

    def enable(self, name: str, step: int) -> bool:
        check_time_step(step)
        with write_transaction(self._connection, f"activate the second factor of {name!r}") as db:
            db.execute(
                "UPDATE web_second_factors SET enabled = 1, last_step = ? WHERE user_name = ? AND enabled = 0",
                (step, name),
            )
            return self._connection.changes() > 0

    def disable(self, name: str) -> bool:
        with write_transaction(self._connection, f"remove the second factor of {name!r}") as db:
            db.execute("DELETE FROM web_second_factors WHERE user_name = ?", (name,))
            return self._connection.changes() > 0

    def use_step(self, name: str, step: int) -> bool:
        check_time_step(step)
        with write_transaction(self._connection, f"use a TOTP code of {name!r}") as db:
            db.execute(
                "UPDATE web_second_factors SET last_step = ? "
                "WHERE user_name = ? AND enabled = 1 AND (last_step IS NULL OR last_step < ?)",
                (step, name, step),
            )
            return self._connection.changes() > 0

    def use_recovery_code(self, name: str, code_hash: str) -> bool:
        if not isinstance(code_hash, str) or not CODE_HASH.fullmatch(code_hash):
            return False
        with write_transaction(self._connection, f"use a recovery code of {name!r}") as db:
            db.execute(
                "DELETE FROM web_recovery_codes WHERE user_name = ? AND code_hash = ? AND user_name IN "
                "(SELECT user_name FROM web_second_factors WHERE enabled = 1)",
                (name, code_hash),
            )
            return self._connection.changes() > 0

    def confirm(self, jti: str, name: str, how: Confirmation, until: datetime) -> None:
        if not isinstance(jti, str) or not jti:
            raise ValueError(f"a token id must be non-empty text, got {jti!r}")
        with write_transaction(self._connection, f"confirm a session of {name!r}") as db:
            if not db.execute("SELECT 1 FROM web_users WHERE name = ?", (name,)).get:
                raise UnknownUser(name)
            db.execute(_CONFIRM, (jti, name, Confirmation(how).value, format_utc(until)))

    def confirmation(self, jti: str, now: datetime) -> Confirmation | None:
        rows = fetch_all(self._connection, "look up a session's confirmation", _CONFIRMATION, (jti, format_utc(now)))
        return Confirmation(rows[0][0]) if rows else None

    def forget_confirmations(self, before: datetime) -> int:
        with write_transaction(self._connection, "forget ended confirmations") as db:
            db.execute("DELETE FROM web_step_ups WHERE until < ?", (format_utc(before),))
            return self._connection.changes()


def _factor(row: tuple[Any, ...]) -> SecondFactor:
    name, sealed, enabled, last_step, enrolled_at, codes = row
    hashes = frozenset(codes.split(",")) if codes else frozenset()
    return SecondFactor(name, sealed, hashes, parse_utc(enrolled_at), bool(enabled), last_step)
