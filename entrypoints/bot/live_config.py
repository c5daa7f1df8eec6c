"""Runtime settings followed while the bot runs: a changed poll interval, strategy or risk limit applies at once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from application.orchestrator import Orchestrator
from application.reconciler import ReconcileSchedule
from config.settings import Settings, settings_from_sections
from entrypoints.bot.wiring import OrchestratorFactory
from ports.config_store import ConfigEntry, ConfigStore

log = logging.getLogger("alphaengine.bot")


class SwappableOrchestrator:
    """The main loop's orchestrator; replace() puts one built from new settings behind it between two ticks."""

    def __init__(self, current: Orchestrator) -> None:
        self.current = current

    async def tick(self, now: datetime) -> None:
        await self.current.tick(now)

    def replace(self, orchestrator: Orchestrator) -> None:
        self.current = orchestrator


class LiveConfig:
    """MainLoop's on_config: re-validates every stored section, then applies what changed.

    Invalid settings (written around the web's validation) are logged and ignored: the bot keeps what it runs with.
    The symbol and account are part of every stored fact's scope, so changing them needs a restart.
    """

    def __init__(self, store: ConfigStore, settings: Settings, schedule: ReconcileSchedule,
                 orchestrator: SwappableOrchestrator, build: OrchestratorFactory,
                 on_level: Callable[[str], None] = lambda level: logging.getLogger().setLevel(level)) -> None:
        self._store, self.settings, self._schedule = store, settings, schedule
        self._orchestrator, self._build, self._on_level = orchestrator, build, on_level

    def __call__(self, changed: Sequence[ConfigEntry]) -> None:
        try:
            fresh = settings_from_sections({entry.key: entry.value for entry in self._store.all()})
        except Exception as exc:  # noqa: BLE001 - a bad stored value must not stop a running bot
            log.error("ignoring the changed settings (%s): %s", ", ".join(e.key for e in changed), exc)
            return
        self._apply(self.settings, fresh)

    def _apply(self, old: Settings, new: Settings) -> None:
        if new.trading != old.trading:
            log.warning("trading settings changed to %s: restart the bot to apply them", new.trading)
        if new.engine != old.engine:
            self._schedule.set_poll_interval(timedelta(seconds=new.engine.poll_interval_sec))
            log.info("reconcile poll interval is now %d s", new.engine.poll_interval_sec)
        if new.strategy != old.strategy or new.risk != old.risk:
            try:
                self._orchestrator.replace(self._build(new))
            except Exception as exc:  # noqa: BLE001 - e.g. an unknown strategy name: keep trading the old one
                log.error("keeping strategy %s: the new strategy settings fail: %s", old.strategy.name, exc)
                new = _keep(new, old)
            else:
                log.info("strategy %s on %s with %s; risk %s", new.strategy.name, new.strategy.timeframe,
                         new.strategy.params, new.risk)
        if new.logging != old.logging:
            self._on_level(new.logging.level)
        self.settings = new


def _keep(new: Settings, old: Settings) -> Settings:
    return replace(new, strategy=old.strategy, risk=old.risk)
