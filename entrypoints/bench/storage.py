"""B0 (fsync and commit calibration), B7 (projection rebuild) and B8 (append throughput) on a scratch SQLite file."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from application.event_writer import stamped
from application.projector import Projector
from domain.events import Event, FeeCharged, TradeExecuted
from domain.values import Mode, Scope, Side, Source
from entrypoints.bench.report import Measurement, median, percentile

SCOPE = Scope("BINANCE", "FUTURES", "bench", "XRPUSDT", Mode.SIM)
START = datetime(2026, 1, 1, tzinfo=UTC)


def fill_events(first_trade: int, trades: int, scope: Scope = SCOPE) -> Iterator[Event]:
    """A trade and its fee per trade id, buys and sells in turn: the bulk of a real log."""
    for trade_id in range(first_trade, first_trade + trades):
        at = START + timedelta(milliseconds=trade_id)
        side = Side.BUY if trade_id % 2 else Side.SELL
        trade = TradeExecuted(
            trade_id,
            trade_id,
            f"ae-bench-{trade_id}",
            side,
            Decimal("0.5000"),
            Decimal("10"),
            Decimal("0"),
            False,
            False,
            at,
        )
        payloads = (trade, FeeCharged(trade_id, "USDT", Decimal("0.0025"), at))
        yield from stamped(
            payloads, Source.REST, event_ids=[f"bench-{p.TYPE}-{trade_id}" for p in payloads], ts=at, scope=scope
        )


def calibrate(folder: Path, seconds: float) -> list[Measurement]:
    """B0: fsync of a small write, and single-event FULL commits."""
    probe = folder / "fsync.probe"
    samples = []
    with probe.open("wb") as handle:
        for _ in range(50):
            started = time.perf_counter()
            handle.write(b"x" * 512)
            handle.flush()
            os.fsync(handle.fileno())
            samples.append((time.perf_counter() - started) * 1e3)
    return [
        Measurement("B0", "fsync of 512 bytes p50", median(samples), "ms", "record only"),
        *append_single(folder / "b0.sqlite3", seconds, "B0"),
    ]


def append_single(path: Path, seconds: float, label: str = "B8") -> list[Measurement]:
    """Single-event transactions for `seconds`: commits per second and their p99."""
    connection = open_database(path)
    store, samples = SqliteEventStore(connection), []
    events = fill_events(1, 10_000_000)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        event = next(events)
        started = time.perf_counter()
        store.append([event])
        samples.append((time.perf_counter() - started) * 1e3)
    connection.close()
    elapsed = sum(samples) / 1e3
    return [
        Measurement(label, "single-event FULL commits", len(samples) / elapsed, "commits/s", "≥ 2,000"),
        Measurement(label, "single-event FULL commit p99", percentile(samples, 0.99), "ms", "≤ 2"),
    ]


def append_batched(path: Path, events: int) -> Measurement:
    """B8: 100-event transactions."""
    connection = open_database(path)
    store, stream = SqliteEventStore(connection), list(fill_events(1, events // 2))
    started = time.perf_counter()
    for start in range(0, len(stream), 100):
        store.append(stream[start : start + 100])
    rate = len(stream) / (time.perf_counter() - started)
    connection.close()
    return Measurement("B8", "100-event batches", rate, "events/s", "≥ 100,000")


def rebuild(path: Path, events: int) -> Measurement:
    """B7: a full rebuild of the projections from a log of `events` fills and fees."""
    connection = open_database(path)
    store = SqliteEventStore(connection)
    log_fills(store, events)
    projector = Projector(store, SqliteProjectionStore(connection))
    started = time.perf_counter()
    report = projector.rebuild()
    rate = report.events / (time.perf_counter() - started)
    connection.close()
    return Measurement("B7", f"rebuild of {report.events:,} events", rate, "events/s", "≥ 100,000")


def log_fills(store: SqliteEventStore, events: int) -> None:
    """Append a log of `events` fills and fees; the events themselves are gone once it returns, as in a process that
    only opens the log (they would otherwise weigh on the garbage collector of whatever runs next)."""
    stream = list(fill_events(1, events // 2))
    for start in range(0, len(stream), 1000):
        store.append(stream[start : start + 1000])


def storage_benchmarks(quick: bool) -> list[Measurement]:
    seconds, events = (0.5, 5_000) if quick else (3.0, 100_000)
    with tempfile.TemporaryDirectory(prefix="alphaengine-bench-") as scratch:
        folder = Path(scratch)
        return [
            *calibrate(folder, seconds),
            *append_single(folder / "b8.sqlite3", seconds),
            append_batched(folder / "b8b.sqlite3", events),
            rebuild(folder / "b7.sqlite3", events),
        ]
