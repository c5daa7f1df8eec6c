"""Who is on the other end of a request: the real client address and whether the browser reached us over TLS.

The TCP peer is believed; `X-Forwarded-For` and `X-Forwarded-Proto` only when that peer is a trusted proxy
(`alphaengine web --trusted-proxy`). Every use of a client address or scheme goes through `client_origin`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from quart import g, request

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

FLAG = "--trusted-proxy"
UNKNOWN = "unknown"
# A proxy chain longer than this is not one anybody runs; the rest of a longer header is not read
MAX_HOPS = 16
FORWARDED_FOR, FORWARDED_PROTO = "X-Forwarded-For", "X-Forwarded-Proto"
# Any of these means a proxy passed the request on (RFC 7239's Forwarded and nginx's X-Real-IP are never believed)
FORWARDING_HEADERS = (FORWARDED_FOR, FORWARDED_PROTO, "Forwarded", "X-Real-IP")
_CACHE = "client_origin"


@dataclass(frozen=True)
class ClientOrigin:
    """The real client's address (an IP, or 'unknown') and whether its browser speaks HTTPS to the site.

    forwarded: the request carried a forwarding header, believed or not (a proxy, or someone posing as one, passed
    it on).
    """

    address: str
    tls: bool
    forwarded: bool = False

    @property
    def direct_loopback(self) -> bool:
        """Straight from this machine: a loopback peer and no forwarding header (nginx is a loopback peer too)."""
        address = parse_address(self.address)
        return not self.forwarded and address is not None and address.is_loopback


class HeaderLists(Protocol):
    """Request headers, each name's lines as received (the web server's multi-valued Headers)."""

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class TrustedProxies:
    """The networks whose forwarding headers are believed; none by default."""

    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, values: Iterable[str]) -> TrustedProxies:
        """Each value an IP address or a CIDR network; ValueError naming --trusted-proxy for any other."""
        return cls(tuple(trusted_network(value) for value in values))

    def trust(self, address: Address) -> bool:
        return any(address.version == network.version and address in network for network in self.networks)


def trusted_network(value: str) -> Network:
    """One --trusted-proxy value as a network (an address is a /32 or /128); ValueError saying what to write."""
    text = value.strip()
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise ValueError(
                f"{FLAG}: {value!r} is not an IP address or CIDR network; give the proxy's address, e.g. 127.0.0.1 "
                "or 10.0.0.0/24"
            ) from None
        raise ValueError(
            f"{FLAG}: {value!r} has bits set after the prefix; write {network} for the network or "
            f"{text.split('/')[0]} for one proxy"
        ) from None
    if network.prefixlen == 0:
        raise ValueError(
            f"{FLAG}: {value!r} trusts every address, so any client could forge its own; give the proxy's address"
        )
    return network


def client_origin(peer: str | None, scheme: str, headers: HeaderLists, proxies: TrustedProxies) -> ClientOrigin:
    """The TCP peer and the connection's scheme, unless the peer is a trusted proxy.

    Then the client is the right-most X-Forwarded-For address that is not itself a trusted proxy (the left-most when
    all are), and the scheme is the right-most X-Forwarded-Proto.
    """
    hop = parse_address(peer)
    forwarded = any(headers.getlist(name) for name in FORWARDING_HEADERS)
    if hop is None or not proxies.trust(hop):
        return ClientOrigin(_text(hop), scheme == "https", forwarded)
    client = hop
    for entry in reversed(_split(headers.getlist(FORWARDED_FOR))[-MAX_HOPS:]):
        address = parse_address(entry)
        if address is None:
            # Only a trusted proxy wrote what we read so far: a value no proxy writes ends the chain here
            break
        client = address
        if not proxies.trust(address):
            break
    protos = _split(headers.getlist(FORWARDED_PROTO))
    tls = protos[-1].lower() == "https" if protos else scheme == "https"
    return ClientOrigin(client.compressed, tls, forwarded)


def request_origin(proxies: TrustedProxies | None = None) -> ClientOrigin:
    """client_origin of the current request, worked out once per request.

    The security guard (first before every request) works it out with the app's trusted proxies; code running later
    gets the same answer. An app without security installed believes no proxy.
    """
    found: ClientOrigin | None = g.get(_CACHE)
    if found is None:
        found = client_origin(request.remote_addr, request.scheme, request.headers, proxies or TrustedProxies())
        setattr(g, _CACHE, found)
    return found


def parse_address(text: str | None) -> Address | None:
    """An IP from a peer or header entry ('1.2.3.4', '1.2.3.4:80', '[::1]:80', '::1'); IPv4-mapped IPv6 as IPv4."""
    if not text:
        return None
    value = text.strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _split(lines: Iterable[str]) -> list[str]:
    return [part.strip() for line in lines for part in line.split(",") if part.strip()]


def _text(address: Address | None) -> str:
    # A peer that is not an IP (a Unix socket) has no address to limit or log
    return address.compressed if address is not None else UNKNOWN
