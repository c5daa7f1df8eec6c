"""`alphaengine database show | rebind-key` (ADR 0051): a rotated API key takes its database over only when it may."""

from __future__ import annotations

import argparse
import io
import os
import signal
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.identity import SqliteIdentityStore
from adapters.sqlite.lease import SqliteLeaseStore
from adapters.sqlite.migrations import available_migrations
from config.constants import SimCredentials
from domain.events import DatabaseAccountRebound, PositionChanged, new_event
from domain.values import Mode, Scope, Source
from entrypoints.cli import build_parser
from entrypoints.database_command import ConfirmedTooLate, rebind_key
from ports.database_identity import DatabaseIdentity
from tests.cli.conftest import Cli, free_port
from tests.cli.test_database_mode import SIM, TESTNET_SECRET, WEB_SECRET, bind, fingerprint
from tests.harness.processes import Background

OLD_KEY, NEW_KEY = "OldTestnetApiKey0123456789", "NewTestnetApiKey0123456789"
FOREIGN = "0011223344556677"


def start_sim_for(cli: Cli, api_key: str, api_secret: str = TESTNET_SECRET) -> Background:
    """A simulator that accepts only `api_key`, seeded as every other: the same market, the same wallet."""
    port = free_port()
    sim = cli.start(
        "-m", "entrypoints.cli", "sim", "--port", str(port), "--api-key", api_key, "--api-secret", api_secret
    )
    sim.wait_for(r"AlphaEngine Binance simulator")
    url = f"127.0.0.1:{port}"
    # Testnet keeps Binance's un-split WebSocket layout; the simulator serves production's paths
    cli.env.update(
        ALPHAENGINE_REST_URL=f"http://{url}",
        ALPHAENGINE_WS_URL=f"ws://{url}",
        ALPHAENGINE_WS_MARKET_PATH="/market",
        ALPHAENGINE_WS_PUBLIC_PATH="/public",
        ALPHAENGINE_WS_PRIVATE_PATH="/private",
    )
    return sim


def keyed_testnet(api_key: str) -> dict[str, str]:
    return {
        "ALPHAENGINE_MODE": "testnet",
        "ALPHAENGINE_TESTNET_API_KEY": api_key,
        "ALPHAENGINE_TESTNET_API_SECRET": TESTNET_SECRET,
        "ALPHAENGINE_WEB_SECRET_KEY": WEB_SECRET,
    }


def identity(db: Path) -> DatabaseIdentity | None:
    connection = open_database(db)
    try:
        return SqliteIdentityStore(connection).read()
    finally:
        connection.close()


def rebinds(db: Path) -> list[DatabaseAccountRebound]:
    connection = open_database(db)
    try:
        stored = SqliteEventStore(connection).read_after(0, limit=1000)
    finally:
        connection.close()
    return [s.event.payload for s in stored if isinstance(s.event.payload, DatabaseAccountRebound)]


def test_a_rotated_key_is_refused_until_rebound_after_an_exchange_check_then_the_bot_boots(cli: Cli) -> None:
    old_sim = start_sim_for(cli, OLD_KEY)
    cli.env.update(keyed_testnet(OLD_KEY))
    bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))
    bot.wait_for(r"READY after \d+ boot phases")

    while_running = cli.run("database", "rebind-key", "--yes", env=keyed_testnet(NEW_KEY))

    assert while_running.returncode == 1
    assert while_running.stderr.splitlines()[-1].startswith(
        "alphaengine: error: another bot is already running on this database: "
    )
    assert bot.interrupt(signal.SIGTERM) == 0
    # The key is rotated: the old one is revoked, the exchange accepts only the new one
    old_sim.kill()
    start_sim_for(cli, NEW_KEY)
    cli.env.update(keyed_testnet(NEW_KEY))

    refused = cli.run("bot")
    rebound = cli.run("database", "rebind-key", "--yes")

    assert refused.returncode == 2 and "not account " + fingerprint(NEW_KEY) in refused.stderr
    assert rebound.returncode == 0, rebound.stderr
    assert "checked on the exchange: the key authenticates and the account matches the database" in rebound.stdout
    assert identity(cli.db) == DatabaseIdentity(Mode.TESTNET, fingerprint(NEW_KEY))
    [event] = rebinds(cli.db)
    assert (event.old_account, event.new_account, event.verified) == (fingerprint(OLD_KEY), fingerprint(NEW_KEY), True)
    assert OLD_KEY not in rebound.stdout + rebound.stderr and NEW_KEY not in rebound.stdout + rebound.stderr
    bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))
    bot.wait_for(r"READY after \d+ boot phases")
    assert bot.interrupt(signal.SIGTERM) == 0


def test_a_key_whose_account_holds_another_position_is_refused_and_nothing_changes(cli: Cli) -> None:
    bind(cli.db, DatabaseIdentity(Mode.SIM, FOREIGN))
    long_five = PositionChanged(Decimal("5"), Decimal("0.5"), "ORDER", datetime(2026, 1, 1, tzinfo=UTC))
    scope = Scope("BINANCE", "FUTURES", "main", "XRPUSDT", Mode.SIM)
    connection = open_database(cli.db)
    try:
        SqliteEventStore(connection).append(
            [new_event(long_five, event_id="ev-1", ts=long_five.changed_at, scope=scope, source=Source.REST)]
        )
    finally:
        connection.close()
    start_sim_for(cli, SimCredentials.API_KEY, SimCredentials.API_SECRET)

    result = cli.run("database", "rebind-key", "--yes")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        (
            "alphaengine: config error: exchange: the configured key reads another account than this database's: "
            "position XRPUSDT: 5 in the database (with the trades listed since), 0 on the exchange; use this account's "
            "key, or pass --db for another file"
        )
    ]
    assert identity(cli.db) == DatabaseIdentity(Mode.SIM, FOREIGN) and rebinds(cli.db) == []


def test_an_unreachable_exchange_refuses_unless_offline_which_says_the_check_was_skipped(cli: Cli) -> None:
    bind(cli.db, DatabaseIdentity(Mode.SIM, FOREIGN))
    cli.env["ALPHAENGINE_REST_URL"] = f"http://127.0.0.1:{free_port()}"

    unreachable = cli.run("database", "rebind-key", "--yes")
    offline = cli.run("database", "rebind-key", "--yes", "--offline")

    assert unreachable.returncode == 1
    assert unreachable.stderr.splitlines()[-1].startswith(
        "alphaengine: error: the exchange could not be asked whether the key reads this database's account"
    )
    assert unreachable.stderr.splitlines()[-1].endswith(
        "retry when it answers, or pass --offline to rebind without that check"
    )
    assert offline.returncode == 0, offline.stderr
    assert "exchange check skipped (--offline)" in offline.stdout
    assert identity(cli.db) == SIM
    [event] = rebinds(cli.db)
    assert (event.old_account, event.new_account, event.verified) == (FOREIGN, SIM.account, False)


def test_a_bot_holding_the_lease_refuses_the_rebind_in_one_line(cli: Cli) -> None:
    bind(cli.db, DatabaseIdentity(Mode.SIM, FOREIGN))
    connection = open_database(cli.db)
    try:
        now = datetime.now(UTC)
        assert SqliteLeaseStore(connection).acquire("elsewhere/pid 4242/abcd", timedelta(minutes=5), now).granted
    finally:
        connection.close()

    result = cli.run("database", "rebind-key", "--yes", "--offline")

    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("alphaengine: error: another bot is already running on this database: elsewhere/pid 4242/")
    assert identity(cli.db) == DatabaseIdentity(Mode.SIM, FOREIGN) and rebinds(cli.db) == []


def test_a_mode_change_is_refused_only_the_key_may_change(cli: Cli) -> None:
    bind(cli.db, DatabaseIdentity(Mode.TESTNET, FOREIGN))  # the cli fixture states mode: sim

    result = cli.run("database", "rebind-key", "--yes", "--offline")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        (
            f"alphaengine: config error: database {cli.db}: belongs to testnet (account {FOREIGN}), not sim: only the "
            "account's key can change, never the mode; set ALPHAENGINE_MODE=testnet and that mode's new key, or pass "
            "--db for another file"
        )
    ]
    assert identity(cli.db) == DatabaseIdentity(Mode.TESTNET, FOREIGN)


def test_without_a_terminal_and_without_yes_nothing_is_asked_and_nothing_changes(cli: Cli) -> None:
    bind(cli.db, DatabaseIdentity(Mode.SIM, FOREIGN))

    result = cli.run("database", "rebind-key", "--offline", stdin="yes\n")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        (
            "alphaengine: config error: --yes: stdin is not a terminal, so nobody can type yes: pass --yes to rebind "
            "from a script"
        )
    ]
    assert identity(cli.db) == DatabaseIdentity(Mode.SIM, FOREIGN)


def test_show_prints_the_binding_and_the_last_rebind(cli: Cli) -> None:
    bind(cli.db, DatabaseIdentity(Mode.SIM, FOREIGN))
    before = cli.run("database", "show")
    assert cli.run("database", "rebind-key", "--yes", "--offline").returncode == 0

    after = cli.run("database", "show", env={"ALPHAENGINE_MODE": "testnet"})  # reads whatever mode is stated

    assert before.returncode == 0, before.stderr
    assert before.stdout.splitlines() == [
        f"database  {cli.db}",
        "mode      sim",
        f"account   {FOREIGN}",
        "bound     at first use (no event yet)",
        f"schema    version {available_migrations()[-1].version}",
        "events    0",
    ]
    assert after.returncode == 0, after.stderr
    lines = after.stdout.splitlines()
    assert lines[2] == f"account   {SIM.account}"
    assert lines[3].startswith("bound     rebound ") and lines[3].endswith(
        f"from account {FOREIGN} (event 1, exchange check skipped with --offline)"
    )
    assert lines[5] == "events    1"


def test_show_of_a_missing_file_creates_nothing(cli: Cli) -> None:
    result = cli.run("database", "show")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"alphaengine: config error: database {cli.db}: no such file: pass --db for the database to use"
    ]
    assert not cli.db.exists()


def test_a_key_the_exchange_refuses_is_not_bound(cli: Cli) -> None:
    bind(cli.db, DatabaseIdentity(Mode.SIM, FOREIGN))
    start_sim_for(cli, SimCredentials.API_KEY, "AnotherSecretThanTheConfiguredOne")

    result = cli.run("database", "rebind-key", "--yes")

    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "alphaengine: config error: exchange: refused the configured key (exchange rejected the request: -1022 "
    )
    assert identity(cli.db) == DatabaseIdentity(Mode.SIM, FOREIGN) and rebinds(cli.db) == []


class Terminal(io.StringIO):
    """What an operator types at a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("typed", "status", "account"), [("yes\n", 0, SIM.account), ("y\n", 1, FOREIGN), ("", 1, FOREIGN)]
)
def test_at_a_terminal_only_a_typed_yes_rebinds(
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
    status: int,
    account: str,
) -> None:
    bind(cli.db, DatabaseIdentity(Mode.SIM, FOREIGN))
    for name in [name for name in os.environ if name.startswith("ALPHAENGINE_")]:
        monkeypatch.delenv(name)
    args = argparse.Namespace(db=cli.db, secrets=Path(cli.env["ALPHAENGINE_SECRETS"]), yes=False, offline=True)
    out = io.StringIO()

    assert rebind_key(args, Terminal(typed), out) == status

    assert "Type yes to rebind the database to the configured key: " in out.getvalue()
    assert identity(cli.db) == DatabaseIdentity(Mode.SIM, account)


def test_a_bot_that_took_the_lease_while_the_operator_typed_leaves_the_database_unchanged(
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bind(cli.db, DatabaseIdentity(Mode.SIM, FOREIGN))
    for name in [name for name in os.environ if name.startswith("ALPHAENGINE_")]:
        monkeypatch.delenv(name)

    class TakenMeanwhile(Terminal):
        def readline(self, size: int | None = -1) -> str:
            connection = open_database(cli.db)
            try:
                leases = SqliteLeaseStore(connection)
                ours = leases.current()
                assert ours is not None
                now = datetime.now(UTC)
                assert leases.take_over(ours, "elsewhere/pid 4242/abcd", timedelta(minutes=1), now).granted
            finally:
                connection.close()
            return "yes\n"

    args = argparse.Namespace(db=cli.db, secrets=Path(cli.env["ALPHAENGINE_SECRETS"]), yes=False, offline=True)

    with pytest.raises(ConfirmedTooLate, match="lease of .*/rebind was lost .*; nothing changed: run rebind-key again"):
        rebind_key(args, TakenMeanwhile(), io.StringIO())

    assert identity(cli.db) == DatabaseIdentity(Mode.SIM, FOREIGN) and rebinds(cli.db) == []


def test_the_help_names_the_bots_default_database_and_only_the_demo_names_its_own() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    database = next(a for a in commands["database"]._actions if isinstance(a, argparse._SubParsersAction)).choices
    rebind_help = " ".join(database["rebind-key"].format_help().split())

    assert "default $ALPHAENGINE_DB or data/alphaengine.sqlite3" in rebind_help
    assert "default data/demo.sqlite3" in " ".join(commands["demo"].format_help().split())
    assert parser.parse_args(["demo", "--db", "x.sqlite3"]).db == Path("x.sqlite3")
