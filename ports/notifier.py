"""Where alerts go (ADR 0078): a chat, a mail box, a webhook; the bot hands an alert over and goes on at once."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from domain.alerts import Alert

log = logging.getLogger("alphaengine.alerts")


class Notifier(ABC):
    @abstractmethod
    def notify(self, alert: Alert) -> None:
        """Queue `alert` for delivery and return at once; never raises: a full queue or a closed notifier drops it."""

    @abstractmethod
    def close(self, timeout_s: float) -> bool:
        """Deliver what is queued within `timeout_s`, then stop; never raises; True when every alert was delivered."""


class LoggedOnly(Notifier):
    """No alert URLs configured: the alert is in the log only."""

    def notify(self, alert: Alert) -> None:
        """Log that no channel is configured for `alert`; never raises."""
        log.info("alert not sent anywhere (no alerts.urls configured): %s", alert.title)

    def close(self, timeout_s: float) -> bool:
        """Nothing to deliver: True at once."""
        return True
