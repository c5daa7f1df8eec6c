"""The sd_notify adapter: a datagram per message to $NOTIFY_SOCKET (a path or an @abstract name), never raising."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.system.sd_notify import SdNotify, service_manager_from_env, watchdog_seconds
from ports.service_manager import NoServiceManager
from tests.harness.notify_socket import NotifySocket, notify_socket

# linux: checked with Linux's own tools and sockets; Windows development runs -m 'not linux'
pytestmark = pytest.mark.linux


@pytest.fixture
def listener() -> Iterator[NotifySocket]:
    with notify_socket() as bound:
        yield bound


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_no_notify_socket_tells_nobody() -> None:
    assert isinstance(service_manager_from_env({}), NoServiceManager)
    assert isinstance(service_manager_from_env({"NOTIFY_SOCKET": ""}), NoServiceManager)


def test_a_platform_without_unix_sockets_tells_nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(socket, "AF_UNIX", raising=False)

    assert isinstance(service_manager_from_env({"NOTIFY_SOCKET": "/run/systemd/notify"}), NoServiceManager)


def test_a_relative_socket_name_is_refused_naming_the_variable(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        manager = service_manager_from_env({"NOTIFY_SOCKET": "run/notify"})

    assert isinstance(manager, NoServiceManager)
    assert "NOTIFY_SOCKET='run/notify': not an absolute path" in caplog.text


def test_ready_alive_and_stopping_reach_a_socket_path(listener: NotifySocket) -> None:
    manager = service_manager_from_env({"NOTIFY_SOCKET": listener.name, "WATCHDOG_USEC": "2000000"})

    manager.ready("ready: trading XRPUSDT")
    manager.alive("ready: trading XRPUSDT")
    manager.stopping("stopping: stop requested")

    assert listener.received() == [
        "READY=1\nSTATUS=ready: trading XRPUSDT",
        "WATCHDOG=1",
        "STOPPING=1\nSTATUS=stopping: stop requested",
    ]


def test_an_abstract_address_is_reached_through_the_at_sign() -> None:
    name = f"alphaengine-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as receiver:
        receiver.bind("\0" + name)
        receiver.settimeout(5)
        service_manager_from_env({"NOTIFY_SOCKET": "@" + name}).ready("ready")

        assert receiver.recv(4096) == b"READY=1\nSTATUS=ready"


def test_pings_are_paced_at_half_the_watchdog_interval_however_fast_the_loop_cycles(listener: NotifySocket) -> None:
    ticks = Ticks()
    manager = SdNotify(listener.address, 10.0, monotonic=ticks)

    for _ in range(1000):
        manager.alive("ready")
    ticks.now += 4.9
    manager.alive("ready")
    ticks.now += 0.1
    manager.alive("ready")

    assert listener.received() == ["WATCHDOG=1\nSTATUS=ready", "WATCHDOG=1"]


def test_a_changed_status_goes_out_with_the_next_ping(listener: NotifySocket) -> None:
    ticks = Ticks()
    manager = SdNotify(listener.address, 10.0, monotonic=ticks)

    manager.ready("ready")
    manager.alive("failed closed, no orders are sent: rest snapshot failed")
    ticks.now += 5
    manager.alive("failed closed, no orders are sent: rest snapshot failed")

    assert listener.received() == [
        "READY=1\nSTATUS=ready",
        "WATCHDOG=1\nSTATUS=failed closed, no orders are sent: rest snapshot failed",
        "WATCHDOG=1",
    ]


def test_without_a_watchdog_the_loop_sends_only_status_changes(listener: NotifySocket) -> None:
    ticks = Ticks()
    manager = service_manager_from_env({"NOTIFY_SOCKET": listener.name}, monotonic=ticks)

    manager.ready("ready")
    ticks.now += 3600
    manager.alive("ready")
    ticks.now += 3600
    manager.alive("failed closed, no orders are sent: x")

    assert listener.received() == ["READY=1\nSTATUS=ready", "STATUS=failed closed, no orders are sent: x"]


def test_a_status_is_one_bounded_line(listener: NotifySocket) -> None:
    SdNotify(listener.address, None).ready("failed closed:\nline two " + "x" * 500)

    (message,) = listener.received()
    status = message.split("\n")[1]
    assert status.startswith("STATUS=failed closed:\\nline two x") and len(status) == len("STATUS=") + 200


def test_the_watchdog_is_another_process_s_when_watchdog_pid_names_it() -> None:
    mine = {"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}

    assert watchdog_seconds(mine) == 30.0
    assert watchdog_seconds({**mine, "WATCHDOG_PID": str(os.getpid() + 1)}) is None
    assert watchdog_seconds({"WATCHDOG_USEC": "0"}) is None
    assert watchdog_seconds({"WATCHDOG_USEC": "soon"}) is None


def test_a_failed_send_is_logged_once_and_never_raises(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # Nobody listens at this path: every send fails
    manager = SdNotify(str(tmp_path / "gone"), 1.0, monotonic=Ticks())

    with caplog.at_level(logging.WARNING, logger="alphaengine.service"):
        manager.ready("ready")
        manager.alive("ready")
        manager.stopping("stopping")

    (record,) = caplog.records
    assert "telling systemd READY STATUS failed" in record.getMessage() and "the bot runs on" in record.getMessage()


def test_a_status_that_failed_to_go_out_is_sent_once_the_manager_listens() -> None:
    with notify_socket(bind=False) as later:
        manager = SdNotify(later.address, None)
        manager.ready("ready")
        later.bind()

        manager.alive("ready")

        assert later.received() == ["STATUS=ready"]
