"""deploy/install.sh: valid POSIX sh, and a dry run into a temporary prefix that says every step and changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.units import REPO

# linux: checked with Linux's own tools and sockets; Windows development runs -m 'not linux'
pytestmark = pytest.mark.linux

SCRIPT = REPO / "deploy" / "install.sh"


def dry_run(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The script as a non-root user would run it with --dry-run, into directories under tmp_path."""
    return subprocess.run(
        ["sh", str(SCRIPT), "--dry-run", "--python", sys.executable, *options],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def target(tmp_path: Path) -> dict[str, Path]:
    paths = {"prefix": tmp_path / "opt" / "alphaengine", "systemd": tmp_path / "systemd", "nginx": tmp_path / "nginx"}
    (paths["nginx"] / "sites-available").mkdir(parents=True)
    return paths


def places(target: dict[str, Path]) -> list[str]:
    return [
        *("--prefix", str(target["prefix"])),
        *("--systemd-dir", str(target["systemd"])),
        *("--nginx-dir", str(target["nginx"])),
    ]


@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_the_script_parses_in_posix_sh_and_bash(shell: str) -> None:
    result = subprocess.run([shell, "-n", str(SCRIPT)], capture_output=True, text=True, timeout=30, check=False)

    assert (result.returncode, result.stderr) == (0, "")


def test_the_script_is_executable() -> None:
    assert os.access(SCRIPT, os.X_OK)


def test_a_dry_run_prints_every_step_and_changes_nothing(tmp_path: Path, target: dict[str, Path]) -> None:
    before = sorted(tmp_path.rglob("*"))

    result = dry_run(tmp_path, *places(target))

    assert result.returncode == 0, result.stderr
    prefix, out = target["prefix"], result.stdout
    assert sorted(tmp_path.rglob("*")) == before
    assert "+ systemctl daemon-reload" in out and "(dry run: nothing was changed)" in out
    assert f"+ {sys.executable} -m venv {prefix}/venv" in out
    assert f"+ {prefix}/venv/bin/python -m pip install --quiet --upgrade {REPO}" in out
    for directory in ("config", "data", "logs"):
        assert f"+ install -d -m 0750 -o alphaengine -g alphaengine {prefix}/{directory}" in out
    secrets = f"{REPO}/config/secrets.example.yaml {prefix}/config/secrets.yaml"
    assert f"+ install -m 0600 -o alphaengine -g alphaengine {secrets}" in out
    for unit in ("alphaengine-bot.service", "alphaengine-web.service"):
        shipped, installed = REPO / "deploy" / "systemd" / unit, target["systemd"] / unit
        assert f"+ sed 's#/opt/alphaengine#{prefix}#g' {shipped} > {installed} (mode 0644)" in out
    # The nginx site another part of deploy/ ships, installed (not enabled) where nginx keeps its sites
    for site in sorted((REPO / "deploy" / "nginx").glob("*.conf")):
        assert f"{site} > {target['nginx']}/sites-available/{site.name} (mode 0644)" in out
    assert "systemctl enable --now alphaengine-bot alphaengine-web" in out


def test_an_existing_secrets_file_is_kept_and_only_its_owner_and_mode_are_put_right(
    tmp_path: Path, target: dict[str, Path]
) -> None:
    secrets = target["prefix"] / "config" / "secrets.yaml"
    secrets.parent.mkdir(parents=True)
    secrets.write_text("mode: testnet\n", encoding="utf-8")

    result = dry_run(tmp_path, *places(target))

    assert result.returncode == 0, result.stderr
    assert "kept (owner and mode put right)" in result.stdout
    assert f"+ chmod 0600 {secrets}" in result.stdout and "secrets.example.yaml" not in result.stdout
    assert secrets.read_text(encoding="utf-8") == "mode: testnet\n"


def test_an_existing_venv_is_upgraded_not_made_again(tmp_path: Path, target: dict[str, Path]) -> None:
    python = target["prefix"] / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)

    result = dry_run(tmp_path, *places(target))

    assert result.returncode == 0, result.stderr
    assert " -m venv " not in result.stdout and f"+ {python} -m pip install" in result.stdout


@pytest.mark.parametrize(
    ("options", "refusal"),
    [
        (["--prefix", "opt/alphaengine"], "--prefix opt/alphaengine: must be an absolute path"),
        (["--prefix", "/opt/alpha engine"], "--prefix /opt/alpha engine: only letters, digits"),
        (["--python", "no-such-python"], "--python no-such-python: Python 3.11 or newer is needed"),
        (["--colour"], "--colour: unknown option"),
    ],
)
def test_a_bad_option_is_refused_naming_it(tmp_path: Path, options: list[str], refusal: str) -> None:
    result = dry_run(tmp_path, *options)

    assert result.returncode == 2 and refusal in result.stderr
