"""Principle 9: the bot and the web share one SQLite file safely — two OS processes writing at once for 10 s.

The file is on the real disk with synchronous=FULL, as in production. The appender commits ten events per transaction
(the facts of one WebSocket frame), so the event rate does not hinge on an fsync per event (ADR 0004 records that cost).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.config_store import SqliteConfigStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from tests.tooling.two_process_worker import EVENTS_PER_STEP

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "tests" / "tooling" / "two_process_worker.py"
SECONDS = 10.0
EVENT_STEPS_PER_S = 60.0
COMMAND_RATE = 50.0
MIN_EVENT_RATE = 500.0


def spawn(role: str, db_path: Path, start_at: float, rate: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen(
        [sys.executable, str(WORKER), role, str(db_path), str(start_at), str(SECONDS), str(rate)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def summary_of(process: subprocess.Popen) -> dict:
    stdout, stderr = process.communicate(timeout=SECONDS + 60)
    assert process.returncode == 0, f"worker exited {process.returncode}:\n{stderr}"
    return json.loads(stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_an_appender_and_a_command_writer_share_one_database_without_errors(tmp_path: Path) -> None:
    db_path = tmp_path / "shared.sqlite3"
    open_database(db_path).close()
    # A common start instant, so both loops overlap for the whole run despite interpreter start-up
    start_at = time.time() + 0.5

    workers = [
        spawn("events", db_path, start_at, EVENT_STEPS_PER_S),
        spawn("commands", db_path, start_at, COMMAND_RATE),
    ]
    try:
        events, commands = (summary_of(worker) for worker in workers)
    finally:
        stop_leftovers(workers)

    assert (events["errors"], commands["errors"]) == (0, 0), (events["error_samples"], commands["error_samples"])
    assert events["rate"] * EVENTS_PER_STEP >= MIN_EVENT_RATE, events
    assert commands["ops"] > 0
    connection = open_database(db_path)
    try:
        assert_every_event_present_in_order(SqliteEventStore(connection), events["ops"] * EVENTS_PER_STEP)
        assert_every_command_present(SqliteCommandStore(connection), commands["ops"])
        assert SqliteConfigStore(connection).get("two_process.counter").version == commands["ops"]
    finally:
        connection.close()


def stop_leftovers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def assert_every_event_present_in_order(store: SqliteEventStore, count: int) -> None:
    seqs, ids, after = [], [], 0
    while batch := store.read_after(after, limit=2000):
        seqs += [stored.seq for stored in batch]
        ids += [stored.event.event_id for stored in batch]
        after = batch[-1].seq
    assert seqs == list(range(1, count + 1))
    assert ids == [f"evt-{i}" for i in range(count)]
    assert store.last_seq() == count


def assert_every_command_present(store: SqliteCommandStore, count: int) -> None:
    listed = store.list(limit=count + 100)
    assert sorted(record.command.command_id for record in listed) == sorted(f"cmd-{i}" for i in range(count))
