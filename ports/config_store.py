"""Runtime settings, versioned per key, written by the web and read by the bot."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ConfigEntry:
    key: str
    value: Any
    version: int
    updated_at: datetime
    updated_by: str


class ConfigStore(ABC):
    @abstractmethod
    def get(self, key: str) -> ConfigEntry | None:
        """Return the current entry of `key`, or None."""

    @abstractmethod
    def all(self) -> list[ConfigEntry]:
        """Return every entry, sorted by key."""

    @abstractmethod
    def put(self, key: str, value: Any, *, expected_version: int | None, updated_by: str, now: datetime) -> ConfigEntry:
        """Write JSON as version+1 if expected_version holds (0 absent, None any), else ConfigVersionConflict."""
