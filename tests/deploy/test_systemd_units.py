"""The bot and web units pass `systemd-analyze verify`, are hardened, and start the real command (ADR 0074)."""

from __future__ import annotations

import shlex
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.binance.rest.options import RestOptions
from entrypoints.cli import build_parser
from tests.deploy.units import ALPHAENGINE, SHIPPED_PREFIX, UNITS, one, render, values

# linux: checked with Linux's own tools and sockets; Windows development runs -m 'not linux'
pytestmark = pytest.mark.linux

BOT, WEB = UNITS / "alphaengine-bot.service", UNITS / "alphaengine-web.service"
# systemd-analyze security's exposure, 0 to 100 (it prints a tenth of it): what the units reach today is about 14
MAX_EXPOSURE = 20


@pytest.fixture(params=[BOT, WEB], ids=["bot", "web"])
def rendered(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    assert ALPHAENGINE.exists(), f"{ALPHAENGINE}: the venv's alphaengine command (pip install -e .)"
    units = tmp_path / "units"
    units.mkdir()
    return render(request.param, tmp_path / "opt" / "alphaengine", units)


def test_each_unit_passes_systemd_analyze_verify_without_a_warning(rendered: Path) -> None:
    result = subprocess.run(
        ["systemd-analyze", "verify", str(rendered)], capture_output=True, text=True, timeout=60, check=False
    )

    assert (result.returncode, result.stderr) == (0, "")


def test_each_unit_stays_within_the_hardening_exposure_systemd_measures(rendered: Path) -> None:
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", f"--threshold={MAX_EXPOSURE}", str(rendered)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize("unit", [BOT, WEB], ids=["bot", "web"])
def test_each_unit_runs_as_its_own_user_writing_only_data_and_logs_and_restarts_within_a_limit(unit: Path) -> None:
    assert (one(unit, "Service", "User"), one(unit, "Service", "Group")) == ("alphaengine", "alphaengine")
    assert one(unit, "Service", "WorkingDirectory") == SHIPPED_PREFIX
    assert values(unit, "Service", "ReadWritePaths") == [f"{SHIPPED_PREFIX}/data {SHIPPED_PREFIX}/logs"]
    assert one(unit, "Service", "ProtectSystem") == "strict" and one(unit, "Service", "NoNewPrivileges") == "yes"
    assert one(unit, "Service", "UMask") == "0077" and one(unit, "Service", "ProtectHome") == "yes"
    assert one(unit, "Service", "Restart") == "always"
    assert int(one(unit, "Unit", "StartLimitBurst")) > 1 and int(one(unit, "Unit", "StartLimitIntervalSec")) > 0
    assert one(unit, "Service", "RestartPreventExitStatus") == "2"  # a configuration error is not retried


def test_the_bot_is_a_notify_service_with_a_watchdog_only_its_main_process_may_feed() -> None:
    assert one(BOT, "Service", "Type") == "notify" and one(BOT, "Service", "NotifyAccess") == "main"
    half = timedelta(seconds=int(one(BOT, "Service", "WatchdogSec"))) / 2
    # A healthy cycle may wait out the rate governor's pause to the next minute, then a request timing out
    assert half > timedelta(minutes=1) + timedelta(seconds=RestOptions().request_timeout)


def test_the_bot_unit_starts_the_bot_command() -> None:
    command = shlex.split(one(BOT, "Service", "ExecStart"))

    assert command[0] == f"{SHIPPED_PREFIX}/venv/bin/alphaengine"
    assert build_parser().parse_args(command[1:]).command == "bot"


def test_the_web_unit_serves_on_loopback_behind_a_trusted_local_proxy() -> None:
    command = shlex.split(one(WEB, "Service", "ExecStart"))

    args = build_parser().parse_args(command[1:])
    assert command[0] == f"{SHIPPED_PREFIX}/venv/bin/alphaengine" and args.command == "web"
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    # nginx on this host connects from 127.0.0.1: only its X-Forwarded-For/-Proto are believed (ADR 0073)
    assert [str(network) for network in args.trusted_proxy] == ["127.0.0.1/32"]
