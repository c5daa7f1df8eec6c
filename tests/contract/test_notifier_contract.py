"""The Notifier contract (ports/notifier.py), met by the apprise adapter and the in-memory one alike (ADR 0078)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from adapters.alerts.apprise_notifier import AppriseNotifier
from adapters.memory.notifier import RecordingNotifier
from domain.alerts import Alert, AlertKind
from ports.notifier import Notifier
from tests.harness.alert_receiver import alert_receiver

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CLOSE_S = 30.0


@dataclass
class Channel:
    """A notifier and what reached the other end of it."""

    make: Callable[[int], Notifier]
    delivered: Callable[[Notifier], list[str]]


@pytest.fixture(params=["apprise", "memory"])
def channel(request: pytest.FixtureRequest) -> Iterator[Channel]:
    if request.param == "memory":

        def recorded(notifier: Notifier) -> list[str]:
            assert isinstance(notifier, RecordingNotifier)
            return [alert.title for alert in notifier.alerts]

        yield Channel(RecordingNotifier, recorded)
        return
    with alert_receiver() as receiver:
        yield Channel(lambda capacity: AppriseNotifier([receiver.url], capacity=capacity), lambda _: receiver.titles())


def alert(kind: AlertKind, subject: str = "") -> Alert:
    return Alert(kind, subject, "what happened", T0)


def test_alerts_are_delivered_in_order_and_close_says_so(channel: Channel) -> None:
    notifier = channel.make(64)
    sent = [alert(AlertKind.DRIFT), alert(AlertKind.MARGIN_CALL, "XRPUSDT BOTH"), alert(AlertKind.FAIL_CLOSED)]
    for each in sent:
        notifier.notify(each)

    assert notifier.close(CLOSE_S) is True
    assert channel.delivered(notifier) == [each.title for each in sent]


def test_an_alert_after_close_is_dropped_without_raising(channel: Channel) -> None:
    notifier = channel.make(64)
    notifier.notify(alert(AlertKind.DRIFT))
    notifier.close(CLOSE_S)

    notifier.notify(alert(AlertKind.CRASH_LOOP))

    assert channel.delivered(notifier) == [alert(AlertKind.DRIFT).title]


def test_closing_an_unused_notifier_delivers_nothing_and_succeeds(channel: Channel) -> None:
    notifier = channel.make(64)

    assert notifier.close(CLOSE_S) is True
    assert channel.delivered(notifier) == []
