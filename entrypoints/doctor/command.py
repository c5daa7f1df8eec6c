"""`alphaengine doctor [--json] [--timeout S] [--backups DIR]`: every check, one line each; exit 1 on a FAIL."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TextIO

import anyio

from config.constants import MODES, Defaults
from config.errors import ConfigError
from config.secrets import Secrets, load_secrets, secrets_path, stated_mode
from entrypoints.cli_services import EXIT_FAILURE, database_path
from entrypoints.doctor import configured_values, database, exchange, permissions
from entrypoints.doctor.verdict import Finding, Verdict, guarded, guarded_async, ok

MAX_TIMEOUT_S = 120.0
DEFAULT_BACKUPS = Path("data") / "backups"


@dataclass(frozen=True)
class Setup:
    """What the checks look at: the database, the secrets file, the mode and, when they loaded, the secrets."""

    database: Path
    secrets_file: Path
    mode: str
    secrets: Secrets | None
    backups: Path
    timeout: float


def doctor(args: argparse.Namespace, out: TextIO) -> int:
    """Print the report (text, or JSON with --json); exit 1 when any check FAILs."""
    timeout = _timeout(args.timeout)
    findings, setup = examine(args, timeout)
    if args.json:
        print(json.dumps(_report(findings, setup), indent=2), file=out)
    else:
        render(findings, setup, out)
    return EXIT_FAILURE if any(f.verdict is Verdict.FAIL for f in findings) else 0


def examine(args: argparse.Namespace, timeout: float) -> tuple[list[Finding], Setup]:
    findings: list[Finding] = []
    setup = _setup(args, timeout, findings)
    has_modes = permissions.posix()
    findings.append(
        guarded("secrets file", lambda: permissions.secrets_file(setup.secrets_file, setup.mode, has_modes=has_modes))
    )
    findings += _settings_findings(setup.secrets)
    findings.append(
        guarded("database file", lambda: permissions.database_files(setup.database, setup.mode, has_modes=has_modes))
    )
    findings.append(
        guarded("database folder", lambda: permissions.database_folder(setup.database, setup.mode, has_modes=has_modes))
    )
    findings += _database_findings(setup)
    findings.append(guarded("free disk", lambda: database.free_disk(setup.database)))
    findings.append(guarded("backup", lambda: database.backup_age(setup.database, setup.backups, _now())))
    findings += _exchange_findings(setup)
    return findings, setup


def render(findings: list[Finding], setup: Setup, out: TextIO) -> None:
    print(f"alphaengine doctor: {setup.mode} mode, database {setup.database}", file=out)
    for finding in findings:
        action = f" -> {finding.action}" if finding.action else ""
        print(f"{finding.verdict.value:<8} {finding.check:<20} {finding.detail}{action}", file=out)
    counts = {verdict: sum(f.verdict is verdict for f in findings) for verdict in Verdict}
    shown = ", ".join(f"{count} {verdict.value}" for verdict, count in counts.items() if count)
    failed = counts[Verdict.FAIL]
    print(f"{'FAILED' if failed else 'passed'}: {shown}", file=out)


def _setup(args: argparse.Namespace, timeout: float, findings: list[Finding]) -> Setup:
    file = secrets_path(args.secrets)[0]
    backups = Path(args.backups) if args.backups else DEFAULT_BACKUPS
    mode, secrets = "unknown", None
    try:
        mode = stated_mode(args.secrets) or Defaults.MODE
        secrets = load_secrets(args.secrets)
    except ConfigError as error:
        findings.append(
            Finding("secrets", Verdict.FAIL, str(error), f"fix it in {file} or the ALPHAENGINE_* variable it names")
        )
    else:
        findings.append(ok("secrets", f"{mode} mode, read from {secrets.source or 'the environment and defaults'}"))
    return Setup(database_path(args), file, mode, secrets, backups, timeout)


def _settings_findings(secrets: Secrets | None) -> list[Finding]:
    checks: list[tuple[str, Callable[[Secrets], Finding]]] = [
        ("api key", configured_values.api_keys),
        ("web secret key", configured_values.web_secret_key),
        ("endpoints", configured_values.endpoints),
    ]
    if secrets is None:
        return [_not_checked(name, "the secrets did not load") for name, _ in checks]
    return [guarded(name, partial(check, secrets)) for name, check in checks]


def _database_findings(setup: Setup) -> list[Finding]:
    from adapters.sqlite.connection import open_database
    from adapters.sqlite.health import SqliteHealthStore
    from adapters.sqlite.identity import SqliteIdentityStore

    names = ("database mode", "integrity", "wal size", "bot")
    if setup.mode not in MODES:
        return [_not_checked(name, "the mode is not known") for name in names]
    if not setup.database.is_file():
        return [
            Finding(
                "database",
                Verdict.WARN,
                f"no database at {setup.database}",
                "pass --db (or ALPHAENGINE_DB) for the bot's database; a first `alphaengine bot` creates it",
            ),
            *(_not_checked(name, "no database") for name in names),
        ]
    account = None if setup.secrets is None else setup.secrets.exchange_credentials().fingerprint()
    findings = [guarded("integrity", lambda: database.integrity(setup.database))]
    try:
        connection = open_database(setup.database, migrate=False)
    except Exception as error:  # noqa: BLE001 - reported as the FAIL lines of the checks that needed it
        return [*findings, *(guarded(name, partial(_reraise, error)) for name in names if name != "integrity")]
    try:
        mode_line = guarded(
            "database mode",
            lambda: database.mode_binding(SqliteIdentityStore(connection), setup.database, setup.mode, account),
        )
        bot = guarded("bot", lambda: database.bot_liveness(SqliteHealthStore(connection), _now()))
    finally:
        connection.close()
    return [mode_line, *findings, guarded("wal size", lambda: database.wal_size(setup.database)), bot]


def _exchange_findings(setup: Setup) -> list[Finding]:
    names = ("exchange", "clock skew", "api key permissions", "futures account")
    if setup.secrets is None:
        return [_not_checked(name, "the secrets did not load") for name in names]
    secrets = setup.secrets
    return anyio.run(partial(_ask_exchange, secrets, setup.timeout))


async def _ask_exchange(secrets: Secrets, limit_s: float) -> list[Finding]:
    from adapters.binance.rest import BinanceGateway, RestOptions
    from adapters.system.clock import SystemClock

    endpoints, pair = secrets.endpoints, secrets.exchange_credentials()
    async with BinanceGateway(
        base_url=endpoints.rest_url,
        api_key=pair.api_key,
        api_secret=pair.api_secret,
        clock=SystemClock(),
        options=RestOptions(request_timeout=limit_s),
        wallet_url=endpoints.wallet_url,
    ) as gateway:
        reached = await guarded_async("exchange", lambda: exchange.reachability(gateway, endpoints.rest_url, limit_s))
        if reached.verdict is not Verdict.OK:
            why = "the exchange did not answer"
            return [reached, *(_not_checked(n, why) for n in ("clock skew", "api key permissions", "futures account"))]
        return [
            reached,
            guarded("clock skew", lambda: exchange.clock_skew(gateway.server_clock.offset)),
            await guarded_async(
                "api key permissions",
                lambda: exchange.key_permissions(gateway, endpoints.wallet_url, secrets.mode, limit_s),
            ),
            await guarded_async("futures account", lambda: exchange.futures_trading(gateway, limit_s)),
        ]


def _report(findings: list[Finding], setup: Setup) -> dict[str, object]:
    return {
        "passed": not any(f.verdict is Verdict.FAIL for f in findings),
        "mode": setup.mode,
        "database": str(setup.database),
        "checks": [finding.as_json() for finding in findings],
    }


def _not_checked(check: str, why: str) -> Finding:
    return Finding(check, Verdict.SKIP, f"not checked: {why}")


def _reraise(error: BaseException) -> Finding:
    raise error


def _timeout(seconds: float) -> float:
    if not 0 < seconds <= MAX_TIMEOUT_S:
        raise ConfigError("--timeout", f"must be above 0 and at most {MAX_TIMEOUT_S:g} seconds, got {seconds:g}")
    return seconds


def _now() -> datetime:
    from adapters.system.clock import SystemClock

    return SystemClock().now()
