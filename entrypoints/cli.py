"""The `alphaengine` command: version, config show/set, user add/api-key, audit export, strategy new/list, transfer,
rebuild, events, database, backup, restore, doctor, bot, pnl, web, demo, sim, trial, bench."""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TextIO

from config.constants import ENV_DB_PATH, ENV_SECRETS_PATH, Defaults
from config.errors import ConfigError
from entrypoints import cli_services as services
from entrypoints.cli_services import EXIT_CONFIG, EXIT_FAILURE
from entrypoints.transfer_command import add_transfer
from ports.config_store import ConfigEntry
from ports.errors import ConfigVersionConflict, StorageError
from ports.lease import LeaseHeld
from ports.user_store import Role

PACKAGES = ("domain", "ports", "application", "adapters", "entrypoints", "config")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; bad configuration exits 2 with one line on stderr, never a traceback."""
    args = build_parser().parse_args(argv)
    refused = _unclean_argument(args)
    if refused is not None:
        print(f"alphaengine: argument {refused}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        code: int = args.handler(args)
        return code
    except KeyboardInterrupt:
        return 130
    except BaseException as exc:  # noqa: BLE001 - _report re-raises what it does not know
        # Task groups wrap errors in exception groups: _report unwraps them and re-raises what it does not know
        return _report(exc)


def _unclean_argument(args: argparse.Namespace) -> str | None:
    """`NAME: problem` for the first text argument no store or log line may hold, else None.

    Argument bytes that are not UTF-8 arrive as lone surrogates. Paths are left to the file system.
    """
    from domain.text import find_bad_text

    texts = {name: value for name, value in vars(args).items() if isinstance(value, (str, list))}
    value = texts.get("value")
    if isinstance(value, str):
        # `config set` reads VALUE as JSON: an escape in it ("\ud800") is text too
        texts["value"] = [value, _parse_value(value)]
    found = find_bad_text(texts)
    return None if found is None else f"{found[0].split('.')[0]}: {found[1]}"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="alphaengine", description="Event-sourced Binance USDⓈ-M futures engine.")
    _add_common(parser, default=None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    show_version = commands.add_parser("version", parents=[common], help="print the version")
    show_version.add_argument("--verbose", action="store_true", help="also show where each package is imported from")
    show_version.set_defaults(handler=_version)
    _add_config(commands, common)
    _add_user(commands, common)
    commands.add_parser("rebuild", parents=[common], help="rebuild projections from the event log").set_defaults(
        handler=_rebuild,
    )
    _add_events(commands, common)
    _add_database(commands, common)
    _add_backup(commands, common)
    _add_doctor(commands, common)
    _add_alert(commands, common)
    _add_audit(commands, common)
    _add_strategy(commands, common)
    add_transfer(commands, common)
    logs = _log_flags()
    commands.add_parser("bot", parents=[common, logs], help="run the bot").set_defaults(handler=services.bot)
    pnl = commands.add_parser("pnl", parents=[common], help="print realized PnL, fees and funding")
    pnl.add_argument(
        "--check", action="store_true", help="compare with the exchange's income history; exit 1 when they differ"
    )
    pnl.set_defaults(handler=services.pnl)
    for name, handler, text in (
        ("web", services.web, "run the web server"),
        ("demo", services.demo, "simulator + bot + web in one process (sim mode)"),
    ):
        command = commands.add_parser(name, parents=[common, logs], help=text)
        command.add_argument("--host", default=Defaults.WEB_HOST, help="address to listen on (default %(default)s)")
        command.add_argument("--port", type=int, default=Defaults.WEB_PORT, help="port (default %(default)s)")
        command.set_defaults(handler=handler)
    web_tls = commands.choices["web"]
    web_tls.add_argument("--certfile", type=Path, help="serve HTTPS with this PEM certificate (needs --keyfile)")
    web_tls.add_argument("--keyfile", type=Path, help="the private key of --certfile (PEM)")
    web_tls.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        type=services.trusted_proxy,
        metavar="ADDR",
        help="believe X-Forwarded-For/-Proto only from this proxy (IP or CIDR; repeatable)",
    )
    _add_demo_options(commands.choices["demo"])
    _add_sim(commands, logs)
    _add_trial(commands, logs)
    bench = commands.add_parser("bench", help="measure the hot paths against the benchmark targets (B-numbers)")
    bench.add_argument(
        "suites",
        nargs="*",
        metavar="SUITE",
        help="parse, storage, detection, commands, recovery, streams, scale, trial (default: all)",
    )
    bench.add_argument("--quick", action="store_true", help="smaller samples, for a smoke run")
    bench.set_defaults(handler=_bench)
    return parser


def _add_demo_options(demo: argparse.ArgumentParser) -> None:
    from entrypoints.demo import DEMO_SPEED
    from entrypoints.sim import balance_option

    # The --db action comes from the shared parent: give the demo its own copy, or every command's help says this
    shared = next(action for action in demo._actions if action.dest == "db")
    db = copy.copy(shared)
    db.help = f"SQLite database file (default {Defaults.DEMO_DB_PATH}, never the bot's ${ENV_DB_PATH})"
    for actions in (demo._actions, demo._optionals._group_actions):
        actions[actions.index(shared)] = db
    demo._option_string_actions.update(dict.fromkeys(db.option_strings, db))
    demo.add_argument("--sim-host", default="127.0.0.1", help="simulator address (default %(default)s)")
    demo.add_argument("--sim-port", type=int, default=Defaults.SIM_PORT, help="simulator port (default %(default)s)")
    demo.add_argument(
        "--speed", type=float, default=DEMO_SPEED, help="simulated seconds per real second (default %(default)s)"
    )
    demo.add_argument("--seed", type=int, default=42, help="seed of the simulated market (default %(default)s)")
    demo.add_argument(
        "--spot-balance", type=balance_option, default="1000", help="spot USDT to transfer from (default 1000)"
    )


def _add_trial(commands: Any, logs: argparse.ArgumentParser) -> None:
    from entrypoints.trial.command import add_trial, trial_command

    add_trial(commands, logs)
    commands.choices["trial"].set_defaults(handler=lambda args: trial_command(args, sys.stdout, sys.stderr))


def _bench(args: argparse.Namespace) -> int:
    from entrypoints.bench.run import run_benchmarks

    try:
        run_benchmarks(args.suites, args.quick, sys.stdout)
    except ValueError as exc:
        print(f"alphaengine bench: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return 0


def _log_flags() -> argparse.ArgumentParser:
    from config.constants import ENV_LOG_FILE, ENV_LOG_FORMAT, LOG_FORMATS

    logs = argparse.ArgumentParser(add_help=False)
    logs.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        help=f"text lines, or one JSON object per line (default ${ENV_LOG_FORMAT} or text)",
    )
    logs.add_argument(
        "--log-file", metavar="PATH", help=f"log to this file instead of stderr (default ${ENV_LOG_FILE})"
    )
    logs.add_argument(
        "--log-max-mb", type=int, metavar="N", help="rotate the log file at N MiB, keeping 5 (default 20)"
    )
    return logs


def _add_sim(commands: Any, logs: argparse.ArgumentParser) -> None:
    from entrypoints.sim import (
        DEFAULT_API_KEY,
        DEFAULT_API_SECRET,
        DEFAULT_HOST,
        DEFAULT_PORT,
        balance_option,
        fault_option,
    )

    sim = commands.add_parser(
        "sim", parents=[logs], help="run the Binance USDⓈ-M simulator (REST and WebSocket on one port)"
    )
    sim.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default %(default)s)")
    sim.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default %(default)s)")
    sim.add_argument("--seed", type=int, default=42, help="seed of prices and ids (default %(default)s)")
    sim.add_argument("--api-key", default=DEFAULT_API_KEY, help="accepted API key (default: the sim-only key)")
    sim.add_argument("--api-secret", default=DEFAULT_API_SECRET, help="its secret (default: the sim-only secret)")
    sim.add_argument("--speed", type=float, default=1.0, help="simulated seconds per real second (default 1)")
    sim.add_argument("--balance", type=balance_option, default="10000", help="futures USDT at start (default 10000)")
    sim.add_argument("--spot-balance", type=balance_option, default="0", help="spot USDT at start (default 0)")
    sim.add_argument(
        "--fault",
        type=fault_option,
        action="append",
        default=[],
        metavar="NAME[:k=v,...]",
        help="arm a fault at start-up, e.g. unknown_503:count=2,placed=false (repeatable; see docs/simulator.md)",
    )
    sim.set_defaults(handler=_sim)


def _sim(args: argparse.Namespace) -> int:
    import anyio

    from entrypoints.runtime import configure_logging, log_options, run_until_stopped
    from entrypoints.sim import SimSettings, banner, build_sim_app, build_simulation, serve_app

    settings = SimSettings(
        host=args.host,
        port=args.port,
        seed=args.seed,
        api_key=args.api_key,
        api_secret=args.api_secret,
        speed=args.speed,
        balance=args.balance,
        spot_balance=args.spot_balance,
        faults=tuple(args.fault),
    )
    try:
        app = build_sim_app(build_simulation(settings), {settings.api_key: settings.api_secret}, settings.faults)
    except ValueError as exc:
        print(f"alphaengine sim: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    # After the checks, so a refused start leaves logging alone; the banner lists the faults armed above
    try:
        configure_logging(options=log_options(args))
    except ConfigError as exc:
        print(f"alphaengine sim: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    print(banner(settings), flush=True)
    service = partial(serve_app, app, settings.host, settings.port)
    anyio.run(partial(run_until_stopped, service), backend="asyncio")
    return 0


def _add_common(parser: argparse.ArgumentParser, default: Any) -> None:
    where = f"default ${ENV_DB_PATH} or {Defaults.DB_PATH}"
    parser.add_argument("--db", type=Path, default=default, metavar="PATH", help=f"SQLite database file ({where})")
    parser.add_argument(
        "--secrets",
        type=Path,
        default=default,
        metavar="PATH",
        help=f"secrets file (default ${ENV_SECRETS_PATH} or {Defaults.SECRETS_PATH})",
    )


def _add_config(commands: Any, common: argparse.ArgumentParser) -> None:
    config = commands.add_parser("config", parents=[common], help="show or change runtime settings")
    actions = config.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", parents=[common], help="print every runtime setting with its version")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_config_show)
    put = actions.add_parser("set", parents=[common], help="set KEY (dotted, e.g. risk.max_risk_per_trade) to VALUE")
    put.add_argument("key")
    put.add_argument("value", help="parsed as JSON if it parses, else taken as a string")
    put.add_argument("--expect-version", type=int, default=None, help="fail unless the section is at this version")
    put.set_defaults(handler=_config_set)


def _add_events(commands: Any, common: argparse.ArgumentParser) -> None:
    events = commands.add_parser("events", parents=[common], help="read the event log")
    actions = events.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser(
        "show", parents=[common], help="print event SEQ as stored, even one that cannot be folded"
    )
    show.add_argument("seq", type=int)
    show.set_defaults(handler=_events_show)


def _events_show(args: argparse.Namespace) -> int:
    from entrypoints.event_view import stored_event_json

    def show(adapters: Any) -> int:
        columns = adapters.event_store().stored_columns(args.seq)
        if columns is None:
            print(
                f"alphaengine: no event {args.seq} (the log ends at {adapters.event_store().last_seq()})",
                file=sys.stderr,
            )
            return EXIT_FAILURE
        print(stored_event_json(columns))
        return 0

    return _with_adapters(args, show)


def _add_database(commands: Any, common: argparse.ArgumentParser) -> None:
    from entrypoints import database_command

    database = commands.add_parser("database", parents=[common], help="what the database belongs to (ADR 0046, 0051)")
    actions = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser(
        "show", parents=[common], help="print its mode, account, schema version and event count"
    ).set_defaults(handler=lambda args: database_command.show(args, sys.stdout))
    rebind = actions.add_parser(
        "rebind-key", parents=[common], help="rebind it to the rotated API key configured now (same mode, same account)"
    )
    rebind.add_argument("--yes", action="store_true", help="do not ask for confirmation (for scripts)")
    rebind.add_argument(
        "--offline",
        action="store_true",
        help="skip the check that the key reads this database's account on the exchange",
    )
    rebind.set_defaults(handler=lambda args: database_command.rebind_key(args, sys.stdin, sys.stdout))


def _add_backup(commands: Any, common: argparse.ArgumentParser) -> None:
    from entrypoints import backup_command

    backup = commands.add_parser("backup", parents=[common], help="copy the database while the bot runs (ADR 0072)")
    backup.add_argument("--to", metavar="PATH", help="backup file or folder (default data/backups/)")
    backup.add_argument("--keep", type=int, metavar="N", help="then delete this database's oldest backups beyond N")
    backup.set_defaults(handler=lambda args: backup_command.backup(args, sys.stdout))
    restore = commands.add_parser("restore", parents=[common], help="replace the database with a backup")
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="a file written by `alphaengine backup`")
    restore.add_argument("--force", action="store_true", help="replace an existing database")
    restore.set_defaults(handler=lambda args: backup_command.restore(args, sys.stdout))


def _add_doctor(commands: Any, common: argparse.ArgumentParser) -> None:
    from entrypoints.doctor import DEFAULT_TIMEOUT_S

    check = commands.add_parser("doctor", parents=[common], help="check the deployment; exit 1 on a FAIL (ADR 0076)")
    check.add_argument("--json", action="store_true", help="print the checks as JSON")
    check.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per exchange request (default %(default)s)"
    )
    check.add_argument("--backups", metavar="DIR", help="where the backups are (default data/backups/)")
    check.set_defaults(handler=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    from entrypoints.doctor.command import doctor

    return doctor(args, sys.stdout)


def _add_alert(commands: Any, common: argparse.ArgumentParser) -> None:
    from entrypoints import alert_command

    alert = commands.add_parser("alert", parents=[common], help="send an alert to alerts.urls (ADR 0078)")
    alert.add_argument("kind", choices=alert_command.KINDS, help="bot-down (systemd's OnFailure= unit) or test")
    alert.add_argument("--unit", metavar="NAME", help="the unit that failed (systemd's %%i)")
    alert.set_defaults(handler=lambda args: alert_command.alert(args, sys.stdout))


def _add_audit(commands: Any, common: argparse.ArgumentParser) -> None:
    from entrypoints import audit_command

    audit = commands.add_parser("audit", parents=[common], help="read the web's audit trail (ADR 0081)")
    actions = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", parents=[common], help="print the audit trail, newest first")
    export.add_argument("--since", type=audit_command.since_argument, metavar="ISO", help="only entries from then on")
    export.add_argument("--user", help="only this user's entries (for a failed login, the name tried)")
    export.add_argument("--format", choices=audit_command.FORMATS, default="jsonl", help="default %(default)s")
    export.set_defaults(
        handler=lambda args: _with_adapters(
            args, lambda adapters: audit_command.export(adapters.audit_log(), args, sys.stdout)
        )
    )


def _add_strategy(commands: Any, common: argparse.ArgumentParser) -> None:
    from entrypoints import strategy_command

    strategy = commands.add_parser("strategy", parents=[common], help="write a new strategy or list the installed ones")
    actions = strategy.add_subparsers(dest="action", required=True, metavar="ACTION")
    new = actions.add_parser("new", parents=[common], help="scaffold a strategy distribution in DIR/NAME")
    new.add_argument("name", metavar="NAME", help="the strategy's name, e.g. my_breakout")
    new.add_argument("--dir", default=".", help="where to create NAME/ (default: the current folder)")
    new.set_defaults(handler=lambda args: strategy_command.new(args, sys.stdout, sys.stderr))
    listing = actions.add_parser("list", parents=[common], help="the installed strategies with their parameters")
    listing.add_argument("--json", action="store_true", help="print them as JSON")
    listing.set_defaults(handler=lambda args: strategy_command.show(args, sys.stdout))


def _add_user(commands: Any, common: argparse.ArgumentParser) -> None:
    user = commands.add_parser("user", parents=[common], help="manage web dashboard users")
    actions = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="add a user (password piped on stdin, else typed twice)")
    add.add_argument("name")
    add.add_argument(
        "--role",
        choices=[role.value for role in Role],
        default=Role.ADMIN.value,
        help="viewer reads; trader also pauses, cancels and closes; admin also changes settings (default %(default)s)",
    )
    add.set_defaults(handler=_user_add)
    key = actions.add_parser(
        "api-key",
        parents=[common],
        help="make a user an automation API key (shown once); `api-key list [NAME]`, `api-key revoke KEY_ID`",
    )
    # One word decides: list, revoke, create (for a user so named), else the user to make a key for
    key.add_argument("words", nargs="+", metavar="ARG", help="NAME, or: list [NAME], revoke KEY_ID, create NAME")
    key.add_argument("--label", default="", help="what the key is for")
    key.add_argument("--role", choices=[role.value for role in Role], help="the key's scope (default: the user's role)")
    expiry = key.add_mutually_exclusive_group()
    expiry.add_argument("--expires-in", type=int, metavar="DAYS", help="stop working after DAYS days (1-3650)")
    expiry.add_argument("--expires", metavar="TIME", help="stop working at this ISO-8601 time, e.g. 2027-01-31T00:00Z")
    key.set_defaults(handler=_user_api_key)
    _add_user_lifecycle(actions, common)
    _add_user_sessions(actions, common)
    totp = actions.add_parser(
        "totp", parents=[common], help="enrol a user's TOTP second factor (URI and codes shown once)"
    )
    totp.add_argument("name")
    totp.add_argument("--disable", action="store_true", help="remove the user's second factor instead")
    totp.set_defaults(handler=_user_totp)


def _add_user_lifecycle(actions: Any, common: argparse.ArgumentParser) -> None:
    actions.add_parser("list", parents=[common], help="list users: role, disabled, created, live API keys")
    for action, text in (
        ("disable", "stop a user's logins, sessions and API keys until enabled"),
        ("enable", "let a disabled user in again"),
        ("delete", "delete a user and its API keys (needs --yes)"),
    ):
        actions.add_parser(action, parents=[common], help=text).add_argument("name")
    actions.choices["delete"].add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    for action in ("list", "disable", "enable", "delete"):
        actions.choices[action].set_defaults(handler=_user_lifecycle)


def _user_lifecycle(args: argparse.Namespace) -> int:
    from entrypoints.web.security.user_admin import user_command

    database = services.database_path(args)
    return _with_adapters(args, lambda _: user_command(database, args, sys.stdout, sys.stderr))


def _add_user_sessions(actions: Any, common: argparse.ArgumentParser) -> None:
    # ADR 0083: a new password or role ends the user's sessions
    passwd = actions.add_parser(
        "passwd", parents=[common], help="set a password (piped, else typed twice); ends sessions"
    )
    passwd.add_argument("name")
    passwd.set_defaults(handler=_user_sessions_work("passwd"))
    role = actions.add_parser("role", parents=[common], help="set a user's role; ends their sessions")
    role.add_argument("name")
    role.add_argument("role", choices=[r.value for r in Role])
    role.set_defaults(handler=_user_sessions_work("role"))
    sessions = actions.add_parser("sessions", parents=[common], help="list a user's live web sessions")
    sessions.add_argument("name")
    sessions.add_argument("--revoke-all", action="store_true", help="end every session of the user")
    sessions.set_defaults(handler=_user_sessions_work("sessions"))


def _user_sessions_work(action: str) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        from entrypoints.web.security import user_sessions as cmd

        def work(adapters: Any) -> int:
            stores = (adapters.user_store(), adapters.session_store(), adapters.clock())
            if action == "passwd":
                return cmd.passwd_command(*stores, args.name, sys.stdin, sys.stdout, sys.stderr)
            if action == "role":
                return cmd.role_command(*stores, args.name, Role(args.role), sys.stdout, sys.stderr)
            return cmd.sessions_command(*stores, args.name, args.revoke_all, sys.stdout, sys.stderr)

        return _with_adapters(args, work)

    return handler


def _user_add(args: argparse.Namespace) -> int:
    from entrypoints.web.security.accounts import add_user_command

    database = services.database_path(args)
    role = Role(args.role)
    return _with_adapters(
        args, lambda _: add_user_command(database, args.name, sys.stdin, sys.stdout, sys.stderr, role)
    )


def _user_api_key(args: argparse.Namespace) -> int:
    from entrypoints.web.security.user_admin import api_key_command

    database = services.database_path(args)
    return _with_adapters(args, lambda _: api_key_command(database, args, sys.stdout, sys.stderr))


def _user_totp(args: argparse.Namespace) -> int:
    from config.secrets import load_secrets
    from entrypoints.web.security.totp_accounts import totp_command

    def work(adapters: Any) -> int:
        # Sealed with the secret the web of this database's mode reads (ADR 0085)
        identity = adapters.identity_store().read()
        mode = identity.mode.value if identity else None
        secret = load_secrets(args.secrets, mode=mode, exchange_keys=False).web_secret_key.reveal()
        users, factors = adapters.user_store(), adapters.second_factor_store()
        return totp_command(users, factors, secret, args.name, args.disable, sys.stdout, sys.stderr)

    return _with_adapters(args, work)


def _with_adapters(args: argparse.Namespace, work: Callable[[Any], int]) -> int:
    """Run `work` on the database's adapters once the database is known to belong to the mode asked for (if any)."""
    from config.secrets import stated_mode
    from entrypoints.containers.adapters import sqlite_adapters
    from entrypoints.database_mode import check_database

    database = services.database_path(args)
    adapters = sqlite_adapters(database)
    try:
        check_database(adapters.identity_store(), database, stated_mode(args.secrets))
        return work(adapters)
    finally:
        adapters.shutdown_resources()


def _version(args: argparse.Namespace) -> int:
    try:
        print(f"alphaengine {version('alphaengine')}")
    except PackageNotFoundError:
        print("alphaengine (not installed: run `make venv`)")
    if args.verbose:
        print(f"python {sys.version.split()[0]} {sys.executable}")
        for name in PACKAGES:
            print(f"{name:<12} {Path(importlib.import_module(name).__file__ or '?').resolve()}")
    return 0


def _config_show(args: argparse.Namespace) -> int:
    from entrypoints.runtime import seed_settings
    from entrypoints.traded import traded

    def show(adapters: Any) -> int:
        store = adapters.config_store()
        seed_settings(store, adapters.clock())
        entries, pending = store.all(), traded(adapters).pending
        if args.json:
            shown = {e.key: _entry_json(e) for e in entries}
            if pending:
                shown["trading"]["pending_restart"] = list(pending)
            print(json.dumps(shown, indent=2, sort_keys=True))
            return 0
        for entry in entries:
            print(f"# {entry.key}: version {entry.version}, {_when(entry)} by {entry.updated_by}")
            for dotted, value in _flatten(entry.key, entry.value):
                print(f"{dotted} = {json.dumps(value)}")
        for line in pending:
            print(f"# pending until the bot restarts: {line}")
        return 0

    return _with_adapters(args, show)


def _config_set(args: argparse.Namespace) -> int:
    from config.settings import RESTART_KEYS
    from entrypoints.runtime import update_setting

    value = _parse_value(args.value)

    def put(adapters: Any) -> int:
        entry = update_setting(
            adapters.config_store(),
            adapters.clock(),
            args.key,
            value,
            updated_by="cli",
            expected_version=args.expect_version,
        )
        print(f"{args.key} = {json.dumps(value)} ({entry.key} is now version {entry.version})")
        if any(key.startswith(args.key) or args.key.startswith(key) for key in RESTART_KEYS):
            print("a running bot takes it at its next start: pending until then (ADR 0044)")
        return 0

    return _with_adapters(args, put)


def _rebuild(args: argparse.Namespace) -> int:
    from application.projector import Projector

    def rebuild(adapters: Any) -> int:
        projector = Projector(adapters.event_store(), adapters.projection_store())
        started = time.perf_counter()
        try:
            report = projector.rebuild(progress=_progress_bar(sys.stderr))
        finally:
            # End the progress line, so what follows (a report or the one-line error) stands on its own line
            sys.stderr.write("\n")
        seconds = time.perf_counter() - started
        rate = report.events / seconds if seconds > 0 else 0.0
        print(
            f"rebuilt projections: {report.events} events in {seconds:.2f} s ({rate:.0f} events/s),"
            f" checkpoint {report.checkpoint}",
        )
        return 0

    return _with_adapters(args, rebuild)


def _parse_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _progress_bar(stream: TextIO, width: int = 30) -> Callable[[int, int], None]:
    def show(seq: int, total: int) -> None:
        done = min(seq / total, 1.0) if total else 1.0
        bar = "#" * int(done * width)
        stream.write(f"\rrebuilding [{bar:<{width}}] {done:4.0%} {seq}/{total} events")
        stream.flush()

    return show


def _flatten(prefix: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        return [pair for key, inner in value.items() for pair in _flatten(f"{prefix}.{key}", inner)]
    return [(prefix, value)]


def _when(entry: ConfigEntry) -> str:
    return entry.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry_json(entry: ConfigEntry) -> dict[str, Any]:
    return {"value": entry.value, "version": entry.version, "updated_at": _when(entry), "updated_by": entry.updated_by}


def _report(exc: BaseException) -> int:
    leaf = _leaf(exc)
    if isinstance(leaf, KeyboardInterrupt):
        return 130
    if isinstance(leaf, ConfigError):
        print(f"alphaengine: config error: {leaf}", file=sys.stderr)
        return EXIT_CONFIG
    if isinstance(leaf, ConfigVersionConflict):
        print(f"alphaengine: {leaf}: it changed meanwhile; check `alphaengine config show` and retry", file=sys.stderr)
        return EXIT_FAILURE
    if isinstance(leaf, (StorageError, OSError, LeaseHeld, TimeoutError)):
        print(f"alphaengine: error: {leaf}", file=sys.stderr)
        return EXIT_FAILURE
    raise exc


def _leaf(exc: BaseException) -> BaseException:
    """The one exception inside nested task-group groups, or the group itself when there are several."""
    while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        exc = exc.exceptions[0]
    return exc


if __name__ == "__main__":
    sys.exit(main())
