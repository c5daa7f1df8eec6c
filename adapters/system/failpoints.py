"""KillAt: a failpoint that kills its own process outright, as a power cut or the OOM killer would."""

from __future__ import annotations

import logging
import os
import signal

from ports.failpoints import Failpoints, check_name

log = logging.getLogger("alphaengine.failpoints")

KILLED_EXIT_CODE = 137  # what a shell reports for a process ended by SIGKILL (128 + 9)


class KillAt(Failpoints):
    """SIGKILLs the process the first time the named failpoint is hit: no cleanup, no flush, no finally blocks."""

    def __init__(self, name: str) -> None:
        self.name = check_name(name)

    def hit(self, name: str) -> None:
        if name != self.name:
            return
        log.critical("failpoint %s reached: killing process %d", name, os.getpid())
        kill = getattr(signal, "SIGKILL", None)
        if kill is None:
            # Windows has no SIGKILL; _exit skips cleanup handlers just the same
            os._exit(KILLED_EXIT_CODE)
        os.kill(os.getpid(), kill)
