"""The listenKey's life: create on demand, keep alive every 30 minutes, forget it when Binance says it is gone."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol

from ports.clock import Clock
from ports.errors import ExchangeError, ExchangeRejected

_log = logging.getLogger(__name__)

INVALID_LISTEN_KEY = -1125
KEEPALIVE_EVERY = timedelta(minutes=30)
KEEPALIVE_RETRY = timedelta(minutes=1)


class ListenKeyApi(Protocol):
    """POST/PUT/DELETE /fapi/v1/listenKey (USER_STREAM: API key, no signature).

    Errors are the port's: ExchangeRejected (code -1125 when the key does not exist), OutcomeUnknown, RateLimited.
    """

    async def create(self) -> str:
        """Return the active key (Binance returns the same one while it lives) and extend it by 60 minutes."""

    async def keepalive(self) -> None:
        """Extend the active key by 60 minutes."""

    async def close(self) -> None:
        """Delete the active key; its stream closes."""


class ListenKeyLifecycle:
    """Holds the current key; the user stream asks it for a key before each connect and calls `due` on every tick."""

    def __init__(
        self,
        api: ListenKeyApi,
        clock: Clock,
        keepalive_every: timedelta = KEEPALIVE_EVERY,
        retry_after: timedelta = KEEPALIVE_RETRY,
    ) -> None:
        if keepalive_every <= timedelta(0) or retry_after <= timedelta(0):
            raise ValueError(
                f"listenKey keepalive_every and retry_after must be positive (got {keepalive_every}, {retry_after})"
            )
        self._api, self._clock = api, clock
        self._every, self._retry = keepalive_every, retry_after
        self._key: str | None = None
        self._next_keepalive: datetime | None = None

    async def current(self) -> str:
        """The live key, created first if there is none."""
        if self._key is None:
            self._key = await self._api.create()
            self._next_keepalive = self._clock.now() + self._every
        return self._key

    def forget(self) -> None:
        """Drop the key (expired, or refused by the server) so the next `current()` creates one."""
        self._key, self._next_keepalive = None, None

    def keepalive_due(self, now: datetime) -> bool:
        return self._next_keepalive is not None and now >= self._next_keepalive

    async def keepalive(self) -> bool:
        """Extend the key; False when Binance no longer knows it (-1125): it is forgotten and must be re-created.

        Other failures are retried after `retry_after`: the key still has up to 30 minutes of life left.
        """
        try:
            await self._api.keepalive()
        except ExchangeRejected as exc:
            if exc.code != INVALID_LISTEN_KEY:
                return self._retry_later(exc)
            self.forget()
            return False
        except ExchangeError as exc:
            return self._retry_later(exc)
        self._next_keepalive = self._clock.now() + self._every
        return True

    async def close(self) -> None:
        """Delete the key at shutdown; best effort, since an abandoned key simply expires within 60 minutes."""
        if self._key is None:
            return
        self.forget()
        try:
            await self._api.close()
        except ExchangeError as exc:
            _log.warning("could not delete the listenKey: %s", exc)

    def _retry_later(self, exc: ExchangeError) -> bool:
        _log.warning("listenKey keepalive failed, retrying in %s: %s", self._retry, exc)
        self._next_keepalive = self._clock.now() + self._retry
        return True
