"""How easily a text is guessed, as zxcvbn sees it: words, names, keyboard walks, dates, sequences, repeats, l33t."""

from __future__ import annotations

import threading
from dataclasses import dataclass

# import-untyped: zxcvbn ships no type information
from zxcvbn import zxcvbn  # type: ignore[import-untyped]

# zxcvbn's own bound: its matching grows with the square of the length, so only a prefix is scored
SCORED_LENGTH = 72
# zxcvbn keeps the context words in a module-level dictionary during a call: two calls at once would mix them
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Guessing:
    """score: 0 (too guessable) to 4 (very unguessable); guesses_log10: log10 of the guesses an attacker needs."""

    score: int
    guesses_log10: float
    warning: str
    suggestions: tuple[str, ...]
    uses_context: bool  # a part of the text is a context word, maybe reversed or in l33t


def guess(text: str, context: tuple[str, ...] = ()) -> Guessing:
    """zxcvbn's verdict on the first SCORED_LENGTH characters of `text`, counting the `context` words as known."""
    with _ONE_AT_A_TIME:
        result = zxcvbn(text[:SCORED_LENGTH], user_inputs=[word.casefold() for word in context])
    feedback = result["feedback"]
    return Guessing(
        score=int(result["score"]),
        guesses_log10=float(result["guesses_log10"]),
        warning=str(feedback["warning"]),
        suggestions=tuple(str(line) for line in feedback["suggestions"]),
        uses_context=any(match.get("dictionary_name") == "user_inputs" for match in result["sequence"]),
    )
