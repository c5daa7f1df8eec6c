"""The typed Binance seam (ADR 0060): each wire message is one frozen structure in adapters/binance/messages/,
defined once, and the translators read its attributes; no marshmallow schema or string-keyed read of it is left."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

from adapters.binance.messages.base import Message

REPO = Path(__file__).resolve().parents[2]
BINANCE = REPO / "adapters" / "binance"
MESSAGES = BINANCE / "messages"
# The seam's own machinery; every other module of messages/ holds the structures of one message
MACHINERY = {"__init__", "base", "errors", "frame", "reading", "wire"}


def message_modules() -> list[str]:
    return sorted(path.stem for path in MESSAGES.glob("*.py") if path.stem not in MACHINERY)


def structures() -> list[tuple[str, type[Message]]]:
    found = []
    for name in message_modules():
        module = importlib.import_module(f"adapters.binance.messages.{name}")
        found += [
            (name, kind)
            for kind in vars(module).values()
            if inspect.isclass(kind) and issubclass(kind, Message) and kind.__module__ == module.__name__
        ]
    return found


def test_every_message_module_defines_frozen_structures() -> None:
    defined = structures()

    assert {name for name, _ in defined} == set(message_modules())
    assert all(kind.__struct_config__.frozen for _, kind in defined)


def test_each_structure_is_defined_once() -> None:
    names = [kind.__name__ for _, kind in structures()]

    assert len(names) == len(set(names))


def test_no_binance_module_uses_marshmallow() -> None:
    users = [
        path.relative_to(REPO).as_posix()
        for path in BINANCE.rglob("*.py")
        if re.search(r"^\s*(from|import) marshmallow", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]

    assert users == []
    assert not (BINANCE / "schemas").exists()


def test_translators_read_loaded_messages_by_attribute_not_by_string_key() -> None:
    keyed = [
        f"{path.relative_to(REPO).as_posix()}:{number}: {line.strip()}"
        for path in sorted((BINANCE / "translate").glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"""\b(row|order|frame|event|answer|rates|reject|leverage|found|k)\[["']""", line)
    ]

    assert keyed == []
