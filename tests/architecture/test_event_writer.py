"""One write path for events (ADR 0056): only the writer makes an event, so every fact the bot, the CLI or a bench
appends is stamped the same way (id, clock time, scope, source, correlation and causation); one codec encodes it."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("application", "adapters", "config", "domain", "entrypoints", "ports")
WRITER = "application/event_writer.py"
# A call, not the definition: `def new_event(` is the domain's envelope constructor itself
CALL = re.compile(r"(?<!def )\bnew_event\(")
CODEC = "domain/codec.py"
# The record encoders: a dataclass to a JSON-ready record, all rules or only the proven ones
ENCODER = re.compile(r"^def (to_record|vouched_record|encode_value)\(", re.MULTILINE)


def callers(root: Path, pattern: re.Pattern[str] = CALL) -> set[str]:
    """The product modules in which `pattern` occurs (by default: that call `new_event(`)."""
    return {
        path.relative_to(root).as_posix()
        for package in PRODUCT
        for path in (root / package).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    }


def test_the_writer_is_the_only_product_module_that_makes_an_event() -> None:
    assert callers(REPO) == {WRITER}


def test_the_domain_codec_is_the_only_module_that_encodes_records() -> None:
    assert callers(REPO, ENCODER) == {CODEC}


def test_the_check_sees_a_second_caller(tmp_path: Path) -> None:
    for module, text in (
        (WRITER, "new_event(payload)\n"),
        ("application/shortcut.py", "x = new_event(p)\n"),
        ("domain/events/envelope.py", "def new_event(\n"),
    ):
        (tmp_path / module).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / module).write_text(text, encoding="utf-8")

    assert callers(tmp_path) == {WRITER, "application/shortcut.py"}


def test_the_check_sees_a_second_encoder(tmp_path: Path) -> None:
    for module in (CODEC, "adapters/records/fast_records.py"):
        (tmp_path / module).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / module).write_text("def vouched_record(obj):\n    return None\n", encoding="utf-8")

    assert callers(tmp_path, ENCODER) == {CODEC, "adapters/records/fast_records.py"}
