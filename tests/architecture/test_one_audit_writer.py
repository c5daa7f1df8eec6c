"""One writer of the audit trail (ADR 0081): only the web's after_request hook makes entries, and nothing anywhere can
change or remove one (the SQLite adapter holds no UPDATE or DELETE; its table's triggers refuse both)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "ports", "application", "adapters", "entrypoints", "config")
THE_WRITER = "entrypoints/web/security/audit.py"
# The port defines the entry; the adapters rebuild stored ones when they read
DEFINERS = ("ports/audit_log.py", "adapters/sqlite/audit_log.py")


def product_files() -> list[Path]:
    return [path for package in PRODUCT for path in sorted((REPO / package).rglob("*.py"))]


def makes_entries(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "AuditEntry":
                return True
    return False


def test_only_the_audit_hook_makes_audit_entries() -> None:
    makers = {
        path.relative_to(REPO).as_posix()
        for path in product_files()
        if makes_entries(ast.parse(path.read_text(encoding="utf-8")))
    }

    assert makers - set(DEFINERS) == {THE_WRITER}


def test_no_product_code_updates_or_deletes_audit_entries() -> None:
    rewrites = re.compile(r"\b(UPDATE|DELETE\s+FROM|DROP\s+(TABLE|TRIGGER))\s+web_audit_log", re.IGNORECASE)
    found = [path for path in product_files() if rewrites.search(path.read_text(encoding="utf-8"))]

    assert found == []
