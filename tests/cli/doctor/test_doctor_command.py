"""`alphaengine doctor` as an operator runs it, against a running `alphaengine sim`: a good setup passes (exit 0),
a broken one fails (exit 1) with one line per check, and --json carries the same verdicts (ADR 0076)."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from adapters.sqlite.connection import open_database
from tests.cli.conftest import Cli, free_port
from tests.cli.test_database_mode import SIM, TESTNET_SECRET, bind
from tests.cli.test_database_rebind import keyed_testnet

# linux: the broken setups include POSIX file modes; Windows development runs -m "not linux"
pytestmark = pytest.mark.linux

KEY = "DoctorTestnetKey" * 4
CHECKS = [
    "secrets",
    "secrets file",
    "api key",
    "web secret key",
    "endpoints",
    "database file",
    "database folder",
    "database mode",
    "integrity",
    "wal size",
    "bot",
    "free disk",
    "backup",
    "exchange",
    "clock skew",
    "api key permissions",
    "futures account",
]
# Said instead of the database's checks when there is no database file
NAMES = sorted([*CHECKS, "database"], key=len, reverse=True)


def start_sim(cli: Cli, *keys: str) -> str:
    port = free_port()
    sim = cli.start("-m", "entrypoints.cli", "sim", "--port", str(port), *keys)
    sim.wait_for(r"AlphaEngine Binance simulator")
    return f"127.0.0.1:{port}"


def secrets_file(cli: Cli, text: str, mode: int = 0o600) -> Path:
    path = Path(cli.env["ALPHAENGINE_SECRETS"])
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def closed_database(cli: Cli) -> None:
    """A database made the way a deployment keeps it: 0640 in a 0750 folder."""
    open_database(cli.db).close()
    for suffix in ("", "-wal", "-shm"):
        path = cli.db.with_name(cli.db.name + suffix)
        if path.exists():
            path.chmod(0o640)
    cli.db.parent.chmod(0o750)


def env_for_testnet(sim: str) -> dict[str, str]:
    """Testnet against the simulator, which serves the futures and the spot host on one port."""
    urls = {"REST_URL": f"http://{sim}", "SPOT_REST_URL": f"http://{sim}", "WS_URL": f"ws://{sim}"}
    return {**keyed_testnet(KEY), **{f"ALPHAENGINE_{name}": url for name, url in urls.items()}}


def lines(result: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """Each check's line by its name (the verdict is the line's first word)."""
    found = {}
    for line in result.stdout.splitlines()[1:-1]:
        verdict, rest = line.split(maxsplit=1)
        name = next(check for check in NAMES if rest.startswith(check))
        found[name] = f"{verdict} {rest[len(name) :].strip()}"
    return found


def test_a_sim_setup_against_a_running_simulator_and_bot_passes(cli: Cli) -> None:
    sim = start_sim(cli)
    secrets_file(cli, f"mode: sim\nsim:\n  rest_url: http://{sim}\n  ws_url: ws://{sim}\n")
    closed_database(cli)
    bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))
    bot.wait_for(r"READY after \d+ boot phases")

    result = cli.run("doctor", "--backups", str(cli.db.parent / "backups"))
    found = lines(result)
    bot.interrupt(signal.SIGTERM)

    assert result.returncode == 0, result.stdout + result.stderr
    assert list(found) == CHECKS
    assert result.stdout.splitlines()[0] == f"alphaengine doctor: sim mode, database {cli.db}"
    assert not [line for line in found.values() if line.startswith(("FAIL", "warn", "skip", "unknown"))]
    assert found["api key permissions"].startswith("ok futures on, withdrawals off")
    assert found["database mode"].startswith(f"ok {cli.db} belongs to sim")
    assert found["bot"].startswith("info READY: running since")
    assert result.stdout.splitlines()[-1].startswith("passed: ")


def test_a_good_testnet_setup_passes_and_json_says_so(cli: Cli) -> None:
    sim = start_sim(cli, "--api-key", KEY, "--api-secret", TESTNET_SECRET)
    httpx.put(f"http://{sim}/_sim/permissions", json={"ipRestrict": True}).raise_for_status()
    secrets_file(cli, "")
    closed_database(cli)
    cli.env.update(env_for_testnet(sim))

    result = cli.run("doctor", "--json")
    report = json.loads(result.stdout)
    verdicts = {check["check"]: check["verdict"] for check in report["checks"]}

    assert result.returncode == 0, result.stdout + result.stderr
    assert (report["passed"], report["mode"], report["database"]) == (True, "testnet", str(cli.db))
    assert list(verdicts) == CHECKS and "FAIL" not in verdicts.values()
    # The simulator is on this machine: fine for a rehearsal, said so for testnet
    assert verdicts["endpoints"] == "warn" and verdicts["api key permissions"] == "ok"
    assert all(set(check) == {"check", "verdict", "detail", "action"} for check in report["checks"])


def test_a_broken_testnet_setup_fails_each_broken_check_with_what_to_do(cli: Cli) -> None:
    sim = start_sim(cli, "--api-key", KEY, "--api-secret", TESTNET_SECRET)
    httpx.put(f"http://{sim}/_sim/permissions", json={"enableWithdrawals": True, "canTrade": False}).raise_for_status()
    secrets = secrets_file(cli, "", mode=0o644)
    bind(cli.db, SIM)
    cli.env.update(env_for_testnet(sim))

    result = cli.run("doctor")
    found = lines(result)
    as_json = json.loads(cli.run("doctor", "--json").stdout)

    assert result.returncode == 1 and result.stderr == ""
    assert found["secrets file"].startswith("FAIL") and found["secrets file"].endswith(f"-> chmod 600 {secrets}")
    assert found["database file"].startswith("FAIL") and "-> chmod 640" in found["database file"]
    assert found["database mode"].startswith(f"FAIL {cli.db} belongs to sim")
    assert found["database mode"].endswith("-> pass --db for another file or set ALPHAENGINE_MODE=sim")
    assert found["api key permissions"].startswith("FAIL withdrawals are ENABLED")
    assert found["futures account"].startswith("FAIL canTrade is false")
    assert result.stdout.splitlines()[-1].startswith("FAILED: ")
    assert as_json["passed"] is False
    assert {c["check"] for c in as_json["checks"] if c["verdict"] == "FAIL"} == {
        "secrets file",
        "database file",
        "database folder",
        "database mode",
        "api key permissions",
        "futures account",
    }


def test_secrets_that_do_not_load_and_no_simulator_fail_in_lines_not_tracebacks(cli: Cli) -> None:
    secrets_file(cli, "mode: testnet\n")
    missing_key = cli.run("doctor")
    secrets_file(cli, f"mode: sim\nsim:\n  rest_url: http://127.0.0.1:{free_port()}\n")
    no_sim = cli.run("doctor", "--timeout", "2")

    assert missing_key.returncode == 1 and "Traceback" not in missing_key.stderr
    assert lines(missing_key)["secrets"].startswith("FAIL testnet.api_key: missing for mode testnet")
    assert lines(missing_key)["exchange"] == "skip not checked: the secrets did not load"
    assert no_sim.returncode == 1 and "Traceback" not in no_sim.stderr
    assert lines(no_sim)["exchange"].startswith("FAIL no answer from http://127.0.0.1:")
    assert lines(no_sim)["clock skew"] == "skip not checked: the exchange did not answer"
