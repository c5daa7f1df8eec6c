"""How many event streams may be open at once: a cap per user and one for the whole web (ADR 0049)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import anyio

# A dashboard tab holds one stream; a few tabs or scripts per user fit, a flood of them does not
MAX_PER_USER = 5
# Each open stream costs a task, a socket and a batch of events: the web's memory stays bounded by this many
MAX_TOTAL = 50
# A slot frees as soon as a client leaves; a refused client can try again this soon
RETRY_AFTER_S = 5
# Streams encoding events at once; the others wait their turn, so a request waits behind a few encoders, not fifty
ENCODING_AT_ONCE = 4


@dataclass
class Slot:
    """One open stream's place; release() is safe to call more than once."""

    slots: StreamSlots
    user: str
    held: bool = True

    def release(self) -> None:
        if self.held:
            self.held = False
            self.slots._free(self.user)

    def turn(self) -> anyio.Semaphore:
        """Hold it while encoding events (not while sending them, which waits on the client)."""
        return self.slots.turns()


class StreamSlots:
    """Counts the open streams per user and in all; take() refuses one that would exceed either cap."""

    def __init__(self, per_user: int = MAX_PER_USER, total: int = MAX_TOTAL, encoding: int = ENCODING_AT_ONCE) -> None:
        if not 1 <= per_user <= total or encoding < 1:
            raise ValueError(
                f"stream caps need 1 <= per_user <= total and encoding >= 1, got per_user={per_user}, "
                f"total={total}, encoding={encoding}"
            )
        self.per_user, self.total, self.encoding = per_user, total, encoding
        self._open: dict[str, int] = {}
        self._lock = threading.Lock()
        self._turns: anyio.Semaphore | None = None

    def take(self, user: str) -> Slot | str:
        """A slot for `user`, or why there is none (the 429 message)."""
        with self._lock:
            if self._open.get(user, 0) >= self.per_user:
                return (
                    f"too many open event streams for user {user!r} (at most {self.per_user}); "
                    f"close one, or retry in {RETRY_AFTER_S} s"
                )
            if sum(self._open.values()) >= self.total:
                return f"too many open event streams on this server (at most {self.total}); retry in {RETRY_AFTER_S} s"
            self._open[user] = self._open.get(user, 0) + 1
        return Slot(self, user)

    def turns(self) -> anyio.Semaphore:
        # Made on first use, inside the server's event loop
        if self._turns is None:
            self._turns = anyio.Semaphore(self.encoding)
        return self._turns

    def open_count(self, user: str | None = None) -> int:
        """Streams open now, for `user` or in all."""
        with self._lock:
            return sum(self._open.values()) if user is None else self._open.get(user, 0)

    def _free(self, user: str) -> None:
        with self._lock:
            left = self._open.get(user, 0) - 1
            if left > 0:
                self._open[user] = left
            else:
                self._open.pop(user, None)
