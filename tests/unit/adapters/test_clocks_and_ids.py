"""Clocks and id generators: aware UTC, never backwards, unique ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from adapters.memory.clock import ManualClock, SequentialIds
from adapters.system.clock import SystemClock
from adapters.system.ids import UuidIds
from ports.clock import Clock, IdGenerator

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class SteppedWall:
    """A wall clock that returns the readings it was given, in order (as NTP steps would)."""

    def __init__(self, *readings: datetime) -> None:
        self.readings = list(readings)

    def __call__(self) -> datetime:
        return self.readings.pop(0)


def test_the_system_clock_reads_aware_utc() -> None:
    now = SystemClock().now()

    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)


def test_the_system_clock_never_goes_backwards_when_the_wall_clock_does() -> None:
    clock = SystemClock(SteppedWall(T0, T0 - timedelta(seconds=5), T0 + timedelta(seconds=1)))

    readings = [clock.now(), clock.now(), clock.now()]

    assert readings == [T0, T0, T0 + timedelta(seconds=1)]


def test_the_system_clock_converts_other_offsets_to_utc() -> None:
    tokyo = timezone(timedelta(hours=9))

    now = SystemClock(SteppedWall(datetime(2026, 3, 1, 21, 0, tzinfo=tokyo))).now()

    assert (now, now.tzinfo) == (T0, UTC)


def test_uuid_ids_are_32_hex_digits_and_unique() -> None:
    ids = UuidIds()

    made = {ids.new_id() for _ in range(1000)}

    assert len(made) == 1000
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in made)


def test_the_manual_clock_stays_put_until_advanced() -> None:
    clock = ManualClock(T0)

    assert clock.now() == clock.now() == T0
    assert clock.advance(1.5) == T0 + timedelta(seconds=1.5)
    assert clock.advance(timedelta(minutes=1)) == clock.now() == T0 + timedelta(seconds=61.5)


def test_the_manual_clock_refuses_to_go_backwards() -> None:
    with pytest.raises(ValueError, match="never goes backwards"):
        ManualClock(T0).advance(-1)


def test_the_manual_clock_needs_an_aware_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        ManualClock(datetime(2026, 1, 1))


def test_sequential_ids_count_up_with_their_prefix() -> None:
    ids = SequentialIds("cmd-")

    assert [ids.new_id(), ids.new_id()] == ["cmd-00000001", "cmd-00000002"]


def test_every_clock_and_id_generator_implements_its_port() -> None:
    assert isinstance(SystemClock(), Clock) and isinstance(ManualClock(), Clock)
    assert isinstance(UuidIds(), IdGenerator) and isinstance(SequentialIds(), IdGenerator)
