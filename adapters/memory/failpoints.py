"""Failpoints for one process: stop nowhere, or simulate a crash in-process by raising what nothing catches."""

from __future__ import annotations

from ports.failpoints import Failpoints, NoFailpoints, check_name

__all__ = ["CrashAt", "NoFailpoints", "SimulatedCrash"]


class SimulatedCrash(BaseException):
    """The process 'died' at a failpoint; a BaseException so no `except Exception` in the bot can swallow it."""

    def __init__(self, name: str) -> None:
        super().__init__(f"simulated crash at failpoint {name}")
        self.name = name


class CrashAt(Failpoints):
    """Raises SimulatedCrash the `nth` time the named failpoint is hit; every other hit returns normally."""

    def __init__(self, name: str, nth: int = 1) -> None:
        if nth < 1:
            raise ValueError(f"nth must be 1 or more, got {nth}")
        self.name, self._nth = check_name(name), nth
        self.hits: list[str] = []

    def hit(self, name: str) -> None:
        self.hits.append(name)
        if name == self.name and self.hits.count(name) == self._nth:
            raise SimulatedCrash(name)
