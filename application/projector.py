"""Keeps the read models in step with the event log: incremental catch-up and full rebuild."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from domain.events import StoredEvent
from domain.projections.state import ProjectionState, RowChange
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

    def __init__(self, events: EventStore, projections: ProjectionStore, batch_size: int = 1000,
                 failpoints: Failpoints = NoFailpoints(), observer: Observer | None = None) -> None:
        self._events = events
        # Told of each event once its batch is stored (the bot's activity log); never of a rebuild's replay
        self._observer = observer
        self._failpoints = failpoints
        self._projections = projections
        self._batch_size = batch_size
        self._state: ProjectionState | None = None
        self._checkpoint = 0

    @property
    def state(self) -> ProjectionState:
        """The folded state as of the last catch-up (loaded from the store on first use)."""
        if self._state is None:
            self._state, self._checkpoint = self._projections.load()
        return self._state

    def catch_up(self) -> int:
        """Fold every event after the checkpoint; return how many were applied."""
        state = self.state
        applied = 0
        while batch := self._events.read_after(self._checkpoint, self._batch_size):
            folded = [(stored, state.apply(stored.event)) for stored in batch]
            changes = [change for _, event_changes in folded for change in event_changes]
            self._failpoints.hit(MID_PROJECTION_UPDATE)
            try:
                self._projections.save(changes, batch[-1].seq)
            except BaseException:
                # The fold ran ahead of the store: drop it, or the next catch-up would fold this batch twice
                self._state = None
                raise
            self._checkpoint = batch[-1].seq
            applied += len(batch)
            self._observe(folded)
        return applied

    def _observe(self, folded: list[tuple[StoredEvent, list[RowChange]]]) -> None:
        if self._observer is None:
            return
        for stored, changes in folded:
            try:
                self._observer(stored, changes)
            except Exception:  # noqa: BLE001 - a report about an event must never undo folding it
                log.exception("observing event %d failed", stored.seq)

    def rebuild(self, progress: Progress | None = None) -> RebuildReport:
        """Fold the whole log from scratch into fresh tables and swap them in atomically."""
        state = ProjectionState()
        total = self._events.last_seq()
        seq = applied = 0
        while batch := self._events.read_after(seq, self._batch_size):
            for stored in batch:
                state.apply(stored.event)
            seq = batch[-1].seq
            applied += len(batch)
            if progress is not None:
                progress(seq, total)
        self._projections.replace_all(state, seq)
        self._state, self._checkpoint = state, seq
        return RebuildReport(events=applied, checkpoint=seq)
