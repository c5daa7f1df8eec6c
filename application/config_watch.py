"""The loop's config step: a config row whose version changed becomes a ConfigChanged event and a listener call."""

from __future__ import annotations

import json

from application.event_writer import EventWriter
from application.loop_ports import ConfigListener
from domain.events import ConfigChanged
from domain.values import Source
from ports.config_store import ConfigEntry, ConfigStore


class ConfigWatch:
    """Remembers the version of every key it has seen; the first look reports every key."""

    def __init__(self, config: ConfigStore, writer: EventWriter, on_config: ConfigListener | None) -> None:
        self._config, self._writer, self._on_config = config, writer, on_config
        self._versions: dict[str, int] = {}

    def detect(self) -> int:
        """Record and announce the changed entries; return how many changed."""
        changed = [entry for entry in self._config.all() if self._versions.get(entry.key) != entry.version]
        if not changed:
            return 0
        # The natural key config:<key>:<version> makes this a no-op for a change the executor already recorded
        self._writer.append([_config_changed(entry) for entry in changed], Source.BOT)
        self._versions.update({entry.key: entry.version for entry in changed})
        if self._on_config is not None:
            self._on_config(changed)
        return len(changed)


def _config_changed(entry: ConfigEntry) -> ConfigChanged:
    value_json = json.dumps(entry.value, sort_keys=True, separators=(",", ":"))
    return ConfigChanged(entry.key, entry.version, value_json, entry.updated_by)
