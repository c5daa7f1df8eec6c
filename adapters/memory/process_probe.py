"""ProcessProbe for tests: one named host whose set of live pids the test sets."""

from __future__ import annotations

from ports.process_probe import ProcessProbe


class InMemoryProcessProbe(ProcessProbe):
    """Knows only `host`; `live` holds the (host, pid) pairs that run there, and the test edits it freely."""

    def __init__(self, host: str, live: set[tuple[str, int]] | None = None) -> None:
        self.host = host
        self.live: set[tuple[str, int]] = set() if live is None else live
        self.asked: list[tuple[str, int]] = []

    def alive(self, host: str, pid: int) -> bool | None:
        self.asked.append((host, pid))
        if host != self.host or pid <= 0:
            return None
        return (host, pid) in self.live
