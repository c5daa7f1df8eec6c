"""One side of the two-process SQLite test: the bot appending events, or the web inserting commands and config.

Usage: python two_process_worker.py {events|commands} DB_PATH START_AT_EPOCH SECONDS STEPS_PER_S
An events step appends EVENTS_PER_STEP events in one transaction, as the bot does with the facts of one frame.
Prints one JSON summary line on stdout and exits 0 unless it crashed.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import apsw

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, PauseEngine
from domain.events import Reconciled, new_event
from domain.values import Mode, Scope, Source
from ports.errors import StorageError

SCOPE = Scope(exchange="BINANCE", venue="FUTURES", account_id="main", symbol="BTCUSDT", mode=Mode.SIM)
CONFIG_KEY = "two_process.counter"
EVENTS_PER_STEP = 10
Step = Callable[[int], None]


def event_step(connection: apsw.Connection) -> Step:
    store = SqliteEventStore(connection)

    def append(i: int) -> None:
        now = datetime.now(UTC)
        numbers = range(i * EVENTS_PER_STEP, (i + 1) * EVENTS_PER_STEP)
        events = [
            new_event(Reconciled(appended=n, drifts=0), event_id=f"evt-{n}", ts=now, scope=SCOPE, source=Source.BOT)
            for n in numbers
        ]
        if not all(appended.stored for appended in store.append(events)):
            raise StorageError(f"a batch of step {i} was reported as a duplicate")

    return append


def command_step(connection: apsw.Connection) -> Step:
    commands, config = SqliteCommandStore(connection), SqliteConfigStore(connection)

    def insert_and_configure(i: int) -> None:
        now = datetime.now(UTC)
        command = Command(
            f"cmd-{i}",
            f"idem-{i}",
            USER_PRIORITY,
            Actor(ActorKind.USER, "web"),
            SCOPE,
            now,
            f"corr-{i}",
            PauseEngine(reason=f"tick {i}"),
        )
        _, inserted = commands.insert(command, now)
        if not inserted:
            raise StorageError(f"command {i} was reported as a repeat")
        # expected_version makes every write a read-then-write: it must see the previous write of this loop
        config.put(CONFIG_KEY, {"i": i, "limit": Decimal("0.020")}, expected_version=i, updated_by="web", now=now)

    return insert_and_configure


def run_paced(step: Step, start_at: float, seconds: float, rate: float) -> dict:
    """Call step(i) on a fixed schedule (catching up when late) until `seconds` pass; count successes and errors."""
    time.sleep(max(0.0, start_at - time.time()))
    start = time.monotonic()
    ops = errors = i = 0
    samples: list[str] = []
    while (due := i / rate) < seconds and time.monotonic() - start < seconds:
        time.sleep(max(0.0, start + due - time.monotonic()))
        try:
            step(i)
            ops += 1
        except (StorageError, apsw.Error) as exc:
            errors += 1
            samples = ([*samples, f"{type(exc).__name__}: {exc}"])[:5]
        i += 1
    elapsed = time.monotonic() - start
    return {"ops": ops, "errors": errors, "error_samples": samples, "elapsed_s": elapsed, "rate": ops / elapsed}


ROLES = {"events": event_step, "commands": command_step}


def main(argv: list[str]) -> int:
    role, db_path, start_at, seconds, rate = argv
    connection = open_database(Path(db_path))
    try:
        summary = run_paced(ROLES[role](connection), float(start_at), float(seconds), float(rate))
    finally:
        connection.close()
    print(json.dumps({"role": role, **summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
