"""Counter-based noise: 64 hash bits per (seed, stream, index), so any step can be drawn in any order."""

from __future__ import annotations

_MASK = (1 << 64) - 1


def _splitmix(value: int) -> int:
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


class Noise:
    """One named stream of hash noise under a seed; same inputs, same bits, on every platform."""

    def __init__(self, seed: int, stream: int) -> None:
        self._key = _splitmix(_splitmix(seed & _MASK) ^ (stream & _MASK))

    def bits(self, index: int) -> int:
        """Return 64 well-mixed bits for `index`."""
        return _splitmix(self._key ^ (index & _MASK))

    def pick(self, index: int, low: int, high: int) -> int:
        """Return an integer in [low, high] (inclusive) for `index`."""
        if high < low:
            raise ValueError(f"empty range [{low}, {high}]")
        return low + self.bits(index) % (high - low + 1)
