"""The bot process: open the database, load settings, then Boot and MainLoop (application.loop.serve) until stopped."""

from __future__ import annotations

import logging

import anyio
import anyio.to_thread

from application.boot import BootOutcome
from application.loop import serve
from config.settings import Settings
from entrypoints.alerting import CLOSE_TIMEOUT_S as ALERTS_CLOSE_TIMEOUT_S
from entrypoints.containers.bot import BotContainer
from entrypoints.database_mode import bind_database, describe
from entrypoints.runtime import phase

log = logging.getLogger("alphaengine.bot")
CLOSE_TIMEOUT_S = 2.0


def boot_bot(container: BotContainer, database: str) -> Settings:
    """Open the database, bind it to the bot's mode and account (refusing another's), and load (seeding what is
    missing) and validate the runtime settings; each phase is logged."""
    with phase(f"open database {database}"):
        container.init_resources()
    with phase("bind database") as details:
        secrets = container.secrets()
        account = secrets.credentials.fingerprint() if secrets.credentials else None
        details["to"] = describe(bind_database(container.adapters.identity_store(), database, secrets.mode, account))
    with phase("load runtime settings") as details:
        settings = container.settings()
        details["symbol"] = settings.trading.symbol
        details["strategy"] = f"{settings.strategy.name} {settings.strategy.timeframe} {settings.strategy.params}"
    logging.getLogger().setLevel(settings.logging.level)
    with phase("alerts") as details:
        # An alert URL apprise cannot send to is refused now, naming it, not at the first incident
        details["to"] = f"{len(container.secrets().alert_urls)} URLs" if container.secrets().alert_urls else "log only"
        container.notifier()
    # Published with the first boot phase: the web scopes its commands by what the bot trades (ADR 0044)
    container.board().update(
        symbol=settings.trading.symbol,
        account_id=settings.trading.account_id,
        settings_refused=container.settings_at_boot().refused,
    )
    return settings


async def run_bot(container: BotContainer, stop: anyio.Event) -> BootOutcome:
    """Take the lease, boot to READY (or fail closed), cycle until `stop`; LeaseHeld propagates before anything runs."""
    log.info("bot starting in %s mode against %s", container.config.mode(), container.secrets().endpoints.rest_url)
    try:
        outcome = await serve(container.boot(), container.loop(), stop)
    finally:
        await _close(container)
    log.info("bot stopped")
    return outcome


async def _close(container: BotContainer) -> None:
    # Shielded: shutdown may come as a cancellation, and the listenKey and sockets are still worth closing
    with anyio.move_on_after(CLOSE_TIMEOUT_S, shield=True):
        await container.exchange.close()()
    # The last alerts (a fail-closed boot, a crash loop) go out before the process ends, within a bound
    with anyio.move_on_after(ALERTS_CLOSE_TIMEOUT_S + 1, shield=True):
        await anyio.to_thread.run_sync(container.notifier().close, ALERTS_CLOSE_TIMEOUT_S, abandon_on_cancel=True)
