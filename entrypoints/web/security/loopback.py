"""Whether a request comes straight from this machine: the peer `loopback_public` views are served to unauthenticated.

A local Prometheus scrapes without credentials; the same request through nginx (which is itself a loopback peer)
carries a forwarding header and is authenticated like any other, so the view never leaks through the proxy.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any, Protocol

# Any of these means a proxy passed the request on: the TCP peer is then the proxy, not the client
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


class Headers(Protocol):
    def get(self, key: str, /) -> str | None: ...


def direct_loopback(scope: Mapping[str, Any], headers: Headers) -> bool:
    """The ASGI peer is a loopback address and no forwarding header is present (a proxy's request is not local)."""
    if any(headers.get(name) is not None for name in FORWARDING_HEADERS):
        return False
    client = scope.get("client")
    if not client:
        return False  # a Unix socket or an unknown peer: not provably local
    try:
        address = ipaddress.ip_address(str(client[0]))
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool((mapped or address).is_loopback)
