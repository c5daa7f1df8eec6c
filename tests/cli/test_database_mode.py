"""A database knows its mode (issue 11, scenario 4; ADR 0046): the bot, the web and every CLI command refuse another."""

from __future__ import annotations

import re
import secrets
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import jwt
import pyotp
import pytest

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.identity import SqliteIdentityStore
from config.constants import Defaults, SimCredentials
from config.secrets import Credentials, Secret
from domain.commands import CommandStatus
from domain.values import Mode
from entrypoints.web.security.tokens import ALGORITHM, AUDIENCE, ISSUER, TOKEN_TYPE
from ports.database_identity import DatabaseIdentity
from tests.cli.conftest import REPO, Cli, free_port
from tests.cli.test_services import get_health, viewer_key
from tests.harness.processes import Background

TESTNET_KEY, TESTNET_SECRET = "TestnetApiKey0123456789", "TestnetApiSecret0123456789"
WEB_SECRET = "9f1c3e5a7b2d4f6a8c0e1d3b5a7f9e2c4b6d8a0f1e3c5b7d"


def env_for_testnet(api_key: str) -> dict[str, str]:
    """Testnet with `api_key`; the exchange is a closed local port, so nothing could ever reach Binance."""
    closed = f"127.0.0.1:{free_port()}"
    return {
        "ALPHAENGINE_MODE": "testnet",
        "ALPHAENGINE_TESTNET_API_KEY": api_key,
        "ALPHAENGINE_TESTNET_API_SECRET": TESTNET_SECRET,
        "ALPHAENGINE_WEB_SECRET_KEY": WEB_SECRET,
        "ALPHAENGINE_REST_URL": f"http://{closed}",
        "ALPHAENGINE_WS_URL": f"ws://{closed}",
    }


def fingerprint(api_key: str) -> str:
    return Credentials(Secret(api_key), Secret("")).fingerprint()


TESTNET = DatabaseIdentity(Mode.TESTNET, fingerprint(TESTNET_KEY))
SIM = DatabaseIdentity(Mode.SIM, fingerprint(SimCredentials.API_KEY))


def bind(db: Path, identity: DatabaseIdentity) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    connection = open_database(db)
    try:
        assert SqliteIdentityStore(connection).bind(identity) == identity
    finally:
        connection.close()


def without_stated_mode(cli: Cli, tmp_path: Path) -> None:
    """A secrets file that names no mode, and no ALPHAENGINE_MODE: the operator said nothing about the mode."""
    empty = tmp_path / "no-mode.yaml"
    empty.write_text("{}\n", encoding="utf-8")
    cli.env["ALPHAENGINE_SECRETS"] = str(empty)


def refusal(db: Path, stored: DatabaseIdentity, asked: str) -> str:
    return (
        f"alphaengine: config error: database {db}: belongs to {stored.mode.value} (account {stored.account}), "
        f"not {asked}: pass --db for another file or set ALPHAENGINE_MODE={stored.mode.value}"
    )


def log_in(port: int, user: str, totp_secret: str | None = None) -> str:
    """A real access token: the password, then (given `user totp`'s printout) a code from its otpauth URI."""
    base = f"http://127.0.0.1:{port}/api/auth"
    answer = httpx.post(f"{base}/login", json={"username": user, "password": "correct horse battery staple"}).json()
    if totp_secret is None:
        return str(answer["token"])
    secret = parse_qs(urlparse(re.search(r"otpauth://\S+", totp_secret).group(0)).query)["secret"][0]  # type: ignore[union-attr]
    second = {"challenge": answer["challenge"], "code": pyotp.TOTP(secret).now()}
    return str(httpx.post(f"{base}/login/totp", json=second).json()["token"])


def bearer(secret: str, user: str) -> dict[str, str]:
    """An Authorization header with a session token for `user` signed with `secret`, as an attacker would make it."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "typ": TOKEN_TYPE,
        "sub": user,
        "sid": secrets.token_urlsafe(16),
        "jti": secrets.token_hex(8),
        "csrf": secrets.token_hex(8),
        "iat": now,
        "exp": now + 600,
    }
    return {"Authorization": f"Bearer {jwt.encode(claims, secret, algorithm=ALGORITHM)}"}


class TestWeb:
    def test_without_a_mode_on_a_testnet_database_it_refuses_to_start_without_a_web_secret(
        self,
        cli: Cli,
        tmp_path: Path,
    ) -> None:
        bind(cli.db, TESTNET)
        without_stated_mode(cli, tmp_path)

        result = cli.run("web")

        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            (
                "alphaengine: config error: web.secret_key: missing for mode testnet"
                " (set it in the secrets file or in ALPHAENGINE_WEB_SECRET_KEY)"
            ),
        ]

    def test_on_a_testnet_database_the_public_sim_web_secret_is_refused_in_one_line(
        self,
        cli: Cli,
        tmp_path: Path,
        port: int,
    ) -> None:
        bind(cli.db, TESTNET)
        without_stated_mode(cli, tmp_path)

        result = cli.run("web", "--port", str(port), env={"ALPHAENGINE_WEB_SECRET_KEY": SimCredentials.WEB_SECRET_KEY})

        assert result.returncode == 2
        assert result.stderr.splitlines()[-1].startswith(
            "alphaengine: config error: web.secret_key: is an example value; set a random one: "
        )
        assert "Traceback" not in result.stderr

    def test_with_a_web_secret_it_serves_testnet_and_refuses_a_token_signed_with_the_sim_secret(
        self,
        cli: Cli,
        tmp_path: Path,
        port: int,
    ) -> None:
        bind(cli.db, TESTNET)
        without_stated_mode(cli, tmp_path)
        cli.env["ALPHAENGINE_WEB_SECRET_KEY"] = WEB_SECRET
        added = cli.run("user", "add", "alice", stdin="correct horse battery staple\n")
        assert added.returncode == 0, added.stderr
        # Testnet moves money: an admin needs a second factor before anything else (ADR 0085)
        enrolled = cli.run("user", "totp", "alice")
        assert enrolled.returncode == 0, enrolled.stderr
        viewer = viewer_key(cli)
        web = cli.start("-m", "entrypoints.web", "--db", str(cli.db), "--port", str(port))

        health = get_health(port, headers=viewer)
        pause = {"type": "PauseEngine", "payload": {"reason": "forged"}}
        url = f"http://127.0.0.1:{port}/api/commands"
        forged = httpx.post(url, json=pause, headers=bearer(SimCredentials.WEB_SECRET_KEY, "alice"))
        token = log_in(port, "alice", totp_secret=enrolled.stdout)
        genuine = httpx.post(url, json=pause, headers={"Authorization": f"Bearer {token}"})

        assert health["mode"] == "testnet"
        assert forged.status_code == 401
        assert genuine.status_code == 201, genuine.text
        assert web.interrupt() == 0
        connection = open_database(cli.db)
        try:
            [queued] = SqliteCommandStore(connection).list(CommandStatus.NEW, limit=10)
        finally:
            connection.close()
        assert queued.command.scope.mode is Mode.TESTNET

    def test_on_testnet_an_admin_without_a_second_factor_may_only_enrol(
        self,
        cli: Cli,
        tmp_path: Path,
        port: int,
    ) -> None:
        bind(cli.db, TESTNET)
        without_stated_mode(cli, tmp_path)
        cli.env["ALPHAENGINE_WEB_SECRET_KEY"] = WEB_SECRET
        cli.run("user", "add", "alice", stdin="correct horse battery staple\n")
        web = cli.start("-m", "entrypoints.web", "--db", str(cli.db), "--port", str(port))
        get_health(port)
        # The password alone opens a session that may only enrol
        base, headers = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {log_in(port, 'alice')}"}

        commands = httpx.get(f"{base}/api/commands", headers=headers)
        state = httpx.get(f"{base}/api/auth/totp", headers=headers)

        assert (commands.status_code, commands.json()["reason"]) == (403, "enrol_second_factor")
        assert state.json() == {"enabled": False, "pending": False, "required": True, "recovery_codes_left": 0}
        assert web.interrupt() == 0

    def test_on_a_fresh_database_it_binds_the_mode_it_serves_so_no_bot_of_another_mode_takes_the_file(
        self,
        cli: Cli,
        port: int,
    ) -> None:
        viewer = viewer_key(cli)
        web = cli.start("-m", "entrypoints.web", "--db", str(cli.db), "--port", str(port))
        assert get_health(port, headers=viewer)["mode"] == "sim"
        assert web.interrupt(signal.SIGTERM) == 0

        connection = open_database(cli.db)
        try:
            assert SqliteIdentityStore(connection).read() == DatabaseIdentity(Mode.SIM, None)
        finally:
            connection.close()


class TestBot:
    def test_a_testnet_bot_on_a_sim_database_refuses_in_one_line_and_never_gets_ready(self, cli: Cli) -> None:
        bind(cli.db, SIM)
        result = cli.run("bot", env=env_for_testnet(TESTNET_KEY))

        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == refusal(cli.db, SIM, "testnet")
        assert "READY" not in result.stderr and "Traceback" not in result.stderr

    def test_a_bot_with_another_accounts_key_refuses_naming_both_fingerprints(self, cli: Cli) -> None:
        bind(cli.db, TESTNET)
        other = "AnotherTestnetApiKey42"
        result = cli.run("bot", env=env_for_testnet(other))

        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == (
            f"alphaengine: config error: database {cli.db}: belongs to testnet (account {TESTNET.account}), "
            f"not account {fingerprint(other)} (fingerprints of the API keys): pass --db for another file "
            "or use that account's API key"
        )
        assert TESTNET_KEY not in result.stderr and other not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("config", "show"),
        ("config", "set", "risk.max_risk_per_trade", "0.01"),
        ("rebuild",),
        ("user", "add", "alice"),
        ("user", "api-key", "alice"),
        ("pnl",),
        ("bot",),
        ("web",),
    ],
    ids=" ".join,
)
def test_every_command_on_a_database_of_another_mode_exits_2_with_one_line(cli: Cli, command: tuple[str, ...]) -> None:
    bind(cli.db, TESTNET)  # the cli fixture's secrets file says mode: sim

    result = cli.run(*command, stdin="correct horse battery staple\n")

    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == refusal(cli.db, TESTNET, "sim")
    assert "Traceback" not in result.stderr
    connection = open_database(cli.db)
    try:
        assert SqliteConfigStore(connection).all() == []
    finally:
        connection.close()


def test_the_demo_keeps_its_own_database_apart_from_the_bots_default(cli: Cli, tmp_path: Path, port: int) -> None:
    # Started where a real deployment would keep its data/, with no --db: the defaults alone must keep them apart
    home = tmp_path / "deployment"
    home.mkdir()
    process = subprocess.Popen(
        Cli.command("-m", "entrypoints.cli", "demo", "--port", str(port), "--sim-port", str(free_port())),
        cwd=home,
        env={**cli.env, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    demo = Background(process)
    cli.started.append(demo)

    demo.wait_for(r"READY after")

    assert (home / Defaults.DEMO_DB_PATH).is_file()
    assert not (home / Defaults.DB_PATH).exists(), "the bot's default database stays untouched by the demo"
    assert Defaults.DEMO_DB_PATH != Defaults.DB_PATH
    assert demo.interrupt() == 0
