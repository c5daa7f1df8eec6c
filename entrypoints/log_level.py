"""A process that has no settings watch of its own (the web) follows `logging.level` at run time (PRD §4.10).

The bot applies the level from its own settings watch (entrypoints/bot/live_config.py).
"""

from __future__ import annotations

import logging

import anyio

from config.settings import LoggingSettings, validate_section
from ports.config_store import ConfigStore

log = logging.getLogger("alphaengine")
# A level change shows within this many seconds; the read is one small row
FOLLOW_INTERVAL_S = 5.0


async def follow_log_level(store: ConfigStore, stop: anyio.Event, interval_s: float = FOLLOW_INTERVAL_S) -> None:
    """Apply the stored `logging` section's level now and whenever it changes, until `stop` is set.

    The read is one row by key, on the caller's connection: too small to hold the event loop up.
    """
    applied: str | None = None
    while not stop.is_set():
        level = _stored_level(store)
        if level is not None and level != applied:
            logging.getLogger().setLevel(level)
            if applied is not None:
                log.info("log level is now %s", level)
            applied = level
        with anyio.move_on_after(interval_s):
            await stop.wait()


def _stored_level(store: ConfigStore) -> str | None:
    try:
        entry = store.get("logging")
        if entry is None:
            return None
        section = validate_section("logging", entry.value, lambda name, params: None)
    except Exception as exc:  # noqa: BLE001 - a bad row or a busy store keeps the current level
        log.warning("logging.level: keeping the current level (%s)", exc)
        return None
    return section.level if isinstance(section, LoggingSettings) else None
