"""Read-model tables and the checkpoint of the last event folded into them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Sequence

from domain.codec import Record
from domain.projections.state import ProjectionState, RowChange


class ProjectionStore(ABC):
    @abstractmethod
    def load(self) -> tuple[ProjectionState, int]:
        """Return all rows as a state and the checkpoint seq they reflect (0 = nothing folded)."""

    @abstractmethod
    def checkpoint(self) -> int:
        """Return the seq of the last event folded into the stored rows."""

    @abstractmethod
    def save(self, changes: Sequence[RowChange], checkpoint: int) -> None:
        """Apply row changes in order and move the checkpoint, atomically; a lower checkpoint raises CheckpointRegression."""

    @abstractmethod
    def replace_all(self, state: ProjectionState, checkpoint: int) -> None:
        """Swap every table for `state` and set the checkpoint, atomically (a rebuild)."""

    @abstractmethod
    def dump(self) -> dict[str, list[Record]]:
        """Return every table as canonical records sorted by key: equal content gives equal dumps."""
