"""Keeps the read models in step with the event log: incremental catch-up and full rebuild."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from domain.codec import to_record
from domain.events import StoredEvent
from domain.projections.state import ProjectionState, RowChange
from domain.text import shown, unstorable
from ports.errors import EventUnfoldable, StorageError
from ports.event_store import EventStore
from ports.failpoints import MID_PROJECTION_UPDATE, Failpoints, NoFailpoints
from ports.projection_store import ProjectionStore

Progress = Callable[[int, int], None]
# Told of each event with the row changes its fold made (a stale snapshot changes nothing it names)
Observer = Callable[[StoredEvent, list[RowChange]], None]

log = logging.getLogger("alphaengine.bot")


@dataclass(frozen=True)
class RebuildReport:
    events: int
    checkpoint: int


class Projector:
    """Folds events into the projection store; each batch's rows and checkpoint commit together."""

    def __init__(
        self,
        events: EventStore,
        projections: ProjectionStore,
        batch_size: int = 1000,
        failpoints: Failpoints = NoFailpoints(),
        observer: Observer | None = None,
    ) -> None:
        self._events = events
        # Told of each event once its batch is stored (the bot's activity log); never of a rebuild's replay
        self._observer = observer
        self._failpoints = failpoints
        self._projections = projections
        self._batch_size = batch_size
        self._state: ProjectionState | None = None
        self._checkpoint = 0
        self._failure: EventUnfoldable | None = None

    @property
    def failure(self) -> EventUnfoldable | None:
        """The stored event that could not be folded, once one was met: the projections stop before it for good."""
        return self._failure

    @property
    def state(self) -> ProjectionState:
        """The folded state as of the last catch-up: the small tables, the large ones read by key (ADR 0069)."""
        if self._state is None:
            self._state, self._checkpoint = self._projections.open_state()
        return self._state

    def catch_up(self) -> int:
        """Fold every event after the checkpoint; return how many were applied.

        Raises EventUnfoldable (then and on every later call) when a stored event cannot be read, folded or saved.
        """
        if self._failure is not None:
            raise self._failure
        try:
            return self._catch_up()
        except EventUnfoldable as exc:
            self._state, self._failure = None, exc
            raise

    def _catch_up(self) -> int:
        state = self.state
        applied = 0
        while batch := self._events.read_after(self._checkpoint, self._batch_size):
            try:
                folded = _fold(state, batch)
                changes = [change for _, event_changes in folded for change in event_changes]
                self._failpoints.hit(MID_PROJECTION_UPDATE)
                self._save(folded, changes, batch[-1].seq)
                state.saved()
            except BaseException:
                # The fold ran ahead of the store: drop it, or the next catch-up would fold this batch twice
                self._state = None
                raise
            self._checkpoint = batch[-1].seq
            applied += len(batch)
            self._observe(folded)
        return applied

    def _save(self, folded: list[tuple[StoredEvent, list[RowChange]]], changes: list[RowChange], seq: int) -> None:
        try:
            self._projections.save(changes, seq)
        except StorageError:
            # Busy or failing storage may recover: the next catch-up tries again
            raise
        except Exception as exc:  # anything else is in the rows, and the same rows fail every time
            raise _unsaveable(folded, exc) or _batch_unsaveable(folded, exc) from exc

    def _replay(self, progress: Progress | None) -> tuple[ProjectionState, int, int]:
        """The whole log folded into a fresh state: (state, last seq, events applied)."""
        state = ProjectionState()
        total = self._events.last_seq()
        seq = applied = 0
        while batch := self._events.read_after(seq, self._batch_size):
            _fold(state, batch)
            seq = batch[-1].seq
            applied += len(batch)
            if progress is not None:
                progress(seq, total)
        return state, seq, applied

    def _replace_all(self, state: ProjectionState, seq: int) -> None:
        try:
            self._projections.replace_all(state, seq)
        except StorageError:
            raise
        except Exception as exc:  # as in catch_up: the rows themselves cannot be stored
            culprit = self._culprit_of_rebuild(exc)
            if culprit is None:
                raise
            raise culprit from exc

    def _culprit_of_rebuild(self, exc: Exception) -> EventUnfoldable | None:
        """Fold the log again, event by event, to name the one whose rows no store can hold (failure path only)."""
        state, seq = ProjectionState(), 0
        while batch := self._events.read_after(seq, self._batch_size):
            culprit = _unsaveable(_fold(state, batch), exc)
            if culprit is not None:
                return culprit
            seq = batch[-1].seq
        return None

    def _observe(self, folded: list[tuple[StoredEvent, list[RowChange]]]) -> None:
        if self._observer is None:
            return
        for stored, changes in folded:
            try:
                self._observer(stored, changes)
            except Exception:  # a report about an event must never undo folding it
                log.exception("observing event %d failed", stored.seq)

    def rebuild(self, progress: Progress | None = None) -> RebuildReport:
        """Fold the whole log from scratch into fresh tables and swap them in atomically."""
        with collector_paused():
            state, seq, applied = self._replay(progress)
            self._replace_all(state, seq)
        # The rebuilt tables are held whole: the next use reads the small ones back, so the bot's memory stays bounded
        self._state, self._checkpoint, self._failure = None, seq, None
        return RebuildReport(events=applied, checkpoint=seq)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block, then leave it as it was (ADR 0067).

    A replay keeps a growing state of rows alive while it makes millions of short-lived objects, none in a cycle:
    every collection pass rescans the state and finds nothing, and took a third of a rebuild's time. Reference
    counting still frees every event as soon as it is folded."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fold(state: ProjectionState, batch: list[StoredEvent]) -> list[tuple[StoredEvent, list[RowChange]]]:
    folded = []
    for stored in batch:
        try:
            folded.append((stored, state.apply(stored.event)))
        except Exception as exc:  # any failure of the fold is this event's, and it is stored for good
            raise EventUnfoldable(stored.seq, stored.event.type, _problem(exc)) from exc
    return folded


def _unsaveable(folded: list[tuple[StoredEvent, list[RowChange]]], exc: Exception) -> EventUnfoldable | None:
    """The first event whose rows hold text no store can hold, if there is one."""
    for stored, changes in folded:
        for change in changes:
            if change.row is not None and any(type(v) is str and unstorable(v) for v in to_record(change.row).values()):
                return EventUnfoldable(stored.seq, stored.event.type, _problem(exc))
    return None


def _batch_unsaveable(folded: list[tuple[StoredEvent, list[RowChange]]], exc: Exception) -> EventUnfoldable:
    first, last = folded[0][0], folded[-1][0]
    return EventUnfoldable(first.seq, first.event.type, f"saving events {first.seq}-{last.seq}: {_problem(exc)}")


def _problem(exc: BaseException) -> str:
    return shown(f"{type(exc).__name__}: {exc}")
