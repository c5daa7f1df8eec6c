"""`alphaengine database show | rebind-key`: what a database belongs to; moving it to a rotated API key (ADR 0051)."""

from __future__ import annotations

import argparse
import getpass
import os
import socket
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any, TextIO

from config.errors import ConfigError
from domain.account_match import AccountMatch, match_account
from domain.events import DatabaseAccountRebound
from domain.text import find_bad_text
from domain.times import format_utc
from domain.values import Source
from entrypoints.cli_services import EXIT_FAILURE, database_path
from entrypoints.database_mode import describe
from ports.database_identity import DatabaseIdentity
from ports.errors import ExchangeError, ExchangeRejected
from ports.event_store import EventQuery, EventStore
from ports.lease import LeaseHeld, LeaseLost, LeaseStore, holder_name

# Long enough for an operator to read the check and type "yes"; a bot starting meanwhile is refused, not delayed
REBIND_LEASE_TTL = timedelta(minutes=15)
MAX_OPERATOR = 64


class NotRebound(ConfigError):
    """The configured key may not take this database over (another mode, or the exchange shows another account)."""


class ConfirmedTooLate(TimeoutError):
    """The rebind's lease expired before the operator confirmed; reported in one line, exit 1."""


class ExchangeUnreachable(ConnectionError):
    """Reported like any connection failure: exit 1, one line."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            f"the exchange could not be asked whether the key reads this database's account ({cause}); "
            "retry when it answers, or pass --offline to rebind without that check"
        )


def show(args: argparse.Namespace, out: TextIO) -> int:
    """Print the database's binding, schema version and size; reads only, and works whatever mode is stated."""
    from adapters.sqlite.connection import open_database
    from adapters.sqlite.event_store import SqliteEventStore
    from adapters.sqlite.identity import SqliteIdentityStore
    from adapters.sqlite.migrations import applied_versions

    database = _existing(args)
    connection = open_database(database)
    try:
        identity, events = SqliteIdentityStore(connection).read(), SqliteEventStore(connection)
        rows = [
            ("database", str(database)),
            ("mode", identity.mode.value if identity else "not bound yet (the first bot or web binds it)"),
            ("account", (identity.account if identity else None) or "not recorded yet (the next bot records it)"),
            ("bound", _bound(events)),
            ("schema", f"version {max(applied_versions(connection), default=0)}"),
            ("events", str(events.last_seq())),
        ]
    finally:
        connection.close()
    for name, value in rows:
        print(f"{name:<10}{value}", file=out)
    return 0


def rebind_key(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    """Rebind the database to the account of the key configured now; see ADR 0051 for every refusal."""
    from config.secrets import load_secrets
    from entrypoints.containers.adapters import sqlite_adapters
    from entrypoints.containers.bot import build_bot_container

    if not args.yes and not stdin.isatty():
        raise ConfigError(
            "--yes", "stdin is not a terminal, so nobody can type yes: pass --yes to rebind from a script"
        )
    database = _existing(args)
    secrets = load_secrets(args.secrets)
    new = secrets.exchange_credentials().fingerprint()
    container = build_bot_container(secrets, sqlite_adapters(database))
    try:
        container.init_resources()
        adapters = container.adapters
        stored = _rebindable(adapters.identity_store().read(), database, secrets.mode, new, out)
        if stored is None:
            return 0
        leases, holder = adapters.lease_store(), holder_name(socket.gethostname(), os.getpid(), "rebind")
        _take_lease(leases, holder, adapters.clock())
        try:
            print(
                f"database {database} ({stored.mode.value})\n"
                f"  bound to account  {stored.account}\n"
                f"  configured key    {new}",
                file=out,
            )
            verified = _verify(container, args.offline, out)
            if not args.yes and not _confirmed(stdin, out):
                print("not rebound: nothing changed", file=out)
                return EXIT_FAILURE
            _still_ours(leases, holder, adapters.clock())
            seq = _record(container, stored, new, verified)
            after = adapters.identity_store().rebind(stored, new)
        finally:
            leases.release(holder)
    finally:
        container.shutdown_resources()
    if after != DatabaseIdentity(stored.mode, new):
        print(
            f"alphaengine: error: database {database}: changed meanwhile, it now belongs to "
            f"{describe(after) if after else 'nobody'}; event {seq} records a rebind that did not happen",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    print(f"database {database} rebound to account {new} (was {stored.account}); recorded as event {seq}", file=out)
    return 0


def _existing(args: argparse.Namespace) -> Path:
    database = database_path(args)
    if not database.is_file():
        raise ConfigError(f"database {database}", "no such file: pass --db for the database to use")
    return database


def _bound(events: EventStore) -> str:
    """The last rebind, or 'at first use' (a binding's time is not stored; the first event dates the file)."""
    last = next(iter(events.query(EventQuery(types=(DatabaseAccountRebound.TYPE,), limit=1))), None)
    rebound = last.event.payload if last is not None else None
    if last is not None and isinstance(rebound, DatabaseAccountRebound):
        check = "checked on the exchange" if rebound.verified else "exchange check skipped with --offline"
        return (
            f"rebound {format_utc(last.event.ts)} by {rebound.rebound_by} from account {rebound.old_account} "
            f"(event {last.seq}, {check})"
        )
    first = events.read_after(0, limit=1)
    return f"at first use (first event {format_utc(first[0].event.ts)})" if first else "at first use (no event yet)"


def _rebindable(
    stored: DatabaseIdentity | None,
    database: Path,
    mode: str,
    new: str,
    out: TextIO,
) -> DatabaseIdentity | None:
    """The identity to replace, or None when there is nothing to do; raises NotRebound for another mode."""
    if stored is None:
        raise ConfigError(f"database {database}", "not bound to any account yet: the first bot binds it to its key")
    if stored.mode.value != mode:
        raise NotRebound(
            f"database {database}",
            (
                f"belongs to {describe(stored)}, not {mode}: only the account's key can change, never the mode; "
                f"set ALPHAENGINE_MODE={stored.mode.value} and that mode's new key, or pass --db for another file"
            ),
        )
    if stored.account in (None, new):
        print(f"database {database} already admits account {new} ({describe(stored)}): nothing to rebind", file=out)
        return None
    return stored


def _take_lease(leases: LeaseStore, holder: str, clock: Any) -> None:
    attempt = leases.acquire(holder, REBIND_LEASE_TTL, clock.now())
    if not attempt.granted:
        raise LeaseHeld(attempt.lease, "a database is rebound only while no bot runs on it")


def _still_ours(leases: LeaseStore, holder: str, clock: Any) -> None:
    """No bot may have started while the operator read and typed: the lease must still be ours."""
    try:
        leases.heartbeat(holder, clock.now())
    except LeaseLost as lost:
        raise ConfirmedTooLate(f"{lost}; nothing changed: run rebind-key again once no bot runs") from None


def _verify(container: Any, offline: bool, out: TextIO) -> bool:
    """Whether the exchange showed the database's account behind the new key; raises NotRebound when it showed
    another, ExchangeUnreachable when it could not be asked."""
    import anyio

    if offline:
        print("exchange check skipped (--offline): the key's account was NOT compared with the database", file=out)
        return False
    projector, symbol = container.projector(), container.settings().trading.symbol

    async def read() -> Any:
        async with container.gateway():
            projector.catch_up()
            return await container.reconciler().snapshot(projector.state)

    try:
        snapshot = anyio.run(read)
    except ExchangeRejected as exc:
        raise NotRebound(
            "exchange",
            f"refused the configured key ({exc}): check the key, its secret and its permissions; nothing changed",
        ) from None
    except (ExchangeError, OSError) as exc:
        raise ExchangeUnreachable(exc) from None
    match = match_account(snapshot, projector.state, symbol)
    _report_match(match, symbol, out)
    return True


def _report_match(match: AccountMatch, symbol: str, out: TextIO) -> None:
    if not match.same:
        raise NotRebound(
            "exchange",
            "the configured key reads another account than this database's: "
            f"{'; '.join(match.refusals)}; use this account's key, or pass --db for another file",
        )
    print(f"checked on the exchange: the key authenticates and the account matches the database ({symbol})", file=out)
    for note in match.notes:
        print(f"  note: {note}", file=out)


def _confirmed(stdin: TextIO, out: TextIO) -> bool:
    print("Type yes to rebind the database to the configured key: ", end="", file=out, flush=True)
    return stdin.readline().strip() == "yes"


def _record(container: Any, stored: DatabaseIdentity, new: str, verified: bool) -> int:
    """Append the rebind to the log before the identity changes: a crash in between leaves a fact to retry, never
    an unrecorded rebind."""
    payload = DatabaseAccountRebound(stored.account or "", new, operator_name(), verified)
    [appended] = container.writer().append([payload], Source.CLI)
    seq: int = appended.seq
    return seq


def operator_name() -> str:
    """cli:<user>@<host> as far as the system tells it, else cli."""
    try:
        who = f"cli:{getpass.getuser()}@{socket.gethostname()}"
    except (OSError, KeyError):
        return "cli"
    return who if len(who) <= MAX_OPERATOR and find_bad_text({"who": who}) is None else "cli"
