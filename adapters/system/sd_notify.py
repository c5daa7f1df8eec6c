"""ServiceManager over systemd's notify protocol: newline-separated assignments in one datagram to $NOTIFY_SOCKET.

The protocol is sd_notify(3)'s: `READY=1`, `WATCHDOG=1`, `STATUS=…`, `STOPPING=1` sent to an AF_UNIX datagram
socket named by a path or, after `@`, by a Linux abstract-namespace name. No libsystemd: the protocol is a few lines,
and the package must install on Windows, where there is no manager to tell.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

from domain.text import shown
from ports.service_manager import NoServiceManager, ServiceManager

log = logging.getLogger("alphaengine.service")

ENV_SOCKET = "NOTIFY_SOCKET"
ENV_WATCHDOG_USEC = "WATCHDOG_USEC"
ENV_WATCHDOG_PID = "WATCHDOG_PID"
# `systemctl status` shows one line; a fail-closed reason can be long
STATUS_CHARS = 200
# Without a watchdog only the status is sent from the loop, and no more often than this
STATUS_EVERY_S = 30.0


def service_manager_from_env(
    env: Mapping[str, str], *, monotonic: Callable[[], float] = time.monotonic
) -> ServiceManager:
    """SdNotify when $NOTIFY_SOCKET names a socket this platform can reach, else a manager that tells nobody."""
    given = env.get(ENV_SOCKET, "")
    if not given or _unix_family() is None:
        return NoServiceManager()
    if not given.startswith(("/", "@")):
        log.warning("%s=%r: not an absolute path or an @abstract name; systemd is not told", ENV_SOCKET, given)
        return NoServiceManager()
    address = "\0" + given[1:] if given.startswith("@") else given
    return SdNotify(address, watchdog_seconds(env), monotonic=monotonic)


def watchdog_seconds(env: Mapping[str, str]) -> float | None:
    """$WATCHDOG_USEC in seconds when the watchdog is set for this process ($WATCHDOG_PID unset or ours), else None."""
    pid = env.get(ENV_WATCHDOG_PID, "")
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(env.get(ENV_WATCHDOG_USEC, ""))
    except ValueError:
        return None
    return usec / 1_000_000 if usec > 0 else None


class SdNotify(ServiceManager):
    """Pings the watchdog at most once per half interval, however fast the loop cycles; a failed send is logged once.

    The socket is non-blocking: a manager that stops reading costs a ping, never a stalled loop.
    """

    def __init__(
        self, address: str, watchdog_s: float | None, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._address, self._watchdog, self._monotonic = address, watchdog_s is not None, monotonic
        self._every = watchdog_s / 2 if watchdog_s is not None else STATUS_EVERY_S
        self._last_alive: float | None = None
        self._status: str | None = None
        self._socket: socket.socket | None = None
        self._failed = False

    def ready(self, status: str) -> None:
        self._send(["READY=1"], status)

    def alive(self, status: str) -> None:
        now = self._monotonic()
        if self._last_alive is not None and now - self._last_alive < self._every:
            return
        self._last_alive = now
        self._send(["WATCHDOG=1"] if self._watchdog else [], status)

    def stopping(self, status: str) -> None:
        self._send(["STOPPING=1"], status)
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _send(self, assignments: list[str], status: str) -> None:
        line = shown(status)[:STATUS_CHARS]
        if line != self._status:
            assignments = [*assignments, f"STATUS={line}"]
        if not assignments:
            return
        try:
            if self._socket is None:
                self._socket = socket.socket(_unix_family() or -1, socket.SOCK_DGRAM)
                self._socket.setblocking(False)
            self._socket.sendto("\n".join(assignments).encode("utf-8"), self._address)
        except OSError as exc:
            if not self._failed:
                self._failed = True
                log.warning(
                    "telling systemd %s failed: %s; the bot runs on, but a watchdog may restart it "
                    "(further failures are not logged)",
                    " ".join(a.split("=", 1)[0] for a in assignments),
                    exc,
                )
            return
        self._status = line


def _unix_family() -> int | None:
    # Windows' socket module may lack AF_UNIX: read through getattr, so the module imports and tells nobody there
    family: int | None = getattr(socket, "AF_UNIX", None)
    return family
