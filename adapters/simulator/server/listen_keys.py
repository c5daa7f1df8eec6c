"""The listenKey registry: one key per API key, valid 60 simulated minutes after its last keepalive."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from adapters.simulator.errors import INVALID_LISTEN_KEY, SimError
from ports.clock import Clock

VALIDITY = timedelta(minutes=60)


class ListenKeys:
    """Binance returns the same key while it is alive; POST and PUT both extend it."""

    def __init__(self, clock: Clock, seed: int) -> None:
        self._clock = clock
        self._seed = seed
        self._issued = 0
        self._by_api_key: dict[str, str] = {}
        self._expiry: dict[str, datetime] = {}

    def create(self, api_key: str) -> str:
        key = self._by_api_key.get(api_key)
        if key is None or not self.is_alive(key):
            key = self._new_key(api_key)
            self._by_api_key[api_key] = key
        self._expiry[key] = self._clock.now() + VALIDITY
        return key

    def keepalive(self, api_key: str) -> str:
        key = self._by_api_key.get(api_key)
        if key is None or not self.is_alive(key):
            raise SimError(INVALID_LISTEN_KEY)
        self._expiry[key] = self._clock.now() + VALIDITY
        return key

    def close(self, api_key: str) -> None:
        key = self._by_api_key.pop(api_key, None)
        if key is not None:
            self._expiry.pop(key, None)

    def is_alive(self, key: str) -> bool:
        expiry = self._expiry.get(key)
        return expiry is not None and self._clock.now() < expiry

    def _new_key(self, api_key: str) -> str:
        # 64 alphanumerics like Binance's, deterministic from the seed and the issue count
        self._issued += 1
        return hashlib.sha256(f"{self._seed}:{api_key}:{self._issued}".encode()).hexdigest()
