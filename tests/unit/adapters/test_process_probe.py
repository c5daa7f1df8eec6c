"""The system process probe: our own pid runs, a reaped child's pid is gone, other hosts and odd pids are unknown."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from adapters.memory.process_probe import InMemoryProcessProbe
from adapters.system.process_probe import SystemProcessProbe
from ports.process_probe import ProcessProbe

HERE = socket.gethostname()


def test_the_system_probe_sees_this_process_running() -> None:
    assert SystemProcessProbe().alive(HERE, os.getpid()) is True


def test_the_system_probe_sees_a_reaped_childs_pid_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()

    # Pids are handed out in turn, so the reaped one names no process until the pid space wraps round
    assert SystemProcessProbe().alive(HERE, child.pid) is False


def test_the_system_probe_sees_a_running_child_until_it_is_reaped() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        running = SystemProcessProbe().alive(HERE, child.pid)
    finally:
        child.communicate(b"")

    assert running is True
    assert SystemProcessProbe().alive(HERE, child.pid) is False


@pytest.mark.parametrize(
    ("host", "pid"),
    [("some-other-host", os.getpid()), (HERE, 0), (HERE, -1), (HERE, 2**40)],
    # Named, not numbered by the pid: each pytest-xdist worker must collect the same test ids
    ids=["another host", "pid 0", "pid -1", "pid 2**40"],
)
def test_the_system_probe_cannot_tell_for_another_host_or_a_pid_the_os_cannot_name(host: str, pid: int) -> None:
    assert SystemProcessProbe().alive(host, pid) is None


def test_the_system_probe_takes_this_hosts_name_from_the_caller_when_given() -> None:
    assert SystemProcessProbe(host="renamed").alive("renamed", os.getpid()) is True
    assert SystemProcessProbe(host="renamed").alive(HERE, os.getpid()) is None


def test_the_in_memory_probe_answers_from_its_set_of_live_processes() -> None:
    probe: ProcessProbe = InMemoryProcessProbe("h", live={("h", 7)})

    assert [probe.alive("h", 7), probe.alive("h", 8), probe.alive("elsewhere", 7)] == [True, False, None]
