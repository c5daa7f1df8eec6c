"""The one rule for text that enters the engine: storable as UTF-8, free of control characters, bounded in length.

Every entry point applies `text_problem` (web bodies and query strings, CLI arguments, exchange payloads), and the
event log applies `unstorable` to whatever reaches it, so no event can hold text a projection cannot store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# Generous for any single value that comes from outside; fields with a tighter meaning say so in their schema
MAX_TEXT_LENGTH = 4096
NOT_CLEAN = "must not contain control characters or unpaired surrogates"
NOT_STORABLE = "must not contain unpaired surrogates (they cannot be stored as UTF-8)"

# C0 controls (tab and line breaks too: every field that enters is a single line), DEL, C1 controls, the Unicode
# line and paragraph separators, the bidi controls that make a terminal show text in another order than it was
# written, and surrogates, which in a Python str are always unpaired (a JSON pair decodes to one astral character)
_NOT_CLEAN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """Why `value` may not enter, or None when it may."""
    if len(value) > max_length:
        return f"must be at most {max_length} characters"
    # Printable ASCII, the usual case, needs no scan
    if value.isascii() and value.isprintable():
        return None
    return NOT_CLEAN if _NOT_CLEAN.search(value) else None


def unstorable(value: str) -> bool:
    """True when `value` cannot be encoded as UTF-8 (a lone surrogate), so no store could hold it."""
    return not value.isascii() and _SURROGATE.search(value) is not None


def shown(text: str) -> str:
    """`text` with every character `text_problem` refuses escaped (\\n, \\ud800): fit for one log line and any store."""
    return _NOT_CLEAN.sub(lambda found: ascii(found.group())[1:-1], text)


def find_bad_text(value: Any, path: str = "", max_length: int = MAX_TEXT_LENGTH) -> tuple[str, str] | None:
    """The first (dotted path, problem) of a string anywhere in a JSON-like value, keys included; None if all pass.

    The problem never quotes the text itself: the text is what cannot be shown, logged or stored.
    """
    # Iterative, depth-first in document order: a JSON body may nest as deep as the parser allows
    pending: list[tuple[str, Any]] = [(path, value)]
    while pending:
        where, item = pending.pop()
        if isinstance(item, str):
            problem = text_problem(item, max_length)
            if problem is not None:
                return where, problem
        elif isinstance(item, Mapping):
            children: list[tuple[str, Any]] = []
            for key, inner in item.items():
                if isinstance(key, str) and text_problem(key, max_length) is not None:
                    return where, f"keys {NOT_CLEAN} and be at most {max_length} characters"
                children.append((_join(where, key), inner))
            pending.extend(reversed(children))
        elif isinstance(item, Iterable) and not isinstance(item, (bytes, bytearray)):
            pending.extend(reversed([(_join(where, index), inner) for index, inner in enumerate(item)]))
    return None


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)
