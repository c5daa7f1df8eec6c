"""Alerts through apprise (ADR 0078): one list of URLs reaches Telegram, Discord, Slack, e-mail, ntfy, a webhook."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import apprise

from domain.alerts import Alert
from ports.notifier import Notifier

log = logging.getLogger("alphaengine.alerts")

# Alerts waiting for the sender: a handful of incidents at once is a storm already; more are dropped, not queued
QUEUE_CAPACITY = 64
# One delivery's bound (apprise's own timeout per request): a hung receiver holds only the sender's thread this long
SEND_TIMEOUT_S = 10.0


def unsupported(urls: Sequence[str]) -> list[int]:
    """The positions of the URLs apprise cannot send to (an unknown scheme, a malformed address)."""
    with _quiet(logging.getLogger("apprise")):
        return [index for index, url in enumerate(urls) if apprise.Apprise.instantiate(url) is None]


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    # apprise logs the URL it refuses, token and all: the refusal names its place in the list instead
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was


class AppriseNotifier(Notifier):
    """A bounded queue drained by one daemon thread that calls apprise: the caller never waits for the network."""

    def __init__(
        self, urls: Sequence[str], *, capacity: int = QUEUE_CAPACITY, send_timeout_s: float = SEND_TIMEOUT_S
    ) -> None:
        self._urls = tuple(urls)
        self._timeout = send_timeout_s
        self._queue: queue.Queue[Alert | None] = queue.Queue(capacity)
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._closed = self._dropping = False
        self._undelivered = 0

    def notify(self, alert: Alert) -> None:
        """Queue `alert` for the sender thread and return at once; never raises: a full queue drops it (logged once)."""
        try:
            with self._lock:
                if self._closed:
                    log.warning("alert dropped, the notifier is closed: %s", alert.title)
                    return
                self._start()
            self._queue.put_nowait(alert)
            self._dropping = False
        except queue.Full:
            if not self._dropping:
                log.warning("alert queue full (%d waiting): dropping alerts until it drains", self._queue.maxsize)
            self._dropping = True
        except Exception:  # an alert must never take the bot down with it
            log.exception("alert dropped: %s", alert.title)

    def close(self, timeout_s: float) -> bool:
        """Let the sender deliver what is queued within `timeout_s`, then stop; True when every alert was delivered."""
        deadline = time.monotonic() + timeout_s
        with self._lock:
            self._closed = True
            worker = self._worker
        if worker is None:
            return self._undelivered == 0
        try:
            self._queue.put(None, timeout=max(0.0, deadline - time.monotonic()))
        except queue.Full:
            return False
        worker.join(max(0.0, deadline - time.monotonic()))
        return not worker.is_alive() and self._undelivered == 0

    def _start(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._send_all, name="alphaengine-alerts", daemon=True)
            self._worker.start()

    def _send_all(self) -> None:
        client = apprise.Apprise()
        client.add(list(self._urls))
        while (alert := self._queue.get()) is not None:
            if not self._send(client, alert):
                self._undelivered += 1
                # Never the URL: it holds the channel's token
                log.warning("alert not delivered to every configured URL: %s", alert.title)

    def _send(self, client: apprise.Apprise, alert: Alert) -> bool:
        try:
            return bool(
                client.notify(
                    body=alert.body,
                    title=alert.title,
                    notify_type=apprise.NotifyType.WARNING,
                    timeout=self._timeout,
                )
            )
        except Exception:  # a plugin's failure is one undelivered alert, never the end of the sender
            log.exception("sending alert %s failed", alert.title)
            return False
