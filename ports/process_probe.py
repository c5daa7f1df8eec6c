"""Whether a process named by host and pid is still running, as far as this machine can tell."""

from __future__ import annotations

from abc import ABC, abstractmethod


class ProcessProbe(ABC):
    """Answers for processes on this host only; anything it cannot see it reports as unknown, never as dead."""

    @abstractmethod
    def alive(self, host: str, pid: int) -> bool | None:
        """True if `pid` runs on this host, False if no such process exists here, None if it cannot tell.

        None for another host, a pid this OS cannot name (≤ 0, too large) or an error while asking. A reused pid
        reads as alive: callers may only treat False as proof that the process is gone.
        """
