"""Alerts kept in a list, for tests: the same contract as the apprise notifier, nothing leaves the process."""

from __future__ import annotations

import logging

from domain.alerts import Alert
from ports.notifier import Notifier

log = logging.getLogger("alphaengine.alerts")


class RecordingNotifier(Notifier):
    def __init__(self, capacity: int = 64) -> None:
        self.alerts: list[Alert] = []
        self._capacity = capacity
        self._closed = False

    def notify(self, alert: Alert) -> None:
        """Record `alert` at once; never raises: past the capacity, or once closed, it is dropped (logged)."""
        if self._closed or len(self.alerts) >= self._capacity:
            log.warning("alert dropped: %s", alert.title)
            return
        self.alerts.append(alert)

    def close(self, timeout_s: float) -> bool:
        """Stop recording; every alert recorded so far counts as delivered."""
        self._closed = True
        return True
