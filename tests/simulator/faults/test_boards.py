"""FaultBoards: one name space over the REST and stream switchboards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.simulator.faults.armed import ArmedFaults
from adapters.simulator.faults.boards import FaultBoards, UnknownFault
from adapters.simulator.faults.log import FaultLog
from adapters.simulator.faults.rest import RestFaults
from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.market.clock import SimulatedClock

CLOCK = SimulatedClock.manual(datetime(2026, 1, 1, tzinfo=UTC))


class OtherBoard:
    """A second Switchboard, as the stream faults are."""

    names = ("ws_thing",)

    def __init__(self, log: FaultLog) -> None:
        self._armed = ArmedFaults(self.names, CLOCK, log)
        self.log = log

    def arm(self, name: str, setting: FaultSetting) -> None:
        self._armed.arm(name, setting)

    def clear(self, name: str | None = None) -> None:
        self._armed.clear(name)

    def armed(self) -> dict[str, FaultSetting]:
        return self._armed.armed()

    def fire(self, name: str) -> None:
        self._armed.fire(name, "fired")


def boards(log: FaultLog | None = None) -> tuple[FaultBoards, RestFaults, OtherBoard]:
    rest = RestFaults(CLOCK, log or FaultLog(CLOCK))
    other = OtherBoard(log or FaultLog(CLOCK))
    return FaultBoards([rest, other]), rest, other


def test_each_name_is_armed_on_the_board_that_has_it() -> None:
    subject, rest, other = boards()
    subject.arm("latency", FaultSetting(seconds=1))
    subject.arm("ws_thing", FaultSetting(count=2))
    assert list(rest.armed()) == ["latency"] and list(other.armed()) == ["ws_thing"]
    assert subject.armed() == {"latency": FaultSetting(seconds=1), "ws_thing": FaultSetting(count=2)}


def test_clearing_without_a_name_clears_every_board() -> None:
    subject, _, _ = boards()
    subject.arm("latency", FaultSetting())
    subject.arm("ws_thing", FaultSetting())
    subject.clear()
    assert subject.armed() == {}


def test_an_unknown_name_is_refused_listing_the_known_ones() -> None:
    subject, _, _ = boards()
    with pytest.raises(UnknownFault, match="unknown fault 'nope'; known: ack_lost, .*ws_thing"):
        subject.arm("nope", FaultSetting())


def test_a_shared_log_is_read_once() -> None:
    log = FaultLog(CLOCK)
    subject, _, other = boards(log)
    subject.arm("ws_thing", FaultSetting())
    other.fire("ws_thing")
    assert [record.fault for record in subject.records()] == ["ws_thing"]


def test_two_boards_may_not_share_a_name() -> None:
    with pytest.raises(ValueError, match="share a fault name"):
        FaultBoards([RestFaults(CLOCK, FaultLog(CLOCK)), RestFaults(CLOCK, FaultLog(CLOCK))])
