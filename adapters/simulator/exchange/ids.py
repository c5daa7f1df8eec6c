"""Seeded id sequences: realistic, increasing, int64 exchange ids and Binance-looking client ids."""

from __future__ import annotations

import random
import string

_ALPHANUMERIC = string.ascii_letters + string.digits

# Starting points near real magnitudes: ETHUSDT orderIds exceed 2**53 (8389766058155948588), tranIds are
# int64-sized, algoIds ran near 1e15 in the 2025-12 captures, tradeIds in the billions
_ORDER_BASE = 8_389_766_058_155_948_000
_TRADE_BASE = 4_467_432_000
_TRAN_BASE = 8_082_457_372_019_390_000
_ALGO_BASE = 1_000_000_033_225_000


class _Sequence:
    """Strictly increasing ids with small seeded gaps, as other accounts' activity leaves on a real venue."""

    def __init__(self, rng: random.Random, base: int, max_gap: int) -> None:
        self._rng = rng
        self._max_gap = max_gap
        self._last = base + rng.randrange(1000)

    def next(self) -> int:
        self._last += self._rng.randint(1, self._max_gap)
        return self._last


class IdSource:
    """Every id the engine hands out; each kind draws from its own stream so one never shifts another."""

    def __init__(self, seed: int | str) -> None:
        self._orders = _Sequence(random.Random(f"{seed}/order-ids"), _ORDER_BASE, 7)
        self._trades = _Sequence(random.Random(f"{seed}/trade-ids"), _TRADE_BASE, 9)
        self._trans = _Sequence(random.Random(f"{seed}/tran-ids"), _TRAN_BASE, 20)
        self._algos = _Sequence(random.Random(f"{seed}/algo-ids"), _ALGO_BASE, 3)
        self._text = random.Random(f"{seed}/client-ids")

    def order_id(self) -> int:
        return self._orders.next()

    def trade_id(self) -> int:
        return self._trades.next()

    def tran_id(self) -> int:
        return self._trans.next()

    def algo_id(self) -> int:
        return self._algos.next()

    def api_client_id(self) -> str:
        """What Binance mints when an API order has no newClientOrderId (22 letters/digits)."""
        return self._random_text(22)

    def web_client_id(self) -> str:
        """What the Binance app puts on a hand-placed order ("web_" + 20): never one of the bot's ids."""
        return "web_" + self._random_text(20)

    def _random_text(self, length: int) -> str:
        return "".join(self._text.choice(_ALPHANUMERIC) for _ in range(length))
