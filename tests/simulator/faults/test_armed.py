"""Armed-fault bookkeeping: occasions counted down, durations in simulated time, firings logged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.simulator.faults.armed import ArmedFaults
from adapters.simulator.faults.log import FaultLog
from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.market.clock import SimulatedClock

START = datetime(2026, 1, 1, tzinfo=UTC)


def board() -> tuple[ArmedFaults, SimulatedClock]:
    clock = SimulatedClock.manual(START)
    return ArmedFaults(("a", "b"), clock, FaultLog(clock)), clock


def test_a_counted_fault_fires_its_count_of_times_then_disarms() -> None:
    faults, _ = board()
    faults.arm("a", FaultSetting(count=2, seconds=1.5))
    fired = [faults.fire("a", "x") for _ in range(3)]
    assert [setting is not None for setting in fired] == [True, True, False]
    assert faults.armed() == {}


def test_the_remaining_count_and_duration_show_in_armed() -> None:
    faults, clock = board()
    faults.arm("a", FaultSetting(count=3, duration=10))
    faults.fire("a", "x")
    clock.advance(4)
    assert faults.armed() == {"a": FaultSetting(count=2, duration=6)}


def test_a_fault_with_a_duration_expires_in_simulated_time() -> None:
    faults, clock = board()
    faults.arm("a", FaultSetting(count=None, duration=5))
    clock.advance(5)
    assert faults.fire("a", "x") is None and faults.armed() == {}


def test_peeking_spends_nothing() -> None:
    faults, _ = board()
    faults.arm("b", FaultSetting(count=1))
    assert faults.peek("b") == faults.peek("b") == FaultSetting(count=1)
    assert faults.fire("b", "x") is not None


def test_each_firing_is_logged_with_the_simulated_time_and_detail() -> None:
    faults, clock = board()
    faults.arm("a", FaultSetting(count=None))
    clock.advance(2)
    faults.fire("a", "spoilt one")
    [record] = faults.log.records
    assert (record.time, record.fault, record.detail) == (1767225602000, "a", "spoilt one")


def test_clearing_one_or_all_is_idempotent() -> None:
    faults, _ = board()
    faults.arm("a", FaultSetting())
    faults.arm("b", FaultSetting())
    faults.clear("a")
    faults.clear("a")
    assert list(faults.armed()) == ["b"]
    faults.clear()
    assert faults.armed() == {}


def test_an_unknown_name_is_refused_naming_it() -> None:
    faults, _ = board()
    with pytest.raises(ValueError, match="unknown fault 'c'"):
        faults.arm("c", FaultSetting())
