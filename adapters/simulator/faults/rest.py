"""The REST faults of the wire face: lost acks, unknown-outcome 503 and -1007, 429 storms, clock skew, lag, latency.

Where each applies: the order-placement faults (ack_lost, unknown_503, timeout_1007) only to POST /fapi/v1/order,
/fapi/v1/algoOrder, /fapi/v1/batchOrders and the spot host's /sapi/v1/asset/transfer that passed the rate limits and
the signature checks, because Binance answers them from behind its gateway; when several are armed the first in that
order fires. visibility_lag only to GET /fapi/v1/order and /fapi/v1/algoOrder; clock skew to signed requests and the
serverTime of /time and exchangeInfo; latency and storm_429 to every /fapi request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from adapters.simulator.errors import ORDER_DOES_NOT_EXIST, TIMEOUT, UNKNOWN_503, BinanceError, SimError
from adapters.simulator.faults.armed import ArmedFaults
from adapters.simulator.faults.log import FaultLog
from adapters.simulator.faults.setting import FaultSetting
from adapters.simulator.wire.request import WireRequest
from adapters.simulator.wire.security import security_of
from adapters.simulator.wire.storm import StormSwitch
from domain.times import epoch_ms
from ports.clock import Clock

STORM = "storm_429"
PLACEMENT_FAULTS = ("ack_lost", "unknown_503", "timeout_1007")
UNKNOWN_OUTCOME: dict[str, BinanceError] = {"unknown_503": UNKNOWN_503, "timeout_1007": TIMEOUT}
PLACEMENTS = {
    ("POST", "/fapi/v1/order"),
    ("POST", "/fapi/v1/algoOrder"),
    ("POST", "/fapi/v1/batchOrders"),
    ("POST", "/sapi/v1/asset/transfer"),
}
LAGGED_QUERIES = {("GET", "/fapi/v1/order"): "time", ("GET", "/fapi/v1/algoOrder"): "createTime"}
SERVER_TIME_PATHS = {"/fapi/v1/time", "/fapi/v1/exchangeInfo"}


@dataclass(frozen=True)
class Delivery:
    """How the server sends a reply: after `delay` real seconds; `lost_after` set: held that long, then cut."""

    delay: float = 0.0
    lost_after: float | None = None


class RecordedStorm(StormSwitch):
    """The limiter's 429 storm switch, writing each forced 429 to the fault log as well."""

    def __init__(self, clock: Clock, log: FaultLog) -> None:
        super().__init__(clock)
        self._fault_log = log
        self.setting: FaultSetting | None = None
        self.left: int | None = None
        self.until: datetime | None = None

    def take(self) -> int | None:
        retry_after = super().take()
        if retry_after is not None:
            self._fault_log.record(STORM, f"HTTP 429 -1003, Retry-After {retry_after}s")
            if self.left is not None:
                self.left -= 1
        return retry_after


class RestFaults:
    """The REST Switchboard; WireFace calls begin() before authenticating, run() around the handler, delivery() last."""

    names: tuple[str, ...] = (*PLACEMENT_FAULTS, STORM, "clock_ahead", "clock_behind", "visibility_lag", "latency")

    def __init__(self, clock: Clock, log: FaultLog) -> None:
        self.log = log
        self._clock = clock
        self._faults = ArmedFaults(tuple(name for name in self.names if name != STORM), clock, log)
        self.storm = RecordedStorm(clock, log)
        self.server_clock = SkewedClock(clock)
        self._lost: float | None = None

    def arm(self, name: str, setting: FaultSetting) -> None:
        if name == STORM:
            self._arm_storm(setting)
        elif name in self.names:
            self._faults.arm(name, setting)
        else:
            raise ValueError(f"unknown REST fault {name!r}; known: {', '.join(self.names)}")

    def clear(self, name: str | None = None) -> None:
        if name is not None and name not in self.names:
            raise ValueError(f"unknown REST fault {name!r}; known: {', '.join(self.names)}")
        if name in (None, STORM):
            self.storm.clear()
            self.storm.setting = None
        if name != STORM:
            self._faults.clear(name)

    def armed(self) -> dict[str, FaultSetting]:
        armed = self._faults.armed()
        if self.storm.setting is not None and self.storm.active:
            armed[STORM] = self._storm_left(self.storm.setting)
        return armed

    def begin(self, wire: WireRequest) -> None:
        """Fix this request's server-clock skew (spending a clock_ahead / clock_behind occasion if one applies)."""
        self.server_clock.skew = timedelta(0)
        if not (security_of(wire.method, wire.path).signed or wire.path in SERVER_TIME_PATHS):
            return
        for name, sign in (("clock_ahead", 1), ("clock_behind", -1)):
            setting = self._faults.fire(name, f"{wire.method} {wire.path} sees the server clock skewed")
            if setting is not None:
                self.server_clock.skew += sign * timedelta(seconds=setting.seconds)

    def run(self, wire: WireRequest, execute: Callable[[], Any]) -> Any:
        """The handler's body as the armed faults let it out (a SimError carries a fault's error reply)."""
        if (wire.method, wire.path) in PLACEMENTS:
            return self._place(wire, execute)
        body = execute()
        if (wire.method, wire.path) in LAGGED_QUERIES:
            self._check_visible(wire, body)
        skew = self.server_clock.skew
        if skew and wire.path in SERVER_TIME_PATHS and isinstance(body, dict) and "serverTime" in body:
            body = {**body, "serverTime": body["serverTime"] + skew // timedelta(milliseconds=1)}
        return body

    def delivery(self, wire: WireRequest) -> Delivery:
        """How to send the reply run() just produced; call it before any await so no other request slips in."""
        lost, self._lost = self._lost, None
        latency = self._faults.fire("latency", f"{wire.method} {wire.path} delayed")
        return Delivery(0.0 if latency is None else latency.seconds, lost)

    def _place(self, wire: WireRequest, execute: Callable[[], Any]) -> Any:
        for name in PLACEMENT_FAULTS:
            setting = self._faults.peek(name)
            if setting is not None:
                break
        else:
            return execute()
        if name == "ack_lost":
            self._faults.fire(name, f"{wire.path}: executed, reply lost (held {setting.seconds}s, then cut)")
            self._lost = setting.seconds
            return execute()
        error = UNKNOWN_OUTCOME[name]
        self._faults.fire(
            name,
            f"{wire.path}: HTTP {error.http_status} {error.code}, {'executed' if setting.placed else 'not executed'}",
        )
        if setting.placed:
            _execute_quietly(execute)
        raise SimError(error)

    def _check_visible(self, wire: WireRequest, body: Any) -> None:
        setting = self._faults.peek("visibility_lag")
        placed_ms = body.get(LAGGED_QUERIES[(wire.method, wire.path)]) if isinstance(body, dict) else None
        if setting is None or not isinstance(placed_ms, int):
            return
        if epoch_ms(self._clock.now()) - placed_ms < setting.seconds * 1000:
            self._faults.fire("visibility_lag", f"{wire.path}: order placed at {placed_ms} answered -2013")
            raise SimError(ORDER_DOES_NOT_EXIST)

    def _arm_storm(self, setting: FaultSetting) -> None:
        self.storm.clear()
        if setting.duration is not None:
            self.storm.force_for(setting.duration)
        elif setting.count is not None:
            self.storm.force_next(setting.count)
        else:
            raise ValueError("storm_429 needs a count of requests or a duration in seconds")
        duration = setting.duration
        self.storm.setting, self.storm.left = setting, None if duration is not None else setting.count
        self.storm.until = self._clock.now() + timedelta(seconds=duration) if duration is not None else None

    def _storm_left(self, setting: FaultSetting) -> FaultSetting:
        if self.storm.until is None:
            return replace(setting, count=self.storm.left)
        # A storm ending within the millisecond is still active; its setting needs a positive duration
        left = max((self.storm.until - self._clock.now()).total_seconds(), 0.001)
        return replace(setting, count=None, duration=left)


class SkewedClock(Clock):
    """The server clock the signature checks read: the simulated clock moved by this request's skew.

    It can step back when a skew ends, which is exactly what a client sees when a server's clock is corrected.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.skew = timedelta(0)

    def now(self) -> datetime:
        return self._clock.now() + self.skew


def _execute_quietly(execute: Callable[[], Any]) -> None:
    # The engine's own verdict (accepted or rejected) is what the lost reply would have said
    with suppress(SimError):
        execute()
