"""client_origin: the TCP peer, unless it is a trusted proxy; then the forwarded client and scheme (ADR 0073)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import Headers

from entrypoints.web.security.client import ClientOrigin, TrustedProxies, client_origin, parse_address, trusted_network

LOCAL = TrustedProxies.parse(["127.0.0.1"])


def origin(
    peer: str | None,
    forwarded_for: list[str] | None = None,
    proto: list[str] | None = None,
    proxies: TrustedProxies = LOCAL,
    scheme: str = "http",
) -> ClientOrigin:
    headers = Headers([("X-Forwarded-For", line) for line in forwarded_for or []])
    headers.extend([("X-Forwarded-Proto", line) for line in proto or []])
    return client_origin(peer, scheme, headers, proxies)


class TestUntrustedPeers:
    def test_without_trusted_proxies_the_peer_and_its_scheme_are_the_client(self) -> None:
        assert origin("203.0.113.7", proxies=TrustedProxies()) == ClientOrigin("203.0.113.7", False)
        assert origin("203.0.113.7", scheme="https", proxies=TrustedProxies()) == ClientOrigin("203.0.113.7", True)

    def test_a_spoofed_forwarded_for_and_proto_from_an_untrusted_peer_are_ignored(self) -> None:
        spoofed = origin("203.0.113.7", ["10.9.9.9"], ["https"])

        assert spoofed == ClientOrigin("203.0.113.7", False, forwarded=True)

    def test_a_peer_that_is_no_ip_is_unknown(self) -> None:
        assert origin(None).address == "unknown"
        assert origin("").address == "unknown"
        assert origin("unix:/run/web.sock").address == "unknown"


class TestTrustedProxy:
    def test_the_forwarded_client_and_proto_are_believed(self) -> None:
        assert origin("127.0.0.1", ["198.51.100.4"], ["https"]) == ClientOrigin("198.51.100.4", True, forwarded=True)

    def test_the_right_most_untrusted_address_is_the_client_whatever_the_client_prepended(self) -> None:
        # nginx appends the address it saw to what the client sent: the forged part is on the left
        assert origin("127.0.0.1", ["10.0.0.66, 1.2.3.4, 198.51.100.4"]).address == "198.51.100.4"

    def test_several_header_lines_read_as_one_list(self) -> None:
        assert origin("127.0.0.1", ["10.0.0.66", "198.51.100.4"]).address == "198.51.100.4"

    def test_a_chain_of_trusted_proxies_is_walked_back_to_the_first_untrusted_hop(self) -> None:
        proxies = TrustedProxies.parse(["127.0.0.1", "10.0.0.0/8"])

        found = origin("127.0.0.1", ["1.2.3.4, 198.51.100.4, 10.1.2.3, 10.0.0.9"], proxies=proxies)

        assert found.address == "198.51.100.4"

    def test_when_every_hop_is_trusted_the_left_most_is_the_client(self) -> None:
        proxies = TrustedProxies.parse(["127.0.0.1", "10.0.0.0/8"])

        assert origin("127.0.0.1", ["10.0.0.5, 10.0.0.9"], proxies=proxies).address == "10.0.0.5"

    def test_without_the_header_the_proxy_itself_is_the_client(self) -> None:
        assert origin("127.0.0.1") == ClientOrigin("127.0.0.1", False)

    def test_a_value_no_proxy_writes_ends_the_chain_at_the_last_hop_read(self) -> None:
        proxies = TrustedProxies.parse(["127.0.0.1", "10.0.0.0/8"])

        assert origin("127.0.0.1", ["198.51.100.4, garbage, 10.0.0.9"], proxies=proxies).address == "10.0.0.9"
        assert origin("127.0.0.1", ["unknown"]).address == "127.0.0.1"

    def test_the_right_most_proto_is_the_nearest_proxys(self) -> None:
        assert origin("127.0.0.1", ["198.51.100.4"], ["http, https"]).tls is True
        assert origin("127.0.0.1", ["198.51.100.4"], ["https", "http"]).tls is False
        assert origin("127.0.0.1", ["198.51.100.4"], ["HTTPS"]).tls is True

    def test_without_a_forwarded_proto_the_connections_scheme_stands(self) -> None:
        assert origin("127.0.0.1", ["198.51.100.4"], scheme="https").tls is True
        assert origin("127.0.0.1", ["198.51.100.4"]).tls is False

    def test_ports_and_brackets_in_entries_are_dropped(self) -> None:
        assert origin("127.0.0.1", ["198.51.100.4:51234"]).address == "198.51.100.4"
        assert origin("127.0.0.1", ["[2001:db8::7]:443"]).address == "2001:db8::7"


class TestIpv6AndNetworks:
    def test_an_ipv6_proxy_and_client(self) -> None:
        proxies = TrustedProxies.parse(["::1"])

        found = origin("::1", ["2001:DB8:0:0::7"], ["https"], proxies=proxies)

        assert found == ClientOrigin("2001:db8::7", True, forwarded=True)

    def test_an_ipv4_mapped_peer_matches_an_ipv4_proxy(self) -> None:
        assert origin("::ffff:127.0.0.1", ["198.51.100.4"]).address == "198.51.100.4"

    def test_a_cidr_trusts_every_address_inside_and_none_outside(self) -> None:
        proxies = TrustedProxies.parse(["10.0.0.0/24", "fd00::/64"])

        assert origin("10.0.0.200", ["198.51.100.4"], proxies=proxies).address == "198.51.100.4"
        assert origin("fd00::1:2", ["198.51.100.4"], proxies=proxies).address == "198.51.100.4"
        assert origin("10.0.1.1", ["198.51.100.4"], proxies=proxies).address == "10.0.1.1"
        assert origin("fd00:0:0:1::1", ["198.51.100.4"], proxies=proxies).address == "fd00:0:0:1::1"

    def test_an_ipv4_network_never_matches_an_ipv6_address(self) -> None:
        proxies = TrustedProxies.parse(["10.0.0.0/8"])

        assert origin("::1", ["198.51.100.4"], proxies=proxies).address == "::1"


class TestTrustedProxyValues:
    @pytest.mark.parametrize(
        ("value", "problem"),
        [
            ("localhost", "is not an IP address or CIDR network"),
            ("10.0.0.300", "is not an IP address or CIDR network"),
            ("10.0.0.0/33", "is not an IP address or CIDR network"),
            ("", "is not an IP address or CIDR network"),
            ("10.0.0.1/8", "write 10.0.0.0/8 for the network or 10.0.0.1 for one proxy"),
            ("0.0.0.0/0", "trusts every address"),
            ("::/0", "trusts every address"),
        ],
    )
    def test_a_bad_value_is_refused_naming_the_flag_and_what_to_write(self, value: str, problem: str) -> None:
        with pytest.raises(ValueError, match=problem) as raised:
            trusted_network(value)

        assert str(raised.value).startswith("--trusted-proxy: ")

    def test_an_address_is_one_host_and_a_network_its_range(self) -> None:
        assert str(trusted_network("127.0.0.1")) == "127.0.0.1/32"
        assert str(trusted_network(" ::1 ")) == "::1/128"
        assert str(trusted_network("192.168.0.0/16")) == "192.168.0.0/16"

    def test_parse_address_reads_what_peers_and_proxies_write(self) -> None:
        assert str(parse_address("[::1]")) == "::1"
        assert parse_address("[::1") is None
        assert parse_address("1.2.3.4:5:6") is None


class TestDirectLoopback:
    """Straight from this machine (a local Prometheus scrape), not through a proxy that is itself a loopback peer."""

    @pytest.mark.parametrize("peer", ["127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1"])
    def test_a_loopback_peer_without_forwarding_headers_is_direct(self, peer: str) -> None:
        assert origin(peer).direct_loopback
        assert origin(peer, proxies=TrustedProxies()).direct_loopback

    @pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Forwarded-Proto", "Forwarded", "X-Real-IP"])
    @pytest.mark.parametrize("proxies", [LOCAL, TrustedProxies()], ids=["trusted", "untrusted"])
    def test_any_forwarding_header_means_it_came_through_a_proxy(self, header: str, proxies: TrustedProxies) -> None:
        found = client_origin("127.0.0.1", "http", Headers([(header, "127.0.0.1")]), proxies)

        assert found.forwarded
        assert not found.direct_loopback

    @pytest.mark.parametrize("peer", ["198.51.100.4", "10.0.0.1", None])
    def test_another_or_no_peer_is_not_direct_loopback(self, peer: str | None) -> None:
        assert not origin(peer).direct_loopback
