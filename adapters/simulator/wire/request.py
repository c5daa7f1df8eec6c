"""A raw HTTP request as plain values, and its parameters parsed the way Binance reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from adapters.simulator.errors import DUPLICATE_PARAMETER, SimError

LOCALHOST = "127.0.0.1"


@dataclass(frozen=True)
class WireRequest:
    """What the server received, untouched: query and body stay the exact bytes the client signed."""

    method: str
    path: str
    query: bytes = b""
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    client_ip: str = LOCALHOST

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", self.method.upper())
        object.__setattr__(self, "query", _as_bytes(self.query, "query"))
        object.__setattr__(self, "body", _as_bytes(self.body, "body"))
        if not self.path.startswith("/"):
            raise ValueError(f"a request path starts with '/', got {self.path!r}")

    def header(self, name: str) -> str | None:
        """Header value by case-insensitive name (HTTP headers are case-insensitive; FCP sends lowercase)."""
        wanted = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == wanted), None)

    @property
    def body_counts(self) -> bool:
        """GET parameters travel only in the query string (API.md §2); a GET body is ignored."""
        return self.method != "GET"


def parse_params(request: WireRequest) -> dict[str, str]:
    """Decoded parameters of query and form body; the query-string value wins when a key is in both.

    A key repeated inside one part is rejected with -1101, as Binance does.
    """
    params = _pairs(request.body, "body") if request.body_counts else {}
    params.update(_pairs(request.query, "query"))
    return params


def _pairs(raw: bytes, part: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    for key, value in parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True):
        if key in seen:
            raise SimError(DUPLICATE_PARAMETER)
        seen[key] = value
    return seen


def _as_bytes(value: bytes | str, name: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError(f"request {name} must be bytes or str, got {type(value).__name__}")
