"""What an operator must know at once (issue 14): the kinds of alert, the text that says what to do, and the memory
that sends each incident once and bounds how many are sent."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum


class AlertKind(str, Enum):
    BOT_DOWN = "bot_down"
    CRASH_LOOP = "crash_loop"
    FAIL_CLOSED = "fail_closed"
    DRIFT = "drift"
    RISK_GUARD = "risk_guard"
    DAILY_LOSS = "daily_loss"
    RATE_LIMIT_BAN = "rate_limit_ban"
    MARGIN_CALL = "margin_call"
    UNPROTECTED_POSITION = "unprotected_position"
    # `alphaengine alert test`: proves the URLs reach the operator
    TEST = "test"


# The headline and what the operator does about it, per kind; docs/operations.md quotes these
TITLES: dict[AlertKind, str] = {
    AlertKind.BOT_DOWN: "bot down",
    AlertKind.CRASH_LOOP: "bot crash-looping",
    AlertKind.FAIL_CLOSED: "bot failed closed: no orders are sent",
    AlertKind.DRIFT: "drift between the bot and the exchange",
    AlertKind.RISK_GUARD: "risk guard refused an order",
    AlertKind.DAILY_LOSS: "daily loss limit reached: no new exposure today",
    AlertKind.RATE_LIMIT_BAN: "banned by the exchange's rate limit (HTTP 418)",
    AlertKind.MARGIN_CALL: "margin call: the account nears liquidation",
    AlertKind.UNPROTECTED_POSITION: "position without its protective stop",
    AlertKind.TEST: "test alert",
}
ACTIONS: dict[AlertKind, str] = {
    AlertKind.BOT_DOWN: (
        "the bot is not running and systemd stopped restarting it: read `journalctl -u alphaengine-bot -n 200`, "
        "fix the cause, then `systemctl restart alphaengine-bot`; open positions are not managed meanwhile"
    ),
    AlertKind.CRASH_LOOP: (
        "the bot keeps restarting: read `journalctl -u alphaengine-bot -n 200` for the error that ends each run "
        "and run `alphaengine doctor`; stop it (`systemctl stop alphaengine-bot`) if positions must not be left to it"
    ),
    AlertKind.FAIL_CLOSED: (
        "the bot sends no orders until the cause is gone: read the reason on the dashboard's health panel and "
        "the bot's log; an unreachable exchange or a refused key ends by itself at the next successful reconcile "
        "once fixed, an event the bot cannot fold (`alphaengine events show SEQ`) needs a fix and a restart"
    ),
    AlertKind.DRIFT: (
        "the bot corrected its records to the exchange's: check on the dashboard that position and open orders "
        "are what you expect; an order or trade made outside the bot explains it, repeated drift is a bug to report"
    ),
    AlertKind.RISK_GUARD: (
        "an order was not sent because it broke a risk limit: read the rule and figures in the event log; "
        "change the strategy or the risk settings if the limit is too tight"
    ),
    AlertKind.DAILY_LOSS: (
        "no new exposure is taken until 00:00 UTC: review the day's trades on the dashboard; "
        "open positions keep their stops"
    ),
    AlertKind.RATE_LIMIT_BAN: (
        "the bot sends no request until the ban ends: make sure no other program uses this API key or IP, "
        "and do not restart the bot in a loop, which lengthens the ban"
    ),
    AlertKind.MARGIN_CALL: (
        "add margin or reduce the position now (dashboard or Binance), or the exchange liquidates it"
    ),
    AlertKind.UNPROTECTED_POSITION: (
        "place a stop for the position on Binance or close it from the dashboard now; "
        "then read the bot's log for why its stop is missing (refused, canceled or filled partly)"
    ),
    AlertKind.TEST: "nothing: this alert shows that the configured URLs reach you",
}


@dataclass(frozen=True)
class Alert:
    """One incident to tell the operator: `subject` tells incidents of a kind apart (a symbol, a rule, a day)."""

    kind: AlertKind
    subject: str
    summary: str
    at: datetime

    @property
    def title(self) -> str:
        subject = f" ({self.subject})" if self.subject else ""
        return f"AlphaEngine: {TITLES[self.kind]}{subject}"

    @property
    def body(self) -> str:
        """What happened, then what to do."""
        return f"{self.summary}\nWhat to do: {ACTIONS[self.kind]}."


IncidentKey = tuple[AlertKind, str]


class Incidents:
    """The incidents open now: an open one is not alerted again; one that cleared and recurs is a new incident."""

    def __init__(self, open_keys: set[IncidentKey] | None = None) -> None:
        self._open: set[IncidentKey] = set(open_keys or ())

    def open(self, kind: AlertKind, subject: str = "") -> bool:
        """Mark the incident open; True when it was not open already (then it is alerted)."""
        key = (kind, subject)
        if key in self._open:
            return False
        self._open.add(key)
        return True

    def clear(self, kind: AlertKind, subject: str = "") -> bool:
        """Mark the incident over; True when it was open."""
        key = (kind, subject)
        if key not in self._open:
            return False
        self._open.discard(key)
        return True

    def subjects(self, kind: AlertKind) -> list[str]:
        return sorted(subject for open_kind, subject in self._open if open_kind is kind)

    def is_open(self, kind: AlertKind, subject: str = "") -> bool:
        return (kind, subject) in self._open


class RateBound:
    """At most `limit` alerts in any `window`: a storm of incidents cannot flood the operator's phone."""

    def __init__(self, limit: int, window: timedelta) -> None:
        if limit < 1:
            raise ValueError("limit: must be at least 1")
        self._limit, self._window = limit, window
        self._sent: deque[datetime] = deque()

    def allow(self, now: datetime) -> bool:
        """Whether an alert may go out at `now`; an allowed one is counted."""
        while self._sent and now - self._sent[0] >= self._window:
            self._sent.popleft()
        if len(self._sent) >= self._limit:
            return False
        self._sent.append(now)
        return True
