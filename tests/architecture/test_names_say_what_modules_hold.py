"""A concept has one home named for it (ADR 0057): nothing imports it from the module that used to hide it."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("domain", "ports", "application", "adapters", "entrypoints", "config", "tests")

MOVED = {
    "application.boot": {
        "BotCore": "application.bot_core",
        "Storage": "application.bot_core",
        "HealthBoard": "application.health_board",
        "fail_closed_on_fold": "application.health_board",
        "READY": "application.health_board",
        "FAILED_CLOSED": "application.health_board",
        "StreamInbox": "application.stream_inbox",
        "InFlightResolver": "application.loop_ports",
    },
    "domain.codec": dict.fromkeys(
        ("epoch_ms", "from_epoch_ms", "format_utc", "parse_utc", "EPOCH", "NotUtc"), "domain.times"
    ),
}


def old_paths() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module in MOVED:
                    moved = MOVED[node.module]
                    found += [
                        f"{path.relative_to(REPO)}:{node.lineno}: import {alias.name} from "
                        f"{moved[alias.name]}, not {node.module}"
                        for alias in node.names
                        if alias.name in moved
                    ]
    return found


def test_every_moved_name_is_imported_from_the_module_named_for_it() -> None:
    assert old_paths() == []
