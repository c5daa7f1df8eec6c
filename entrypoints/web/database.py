"""The web's database work, off the event loop (ADR 0066): a few worker threads, each call on stores of its own.

Every store call of a request, page or event stream runs through `on_store` (or a lane's `run`): on a worker thread,
at most `threads` at once per lane, each on a store set no other call uses meanwhile (a SQLite connection of its own,
so WAL readers run side by side). `stores()` is how the work reaches them; on any other thread it refuses, so a store
call left on the event loop fails loudly instead of stalling every other request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

import anyio
import anyio.to_thread
from quart import current_app

T = TypeVar("T")
LANES = "store_lanes"
# Requests and pages; probes (/health) have a lane of their own, so no burst of slow pages can queue them
REQUESTS, PROBES = "requests", "probes"
# Two cores: two reads at once keep them busy (SQLite releases the GIL while it steps); four only fought over the GIL
# and gave /health a longer tail (docs/benchmarks.md)
REQUEST_WORKERS = 2
PROBE_WORKERS = 1
OFF_LOOP = (
    "the web's stores are reached only from its store workers (entrypoints.web.database.on_store), never on the "
    "event loop thread"
)

_stores: ContextVar[Any] = ContextVar("web_stores")


class StoreSets(Protocol):
    """Where a worker's store set comes from, and how one it opened is closed."""

    def open(self) -> Any: ...

    def close(self, stores: Any) -> None: ...


class StoreLane:
    """Runs work on at most `threads` worker threads at once, each on a store set it alone holds meanwhile."""

    def __init__(self, sets: StoreSets, threads: int) -> None:
        if threads < 1:
            raise ValueError(f"a store lane needs threads >= 1, got {threads}")
        self.threads = threads
        self._sets = sets
        self._free: list[Any] = []
        self._opened: list[Any] = []
        self._lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[[], T]) -> T:
        """Run `work()` on a worker thread with `stores()` its set, once one is free; a cancel waits for the work."""
        if self._limiter is None:
            # Made on first use, inside the server's event loop
            self._limiter = anyio.CapacityLimiter(self.threads)
        return await anyio.to_thread.run_sync(self._on_worker, work, limiter=self._limiter)

    def waiting(self) -> int:
        """Calls waiting for a free worker now."""
        return 0 if self._limiter is None else self._limiter.statistics().tasks_waiting

    def close(self) -> None:
        """Close every set this lane opened (the server stopped; a later run opens new ones)."""
        with self._lock:
            opened, self._opened, self._free = self._opened, [], []
        for stores in opened:
            self._sets.close(stores)

    def _on_worker(self, work: Callable[[], T]) -> T:
        stores = self._take()
        # Set in this worker's copy of the request's context: the event loop's own context never holds a set
        token = _stores.set(stores)
        try:
            return work()
        finally:
            _stores.reset(token)
            with self._lock:
                self._free.append(stores)

    def _take(self) -> Any:
        with self._lock:
            if self._free:
                return self._free.pop()
        # The limiter holds the workers to `threads`, so no more sets than that are ever opened
        stores = self._sets.open()
        with self._lock:
            self._opened.append(stores)
        return stores


class WorkOwnsItsStores:
    """For an app whose work holds its stores itself (security installed on an app of its own): no set to hand out."""

    def open(self) -> Any:
        return None

    def close(self, stores: Any) -> None:
        return None


def store_lanes(sets: StoreSets) -> dict[str, StoreLane]:
    return {REQUESTS: StoreLane(sets, REQUEST_WORKERS), PROBES: StoreLane(sets, PROBE_WORKERS)}


async def on_store(work: Callable[[], T], lane: str = REQUESTS) -> T:
    """Run a request's database work (and what it formats from it) on the app's store workers."""
    return await lane_of(lane).run(work)


def lane_of(name: str = REQUESTS) -> StoreLane:
    """The app's lane, for work that outlives the request's context (an event stream's polls)."""
    lanes: dict[str, StoreLane] = current_app.extensions[LANES]
    return lanes[name]


def stores() -> Any:
    """The calling worker's store set (clock, ids and every store port); refused outside a store worker."""
    found = _stores.get(None)
    if found is None:
        raise RuntimeError(OFF_LOOP)
    return found


def worker_port(name: str) -> Any:
    """A port that resolves at each call to the calling worker's own instance (for objects built once, at install)."""
    return _WorkerPort(name)


class _WorkerPort:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(getattr(stores(), self._name)(), attribute)
