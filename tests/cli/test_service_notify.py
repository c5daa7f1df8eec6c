"""`alphaengine bot` as systemd starts it (Type=notify, WatchdogSec): READY=1, watchdog pings, STOPPING=1 on SIGTERM."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.cli.test_services import start_sim
from tests.harness.notify_socket import NotifySocket, notify_socket
from tests.harness.processes import WAIT_S

# linux: checked with Linux's own tools and sockets; Windows development runs -m 'not linux'
pytestmark = pytest.mark.linux

if TYPE_CHECKING:
    from tests.cli.conftest import Cli


@pytest.fixture
def systemd() -> Iterator[NotifySocket]:
    with notify_socket() as listener:
        yield listener


def test_the_bot_process_tells_the_notify_socket_it_is_ready_alive_and_stopping(
    cli: Cli, systemd: NotifySocket
) -> None:
    start_sim(cli)
    # What systemd puts in a Type=notify unit's environment; 0.2 s: a ping at most every 0.1 s
    cli.env.update(NOTIFY_SOCKET=systemd.name, WATCHDOG_USEC="200000")
    bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))

    booted = systemd.block_until("READY=1", WAIT_S)
    alive = [message for _ in range(2) for message in systemd.block_until("WATCHDOG=1", WAIT_S)]
    assert bot.interrupt(signal.SIGTERM) == 0
    stopping = systemd.block_until("STOPPING=1", WAIT_S)

    assert booted[-1] == "READY=1\nSTATUS=ready: trading XRPUSDT (sim)"
    assert [message for message in alive if message.startswith("WATCHDOG=1")] == ["WATCHDOG=1", "WATCHDOG=1"]
    assert stopping[-1] == "STOPPING=1\nSTATUS=stopping: stop requested"
