"""A child process whose stdout and stderr lines are collected by reader threads, for tests of real processes."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field

WAIT_S = 30.0


@dataclass
class Background:
    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        for stream in (self.process.stdout, self.process.stderr):
            self.readers.append(threading.Thread(target=self._pump, args=(stream,), daemon=True))
            self.readers[-1].start()

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line.rstrip("\n"))

    def next_match(self, pattern: str, timeout: float = WAIT_S) -> re.Match[str] | None:
        """The first line from now on matching `pattern`, or None once the process ended or `timeout` passed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                if not any(reader.is_alive() for reader in self.readers) and self.lines.empty():
                    return None
                continue
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        self.seen.append(f"(test: no line matching {pattern!r} within {timeout} s)")
        return None

    def wait_for(self, pattern: str, timeout: float = WAIT_S) -> re.Match[str]:
        """Like next_match, but fail with everything seen when the line never comes."""
        match = self.next_match(pattern, timeout)
        if match is None:
            raise AssertionError(f"no line matching {pattern!r}; output so far:\n" + "\n".join(self.seen))
        return match

    def wait_exit(self) -> int:
        return self.process.wait(timeout=WAIT_S)

    def interrupt(self, signum: int = signal.SIGINT) -> int:
        """Send a stop signal (as Ctrl-C or systemd would) and return the exit status."""
        self.process.send_signal(signum)
        status = self.process.wait(timeout=WAIT_S)
        for reader in self.readers:
            reader.join(timeout=WAIT_S)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT_S)

    def stop(self) -> None:
        """Ask politely (SIGINT), then kill if it does not go."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
