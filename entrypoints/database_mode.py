"""Which mode and account a database belongs to (ADR 0046): the bot binds it, the web follows it, nobody crosses it."""

from __future__ import annotations

from pathlib import Path

from config.errors import ConfigError
from config.secrets import ENV_MODE
from domain.values import Mode
from ports.database_identity import DatabaseIdentity, IdentityStore


class DatabaseMismatch(ConfigError):
    """The database belongs to another mode or account; one line naming both sides and what to do."""

    def __init__(self, database: Path | str, stored: DatabaseIdentity, mode: Mode, account: str | None) -> None:
        if stored.mode is not mode:
            problem = (
                f"belongs to {describe(stored)}, not {mode.value}: pass --db for another file "
                f"or set {ENV_MODE}={stored.mode.value}"
            )
        else:
            problem = (
                f"belongs to {describe(stored)}, not account {account} (fingerprints of the API keys): "
                "pass --db for another file or use that account's API key"
            )
        super().__init__(f"database {database}", problem)
        self.stored = stored


def describe(identity: DatabaseIdentity) -> str:
    """'testnet (account 3f2a9c01d4e5b6a7)', or '(account not recorded yet)' before a bot has bound it."""
    return f"{identity.mode.value} (account {identity.account or 'not recorded yet'})"


def bind_database(store: IdentityStore, database: Path | str, mode: str, account: str | None) -> DatabaseIdentity:
    """Bind a database nobody has bound yet to `mode` and `account`; raise DatabaseMismatch if it belongs to another."""
    wanted = Mode(mode)
    return _admitted(store.bind(DatabaseIdentity(wanted, account)), database, wanted, account)


def check_database(
    store: IdentityStore,
    database: Path | str,
    mode: str | None,
    account: str | None = None,
) -> DatabaseIdentity | None:
    """Return the database's identity without binding it; raise DatabaseMismatch if it belongs to another `mode`
    (None: the caller follows the database) or `account` (None: the caller holds no key)."""
    stored = store.read()
    if stored is None or mode is None:
        return stored
    return _admitted(stored, database, Mode(mode), account)


def _admitted(stored: DatabaseIdentity, database: Path | str, mode: Mode, account: str | None) -> DatabaseIdentity:
    if not stored.admits(mode, account):
        raise DatabaseMismatch(database, stored, mode, account)
    return stored
