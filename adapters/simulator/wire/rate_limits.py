"""Binance's request-weight and order-count limits over simulated time, with 429, the 418 ban and their headers.

The rule implemented (Binance documents the shape, not the exact thresholds of the ban):
- Counters live in fixed windows aligned on the epoch as Binance's are: the IP weight per clock minute
  (REQUEST_WEIGHT 2400), the account's ORDERS per 10 seconds (300) and per minute (1200). A request's cost is
  added before the comparison, so the request that crosses a limit is the first refused and still counts.
- Weight over the limit: HTTP 429, -1003, Retry-After = seconds to the end of the minute. The IP is then
  "limited" until that minute ends.
- Any request from a limited IP: HTTP 418 and an IP ban of 2 minutes, doubling with each new ban of that IP
  (2, 4, 8 … minutes), capped at 3 days; Retry-After = seconds until the ban ends. Requests during a ban get 418
  and neither count nor extend it. Ban escalation is remembered until `reset()`.
- ORDERS over a limit: HTTP 429, -1015, Retry-After = seconds to the end of that window; order limits are per
  account and never lead to an IP ban.
- A forced 429 of the storm fault (storm.py) comes before the limits, counts nothing and never escalates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from adapters.simulator.errors import BinanceError, ip_banned, too_many_orders, too_many_requests
from adapters.simulator.wire.storm import StormSwitch
from adapters.simulator.wire.weights import Cost
from domain.times import epoch_ms
from ports.clock import Clock

_log = logging.getLogger(__name__)

USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M"
ORDER_COUNT_10S_HEADER = "X-MBX-ORDER-COUNT-10S"
ORDER_COUNT_1M_HEADER = "X-MBX-ORDER-COUNT-1M"
RETRY_AFTER_HEADER = "Retry-After"
TEN_SECONDS_MS = 10_000
MINUTE_MS = 60_000


@dataclass(frozen=True)
class Limits:
    """The limits exchangeInfo advertises (API.md §4) and the ban schedule."""

    weight_per_minute: int = 2400
    orders_per_10s: int = 300
    orders_per_minute: int = 1200
    first_ban: timedelta = timedelta(minutes=2)
    max_ban: timedelta = timedelta(days=3)


@dataclass(frozen=True)
class Admission:
    """The limiter's verdict: admitted (error None) or refused, and the headers the response carries either way."""

    headers: dict[str, str] = field(default_factory=dict)
    error: BinanceError | None = None

    @property
    def admitted(self) -> bool:
        return self.error is None

    @property
    def status(self) -> int:
        return 200 if self.error is None else self.error.http_status


class _Counter:
    """One fixed-window counter: the count of the window `index`, zero once the clock has moved past it."""

    def __init__(self) -> None:
        self.index = -1
        self.used = 0

    def add(self, index: int, amount: int) -> int:
        if index != self.index:
            self.index, self.used = index, 0
        self.used += amount
        return self.used

    def value(self, index: int) -> int:
        return self.used if index == self.index else 0


class RateLimiter:
    """Counts requests per IP and orders per account against Limits, on the injected clock."""

    def __init__(self, clock: Clock, limits: Limits | None = None, storm: StormSwitch | None = None) -> None:
        self._clock = clock
        self.limits = limits or Limits()
        self.storm = storm or StormSwitch(clock)
        self.reset()

    def reset(self) -> None:
        """Forget every counter, limit, ban and ban escalation (the storm switch keeps its own state)."""
        self._weights: dict[str, _Counter] = {}
        self._orders_10s: dict[str, _Counter] = {}
        self._orders_1m: dict[str, _Counter] = {}
        self._limited_until: dict[str, int] = {}
        self._banned_until: dict[str, int] = {}
        self._bans: dict[str, int] = {}

    def admit(self, client_ip: str, account: str | None, cost: Cost) -> Admission:
        """Count one request of `cost` (orders against `account`, if any) and say whether it may proceed."""
        now = self._now_ms()
        banned_until = self._banned_until.get(client_ip, 0)
        if banned_until > now:
            return self._refuse(client_ip, None, ip_banned(client_ip, banned_until), banned_until - now, now)
        forced = self.storm.take()
        if forced is not None:
            error = too_many_requests(client_ip, self.limits.weight_per_minute)
            return self._refuse(client_ip, None, error, forced * 1000, now)
        if self._limited_until.get(client_ip, 0) > now:
            return self._start_ban(client_ip, now)
        refusal = self._count_weight(client_ip, cost, now)
        if refusal is None and cost.counts_orders and account is not None:
            refusal = self._count_orders(client_ip, account, cost, now)
        return refusal or Admission(self._headers(client_ip, account if cost.counts_orders else None, now))

    def ban(self, client_ip: str, duration: timedelta | None = None) -> int:
        """Ban `client_ip` now, for `duration` or the next step of the escalation; return the end in epoch ms."""
        now = self._now_ms()
        if duration is None:
            duration = self._next_ban_duration(client_ip)
        elif duration <= timedelta(0):
            raise ValueError(f"a ban needs a positive duration, got {duration}")
        until = now + duration // timedelta(milliseconds=1)
        self._banned_until[client_ip] = until
        self._limited_until.pop(client_ip, None)
        _log.warning("IP %s banned for %s (until %d ms)", client_ip, duration, until)
        return until

    def used_weight(self, client_ip: str) -> int:
        return self._counter(self._weights, client_ip).value(self._now_ms() // MINUTE_MS)

    def order_counts(self, account: str) -> tuple[int, int]:
        """(10-second count, 1-minute count) of the account's current windows."""
        now = self._now_ms()
        return (
            self._counter(self._orders_10s, account).value(now // TEN_SECONDS_MS),
            self._counter(self._orders_1m, account).value(now // MINUTE_MS),
        )

    def _count_weight(self, client_ip: str, cost: Cost, now: int) -> Admission | None:
        used = self._counter(self._weights, client_ip).add(now // MINUTE_MS, cost.weight)
        if used <= self.limits.weight_per_minute:
            return None
        window_end = (now // MINUTE_MS + 1) * MINUTE_MS
        self._limited_until[client_ip] = window_end
        error = too_many_requests(client_ip, self.limits.weight_per_minute)
        return self._refuse(client_ip, None, error, window_end - now, now)

    def _count_orders(self, client_ip: str, account: str, cost: Cost, now: int) -> Admission | None:
        in_10s = self._counter(self._orders_10s, account).add(now // TEN_SECONDS_MS, cost.orders_10s)
        in_1m = self._counter(self._orders_1m, account).add(now // MINUTE_MS, cost.orders_1m)
        if in_10s > self.limits.orders_per_10s:
            error = too_many_orders(self.limits.orders_per_10s, "10 SECOND")
            return self._refuse(client_ip, account, error, TEN_SECONDS_MS - now % TEN_SECONDS_MS, now)
        if in_1m > self.limits.orders_per_minute:
            error = too_many_orders(self.limits.orders_per_minute, "MINUTE")
            return self._refuse(client_ip, account, error, MINUTE_MS - now % MINUTE_MS, now)
        return None

    def _start_ban(self, client_ip: str, now: int) -> Admission:
        until = self.ban(client_ip)
        return self._refuse(client_ip, None, ip_banned(client_ip, until), until - now, now)

    def _next_ban_duration(self, client_ip: str) -> timedelta:
        self._bans[client_ip] = self._bans.get(client_ip, 0) + 1
        # Doubling stops at the cap long before the exponent could overflow a timedelta
        doublings = min(self._bans[client_ip] - 1, 32)
        factor: int = 2**doublings  # typeshed types int ** int as Any: a negative exponent would give a float
        return min(self.limits.first_ban * factor, self.limits.max_ban)

    def _refuse(self, client_ip: str, account: str | None, error: BinanceError, wait_ms: int, now: int) -> Admission:
        headers = self._headers(client_ip, account, now)
        headers[RETRY_AFTER_HEADER] = str(max(1, -(-wait_ms // 1000)))
        return Admission(headers, error)

    def _headers(self, client_ip: str, account: str | None, now: int) -> dict[str, str]:
        headers = {USED_WEIGHT_HEADER: str(self._counter(self._weights, client_ip).value(now // MINUTE_MS))}
        if account is not None:
            headers[ORDER_COUNT_10S_HEADER] = str(self._counter(self._orders_10s, account).value(now // TEN_SECONDS_MS))
            headers[ORDER_COUNT_1M_HEADER] = str(self._counter(self._orders_1m, account).value(now // MINUTE_MS))
        return headers

    def _now_ms(self) -> int:
        return epoch_ms(self._clock.now())

    @staticmethod
    def _counter(table: dict[str, _Counter], key: str) -> _Counter:
        return table.setdefault(key, _Counter())
