"""The bot process alerts through the secrets' URL (ADR 0078): failing closed reaches the receiver once, and a restart
into the same failure does not send it again."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from domain.alerts import TITLES, AlertKind
from domain.events import BotBooted
from ports.event_store import EventQuery
from tests.cli.conftest import free_port
from tests.harness.alert_receiver import alert_receiver
from tests.harness.processes import WAIT_S

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Cli


def wait_for_boots(db: Path, count: int) -> None:
    deadline = time.monotonic() + WAIT_S
    while boots(db) < count:
        assert time.monotonic() < deadline, f"{count} boots were not recorded in time"
        time.sleep(0.05)


def boots(db: Path) -> int:
    connection = open_database(db)
    try:
        return len(SqliteEventStore(connection).query(EventQuery(types=(BotBooted.TYPE,))))
    finally:
        connection.close()


def test_a_bot_failing_closed_alerts_once_across_a_restart(cli: Cli) -> None:
    cli.env.update(ALPHAENGINE_REST_URL=f"http://127.0.0.1:{free_port()}")
    with alert_receiver() as receiver:
        cli.env["ALPHAENGINE_ALERT_URLS"] = receiver.url
        for restart in range(2):
            bot = cli.start("-m", "entrypoints.bot", "--db", str(cli.db))
            bot.wait_for(r"alerts: done in [\d.]+ ms, to 1 URLs")
            bot.wait_for(r"failing closed, no orders will be sent")
            # The watch's first look records the boot; stopped after it, the bot sends what it queued before it exits
            wait_for_boots(cli.db, restart + 1)
            assert bot.interrupt() == 0

        assert receiver.wait_for_arrivals(1, WAIT_S)
    assert receiver.titles() == [f"AlphaEngine: {TITLES[AlertKind.FAIL_CLOSED]}"]
    assert "What to do: the bot sends no orders until the cause is gone" in receiver.posts[0]["message"]
