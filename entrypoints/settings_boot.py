"""The settings the bot boots on: each stored section if valid, else its last valid version from the event log."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from config.errors import SettingsError
from config.settings import SECTIONS, Settings, StrategyCheck, validate_section
from domain.events import ConfigChanged
from entrypoints.runtime import seed_settings
from ports.clock import Clock
from ports.config_store import ConfigStore
from ports.event_store import EventQuery, EventStore

log = logging.getLogger("alphaengine.bot")
# ConfigChanged events read when looking for a section's last valid version; a value longer than this was never valid
_PAGE = 200
_MAX_SCANNED = 20_000
_MAX_VALUE_JSON = 64 * 1024


@dataclass(frozen=True)
class BootSettings:
    """The settings to run on, and one line saying which stored versions were refused (None: all stored ones run)."""

    settings: Settings
    refused: str | None = None


def boot_settings(store: ConfigStore, events: EventStore, clock: Clock, strategies: StrategyCheck) -> BootSettings:
    """Seed missing sections, validate each stored one; a refused one runs on its last valid version.

    The last valid version is the newest ConfigChanged of that section (the log keeps every version the bot saw or
    wrote) that still passes validation. With none, SettingsError names the key: one line and exit 2, not a loop.
    """
    seed_settings(store, clock)
    stored = {entry.key: entry for entry in store.all()}
    sections: dict[str, Any] = {}
    notes: list[str] = []
    for key in SECTIONS:
        entry = stored[key]
        try:
            sections[key] = validate_section(key, entry.value, strategies)
            continue
        except SettingsError as error:
            refusal = error
        fallback = last_valid(events, key, entry.version, strategies)
        if fallback is None:
            problem = f"{refusal.problem} (stored version {entry.version}; no earlier valid version to run on)"
            raise SettingsError(refusal.key, problem)
        version, sections[key] = fallback
        note = f"{key} version {entry.version} refused ({refusal}); running version {version}"
        log.error("settings: %s; fix it with `alphaengine config set` or the web", note)
        notes.append(note)
    return BootSettings(Settings(**sections), "; ".join(notes) or None)


def last_valid(events: EventStore, key: str, below: int, strategies: StrategyCheck) -> tuple[int, Any] | None:
    """The newest version of section `key` below version `below` that passes validation, from the log; None if none."""
    candidates: dict[int, str] = {}
    for offset in range(0, _MAX_SCANNED, _PAGE):
        page = events.query(EventQuery(types=(ConfigChanged.TYPE,), limit=_PAGE, offset=offset))
        for stored in page:
            change = stored.event.payload
            if isinstance(change, ConfigChanged) and change.key == key and change.version < below:
                candidates.setdefault(change.version, change.value_json)
        if len(page) < _PAGE:
            break
    for version in sorted(candidates, reverse=True):
        text = candidates[version]
        if len(text) > _MAX_VALUE_JSON:
            continue
        try:
            return version, validate_section(key, json.loads(text), strategies)
        except (SettingsError, ValueError):
            continue
    return None
