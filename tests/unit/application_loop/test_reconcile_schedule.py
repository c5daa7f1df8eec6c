"""When a reconcile pass is due: each poll interval, fast while the stream is down or a pass failed, on reconnect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from application.reconciler import ReconcileSchedule
from ports.exchange import StreamState

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def after(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def schedule_that_ran(state: StreamState = StreamState.CONNECTED, ok: bool = True) -> ReconcileSchedule:
    schedule = ReconcileSchedule(timedelta(seconds=30))
    schedule.on_stream_state(state)
    schedule.ran(T0, ok=ok)
    return schedule


def test_the_first_pass_is_due_at_once() -> None:
    assert ReconcileSchedule(timedelta(seconds=30)).due(T0)


def test_a_connected_stream_means_a_pass_every_poll_interval() -> None:
    schedule = schedule_that_ran()

    assert (schedule.due(after(29.9)), schedule.due(after(30))) == (False, True)


@pytest.mark.parametrize("state", [StreamState.DISCONNECTED, StreamState.SILENT, StreamState.KEY_EXPIRED])
def test_a_stream_that_is_not_connected_means_a_pass_every_three_seconds(state: StreamState) -> None:
    schedule = schedule_that_ran(state)

    assert schedule.degraded and schedule.due(after(3)) and not schedule.due(after(2.9))


def test_a_failed_pass_is_retried_after_three_seconds() -> None:
    assert schedule_that_ran(ok=False).due(after(3))


def test_a_command_with_an_unknown_outcome_means_a_pass_every_three_seconds_until_settled() -> None:
    schedule = schedule_that_ran()

    schedule.unsettled = True
    unsettled = (schedule.due(after(2.9)), schedule.due(after(3)))
    schedule.unsettled = False

    assert unsettled == (False, True) and not schedule.due(after(3)) and not schedule.degraded


def test_a_poll_interval_shorter_than_the_fast_one_is_kept_while_degraded() -> None:
    schedule = schedule_that_ran(StreamState.SILENT)

    schedule.set_poll_interval(timedelta(seconds=1))

    assert schedule.due(after(1))


def test_a_reconnect_asks_for_a_pass_at_once() -> None:
    schedule = schedule_that_ran(StreamState.DISCONNECTED)

    schedule.on_stream_state(StreamState.CONNECTED)

    assert schedule.due(after(0)) and not schedule.degraded


def test_a_fact_after_silence_shows_the_stream_is_alive_again() -> None:
    schedule = schedule_that_ran(StreamState.SILENT)

    schedule.on_stream_message()

    assert not schedule.degraded and not schedule.due(after(1))


def test_the_poll_interval_can_change_at_runtime() -> None:
    schedule = schedule_that_ran()

    schedule.set_poll_interval(timedelta(seconds=5))

    assert schedule.due(after(5))


def test_a_poll_or_fast_interval_that_is_not_positive_is_refused() -> None:
    with pytest.raises(ValueError, match="the fast interval must be positive"):
        ReconcileSchedule(timedelta(seconds=30), fast_interval=timedelta(0))
    with pytest.raises(ValueError, match="the poll interval must be positive"):
        schedule_that_ran().set_poll_interval(timedelta(0))


def test_slowing_down_doubles_the_poll_interval() -> None:
    schedule = schedule_that_ran()

    schedule.slow_down(True)

    assert (schedule.due(after(59.9)), schedule.due(after(60))) == (False, True)


def test_slowing_down_doubles_the_fast_interval_too() -> None:
    schedule = schedule_that_ran(StreamState.SILENT)

    schedule.slow_down(True)

    assert (schedule.due(after(5.9)), schedule.due(after(6))) == (False, True)


def test_a_pass_asked_for_is_due_at_once_even_while_slowed() -> None:
    schedule = schedule_that_ran()
    schedule.slow_down(True)

    schedule.request()

    assert schedule.due(after(0))


def test_the_intervals_return_to_normal_once_no_longer_slowed() -> None:
    schedule = schedule_that_ran()
    schedule.slow_down(True)

    schedule.slow_down(False)

    assert schedule.due(after(30))
