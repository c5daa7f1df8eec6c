"""`alphaengine doctor` asks through the existing paths (ADR 0076): the exchange through the Binance gateway, the
database's binding through `alphaengine database`'s check, its integrity through the backup check, the web key
through the web's own start-up rule; it opens no HTTP client, socket or SQL connection of its own."""

from __future__ import annotations

import ast
from pathlib import Path

DOCTOR = Path(__file__).resolve().parents[2] / "entrypoints" / "doctor"
OWN_CLIENTS = {"httpx", "apsw", "socket", "urllib.request", "http.client", "requests", "sqlite3"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return found


def test_the_doctor_opens_no_client_of_its_own() -> None:
    used = {path.name: imports(path) & OWN_CLIENTS for path in sorted(DOCTOR.glob("*.py"))}

    assert {name: clients for name, clients in used.items() if clients} == {}


def test_the_doctor_calls_the_checks_that_already_exist() -> None:
    used = set().union(*(imports(path) for path in DOCTOR.glob("*.py")))

    assert {
        "entrypoints.database_mode.check_database",
        "adapters.sqlite.backup.check_database",
        "entrypoints.web.security.startup.check_web_startup",
        "adapters.binance.rest.BinanceGateway",
        "entrypoints.web.api.bot_state.bot_standing",
    } <= used
