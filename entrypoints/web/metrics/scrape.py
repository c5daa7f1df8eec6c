"""What one scrape of /metrics reads (ADR 0077): the dashboard's own reads, the bot's health row, the log's last seq
and the newest commands, each bounded whatever the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from application.queries import DashboardReads, dashboard_reads, mark, open_pnl
from domain.commands import CommandRecord, CommandStatus
from domain.projections.ledger import utc_day
from entrypoints.web.api.bot_state import STALE_AFTER, BotStanding, bot_standing
from entrypoints.web.api.context import adapters, bot_health, mode, running, time_scale
from ports.health import BotHealth

# The commands whose latency is reported: the newest this many (one index range scan, ADR 0052's rule)
COMMAND_WINDOW = 50
# A command the bot settled (a refusal it decided counts: it answered); an expired one never ran
SETTLED = (CommandStatus.ACK, CommandStatus.FAILED)


@dataclass(frozen=True)
class Scrape:
    """The figures of one scrape, read at `now`; health None: no bot ever wrote its row."""

    now: datetime
    mode: str
    symbol: str
    health: BotHealth | None
    standing: BotStanding
    reads: DashboardReads
    unrealized_pnl: Decimal | None
    last_seq: int
    command_latencies: tuple[timedelta, ...]


def read_scrape() -> Scrape:
    """Read a scrape on a store worker (ADR 0066), through the same per-request reads as the dashboard."""
    ports, trading, health = adapters(), running(), bot_health()
    now = ports.clock().now()
    symbol = trading.symbol
    reads = dashboard_reads(ports.projection_store(), health, symbol, utc_day(now), trading.risk.daily_loss_limit)
    return Scrape(
        now=now,
        mode=mode(),
        symbol=symbol,
        health=health,
        standing=bot_standing(health, now, STALE_AFTER * time_scale()),
        reads=reads,
        unrealized_pnl=open_pnl(reads.position, mark(health, reads.recent_trades).price),
        last_seq=ports.event_store().last_seq(),
        command_latencies=latencies(ports.command_store().list(limit=COMMAND_WINDOW)),
    )


def latencies(records: list[CommandRecord]) -> tuple[timedelta, ...]:
    """From a command's creation to the bot's answer, for each settled one among `records`, shortest first."""
    return tuple(
        sorted(
            max(record.updated_at - record.command.created_at, timedelta(0))
            for record in records
            if record.status in SETTLED
        )
    )
