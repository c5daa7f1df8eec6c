"""Log records as one line each: what users and the exchange typed cannot start a line of its own (ADR 0050)."""

from __future__ import annotations

import logging
import unicodedata

# Line and paragraph separators, control characters, lone surrogates (unwritable as UTF-8), and the bidi controls
# that make a terminal show text in another order than it was written
_UNSAFE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape_controls(text: str) -> str:
    """`text` with every control character written as Python's repr writes it (\\n, \\x1b, \\u2028); else unchanged."""
    if text.isprintable():
        return text
    return "".join(repr(char)[1:-1] if _unsafe(char) else char for char in text)


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES or char in _BIDI_CONTROLS


class OneLineFormatter(logging.Formatter):
    """Escapes control characters in the message; a traceback appended after it keeps its own lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = escape_controls(record.message)
        return super().formatMessage(record)
