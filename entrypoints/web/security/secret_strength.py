"""Is a web secret random enough to sign sessions: 128 estimated bits, varied symbols, no words or patterns."""

from __future__ import annotations

import math
import string

from entrypoints.web.security.guessing import guess

MIN_BITS = 128
# zxcvbn counts about ten guesses per random character, so a random key of 32 characters or more needs over 10^28
# (the least of 200 token_hex(16) keys); a key it explains in fewer is made of words, dates, sequences or repeats
MIN_GUESSES_LOG10 = 25
_HEX = frozenset(string.hexdigits.lower())
_CLASSES = (
    (frozenset(string.ascii_lowercase), 26),
    (frozenset(string.ascii_uppercase), 26),
    (frozenset(string.digits), 10),
    (frozenset(string.punctuation + " "), 33),
)


def secret_weakness(secret: str) -> str | None:
    """What makes `secret` weak, as the middle of a refusal line ("only 1 different character in 32"), else None."""
    pool = symbol_pool(secret)
    bits = int(len(secret) * math.log2(pool)) if pool > 1 else 0
    if bits < MIN_BITS:
        return f"about {bits} bits of entropy ({len(secret)} characters from {pool} symbols), under {MIN_BITS}"
    distinct = len(set(secret))
    if distinct < expected_variety(len(secret), pool) / 2:
        kinds = "character" if distinct == 1 else "characters"
        return f"only {distinct} different {kinds} in {len(secret)}, too few for a random key"
    guessed = guess(secret).guesses_log10
    if guessed < MIN_GUESSES_LOG10:
        return f"made of words, dates, sequences or repeats (found in about 10^{int(guessed)} guesses)"
    return None


def symbol_pool(text: str) -> int:
    """How many symbols a generator of `text` drew from: 10 digits, 16 hex digits, else the sum of the classes used."""
    used = set(text)
    if used <= set(string.digits):
        return 10
    if used <= _HEX or used <= {c.upper() for c in _HEX}:
        return 16
    known = sum(size for members, size in _CLASSES if used & members)
    # Anything else (non-ASCII, control characters) counts only as itself
    return known + len(used.difference(*(members for members, _ in _CLASSES)))


def expected_variety(length: int, pool: int) -> float:
    """The average number of different symbols in `length` independent uniform draws from `pool` symbols."""
    return pool * (1 - (1 - 1 / pool) ** length) if pool else 0.0
