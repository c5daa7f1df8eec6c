"""Facts about the REST rate-limit governor: the state it moved to, with the counters that moved it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from domain.events.envelope import EventPayload


class RateLimitState(str, Enum):
    """PRD §4.11: by used request weight per minute, then the exchange's own refusals."""

    NORMAL = "NORMAL"  # < 1500
    WARN = "WARN"  # 1500–2000: logged only
    SLOW = "SLOW"  # 2000–2300: polling slowed
    STOP = "STOP"  # > 2300: polling waits for the next minute
    LIMITED = "LIMITED"  # HTTP 429: polling refused until Retry-After
    BANNED = "BANNED"  # HTTP 418: no request at all until the ban ends

    @classmethod
    def _missing_(cls, value: object) -> RateLimitState | None:
        # A health row written before the state was typed (ADR 0054) holds its default in lower case: "normal"
        return cls.__members__.get(value.upper()) if isinstance(value, str) else None


@dataclass(frozen=True)
class RateLimitChanged(EventPayload):
    """The governor moved from `previous` to `state`; `until` is set while requests are held back."""

    TYPE = "rate_limit.changed.v1"
    state: RateLimitState
    previous: RateLimitState
    used_weight: int
    order_count_10s: int | None
    order_count_1m: int | None
    until: datetime | None
    reason: str
