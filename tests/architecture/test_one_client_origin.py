"""One function decides who a request comes from (ADR 0073): no other product code reads the peer or forwarding headers.

Every use of a client address or of the scheme (login limiting, logs, cookies, HSTS) goes through
entrypoints.web.security.client.request_origin, which believes X-Forwarded-For/-Proto only from a trusted proxy.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "ports", "application", "adapters", "entrypoints", "config")
THE_ONE = "entrypoints/web/security/client.py"
# The simulator is an exchange, not our web: its own request handling is not a client of the dashboard
OUTSIDE = ("adapters/simulator/",)
PEER_ATTRIBUTES = frozenset({"remote_addr", "is_secure", "access_route"})
REQUESTS = frozenset({"request", "websocket"})
SCOPE = frozenset({"scope"})


def reads_the_peer(tree: ast.AST) -> list[int]:
    """Lines that read the peer address, the scheme, the ASGI client or a forwarding header name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in PEER_ATTRIBUTES:
            found.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == "scheme" and _names(node.value, REQUESTS):
            found.append(node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # The exact header name (or the ASGI scope's "client" key), not prose that mentions it
            if node.value.lower().startswith("x-forwarded-") and " " not in node.value:
                found.append(node.lineno)
            elif node.value == "client" and _inside_scope_lookup(tree, node):
                found.append(node.lineno)
    return found


def _names(node: ast.AST, names: frozenset[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _inside_scope_lookup(tree: ast.AST, constant: ast.Constant) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and node.slice is constant:
            return (isinstance(node.value, ast.Attribute) and node.value.attr == "scope") or _names(node.value, SCOPE)
        if isinstance(node, ast.Call) and constant in node.args and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            return node.func.attr == "get" and (_names(owner, SCOPE) or getattr(owner, "attr", None) == "scope")
    return False


def test_only_the_client_module_reads_the_peer_address_scheme_or_forwarding_headers() -> None:
    found = []
    for package in PRODUCT:
        for path in (REPO / package).rglob("*.py"):
            name = path.relative_to(REPO).as_posix()
            if name == THE_ONE or name.startswith(OUTSIDE):
                continue
            found += [f"{name}:{line}" for line in reads_the_peer(ast.parse(path.read_text("utf-8")))]

    assert found == []


def test_the_check_catches_each_way_of_reading_the_peer() -> None:
    lines = [
        "request.remote_addr",
        "request.headers['X-Forwarded-For']",
        "headers.get('x-forwarded-proto')",
        "request.scheme == 'https'",
        "request.scope['client'][0]",
        "websocket.scope.get('client')",
        "scope['client']",
        "request.is_secure",
    ]

    assert [bool(reads_the_peer(ast.parse(line))) for line in lines] == [True] * len(lines)


def test_the_one_module_does_read_them() -> None:
    assert reads_the_peer(ast.parse((REPO / THE_ONE).read_text("utf-8")))
