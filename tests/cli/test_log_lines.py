"""Log lines: a newline (or any control character) in what a user or the exchange typed cannot forge a line."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from adapters.memory.event_store import InMemoryEventStore
from adapters.memory.projection_store import InMemoryProjectionStore
from application.activity_log import log_activity
from application.projector import Projector
from domain.events import CommandFailed, EngineStateChanged
from domain.text import shown
from domain.values import EngineState
from entrypoints.runtime import configure_logging
from tests.harness.builders import EventFactory

FORGED = "maintenance\n2026-12-07T09:00:00.000Z INFO    alphaengine.activity: engine RUNNING: all clear"


@pytest.fixture
def stderr(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    configure_logging("INFO")
    yield captured
    logging.basicConfig(handlers=[logging.NullHandler()], force=True)


def test_a_pause_reason_with_a_newline_is_one_activity_line(stderr: io.StringIO) -> None:
    factory, events = EventFactory(), InMemoryEventStore()
    events.append(
        [
            factory.event(EngineStateChanged(EngineState.PAUSED, FORGED, "cmd-1")),
            factory.event(CommandFailed("cmd-2", "PauseEngine", "bad\r\ninput \x1b[31mred\u2028next")),
        ]
    )

    Projector(events, InMemoryProjectionStore(), observer=log_activity).catch_up()

    lines = stderr.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        r"engine PAUSED: maintenance\n2026-12-07T09:00:00.000Z INFO    alphaengine.activity: "
        "engine RUNNING: all clear [SIM]"
    )
    assert lines[1].endswith(r"failed: bad\r\ninput \x1b[31mred\u2028next [SIM]")


def test_a_traceback_keeps_its_lines_while_the_message_is_escaped(stderr: io.StringIO) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("alphaengine.bot").exception("command failed: %s", "a\nb")

    first, *trace = stderr.getvalue().splitlines()
    assert first.endswith(r"command failed: a\nb")
    assert trace[0] == "Traceback (most recent call last):" and trace[-1] == "ValueError: boom"


@pytest.mark.parametrize(
    ("typed", "logged"),
    [
        ("plain text, é 日本 €", "plain text, é 日本 €"),
        ("tab\there", r"tab\there"),
        ("nul\x00 del\x7f c1\x85", r"nul\x00 del\x7f c1\x85"),
        ("lone \ud800 surrogate", r"lone \ud800 surrogate"),
        ("bidi \u202eevil", r"bidi \u202eevil"),
        ("a literal backslash-n \\n stays", "a literal backslash-n \\n stays"),
    ],
)
def test_control_characters_are_written_as_repr_writes_them(typed: str, logged: str) -> None:
    assert shown(typed) == logged
