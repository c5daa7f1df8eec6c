"""A Panel: the real app (in-memory stores) with a user and an API key of each role, asked from a remote client."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quart import Quart

from entrypoints.containers.web import WebContainer
from entrypoints.web.security.api_keys import HEADER as API_KEY_HEADER
from entrypoints.web.security.api_keys import new_api_key
from entrypoints.web.security.passwords import hash_password
from ports.user_store import Role, User
from tests.web.api.conftest import FAST, PASSWORD, USER, secured_app, web_container
from tests.web.api.test_fuzz import AlreadyStopping

# Not on this machine: /metrics is open to a loopback peer only (ADR 0077; tests/web/api/test_metrics.py)
REMOTE = ("203.0.113.7", 50000)
NAMES = {Role.VIEWER: "vera", Role.TRADER: "tom", Role.ADMIN: USER}
ANONYMOUS = "anonymous"
# Each credential: (how it authenticates, the role of its user)
CREDENTIALS = [(ANONYMOUS, None)] + [(via, role) for role in Role for via in ("bearer", "api_key")]


@dataclass
class Panel:
    app: Quart
    container: WebContainer
    keys: dict[Role, str] = field(default_factory=dict)

    def headers(self, via: str, role: Role | None) -> dict[str, str]:
        """Fresh for each request: a logout revokes only its own session."""
        if role is None:
            return {}
        if via == "api_key":
            return {API_KEY_HEADER: self.keys[role]}
        grant = self.app.extensions["security"].sessions.begin(NAMES[role], REMOTE[0], "route table")
        return {"Authorization": f"Bearer {grant.token}"}

    async def ask(self, method: str, path: str, body: Any, via: str, role: Role | None) -> Any:
        client = self.app.test_client()
        headers = self.headers(via, role)
        return await client.open(path, method=method, headers=headers, json=body, scope_base={"client": REMOTE})


def build_panel(tmp_path: Path) -> Panel:
    container = web_container(tmp_path)
    app = secured_app(container, AlreadyStopping())
    users, now = container.adapters.user_store(), container.adapters.clock().now()
    found = Panel(app, container)
    for role, name in NAMES.items():
        if name != USER:
            users.add_user(User(name, hash_password(PASSWORD, FAST), now, role))
        text, key = new_api_key(name, f"{role.value} key", now)
        users.add_api_key(key)
        found.keys[role] = text
    return found
