"""The shipped systemd units, read as systemd reads them and rendered as deploy/install.sh installs them."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "systemd"
SHIPPED_PREFIX = "/opt/alphaengine"
# The console script of the venv that runs the tests: the installed command the units start
ALPHAENGINE = Path(sys.executable).with_name("alphaengine")


def directives(unit: Path) -> list[tuple[str, str, str]]:
    """(section, key, value) in file order; a key may repeat (ReadWritePaths=, SystemCallFilter=)."""
    found, section = [], ""
    for raw in unit.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found.append((section, key.strip(), value.strip()))
    return found


def values(unit: Path, section: str, key: str) -> list[str]:
    return [value for where, name, value in directives(unit) if (where, name) == (section, key)]


def one(unit: Path, section: str, key: str) -> str:
    (value,) = values(unit, section, key)
    return value


def render(unit: Path, prefix: Path, into: Path) -> Path:
    """The unit with the install prefix replaced, as install.sh writes it, and the prefix's venv command in place."""
    command = prefix / "venv" / "bin" / "alphaengine"
    if not command.exists():
        command.parent.mkdir(parents=True)
        command.symlink_to(ALPHAENGINE)
    rendered = into / unit.name
    rendered.write_text(unit.read_text(encoding="utf-8").replace(SHIPPED_PREFIX, str(prefix)), encoding="utf-8")
    return rendered
