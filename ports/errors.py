"""Errors that cross the port boundary; adapters translate driver errors into these."""

from __future__ import annotations

from datetime import datetime


class StorageError(Exception):
    """The store could not complete the operation; nothing of it was written."""


class StorageBusy(StorageError):
    """Another process held the database's write lock past the busy timeout; retrying later may succeed."""


class CommandNotFound(StorageError):
    def __init__(self, command_id: str) -> None:
        super().__init__(f"no command with id {command_id!r}")
        self.command_id = command_id


class CommandTransitionError(StorageError):
    """A status change the command life cycle (NEW → SENT → ACK | FAILED) does not allow."""

    def __init__(self, command_id: str, current: str, wanted: str) -> None:
        super().__init__(f"command {command_id!r} is {current}; it cannot become {wanted}")
        self.command_id, self.current, self.wanted = command_id, current, wanted


class IdempotencyConflict(StorageError):
    """An idempotency key already names a different command: the new one is not stored, nor anything with it."""

    def __init__(self, key: str, stored_id: str, stored_type: str, wanted_type: str) -> None:
        super().__init__(
            f"idempotency key {key!r} already names command {stored_id!r} ({stored_type}), which differs from "
            f"this {wanted_type}; nothing was stored",
        )
        self.key, self.stored_id = key, stored_id


class ConfigVersionConflict(StorageError):
    def __init__(self, key: str, expected: int, actual: int) -> None:
        super().__init__(f"config {key!r} is at version {actual}, not the expected {expected}")
        self.key, self.expected, self.actual = key, expected, actual


class CheckpointRegression(StorageError):
    def __init__(self, current: int, wanted: int) -> None:
        super().__init__(f"projection checkpoint is at seq {current}; refusing to move it back to {wanted}")
        self.current, self.wanted = current, wanted


class EventUnfoldable(StorageError):
    """A stored event cannot be read or folded into the projections: the log keeps it, so this never heals by retrying.

    `problem` must already be fit for one log line (see domain.text.shown).
    """

    def __init__(self, seq: int, event_type: str, problem: str) -> None:
        super().__init__(
            f"event {seq} ({event_type}) cannot be folded: {problem}; see it with `alphaengine events show {seq}`"
        )
        self.seq, self.event_type, self.problem = seq, event_type, problem


class ExchangeError(Exception):
    """Base of everything the exchange gateway raises."""


class ExchangeRejected(ExchangeError):
    """The exchange answered definitively: the request had no effect."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"exchange rejected the request: {code} {message}")
        self.code, self.message = code, message


class NeverPlaced(ExchangeRejected):
    """An intent whose outcome was unknown is proven to have had no effect (ADR 0048); it is never sent again.

    Built by the gateway (`ExchangeGateway.never_placed`), which records it under its venue's "no such order" code.
    """

    def __init__(self, code: int, client_order_id: str, detail: str) -> None:
        super().__init__(code, f"order {client_order_id} was never placed: {detail}")
        self.client_order_id = client_order_id


class OutcomeUnknown(ExchangeError):
    """The request may or may not have taken effect (a timeout, a 5xx, the venue's "status unknown" answers): look it
    up, never resend blindly."""


class RateLimited(ExchangeError):
    """Requests must stop until `until` (429 Retry-After or a 418 ban)."""

    def __init__(self, until: datetime, banned: bool) -> None:
        super().__init__(f"rate limited until {until.isoformat()}{' (IP banned)' if banned else ''}")
        self.until, self.banned = until, banned
