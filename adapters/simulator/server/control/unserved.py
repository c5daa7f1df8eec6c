"""The requests the simulator answered with its unknown-path 404, counted per method and path (GET /_sim/unserved).

A client driven at the simulator shows here every call the simulator does not serve yet, instead of a failure deep
inside the client.
"""

from __future__ import annotations

from typing import Any

# Bounds: a client probing many paths cannot grow the record without limit
MAX_PATHS = 256
MAX_PATH_CHARS = 256
# Where requests to further paths are counted once MAX_PATHS distinct ones are listed
OTHER = ("*", "*")


class Unserved:
    """Method + path → how many requests got the unknown-path 404, in the order first seen."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], int] = {}

    def record(self, method: str, path: str) -> None:
        key = (method, path[:MAX_PATH_CHARS])
        if key not in self._counts and len(self._counts) >= MAX_PATHS:
            key = OTHER
        self._counts[key] = self._counts.get(key, 0) + 1

    def body(self) -> list[dict[str, Any]]:
        return [{"method": method, "path": path, "count": count} for (method, path), count in self._counts.items()]
