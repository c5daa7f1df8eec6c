"""Runtime settings followed while the bot runs: a changed poll interval, strategy or risk limit applies at once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from application.orchestrator import Orchestrator
from application.reconciler import ReconcileSchedule
from config.errors import SettingsError
from config.settings import SECTIONS, Settings, StrategyCheck, default_sections, validate_section
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
    """MainLoop's on_config: re-validates every stored section (ADR 0044), then applies what changed.

    A section the one validation refuses (written around it, or a strategy uninstalled since) keeps the version the
    bot runs; the refusal is logged and reported through `on_refused` until a valid version is stored.
    The symbol and account are part of every stored fact's scope: a change waits for the next start.
    """

    def __init__(
        self,
        store: ConfigStore,
        settings: Settings,
        schedule: ReconcileSchedule,
        orchestrator: SwappableOrchestrator,
        build: OrchestratorFactory,
        strategies: StrategyCheck,
        on_level: Callable[[str], None] = lambda level: logging.getLogger().setLevel(level),
        on_refused: Callable[[str | None], None] = lambda refused: None,
    ) -> None:
        self._store, self.settings, self._schedule = store, settings, schedule
        self._orchestrator, self._build, self._strategies = orchestrator, build, strategies
        self._on_level, self._on_refused = on_level, on_refused

    def __call__(self, changed: Sequence[ConfigEntry]) -> None:
        try:
            stored = {entry.key: entry for entry in self._store.all()}
        except Exception as exc:  # noqa: BLE001 - an unreadable store must not stop a running bot
            log.error("ignoring the changed settings (%s): %s", ", ".join(e.key for e in changed), exc)
            return
        sections, refused = {}, []
        for key in SECTIONS:
            entry = stored.get(key)
            try:
                sections[key] = validate_section(
                    key, default_sections()[key] if entry is None else entry.value, self._strategies
                )
            except SettingsError as error:
                sections[key] = getattr(self.settings, key)
                version = "" if entry is None else f" version {entry.version}"
                refused.append(f"{key}{version} refused ({error}); running the previous one")
        for note in refused:
            log.error("settings: %s", note)
        self._on_refused("; ".join(refused) or None)
        self._apply(self.settings, Settings(**sections))

    def _apply(self, old: Settings, new: Settings) -> None:
        if new.trading != old.trading:
            log.warning("trading settings changed to %s: pending until the bot restarts", new.trading)
            new = replace(new, trading=old.trading)
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
                log.info(
                    "strategy %s on %s with %s; risk %s",
                    new.strategy.name,
                    new.strategy.timeframe,
                    new.strategy.params,
                    new.risk,
                )
        if new.logging != old.logging:
            self._on_level(new.logging.level)
        self.settings = new


def _keep(new: Settings, old: Settings) -> Settings:
    return replace(new, strategy=old.strategy, risk=old.risk)
