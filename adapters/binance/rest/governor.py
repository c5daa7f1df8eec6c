"""The rate-limit governor (PRD §4.11): used weight → NORMAL/WARN/SLOW/STOP; HTTP 429 → LIMITED; 418 → BANNED.

Essential requests (place, cancel, query an order) never wait for the weight states; they wait out a 429 pause
when it is short. Polling requests are slowed in SLOW, wait for the next minute in STOP and are refused with
RateLimited while a 429 pause lasts. Nothing at all is sent during a 418 ban. Every state change goes to the
listener as a RateLimitChanged payload, for the bot to append.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import anyio

from domain.events import RateLimitChanged, RateLimitState
from domain.times import epoch_ms
from ports.clock import Clock
from ports.errors import RateLimited

_log = logging.getLogger(__name__)

WEIGHT_HEADER = "x-mbx-used-weight-1m"
ORDERS_10S_HEADER = "x-mbx-order-count-10s"
ORDERS_1M_HEADER = "x-mbx-order-count-1m"
RETRY_AFTER_HEADER = "retry-after"
MINUTE_MS = 60_000
BAN_STATUS = 418

Listener = Callable[[RateLimitChanged], None]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class GovernorLimits:
    """Thresholds on X-MBX-USED-WEIGHT-1M (of Binance's 2400 per minute) and the waits they impose."""

    warn_at: int = 1500
    slow_at: int = 2000
    stop_above: int = 2300
    slow_pause: timedelta = timedelta(seconds=1)
    max_essential_wait: timedelta = timedelta(seconds=60)
    default_retry_after: timedelta = timedelta(seconds=60)

    def __post_init__(self) -> None:
        if not 0 < self.warn_at <= self.slow_at <= self.stop_above:
            raise ValueError(
                f"weight thresholds must rise: warn {self.warn_at}, slow {self.slow_at}, stop above {self.stop_above}"
            )
        if min(self.slow_pause, self.max_essential_wait) < timedelta(0) or self.default_retry_after <= timedelta(0):
            raise ValueError("governor waits must not be negative and the default Retry-After must be positive")

    def state_for(self, weight: int) -> RateLimitState:
        if weight > self.stop_above:
            return RateLimitState.STOP
        if weight >= self.slow_at:
            return RateLimitState.SLOW
        if weight >= self.warn_at:
            return RateLimitState.WARN
        return RateLimitState.NORMAL


class RateGovernor:
    """`clock` should be the exchange's clock (ServerClock): Binance's weight windows are its clock minutes."""

    def __init__(
        self,
        clock: Clock,
        limits: GovernorLimits | None = None,
        listener: Listener | None = None,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self._clock = clock
        self._limits = limits or GovernorLimits()
        self._listener = listener
        self._sleep = sleep
        self._state = RateLimitState.NORMAL
        self._weight, self._minute = 0, -1
        self._orders_10s: int | None = None
        self._orders_1m: int | None = None
        self._until: datetime | None = None

    @property
    def state(self) -> RateLimitState:
        return self._state

    @property
    def used_weight(self) -> int:
        return self._weight

    async def admit(self, essential: bool) -> None:
        """Return when a request of this priority may be sent; raise RateLimited when it may not be sent now."""
        self._refresh()
        if self._until is not None:
            await self._wait_out_pause(essential)
        if essential:
            return
        if self._state is RateLimitState.STOP:
            next_minute = (epoch_ms(self._clock.now()) // MINUTE_MS + 1) * MINUTE_MS
            await self._sleep((next_minute - epoch_ms(self._clock.now())) / 1000)
            self._refresh()
        elif self._state is RateLimitState.SLOW:
            await self._sleep(self._limits.slow_pause.total_seconds())

    def observe(self, headers: Mapping[str, str]) -> None:
        """Read the weight and order counters of any response, refusals included."""
        lowered = {name.lower(): value for name, value in headers.items()}
        weight = _count(lowered, WEIGHT_HEADER)
        if weight is not None:
            self._weight, self._minute = weight, self._current_minute()
        self._orders_10s = _count(lowered, ORDERS_10S_HEADER, self._orders_10s)
        self._orders_1m = _count(lowered, ORDERS_1M_HEADER, self._orders_1m)
        if self._until is None:
            self._move(self._limits.state_for(self._weight), f"used weight {self._weight}")

    def refuse(self, status: int, headers: Mapping[str, str]) -> RateLimited:
        """Record a 429 or 418 and return the error its caller gets; Retry-After says how long to hold back."""
        lowered = {name.lower(): value for name, value in headers.items()}
        seconds = _count(lowered, RETRY_AFTER_HEADER)
        wait = timedelta(seconds=seconds) if seconds is not None else self._limits.default_retry_after
        banned = status == BAN_STATUS
        self._until = self._clock.now() + wait
        state = RateLimitState.BANNED if banned else RateLimitState.LIMITED
        self._move(state, f"HTTP {status}, Retry-After {seconds if seconds is not None else 'absent'}", force=True)
        return RateLimited(self._until, banned)

    async def _wait_out_pause(self, essential: bool) -> None:
        if self._until is None:
            return  # no pause to wait out
        wait = self._until - self._clock.now()
        banned = self._state is RateLimitState.BANNED
        if banned or not essential or wait > self._limits.max_essential_wait:
            raise RateLimited(self._until, banned)
        await self._sleep(max(wait.total_seconds(), 0.0))
        self._refresh()

    def _refresh(self) -> None:
        if self._minute != self._current_minute():
            # Binance's counters restart every clock minute; the next response will say what is used now
            self._weight, self._orders_1m = 0, None
        if self._until is not None:
            if self._clock.now() < self._until:
                return
            self._until = None
        self._move(self._limits.state_for(self._weight), f"used weight {self._weight}")

    def _move(self, state: RateLimitState, reason: str, force: bool = False) -> None:
        if state is self._state and not force:
            return
        change = RateLimitChanged(
            state, self._state, self._weight, self._orders_10s, self._orders_1m, self._until, reason
        )
        self._state = state
        _log.log(
            logging.INFO if state is RateLimitState.NORMAL else logging.WARNING,
            "rate limit %s → %s (%s)",
            change.previous.value,
            state.value,
            reason,
        )
        if self._listener is None:
            return
        try:
            self._listener(change)
        except Exception:  # noqa: BLE001 - logged with its traceback
            # A failing listener must not turn a placed order's answer into an error for its caller
            _log.exception("rate-limit listener failed on %s → %s", change.previous.value, state.value)

    def _current_minute(self) -> int:
        return epoch_ms(self._clock.now()) // MINUTE_MS


def _count(headers: Mapping[str, str], name: str, default: int | None = None) -> int | None:
    text = headers.get(name)
    if text is None:
        return default
    try:
        value = int(text.strip())
    except ValueError:
        _log.warning("ignoring header %s: %r is not an integer", name, text)
        return default
    return value if value >= 0 else default
