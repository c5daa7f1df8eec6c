"""The bot process: boot what exists (database, settings, projections), then fold new events until stopped."""

from __future__ import annotations

import logging

import anyio

from config.settings import Settings
from entrypoints.containers.bot import BotContainer
from entrypoints.runtime import load_settings, phase

log = logging.getLogger("alphaengine.bot")


def boot_bot(container: BotContainer, database: str) -> Settings:
    """Open the database, load (and seed) runtime settings, and catch projections up; each phase is logged."""
    with phase(f"open database {database}"):
        container.init_resources()
    adapters = container.adapters
    with phase("load runtime settings") as details:
        settings = load_settings(adapters.config_store(), adapters.clock())
        details["symbol"] = settings.trading.symbol
    logging.getLogger().setLevel(settings.logging.level)
    with phase("catch up projections") as details:
        details["events"] = container.projector().catch_up()
        details["checkpoint"] = adapters.projection_store().checkpoint()
    return settings


async def run_bot(container: BotContainer, stop: anyio.Event) -> None:
    """Apply new events to the projections every tick until `stop` is set (the real main loop comes later)."""
    projector = container.projector()
    tick_s = container.config.tick_s()
    log.info("bot running in %s mode: applying new events every %d ms", container.config.mode(), tick_s * 1000)
    while not stop.is_set():
        with anyio.move_on_after(tick_s):
            await stop.wait()
        applied = projector.catch_up()
        if applied:
            checkpoint = container.adapters.projection_store().checkpoint()
            log.info("applied %d new event(s); checkpoint %d", applied, checkpoint)
    log.info("bot stopped")
