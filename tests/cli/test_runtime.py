"""Boot helpers on the in-memory adapters: seeding, dotted updates, and services stopping together."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import anyio
import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.config_store import InMemoryConfigStore
from config.errors import SettingsError
from entrypoints.runtime import (
    drop_cancelled_connection_callback,
    run_until_stopped,
    seed_settings,
    update_setting,
)
from ports.config_store import ConfigEntry
from ports.errors import ConfigVersionConflict

T0 = datetime(2026, 2, 1, tzinfo=UTC)


@pytest.fixture
def store() -> InMemoryConfigStore:
    return InMemoryConfigStore()


def test_seeding_writes_each_missing_section_once_as_system(store: InMemoryConfigStore) -> None:
    first = seed_settings(store, ManualClock(T0))
    second = seed_settings(store, ManualClock(T0))

    assert (first, second) == (["trading", "strategy", "risk", "engine", "logging"], [])
    assert {(e.version, e.updated_by) for e in store.all()} == {(1, "system")}


def test_seeding_keeps_a_section_that_is_already_there(store: InMemoryConfigStore) -> None:
    store.put("logging", {"level": "DEBUG"}, expected_version=0, updated_by="web", now=T0)

    seed_settings(store, ManualClock(T0))

    assert store.get("logging") == ConfigEntry("logging", {"level": "DEBUG"}, 1, T0, "web")


def test_seeding_loses_a_race_quietly(store: InMemoryConfigStore) -> None:
    class RacingStore(InMemoryConfigStore):
        """Another process seeds between our get and our put."""

        def get(self, key: str) -> ConfigEntry | None:
            if super().get(key) is None:
                self.put(key, {"seeded": "by the other process"}, expected_version=0, updated_by="web", now=T0)
            return None

    racing = RacingStore()

    assert seed_settings(racing, ManualClock(T0)) == []
    assert {e.updated_by for e in racing.all()} == {"web"}


def test_an_update_stores_the_normalised_section_as_the_next_version(store: InMemoryConfigStore) -> None:
    entry = update_setting(store, ManualClock(T0), "risk.daily_loss_limit", 0.1, updated_by="cli")

    assert (entry.version, entry.updated_by) == (2, "cli")
    assert entry.value == {"max_risk_per_trade": "0.02", "daily_loss_limit": "0.1"}


def test_an_update_against_a_stale_version_is_refused(store: InMemoryConfigStore) -> None:
    update_setting(store, ManualClock(T0), "logging.level", "DEBUG", updated_by="cli")

    with pytest.raises(ConfigVersionConflict):
        update_setting(store, ManualClock(T0), "logging.level", "ERROR", updated_by="cli", expected_version=1)

    assert store.get("logging").value == {"level": "DEBUG"}  # type: ignore[union-attr]


def test_an_invalid_update_writes_nothing(store: InMemoryConfigStore) -> None:
    with pytest.raises(SettingsError, match=r"^engine\.poll_interval_sec: "):
        update_setting(store, ManualClock(T0), "engine.poll_interval_sec", 0, updated_by="cli")

    assert store.get("engine").version == 1  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_when_one_service_ends_the_others_are_told_to_stop() -> None:
    finished: list[str] = []

    async def short(stop: anyio.Event) -> None:
        finished.append("short")

    async def long(stop: anyio.Event) -> None:
        await stop.wait()
        finished.append("long")

    with anyio.fail_after(10):
        await run_until_stopped(short, long)

    assert finished == ["short", "long"]


@pytest.mark.anyio
async def test_a_failing_service_stops_the_others_and_its_error_comes_out() -> None:
    async def broken(stop: anyio.Event) -> None:
        raise OSError("address in use")

    async def waiting(stop: anyio.Event) -> None:
        await stop.wait()

    with anyio.fail_after(10), pytest.raises(BaseExceptionGroup) as error:
        await run_until_stopped(broken, waiting)

    assert error.group_contains(OSError, match="address in use")


def _asyncio_record(message: str, error: BaseException) -> logging.LogRecord:
    return logging.LogRecord("asyncio", logging.ERROR, __file__, 1, message, None, (type(error), error, None))


def test_the_cancelled_connection_traceback_of_python_3_11_7_is_dropped_and_other_asyncio_errors_kept() -> None:
    spurious = _asyncio_record(
        "Exception in callback StreamReaderProtocol.connection_made.<locals>.callback(...)", asyncio.CancelledError()
    )
    real_failure = _asyncio_record(
        "Exception in callback StreamReaderProtocol.connection_made.<locals>.callback(...)",
        ConnectionResetError("reset by peer"),
    )
    other_cancel = _asyncio_record("Task was destroyed but it is pending!", asyncio.CancelledError())

    kept = [drop_cancelled_connection_callback(r) for r in (spurious, real_failure, other_cancel)]

    assert kept == [False, True, True]
