"""Credentials take one path (ADR 0084): only passwords.py names argon2, only guessing.py names zxcvbn, only the
legacy module runs scrypt, and every product caller hashes and checks passwords through passwords.py."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "ports", "application", "adapters", "entrypoints", "config")
SECURITY = "entrypoints/web/security"
OWNERS = {
    "argon2": {f"{SECURITY}/passwords.py"},
    "zxcvbn": {f"{SECURITY}/guessing.py"},
}
# Who may name the legacy scrypt module: the one verifier that dispatches to it
SCRYPT = {f"{SECURITY}/passwords.py"}


def product_files() -> list[tuple[str, ast.Module]]:
    paths = [path for package in PRODUCT for path in sorted((REPO / package).rglob("*.py"))]
    return [(path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8"))) for path in paths]


def imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


def calls_scrypt(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Attribute) and node.attr == "scrypt" for node in ast.walk(tree))


def test_argon2_and_zxcvbn_are_each_named_by_one_module() -> None:
    files = product_files()
    for package, owners in OWNERS.items():
        users = {name for name, tree in files if any(m.split(".")[0] == package for m in imported(tree))}
        assert users == owners, f"{package} outside {owners}: {sorted(users - owners)}"


def test_only_the_legacy_module_runs_scrypt_and_only_passwords_py_reaches_it() -> None:
    files = product_files()
    runners = {name for name, tree in files if calls_scrypt(tree)}
    reaching = {name for name, tree in files if f"{SECURITY}/scrypt_hashes".replace("/", ".") in imported(tree)}

    assert runners == {f"{SECURITY}/scrypt_hashes.py"}
    assert reaching == SCRYPT
