"""StreamFaults as a Switchboard: names, arming, occasions, durations, clearing, stalls and the fault log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.simulator.faults.log import FaultLog
from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.faults.stream import StreamFaults
from adapters.simulator.market.clock import SimulatedClock

START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock.manual(START)


@pytest.fixture
def log(clock: SimulatedClock) -> FaultLog:
    return FaultLog(clock)


@pytest.fixture
def board(clock: SimulatedClock, log: FaultLog) -> StreamFaults:
    return StreamFaults(clock, log)


def test_the_board_names_the_six_stream_faults(board: StreamFaults) -> None:
    assert board.names == ("ws_drop", "ws_duplicate", "ws_reorder", "ws_delay", "ws_close", "ws_stall")


def test_arming_an_unknown_fault_names_it(board: StreamFaults) -> None:
    with pytest.raises(ValueError, match="'ws_explode'"):
        board.arm("ws_explode", FaultSetting())


def test_a_fault_fires_on_as_many_occasions_as_its_count(board: StreamFaults, log: FaultLog) -> None:
    board.arm("ws_drop", FaultSetting(count=2))

    fired = [board.fire("ws_drop", f"event {n}") for n in range(3)]

    assert [setting is not None for setting in fired] == [True, True, False]
    assert [(record.fault, record.detail) for record in log.records] == [("ws_drop", "event 0"), ("ws_drop", "event 1")]
    assert board.armed() == {}


def test_armed_shows_the_occasions_left(board: StreamFaults) -> None:
    board.arm("ws_duplicate", FaultSetting(count=3))
    board.fire("ws_duplicate", "event")

    assert board.armed()["ws_duplicate"].count == 2


def test_a_fault_with_a_duration_ends_after_it(board: StreamFaults, clock: SimulatedClock) -> None:
    board.arm("ws_delay", FaultSetting(count=None, duration=10, seconds=2))
    clock.advance(10)

    assert board.fire("ws_delay", "event") is None
    assert board.armed() == {}


def test_clear_without_a_name_disarms_every_stream_fault(board: StreamFaults) -> None:
    board.arm("ws_drop", FaultSetting())
    board.arm("ws_close", FaultSetting())

    board.clear()
    board.clear()

    assert board.armed() == {}


def test_a_timed_stall_holds_for_its_seconds(board: StreamFaults, clock: SimulatedClock) -> None:
    board.arm("ws_stall", FaultSetting(seconds=30))
    stall = board.start_stall("socket")
    assert stall is not None and board.is_stalled(stall)

    clock.advance(30)

    assert not board.is_stalled(stall)
    assert board.start_stall("socket") is None


def test_an_open_ended_stall_holds_until_ws_stall_is_cleared(board: StreamFaults, clock: SimulatedClock) -> None:
    board.arm("ws_stall", FaultSetting())
    stall = board.start_stall("socket")
    assert stall is not None
    clock.advance(86_400)
    assert board.is_stalled(stall)

    board.clear("ws_stall")

    assert not board.is_stalled(stall)
