"""The single-instance lease: one bot holds it at a time, renews it by heartbeat, loses it when it stops renewing."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.times import format_utc

# A holder's name says where the bot runs, so an operator (and a successor on the same host) can find its process
_HOLDER_NAME = re.compile(r"(?P<host>.+)/pid (?P<pid>[0-9]{1,10})/(?P<token>[^/]*)")


def holder_name(host: str, pid: int, token: str) -> str:
    """The lease holder name of a bot: host, process id and a per-start token ("host/pid N/token")."""
    return f"{host}/pid {pid}/{token}"


def holder_process(name: str) -> tuple[str, int] | None:
    """The (host, pid) a holder_name was made from; None for a name in any other format."""
    match = _HOLDER_NAME.fullmatch(name)
    return None if match is None else (match["host"], int(match["pid"]))


@dataclass(frozen=True)
class Lease:
    """Who holds the lease, since when, and until when it stays theirs without another heartbeat."""

    holder: str
    acquired_at: datetime
    renewed_at: datetime
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def describe(self) -> str:
        return (
            f"{self.holder} (since {format_utc(self.acquired_at)}, last heartbeat {format_utc(self.renewed_at)}, "
            f"expires {format_utc(self.expires_at)} unless renewed)"
        )


@dataclass(frozen=True)
class LeaseAttempt:
    """The outcome of acquire or take_over: granted with our lease, or refused with the other holder's."""

    granted: bool
    lease: Lease


class LeaseHeld(Exception):
    """Another process holds the lease, and is not known to be gone: this one must not start."""

    def __init__(self, lease: Lease, why: str = "") -> None:
        because = f" ({why})" if why else ""
        super().__init__(
            f"another bot is already running on this database: {lease.describe()}{because}; "
            "stop it first, or wait for its lease to expire if it crashed",
        )
        self.lease, self.why = lease, why


class LeaseLost(Exception):
    """Our lease expired and was taken (or released): this process must stop acting as the bot."""

    def __init__(self, holder: str, current: Lease | None) -> None:
        now_held = "nobody holds it now" if current is None else f"it is now held by {current.describe()}"
        super().__init__(f"lease of {holder} was lost ({now_held})")
        self.holder, self.current = holder, current


class LeaseStore(ABC):
    """One named lease per database; times come from the caller so a crashed holder expires after its ttl."""

    @abstractmethod
    def acquire(self, holder: str, ttl: timedelta, now: datetime) -> LeaseAttempt:
        """Take the lease if it is free, expired or ours (then renew it); else refuse with the holder's lease."""

    @abstractmethod
    def take_over(self, dead: Lease, holder: str, ttl: timedelta, now: datetime) -> LeaseAttempt:
        """Replace a holder known to be gone: granted if the stored lease is still exactly `dead` (nobody renewed,
        released or took it since it was read), or whenever acquire would grant it; else refused with the stored lease.
        """

    @abstractmethod
    def heartbeat(self, holder: str, now: datetime) -> Lease:
        """Extend our lease by its ttl from `now`; LeaseLost if it is no longer ours (expired and taken, released)."""

    @abstractmethod
    def release(self, holder: str) -> None:
        """Give the lease up if `holder` holds it; a no-op otherwise."""

    @abstractmethod
    def current(self) -> Lease | None:
        """Return the stored lease (possibly expired), or None if nobody ever took it or it was released."""


def grant(stored: Lease | None, holder: str, ttl: timedelta, now: datetime) -> LeaseAttempt:
    """The acquire rule every store applies inside its write lock: free, expired or ours → granted."""
    check_lease_request(holder, ttl)
    if stored is not None and stored.holder != holder and not stored.expired(now):
        return LeaseAttempt(granted=False, lease=stored)
    since = stored.acquired_at if stored is not None and stored.holder == holder else now
    return LeaseAttempt(granted=True, lease=Lease(holder, since, now, now + ttl))


def taken_over(stored: Lease | None, dead: Lease, holder: str, ttl: timedelta, now: datetime) -> LeaseAttempt:
    """The take_over rule every store applies inside its write lock: still exactly `dead` → ours from `now`."""
    check_lease_request(holder, ttl)
    if stored is not None and stored == dead and stored.holder != holder:
        return LeaseAttempt(granted=True, lease=Lease(holder, now, now, now + ttl))
    return grant(stored, holder, ttl, now)


def renewed(stored: Lease | None, holder: str, now: datetime) -> Lease:
    """The heartbeat rule: only the holder renews, by the ttl it acquired with; anyone else gets LeaseLost."""
    if stored is None or stored.holder != holder:
        raise LeaseLost(holder, stored)
    return Lease(holder, stored.acquired_at, now, now + (stored.expires_at - stored.renewed_at))


def check_lease_request(holder: str, ttl: timedelta) -> None:
    """Refuse an empty holder name or a non-positive ttl with a message naming the problem."""
    if not holder or not holder.strip():
        raise ValueError("a lease holder needs a non-empty name (host/pid)")
    if ttl <= timedelta(0):
        raise ValueError(f"a lease ttl must be positive, got {ttl}")
