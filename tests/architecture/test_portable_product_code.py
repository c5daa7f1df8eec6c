"""Product code runs where operators develop, on Windows (PRD §2.5): no POSIX-only module or call, except reached
through getattr with a fallback (as the failpoints reach SIGKILL, or a notifier reaches AF_UNIX)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "application", "ports", "adapters", "entrypoints", "config")
POSIX_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "tty", "pty", "posix", "syslog", "crypt"}
# Attributes that do not exist on Windows: reading one there raises AttributeError
POSIX_ATTRIBUTES = {
    ("os", "fork"),
    ("os", "getuid"),
    ("os", "geteuid"),
    ("os", "getgid"),
    ("os", "setsid"),
    ("os", "killpg"),
    ("os", "getpgid"),
    ("os", "uname"),
    ("os", "statvfs"),
    ("os", "chown"),
    ("signal", "SIGKILL"),
    ("signal", "SIGHUP"),
    ("signal", "SIGUSR1"),
    ("socket", "AF_UNIX"),
}


def product_files() -> list[Path]:
    return sorted(path for package in PRODUCT for path in (ROOT / package).rglob("*.py"))


def test_no_product_module_imports_a_posix_only_module() -> None:
    found = []
    for path in product_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in names if name in POSIX_MODULES]

    assert found == []


def test_no_product_module_reads_a_posix_only_attribute_directly() -> None:
    found = []
    for path in product_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
                continue
            if (node.value.id, node.attr) in POSIX_ATTRIBUTES:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")

    assert found == []
