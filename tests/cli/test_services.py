"""`bot`, `web` and `demo`: boot phases, live work, /health, clean stop on a signal, one-line config errors."""

from __future__ import annotations

import json
import signal
import ssl
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.health import SqliteHealthStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from domain.events import ConfigChanged, EngineStateChanged, new_event
from domain.values import EngineState, Mode, Scope, Source
from tests.cli.conftest import free_port
from tests.web.tls import self_signed

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

SCOPE = Scope("BINANCE", "FUTURES", "main", "XRPUSDT", Mode.SIM)
T0 = datetime(2026, 1, 1, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


def get_health(port: int, scheme: str = "http", headers: dict[str, str] | None = None) -> dict[str, Any]:
    """GET /health once the server answers (it binds a moment after the process starts); without `headers` (a
    credential) only its public part."""
    deadline = time.monotonic() + 30
    while True:
        try:
            # A test certificate is self-signed: what is checked here is that the web speaks TLS with it
            url = f"{scheme}://127.0.0.1:{port}/health"
            response = httpx.get(url, timeout=5, verify=False, headers=headers or {})
            assert response.status_code == 200, response.text
            return response.json()
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def viewer_key(cli: Cli) -> dict[str, str]:
    """The X-API-Key header of a new viewer: /health shows its details to a viewer only."""
    assert cli.run("user", "add", "vera", "--role", "viewer", stdin=f"{PASSWORD}\n").returncode == 0
    created = cli.run("user", "api-key", "vera")
    assert created.returncode == 0, created.stderr
    return {"X-API-Key": created.stdout.strip().splitlines()[-1]}


def append_event(db: Path, n: int) -> None:
    connection = open_database(db)
    try:
        payload = EngineStateChanged(EngineState.PAUSED, f"test {n}", None)
        event = new_event(payload, event_id=f"ev-{n}", ts=T0, scope=SCOPE, source=Source.BOT)
        SqliteEventStore(connection).append([event])
    finally:
        connection.close()


def wait_for_checkpoint(db: Path, seq: int) -> int:
    deadline = time.monotonic() + 30
    connection = open_database(db)
    try:
        store = SqliteProjectionStore(connection)
        while store.checkpoint() < seq and time.monotonic() < deadline:
            time.sleep(0.05)
        return store.checkpoint()
    finally:
        connection.close()


def start_sim(cli: Cli) -> str:
    """An `alphaengine sim` on a free port; the bot is pointed at it through ALPHAENGINE_REST_URL/WS_URL."""
    sim_port = free_port()
    sim = cli.start("-m", "entrypoints.cli", "sim", "--port", str(sim_port))
    sim.wait_for(r"AlphaEngine Binance simulator")
    url = f"127.0.0.1:{sim_port}"
    cli.env.update(ALPHAENGINE_REST_URL=f"http://{url}", ALPHAENGINE_WS_URL=f"ws://{url}")
    return url


class TestBot:
    def test_the_bot_boots_in_logged_phases_to_ready_and_stops_on_sigterm(self, cli: Cli) -> None:
        start_sim(cli)
        bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))
        bot.wait_for(r"READY after \d+ boot phases")

        append_event(cli.db, 1)

        assert wait_for_checkpoint(cli.db, 1) >= 1
        assert bot.interrupt(signal.SIGTERM) == 0
        output = "\n".join(bot.seen)
        phases = (
            "load secrets: done in",
            "open database",
            "load runtime settings: done in",
            "boot phase lease: done in",
            "boot phase user-data stream: done in",
            "boot phase rest snapshot: done in",
            "boot phase reconcile: done in",
        )
        assert all(phase in output for phase in phases), output
        assert "bot stopped" in output and "shut down: done in" in output

    def test_a_web_started_after_the_bot_stopped_says_stopped_since_when_and_why(self, cli: Cli, port: int) -> None:
        """Scenario 9a of issue 11: the web said STARTING, then STALE, for a bot that had stopped cleanly."""
        start_sim(cli)
        bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))
        bot.wait_for(r"READY after \d+ boot phases")
        assert bot.interrupt(signal.SIGTERM) == 0
        web = cli.start("-m", "entrypoints.web", "--db", str(cli.db), "--port", str(port))

        stopped = get_health(port, headers=viewer_key(cli))["bot"]

        assert (stopped["state"], stopped["label"], stopped["running"]) == ("stopped", "STOPPED", False)
        assert (stopped["since"], stopped["why"]) == (stopped["stopped_at"], "stop requested")
        assert stopped["summary"] == f"stopped since {stopped['stopped_at']}: stop requested"
        assert web.interrupt() == 0

    def test_the_bot_catches_up_what_was_appended_while_it_was_down(self, cli: Cli) -> None:
        start_sim(cli)
        cli.db.parent.mkdir(parents=True)
        append_event(cli.db, 1)
        append_event(cli.db, 2)

        bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))

        bot.wait_for(r"boot phase projections: done in [\d.]+ ms, applied 2")
        bot.wait_for("READY")
        assert bot.interrupt() == 0

    def test_a_bot_that_cannot_reach_the_exchange_fails_closed_saying_why(self, cli: Cli) -> None:
        cli.env.update(ALPHAENGINE_REST_URL=f"http://127.0.0.1:{free_port()}")
        bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))

        bot.wait_for(r"failing closed, no orders will be sent: account mode failed: ")
        assert bot.interrupt() == 0

    def test_a_stored_strategy_the_bot_refuses_boots_on_its_last_valid_version_saying_why(self, cli: Cli) -> None:
        # Issue 11, scenario 3: fast 8 > slow 3 stored around the validation used to exit 1 with 82 lines, every restart
        start_sim(cli)
        cli.db.parent.mkdir(parents=True)
        connection = open_database(cli.db)
        store, events = SqliteConfigStore(connection), SqliteEventStore(connection)
        good = {"name": "sma_cross", "timeframe": "5m", "params": {"fast": 3, "slow": 8}}
        store.put("strategy", good, expected_version=0, updated_by="test", now=T0)
        change = ConfigChanged("strategy", 1, json.dumps(good), "test")
        events.append([new_event(change, event_id="ev-config", ts=T0, scope=SCOPE, source=Source.BOT)])
        bad = {**good, "params": {"fast": 8, "slow": 3}}
        store.put("strategy", bad, expected_version=1, updated_by="test", now=T0)
        connection.close()

        bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))

        bot.wait_for(
            r"settings: strategy version 2 refused \(strategy\.params\.fast: must be smaller than slow "
            r"\(3\), got 8\); running version 1"
        )
        bot.wait_for(r"READY after \d+ boot phases")
        connection = open_database(cli.db)
        try:
            health = SqliteHealthStore(connection).read()
        finally:
            connection.close()
        assert bot.interrupt() == 0
        assert health is not None and health.settings_refused is not None
        assert health.settings_refused.startswith("strategy version 2 refused (strategy.params.fast: ")
        assert (health.symbol, health.account_id) == ("XRPUSDT", "main")
        assert "Traceback" not in "\n".join(bot.seen)

    def test_bad_runtime_settings_in_the_database_stop_the_boot_naming_the_key(self, cli: Cli) -> None:
        cli.db.parent.mkdir(parents=True)
        connection = open_database(cli.db)
        store = SqliteConfigStore(connection)
        store.put("engine", {"poll_interval_sec": "often"}, expected_version=0, updated_by="test", now=T0)
        connection.close()

        result = cli.run("bot")

        assert result.returncode == 2
        last_line = result.stderr.splitlines()[-1]
        assert last_line == (
            "alphaengine: config error: engine.poll_interval_sec: not a valid integer"
            " (stored version 1; no earlier valid version to run on)"
        )
        assert "Traceback" not in result.stderr


# The web needs no exchange keys, only its own secret (ADR 0046)
@pytest.mark.parametrize(("command", "missing"), [("bot", "production.api_secret"), ("web", "web.secret_key")])
def test_a_missing_secret_for_the_chosen_mode_exits_2_with_one_line_naming_it(
    cli: Cli,
    command: str,
    missing: str,
) -> None:
    env = {"ALPHAENGINE_MODE": "production", "ALPHAENGINE_PRODUCTION_API_KEY": "key"}

    result = cli.run(command, env=env)

    assert result.returncode == 2
    variable = "ALPHAENGINE_" + missing.replace(".", "_").upper()
    assert result.stderr.splitlines() == [
        (
            f"alphaengine: config error: {missing}: missing for mode production "
            f"(set it in the secrets file or in {variable})"
        ),
    ]


def test_a_secrets_file_that_does_not_exist_exits_2_naming_it(cli: Cli, tmp_path: Path) -> None:
    result = cli.run("--secrets", str(tmp_path / "nope.yaml"), "bot")

    assert result.returncode == 2
    missing = tmp_path / "nope.yaml"
    assert result.stderr.splitlines() == [f"alphaengine: config error: {missing}: secrets file not found"]


class TestWeb:
    def test_the_web_serves_health_and_stops_on_ctrl_c(self, cli: Cli, port: int) -> None:
        web = cli.start("-m", "entrypoints.web", "--db", str(cli.db), "--port", str(port))

        anonymous, viewer = get_health(port), get_health(port, headers=viewer_key(cli))

        assert anonymous == {"status": "ok", "bot_state": "no_bot"}
        expected = {
            "status": "ok",
            "bot_state": "no_bot",
            "mode": "sim",
            "last_event_seq": 0,
            "projection_checkpoint": 0,
        }
        assert viewer == expected
        assert web.interrupt() == 0

    def test_health_reports_the_last_event_and_the_checkpoint_separately(self, cli: Cli, port: int) -> None:
        cli.db.parent.mkdir(parents=True)
        append_event(cli.db, 1)
        web = cli.start("-m", "entrypoints.cli", "--db", str(cli.db), "web", "--port", str(port))

        health = get_health(port, headers=viewer_key(cli))

        assert (health["last_event_seq"], health["projection_checkpoint"]) == (1, 0)
        assert web.interrupt() == 0

    def test_with_a_certificate_and_key_it_serves_https_and_sets_secure_cookies(
        self,
        cli: Cli,
        port: int,
        tmp_path: Path,
    ) -> None:
        cert, key = self_signed(tmp_path)
        assert cli.run("user", "add", "alice", stdin=f"{PASSWORD}\n").returncode == 0
        web = cli.start(
            "-m", "entrypoints.cli", "--db", str(cli.db), "web", "--port", str(port), "--certfile", str(cert),
            "--keyfile", str(key),
        )  # fmt: skip

        health = get_health(port, scheme="https")
        # The certificate itself is the trust anchor: the TLS handshake is checked, not waved through
        with httpx.Client(
            base_url=f"https://127.0.0.1:{port}", verify=ssl.create_default_context(cafile=cert)
        ) as web_client:
            login = web_client.post("/api/auth/login", json={"username": "alice", "password": PASSWORD})
            pages = [web_client.get(path) for path in ("/", "/static/login.html")]

        cookies = login.headers.get_list("set-cookie")
        assert health["status"] == "ok"
        assert login.status_code == 200, login.text
        assert {cookie.split("=", 1)[0] for cookie in cookies} == {
            "__Host-alphaengine_session",
            "__Host-alphaengine_refresh",
            "__Host-alphaengine_csrf",
        }
        assert all("; Secure" in cookie for cookie in cookies)
        assert login.headers["strict-transport-security"].startswith("max-age=31536000")
        for page in pages:
            assert (page.status_code, page.headers["content-type"].split(";")[0]) == (200, "text/html")
            assert page.headers["cache-control"] == "no-store"
        assert web.interrupt() == 0

    @pytest.mark.parametrize("flag", ["--certfile", "--keyfile"])
    def test_a_missing_certificate_or_key_file_exits_2_naming_the_flag(
        self, cli: Cli, tmp_path: Path, flag: str
    ) -> None:
        cert, key = self_signed(tmp_path)
        files = {"--certfile": str(cert), "--keyfile": str(key), flag: str(tmp_path / "absent.pem")}

        result = cli.run("web", *(part for pair in files.items() for part in pair))

        assert result.returncode == 2
        assert result.stderr.splitlines()[-1].startswith(f"alphaengine: config error: {flag}: ")
        assert "absent.pem not found" in result.stderr.splitlines()[-1]

    @pytest.mark.parametrize(
        ("value", "problem"),
        [("localhost", "is not an IP address or CIDR network"), ("10.0.0.1/8", "write 10.0.0.0/8")],
    )
    def test_a_bad_trusted_proxy_exits_2_naming_the_flag(self, cli: Cli, value: str, problem: str) -> None:
        result = cli.run("web", "--trusted-proxy", "127.0.0.1", "--trusted-proxy", value)

        assert result.returncode == 2
        assert "argument --trusted-proxy: " in result.stderr.splitlines()[-1]
        assert problem in result.stderr.splitlines()[-1]
        assert "Traceback" not in result.stderr

    def test_behind_a_trusted_proxy_the_forwarded_client_is_limited_and_https_gets_secure_cookies(
        self, cli: Cli, port: int
    ) -> None:
        assert cli.run("user", "add", "alice", stdin=f"{PASSWORD}\n").returncode == 0
        web = cli.start(
            "-m", "entrypoints.cli", "--db", str(cli.db), "web", "--port", str(port), "--trusted-proxy", "127.0.0.1",
        )  # fmt: skip
        get_health(port)

        def login(client: str, password: str = PASSWORD) -> httpx.Response:
            forwarded = {"X-Forwarded-For": client, "X-Forwarded-Proto": "https"}
            body = {"username": "alice", "password": password}
            return httpx.post(f"http://127.0.0.1:{port}/api/auth/login", json=body, headers=forwarded, timeout=10)

        guesses = [login("198.51.100.66", "wrong password").status_code for _ in range(6)]
        operator = login("203.0.113.10")

        assert guesses == [401] * 5 + [429]
        assert operator.status_code == 200
        assert "__Host-alphaengine_session" in operator.cookies
        assert operator.headers["strict-transport-security"].startswith("max-age=")
        assert "strict-transport-security" not in httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).headers
        assert web.interrupt() == 0

    def test_a_certificate_without_its_key_exits_2_with_one_line(self, cli: Cli, tmp_path: Path) -> None:
        cert = tmp_path / "web.crt"
        cert.write_text("not used", encoding="utf-8")

        result = cli.run("web", "--certfile", str(cert))

        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == (
            "alphaengine: config error: web.tls: TLS needs both a certificate file and a key file"
        )
        assert "Traceback" not in result.stderr

    def test_a_port_in_use_exits_1_with_one_line(self, cli: Cli, port: int) -> None:
        first = cli.start("-m", "entrypoints.web", "--db", str(cli.db), "--port", str(port))
        get_health(port)

        result = cli.run("web", "--port", str(port))

        assert result.returncode == 1
        assert result.stderr.splitlines()[-1].startswith("alphaengine: error: ")
        assert "Traceback" not in result.stderr
        assert first.interrupt() == 0


class TestDemo:
    def test_the_demo_runs_simulator_bot_and_web_in_sim_mode_and_stops_cleanly(self, cli: Cli, port: int) -> None:
        env_mode = {"ALPHAENGINE_MODE": "production"}  # the demo is always sim, whatever the environment says
        cli.env.update(env_mode)
        sim_port = free_port()
        demo = cli.start(
            "-m", "entrypoints.cli", "--db", str(cli.db), "demo", "--port", str(port), "--sim-port", str(sim_port)
        )

        demo.wait_for(rf"AlphaEngine demo \(sim mode\): http://127\.0\.0\.1:{port}/")
        login = demo.wait_for(r"login: demo / (\S+)")
        demo.wait_for(r"READY after")

        token = httpx.post(
            f"http://127.0.0.1:{port}/api/auth/login", json={"username": "demo", "password": login.group(1)}, timeout=5
        ).json()["token"]
        assert get_health(port, headers={"Authorization": f"Bearer {token}"})["mode"] == "sim"
        assert httpx.get(f"http://127.0.0.1:{sim_port}/_sim/state", timeout=5).json()["symbol"] == "XRPUSDT"
        assert len(login.group(1)) >= 12
        assert demo.interrupt() == 0
        assert any("bot stopped" in line for line in demo.seen)
