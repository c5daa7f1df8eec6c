"""Time and identity come from outside the domain."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime


class Clock(ABC):
    @abstractmethod
    def now(self) -> datetime:
        """Return the current time, timezone-aware UTC, never going backwards within a process."""


class IdGenerator(ABC):
    @abstractmethod
    def new_id(self) -> str:
        """Return an id never returned before by any generator of this kind (globally unique)."""
