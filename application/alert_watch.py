"""The one step that turns recorded facts into alerts (ADR 0078): the events appended since its last look and the
health board, read at each heartbeat; each incident is alerted once, and the memory of it is kept in the log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from application.event_writer import EventWriter
from application.health_board import FAILED_CLOSED, HealthBoard
from application.projector import Projector
from domain.alerts import Alert, AlertKind, Incidents, RateBound
from domain.events import (
    AlertCleared,
    AlertRaised,
    BotBooted,
    DriftDetected,
    MarginCalled,
    OrderPlaced,
    RateLimitChanged,
    RateLimitState,
    RiskGuardRejected,
    StoredEvent,
)
from domain.risk import DAILY_LOSS_LIMIT
from domain.text import shown
from domain.values import ZERO, Side, Source
from ports.clock import Clock
from ports.event_store import EventQuery, EventStore
from ports.notifier import Notifier

log = logging.getLogger("alphaengine.alerts")

# An alert's text is stored with its incident: a payload quoted in a reason must not make it grow without bound
SUMMARY_CHARS = 500


@dataclass(frozen=True)
class AlertPolicy:
    """The bounds of alerting; a test shortens the waits."""

    # This many boots within the window is a crash loop; staying up for the window ends it
    crash_boots: int = 3
    crash_window: timedelta = timedelta(minutes=10)
    # A position with no stop for this long is unprotected (a stop is placed right after its entry, in the same command)
    unprotected_after: timedelta = timedelta(seconds=10)
    # Binance repeats a margin call while it lasts: quiet this long (or a flat position) ends the incident
    margin_call_quiet: timedelta = timedelta(minutes=30)
    # At most this many alerts per window across every kind; the rest are logged and recorded, not sent
    max_alerts: int = 20
    alert_window: timedelta = timedelta(hours=1)
    # Reads per look, and how far back the memory of open incidents is read at boot
    read_limit: int = 500
    read_batches: int = 10
    remembered: int = 200


class AlertWatch:
    """Reads facts, keeps the open incidents, hands a new one to the notifier; never sends from the caller's thread."""

    def __init__(
        self,
        events: EventStore,
        writer: EventWriter,
        board: HealthBoard,
        projector: Projector,
        clock: Clock,
        notifier: Notifier,
        policy: AlertPolicy = AlertPolicy(),
    ) -> None:
        self._events, self._writer, self._board, self._projector = events, writer, board, projector
        self._clock, self._notifier, self._policy = clock, notifier, policy
        self._incidents = Incidents()
        self._bound = RateBound(policy.max_alerts, policy.alert_window)
        self._seen: int | None = None
        self._booting = False
        self._booted_at: datetime | None = None
        self._drift_pass: datetime | None = None
        self._margin_calls: dict[str, datetime] = {}
        self._unprotected_since: datetime | None = None

    def booting(self) -> None:
        """Before boot folds and reconciles: take back the incidents still open from the log and read from here on."""
        self._remember()
        self._seen = self._events.last_seq()
        self._booting = True

    def check(self) -> None:
        """Look at the facts recorded since the last look and at the health board: alert what opened, end what ended."""
        now = self._clock.now()
        if self._seen is None:
            # Never told of a boot (a rig that cycles the loop alone): only what happens from now on
            self._seen = self._events.last_seq()
        if self._booting:
            self._booting = False
            self._booted(now)
        drifted = False
        for stored in self._unread(self._seen):
            drifted = self._on_event(stored, now) or drifted
        self._on_health(now, drifted)
        if self._projector.failure is None:
            self._on_position(now)

    def _booted(self, now: datetime) -> None:
        """Record the boot once it reached the loop, and alert a crash loop: too many boots within the window."""
        self._writer.append([BotBooted(self._board.current.holder, now)], Source.BOT)
        self._booted_at = now
        window = self._policy.crash_window
        boots = self._events.query(
            EventQuery(types=(BotBooted.TYPE,), since=now - window, limit=self._policy.crash_boots)
        )
        if len(boots) >= self._policy.crash_boots:
            self._raise(AlertKind.CRASH_LOOP, "", f"{len(boots)} boots within {_minutes(window)}", now)

    def _unread(self, seen: int) -> list[StoredEvent]:
        unread: list[StoredEvent] = []
        for _ in range(self._policy.read_batches):
            batch = self._events.read_after(seen, self._policy.read_limit)
            if not batch:
                break
            unread += batch
            seen = batch[-1].seq
        else:
            last = self._events.last_seq()
            if last > seen:
                log.warning("alerts skip %d events appended faster than they can be read", last - seen)
                seen = last
        self._seen = seen
        return unread

    def _on_event(self, stored: StoredEvent, now: datetime) -> bool:
        """Open or end the incidents a fact speaks of; True for a drift."""
        payload = stored.event.payload
        if isinstance(payload, DriftDetected):
            self._drift_pass = self._board.current.last_reconcile_at
            summary = (
                f"{payload.entity} {payload.key} {payload.field}: the bot had {payload.local}, the exchange has "
                f"{payload.exchange}; corrected to the exchange's"
            )
            self._raise(AlertKind.DRIFT, "", summary, now)
            return True
        if isinstance(payload, RiskGuardRejected):
            figures = f"{payload.reason} (value {payload.value}, limit {payload.limit}, equity {payload.equity})"
            if payload.rule == DAILY_LOSS_LIMIT:
                self._raise(AlertKind.DAILY_LOSS, stored.event.ts.date().isoformat(), figures, now)
            else:
                self._raise(AlertKind.RISK_GUARD, payload.rule, figures, now)
        elif isinstance(payload, OrderPlaced) and not payload.external:
            # The bot trades again: the next refusal is a new incident
            for rule in self._incidents.subjects(AlertKind.RISK_GUARD):
                self._clear(AlertKind.RISK_GUARD, rule)
        elif isinstance(payload, MarginCalled):
            subject = f"{payload.symbol} {payload.position_side}"
            self._margin_calls[subject] = stored.event.ts
            summary = (
                f"{payload.margin_type} {payload.quantity} {payload.symbol}: mark {payload.mark_price}, unrealized "
                f"{payload.unrealized_pnl}, maintenance margin {payload.maintenance_margin}"
            )
            self._raise(AlertKind.MARGIN_CALL, subject, summary, now)
        elif isinstance(payload, RateLimitChanged) and payload.state is RateLimitState.BANNED:
            until = f" until {payload.until.isoformat()}" if payload.until is not None else ""
            self._raise(AlertKind.RATE_LIMIT_BAN, "", f"{payload.reason}; no request is sent{until}", now)
        return False

    def _on_health(self, now: datetime, drifted: bool) -> None:
        health = self._board.current
        if health.boot_phase == FAILED_CLOSED:
            self._raise(AlertKind.FAIL_CLOSED, "", health.fail_closed_reason or "no reason recorded", now)
        elif health.ready:
            self._clear(AlertKind.FAIL_CLOSED)
        if health.rate_limit_state is not RateLimitState.BANNED:
            self._clear(AlertKind.RATE_LIMIT_BAN)
        passed = health.last_reconcile_at
        if not drifted and passed is not None and (self._drift_pass is None or passed > self._drift_pass):
            # A reconcile pass after the drift's found none
            self._clear(AlertKind.DRIFT)
        for day in self._incidents.subjects(AlertKind.DAILY_LOSS):
            if day != now.date().isoformat():
                self._clear(AlertKind.DAILY_LOSS, day)
        for subject in self._incidents.subjects(AlertKind.MARGIN_CALL):
            last = self._margin_calls.setdefault(subject, now)
            if now - last >= self._policy.margin_call_quiet:
                self._clear(AlertKind.MARGIN_CALL, subject)
                del self._margin_calls[subject]
        if self._booted_at is not None and now - self._booted_at >= self._policy.crash_window:
            self._clear(AlertKind.CRASH_LOOP)

    def _on_position(self, now: datetime) -> None:
        state = self._projector.state
        symbol = self._writer.scope.symbol
        position = state.position(symbol)
        if position.quantity == ZERO:
            self._unprotected_since = None
            self._clear(AlertKind.UNPROTECTED_POSITION, symbol)
            for subject in self._incidents.subjects(AlertKind.MARGIN_CALL):
                if subject.startswith(f"{symbol} "):
                    self._clear(AlertKind.MARGIN_CALL, subject)
            return
        closing = Side.SELL if position.quantity > ZERO else Side.BUY
        if any(
            order.conditional and (order.reduce_only or order.close_position) and order.side is closing
            for order in state.open_orders()
        ):
            self._unprotected_since = None
            self._clear(AlertKind.UNPROTECTED_POSITION, symbol)
            return
        if self._unprotected_since is None:
            self._unprotected_since = now
        if now - self._unprotected_since >= self._policy.unprotected_after:
            summary = (
                f"{position.side} {abs(position.quantity)} {symbol} entered at {position.entry_price} has no "
                f"reduce-only stop order open"
            )
            self._raise(AlertKind.UNPROTECTED_POSITION, symbol, summary, now)

    def _raise(self, kind: AlertKind, subject: str, summary: str, now: datetime) -> None:
        if not self._incidents.open(kind, subject):
            return
        alert = Alert(kind, subject, shown(summary)[:SUMMARY_CHARS], now)
        sent = self._bound.allow(now)
        log.warning("ALERT %s: %s", alert.title, alert.summary)
        if sent:
            self._notifier.notify(alert)
        else:
            log.warning(
                "alert not sent: more than %d alerts within %s", self._policy.max_alerts, self._policy.alert_window
            )
        self._writer.append([AlertRaised(kind.value, subject, alert.summary, sent)], Source.BOT)

    def _clear(self, kind: AlertKind, subject: str = "") -> None:
        if self._incidents.clear(kind, subject):
            log.info("alert over: %s %s", kind.value, subject)
            self._writer.append([AlertCleared(kind.value, subject)], Source.BOT)

    def _remember(self) -> None:
        """Open again the incidents the log says were raised and not cleared, so a restart does not alert them again."""
        kinds = {kind.value: kind for kind in AlertKind}
        facts = self._events.query(
            EventQuery(types=(AlertRaised.TYPE, AlertCleared.TYPE), limit=self._policy.remembered)
        )
        decided: set[tuple[str, str]] = set()
        for stored in facts:  # newest first: the latest fact about an incident decides it
            payload = stored.event.payload
            if not isinstance(payload, (AlertRaised, AlertCleared)):
                continue
            key = (payload.kind, payload.subject)
            if key in decided:
                continue
            decided.add(key)
            if isinstance(payload, AlertRaised) and payload.kind in kinds:
                self._incidents.open(kinds[payload.kind], payload.subject)


def _minutes(window: timedelta) -> str:
    return f"{window.total_seconds() / 60:g} minutes"
