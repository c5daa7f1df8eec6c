"""The main loop's failure recorder: a failing step becomes an ExchangeErrorRecorded event, not the loop's end."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from application.cycle import CycleReport, elapsed
from application.event_writer import EventWriter
from domain.events import ExchangeErrorRecorded
from domain.values import Source
from ports.clock import Clock

log = logging.getLogger("alphaengine.bot")


class StepErrors:
    """Logs every failure and appends it, but the same failure again only once per `repeat_after`."""

    def __init__(self, writer: EventWriter, clock: Clock, repeat_after: timedelta) -> None:
        self._writer, self._clock, self._repeat_after = writer, clock, repeat_after
        self._recorded: dict[tuple[str, str, str], datetime] = {}

    @contextmanager
    def guard(self, step: str, report: CycleReport, raw: str = "") -> Iterator[None]:
        """Record an exception of the block as an event instead of letting it end the loop."""
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - one failing step must not stop the bot
            self.record(step, exc, report, raw)

    def record(self, step: str, exc: Exception, report: CycleReport, raw: str = "") -> None:
        message = f"{type(exc).__name__}: {exc}"
        log.error("main loop step %s failed: %s", step, message, exc_info=exc)
        report.errors.append(f"{step}: {message}")
        now, key = self._clock.now(), (step, message, raw)
        if not elapsed(self._recorded.get(key), now, self._repeat_after):
            return
        self._recorded[key] = now
        code = getattr(exc, "code", None)
        payload = ExchangeErrorRecorded(f"loop.{step}", code if isinstance(code, int) else None, message, raw)
        try:
            self._writer.append([payload], Source.BOT)
        except Exception:  # the store itself is failing; the log line above is all we can keep
            log.exception("could not record the failure of step %s", step)
