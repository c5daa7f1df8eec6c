"""The audit trail of the real app: logins, changes and refusals recorded with credential id and the real client
address through the trusted proxy, read back from GET /api/audit, and never an error for the request it records."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from quart import Quart

from adapters.memory.audit_log import InMemoryAuditLog
from adapters.memory.clock import ManualClock
from adapters.memory.user_store import InMemoryUserStore
from config.secrets import Secret, load_secrets
from entrypoints.containers.adapters import InMemoryAdapters
from entrypoints.containers.web import WebContainer, build_web_container
from entrypoints.web.app import create_app
from entrypoints.web.security import SecuritySettings, install_security, requires, security_installer
from entrypoints.web.security.api_keys import new_api_key
from entrypoints.web.security.audit_throttle import ANONYMOUS_PER_CLIENT
from entrypoints.web.security.client import TrustedProxies
from entrypoints.web.security.passwords import hash_password
from ports.audit_log import AuditEntry, AuditQuery, AuditRecord
from ports.user_store import Role, User
from tests.web.security.conftest import FAST, PASSWORD, SECRET

pytestmark = pytest.mark.anyio

PROXY = "127.0.0.1"
NIGHT = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)


class Adapters(InMemoryAdapters):
    clock = providers.Singleton(ManualClock, NIGHT)


def via_proxy(address: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A request nginx on this host forwards for `address`."""
    return {"scope_base": {"client": (PROXY, 50000)}, "headers": {"X-Forwarded-For": address, **(headers or {})}}


@pytest.fixture
def container(tmp_path: Path) -> WebContainer:
    secrets_file = tmp_path / "secrets.yaml"
    secrets_file.write_text("mode: sim\n", encoding="utf-8")
    container = build_web_container(load_secrets(secrets_file, env={}), Adapters())
    users, now = container.adapters.user_store(), container.adapters.clock().now()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), now, Role.ADMIN))
    users.add_user(User("robot", hash_password(PASSWORD, FAST), now, Role.TRADER))
    return container


@pytest.fixture
def app(container: WebContainer) -> Quart:
    settings = SecuritySettings(password_params=FAST, trusted_proxies=TrustedProxies.parse([PROXY]))
    return create_app(container, security=security_installer(container, settings))


def trail(container: WebContainer) -> list[AuditRecord]:
    return container.adapters.audit_log().page(AuditQuery(limit=1000))


async def login(app: Quart, address: str, name: str = "alice", password: str = PASSWORD) -> Any:
    body = {"username": name, "password": password}
    return await app.test_client().post("/api/auth/login", json=body, **via_proxy(address))


async def bearer(app: Quart, address: str, name: str = "alice") -> dict[str, str]:
    response = await login(app, address, name)
    assert response.status_code == 200
    return {"Authorization": f"Bearer {(await response.get_json())['token']}"}


async def test_a_failed_login_records_the_name_tried_and_the_real_client_never_the_password(
    app: Quart, container: WebContainer
) -> None:
    response = await login(app, "203.0.113.7", "alice", "guess-1234")

    assert response.status_code == 401
    (record,) = trail(container)
    assert record.entry == AuditEntry(
        at=NIGHT,
        user="alice",
        role="",
        credential="anonymous",
        client="203.0.113.7",
        action="login",
        status=401,
        outcome="refused: invalid username or password",
        detail="",
    )
    assert "guess-1234" not in repr(trail(container))


async def test_a_login_records_the_session_it_opened_and_later_actions_name_that_session(
    app: Quart, container: WebContainer
) -> None:
    headers = await bearer(app, "203.0.113.7")
    await app.test_client().post("/api/commands", json={"type": "PauseEngine"}, **via_proxy("203.0.113.7", headers))
    await app.test_client().post("/api/auth/logout", **via_proxy("203.0.113.7", headers))

    logout, pause, logged_in = (record.entry for record in trail(container))
    assert (logged_in.action, logged_in.outcome, logged_in.role) == ("login", "ok", "admin")
    assert logged_in.credential.startswith("session:")
    assert pause.action == "POST /api/commands PauseEngine"
    assert (pause.user, pause.credential, pause.client, pause.status) == (
        "alice",
        logged_in.credential,
        "203.0.113.7",
        201,
    )
    assert (logout.action, logout.credential, logout.outcome) == ("logout", logged_in.credential, "ok")


async def test_who_raised_the_leverage_at_0312_and_from_which_address(app: Quart, container: WebContainer) -> None:
    clock: ManualClock = container.adapters.clock()
    key_text, key = new_api_key("robot", "automation", clock.now())
    container.adapters.user_store().add_api_key(key)
    alice = await bearer(app, "203.0.113.7")
    client = app.test_client()
    clock.advance(60 * 5)  # 03:05: the robot sets 5x
    await client.post(
        "/api/commands",
        json={"type": "SetLeverage", "payload": {"leverage": 5}},
        **via_proxy("198.51.100.9", {"X-API-Key": key_text}),
    )
    clock.advance(60 * 7 + 20)  # 03:12:20: someone raises it to 50
    raised = await client.post(
        "/api/commands", json={"type": "SetLeverage", "payload": {"leverage": 50}}, **via_proxy("203.0.113.7", alice)
    )
    clock.advance(60)  # later reads are not changes; the access token (15 min) still holds
    await client.get("/api/commands", **via_proxy("203.0.113.7", alice))

    # The question, asked as an admin would: the changes between 03:12 and 03:13
    page = await client.get(
        "/api/audit?from=2026-03-04T03:12:00Z&to=2026-03-04T03:12:59Z", **via_proxy("203.0.113.7", alice)
    )

    assert page.status_code == 200
    (answer,) = [e for e in (await page.get_json())["entries"] if e["action"].endswith("SetLeverage")]
    command_id = (await raised.get_json())["command_id"]
    assert (answer["user"], answer["client"], answer["at"]) == ("alice", "203.0.113.7", "2026-03-04T03:12:20.000000Z")
    assert answer["credential"].startswith("session:")
    assert answer["detail"] == f'command {command_id} SetLeverage {{"leverage":50}}'
    stored = container.adapters.command_store().get(command_id)
    assert stored is not None and stored.command.payload.leverage == 50
    robot = [r.entry for r in trail(container) if r.entry.user == "robot"]
    assert [(e.credential, e.client) for e in robot] == [(f"key:{key.key_id}", "198.51.100.9")]


async def test_refusals_are_recorded_with_who_was_refused_and_why(app: Quart, container: WebContainer) -> None:
    client = app.test_client()
    await client.get("/api/dashboard", **via_proxy("198.51.100.66", {"X-API-Key": "ae_forged_key"}))
    cookie_login = await login(app, "203.0.113.7")
    jar = {"Cookie": cookie_login.headers.get("Set-Cookie", "").split(";")[0]}
    csrf = await client.post("/api/commands", json={"type": "PauseEngine"}, **via_proxy("203.0.113.7", jar))
    for _ in range(6):
        limited = await login(app, "198.51.100.66", "alice", "guess-1234")

    assert (csrf.status_code, limited.status_code) == (403, 429)
    entries = [record.entry for record in reversed(trail(container))]
    forged = entries[0]
    assert (forged.action, forged.status, forged.credential, forged.client) == (
        "GET /api/dashboard",
        401,
        "anonymous",
        "198.51.100.66",
    )
    assert forged.outcome == "refused: the API key is not valid"
    refused_post = entries[2]
    assert (refused_post.action, refused_post.status, refused_post.user) == (
        "POST /api/commands PauseEngine",
        403,
        "alice",
    )
    assert refused_post.credential == entries[1].credential != "anonymous"
    assert entries[-1].outcome.startswith("refused: too many login attempts")
    assert (entries[-1].action, entries[-1].status, entries[-1].user) == ("login", 429, "alice")


async def test_reads_that_succeed_leave_no_entry(app: Quart, container: WebContainer) -> None:
    headers = await bearer(app, "203.0.113.7")
    before = len(trail(container))

    for path in ("/api/dashboard", "/api/events", "/api/audit"):
        assert (await app.test_client().get(path, **via_proxy("203.0.113.7", headers))).status_code == 200

    assert len(trail(container)) == before


async def test_a_failed_audit_write_is_logged_and_the_command_still_answers_201(
    app: Quart, container: WebContainer, caplog: pytest.LogCaptureFixture
) -> None:
    headers = await bearer(app, "203.0.113.7")

    class Broken(InMemoryAuditLog):
        def append(self, entry: AuditEntry) -> int:
            raise OSError("disk full")

    container.adapters.audit_log.override(providers.Object(Broken()))
    with caplog.at_level(logging.ERROR, logger="alphaengine.web.audit"):
        response = await app.test_client().post(
            "/api/commands", json={"type": "PauseEngine"}, **via_proxy("203.0.113.7", headers)
        )

    assert response.status_code == 201
    assert container.adapters.command_store().get((await response.get_json())["command_id"]) is not None
    assert (
        "audit write failed for POST /api/commands (status 201) by user 'alice' from client 203.0.113.7: "
        "OSError: disk full"
    ) in caplog.text


async def test_user_controlled_text_is_escaped_before_it_is_stored(app: Quart, container: WebContainer) -> None:
    await login(app, "203.0.113.7", "eve\nadmin logged in", "guess-1234")

    (record,) = trail(container)
    assert record.entry.user == "eve\\nadmin logged in"


async def test_the_audit_api_pages_by_id_and_filters_by_user(app: Quart, container: WebContainer) -> None:
    for n in range(3):
        await login(app, "203.0.113.7", f"nobody{n}", "guess-1234")
    headers = await bearer(app, "203.0.113.7")
    client = app.test_client()

    first = await (await client.get("/api/audit?limit=2", **via_proxy("203.0.113.7", headers))).get_json()
    rest = await (
        await client.get(f"/api/audit?limit=2&before_id={first['next_before_id']}", **via_proxy("203.0.113.7", headers))
    ).get_json()
    one = await (await client.get("/api/audit?user=nobody1", **via_proxy("203.0.113.7", headers))).get_json()
    bad = await client.get("/api/audit?limit=5000", **via_proxy("203.0.113.7", headers))

    assert [e["user"] for e in first["entries"] + rest["entries"]] == ["alice", "nobody2", "nobody1", "nobody0"]
    last = await client.get(f"/api/audit?before_id={rest['next_before_id']}", **via_proxy("203.0.113.7", headers))
    assert (await last.get_json()) == {"entries": [], "limit": 100, "next_before_id": None}
    assert [e["user"] for e in one["entries"]] == ["nobody1"]
    assert bad.status_code == 400 and (await bad.get_json())["field"] == "limit"


async def test_an_anonymous_flood_is_recorded_up_to_the_per_client_bound_and_said_once(
    app: Quart, container: WebContainer, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="alphaengine.web.audit"):
        for _ in range(ANONYMOUS_PER_CLIENT + 5):
            assert (await client.get("/api/dashboard", **via_proxy("198.51.100.66"))).status_code == 401
        await client.get("/api/dashboard", **via_proxy("198.51.100.67"))
        headers = await bearer(app, "198.51.100.66")
        await client.post("/api/commands", json={"type": "PauseEngine"}, **via_proxy("198.51.100.66", headers))

    clients = [(r.entry.client, r.entry.credential == "anonymous") for r in trail(container)]
    assert clients.count(("198.51.100.66", True)) == ANONYMOUS_PER_CLIENT
    assert ("198.51.100.67", True) in clients
    # The same client's authenticated actions are always recorded
    assert [r.entry.action for r in trail(container)][:2] == ["POST /api/commands PauseEngine", "login"]
    assert caplog.text.count("client 198.51.100.66 sent more than 60 unauthenticated requests") == 1
    container.adapters.clock().advance(60)
    await client.get("/api/dashboard", **via_proxy("198.51.100.66"))
    assert trail(container)[0].entry.client == "198.51.100.66"


async def test_the_audit_page_shows_user_controlled_text_as_text_never_as_html(
    app: Quart, container: WebContainer
) -> None:
    await login(app, "203.0.113.7", "<script>alert(1)</script>", "guess-1234")
    headers = await bearer(app, "203.0.113.7")
    reason = {"type": "PauseEngine", "payload": {"reason": "<img src=x onerror=alert(2)>"}}
    await app.test_client().post("/api/commands", json=reason, **via_proxy("203.0.113.7", headers))

    response = await app.test_client().get("/audit", **via_proxy("203.0.113.7", headers))
    html = await response.get_data(as_text=True)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert html.count('data-audit-id="') == 3


async def test_the_audit_page_pages_older_entries_and_filters_by_user(app: Quart, container: WebContainer) -> None:
    for n in range(3):
        await login(app, "203.0.113.7", f"nobody{n}", "guess-1234")
    headers = await bearer(app, "203.0.113.7")
    client = app.test_client()

    first = await (await client.get("/audit?limit=2", **via_proxy("203.0.113.7", headers))).get_data(as_text=True)
    only = await (await client.get("/audit?user=nobody1", **via_proxy("203.0.113.7", headers))).get_data(as_text=True)

    assert 'id="audit-older" href="/audit?before_id=3"' in first
    assert only.count('data-audit-id="') == 1 and "nobody1" in only and "nobody2" not in only


async def test_a_browser_that_is_not_logged_in_is_sent_to_the_login_page(app: Quart) -> None:
    response = await app.test_client().get("/audit", headers={"Accept": "text/html"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/static/login.html"


async def test_a_settings_change_records_the_section_its_version_and_value_and_a_conflict_its_reason(
    app: Quart, container: WebContainer
) -> None:
    headers = await bearer(app, "203.0.113.7")
    risk = {"max_risk_per_trade": "0.01", "daily_loss_limit": "0.03"}
    client = app.test_client()

    stored = await client.put("/api/config/risk", json={"value": risk}, **via_proxy("203.0.113.7", headers))
    late = await client.put(
        "/api/config/risk", json={"value": risk, "expected_version": 0}, **via_proxy("203.0.113.7", headers)
    )

    assert (stored.status_code, late.status_code) == (200, 409)
    conflict, change = (record.entry for record in trail(container)[:2])
    assert (change.action, change.outcome, change.user) == ("PUT /api/config/risk", "ok", "alice")
    assert change.detail == 'config risk version 1 {"daily_loss_limit":"0.03","max_risk_per_trade":"0.01"}'
    assert (conflict.status, conflict.detail) == (409, "")
    assert conflict.outcome.startswith("failed: expected_version: risk is at version 1")


async def test_a_request_that_crashes_its_view_is_recorded_on_the_error_path() -> None:
    users, clock, audit = InMemoryUserStore(), ManualClock(NIGHT), InMemoryAuditLog()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), clock.now()))
    crashing = Quart(__name__)

    @crashing.post("/api/boom")
    @requires(Role.VIEWER)
    async def boom() -> str:
        raise RuntimeError("the view broke")

    install_security(crashing, users, Secret(SECRET), clock, SecuritySettings(password_params=FAST), audit=audit)
    client = crashing.test_client()
    token = (await (await client.post("/api/auth/login", json={"username": "alice", "password": PASSWORD})).get_json())[
        "token"
    ]

    crashing.config["PROPAGATE_EXCEPTIONS"] = False
    response = await client.post("/api/boom", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 500
    crashed = audit.page(AuditQuery())[0].entry
    assert (crashed.action, crashed.status, crashed.user) == ("POST /api/boom", 500, "alice")
    assert crashed.outcome.startswith("failed:")
