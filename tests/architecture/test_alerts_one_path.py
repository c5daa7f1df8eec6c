"""Alerts take one path (ADR 0078): the alert watch reads the facts the bot records and is the bot's only caller of a
notifier; no step of the bot sends an alert itself, and only the apprise adapter imports apprise."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "ports", "application", "adapters", "entrypoints", "config")
# Who may hand an alert to a notifier: the bot's watch and the command systemd runs when the bot is down
NOTIFIES = {"application/alert_watch.py", "entrypoints/alert_command.py"}
# Who may name apprise: its adapter (apprise's own `notify` is called there)
APPRISE = {"adapters/alerts/apprise_notifier.py"}


def product_files() -> list[tuple[str, ast.Module]]:
    paths = [path for package in PRODUCT for path in sorted((REPO / package).rglob("*.py"))]
    return [(path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8"))) for path in paths]


def calls_notify(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "notify"
        for node in ast.walk(tree)
    )


def imports_apprise(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "apprise" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "apprise":
            return True
    return False


def test_only_the_alert_watch_and_the_alert_command_notify() -> None:
    callers = {name for name, tree in product_files() if calls_notify(tree)}

    assert callers - APPRISE == NOTIFIES


def test_only_the_apprise_adapter_imports_apprise() -> None:
    assert {name for name, tree in product_files() if imports_apprise(tree)} == APPRISE


def test_the_bot_container_is_what_gives_the_loop_its_alert_watch() -> None:
    from entrypoints.containers.bot import BotContainer

    assert BotContainer.loop.kwargs["alerts"] is BotContainer.alerts
