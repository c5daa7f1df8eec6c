"""The loop's first step: append what the user-data stream delivered and track the stream's state."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from application.bot_core import BotCore
from application.cycle import CycleReport
from application.event_writer import EventWriter
from application.step_errors import StepErrors
from domain.events import EventPayload, TradeExecuted
from domain.values import Source
from ports.errors import StorageError
from ports.exchange import StreamState, StreamStatus
from ports.failpoints import MID_FILL_PROCESSING, Failpoints

log = logging.getLogger("alphaengine.bot")


class StreamStep:
    """Drains the inbox: facts are appended with source WS, statuses move the reconcile schedule and the health row."""

    def __init__(self, core: BotCore, writer: EventWriter, errors: StepErrors, failpoints: Failpoints) -> None:
        self._inbox, self._schedule, self._board, self._clock = core.inbox, core.schedule, core.board, core.clock
        self._writer, self._errors, self._failpoints = writer, errors, failpoints
        # Whether the last take held a trade: a fill's preamble without its trade may have the trade right behind it
        self.took_trade = False
        self._connected_before = False

    def take(self, report: CycleReport) -> int:
        """Append every fact waiting in the inbox; return how many messages were taken."""
        messages = self._inbox.drain()
        payloads: list[EventPayload] = []
        for message in messages:
            if isinstance(message, StreamStatus):
                self._on_status(message)
            else:
                self._schedule.on_stream_message()
                payloads.append(message)
        self._append_each(payloads, report)
        self.took_trade = any(isinstance(payload, TradeExecuted) for payload in payloads)
        if self.took_trade:
            # A fill's facts may span drains: the rest are neither appended nor folded into projections yet
            self._failpoints.hit(MID_FILL_PROCESSING)
        if payloads and self._board.current.ws_state != self._schedule.stream_state:
            self._board.update(ws_state=self._schedule.stream_state, ws_changed_at=self._clock.now())
        return len(messages)

    def _on_status(self, status: StreamStatus) -> None:
        log.info("user-data stream %s%s", status.state, f": {status.detail}" if status.detail else "")
        self._schedule.on_stream_state(status.state)
        self._board.update(ws_state=status.state, ws_changed_at=status.at)
        if status.state is StreamState.CONNECTED:
            # The first connect is the boot's; each later one is a reconnect the operator counts
            if self._connected_before:
                self._board.count(stream_reconnects=1)
            self._connected_before = True

    def _append_each(self, payloads: Sequence[EventPayload], report: CycleReport) -> None:
        if not payloads:
            return
        try:
            self._writer.append(payloads, Source.WS)
        except StorageError as exc:
            # The store, not a fact, failed: the stream is only a hint, so let REST bring the facts back
            self._schedule.request()
            self._errors.record("stream", exc, report)
        except Exception:  # noqa: BLE001 - one bad fact must not hold back the good ones: retry them one by one
            for payload in payloads:
                with self._errors.guard("stream", report, raw=repr(payload)):
                    self._writer.append([payload], Source.WS)
