"""The route table (ADR 0080): every route of the real app × every credential gets exactly the status written here.

Credentials: none, a bearer session and an API key of each role (a key acts with its owner's role). A route that is
not in the table fails `test_the_table_lists_every_route_of_the_app`; one that declares no role fails
`test_every_route_declares_who_may_reach_it` and is refused to everyone by the guard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from quart import Blueprint, Quart

from config.settings import default_sections
from entrypoints.web.api.health import PUBLIC_FIELDS
from entrypoints.web.openapi.document import IMPLICIT_METHODS
from entrypoints.web.schemas.commands import WEB_COMMAND_TYPES
from entrypoints.web.security.command_roles import COMMAND_ROLES
from entrypoints.web.security.public import is_declared
from ports.audit_log import AuditQuery
from ports.user_store import Role
from tests.web.security.panel import ANONYMOUS, CREDENTIALS, NAMES, REMOTE, Panel, build_panel

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Case:
    """What one route is asked, the least role it needs (None: public) and what an allowed caller gets."""

    path: str
    least: Role | None
    allowed: int
    body: Any = None
    # An API key has no session to log out
    by_api_key: int | None = None
    anonymous: int = 401


COMMAND = {"type": "PauseEngine", "payload": {"reason": "route table"}}
ROUTES = {
    ("GET", "/"): Case("/", Role.VIEWER, 200),
    ("GET", "/health"): Case("/health", None, 200, anonymous=200),
    ("GET", "/metrics"): Case("/metrics", Role.VIEWER, 200),
    ("GET", "/api/openapi.json"): Case("/api/openapi.json", Role.VIEWER, 200),
    ("GET", "/api/dashboard"): Case("/api/dashboard", Role.VIEWER, 200),
    ("GET", "/api/dashboard/market"): Case("/api/dashboard/market", Role.VIEWER, 200),
    ("GET", "/api/events"): Case("/api/events", Role.VIEWER, 200),
    ("GET", "/api/trades"): Case("/api/trades", Role.VIEWER, 200),
    ("GET", "/api/equity"): Case("/api/equity", Role.VIEWER, 200),
    ("GET", "/api/stream"): Case("/api/stream", Role.VIEWER, 200),
    ("GET", "/api/commands"): Case("/api/commands", Role.VIEWER, 200),
    # No such command: the role passed, the lookup answers
    ("GET", "/api/commands/<command_id>"): Case("/api/commands/none-such", Role.VIEWER, 404),
    ("POST", "/api/commands"): Case("/api/commands", Role.TRADER, 201, body=COMMAND),
    ("GET", "/api/config"): Case("/api/config", Role.VIEWER, 200),
    ("GET", "/api/config/<key>"): Case("/api/config/risk", Role.VIEWER, 200),
    ("PUT", "/api/config/<key>"): Case("/api/config/risk", Role.ADMIN, 200, body={"value": default_sections()["risk"]}),
    # Public: an empty body is refused by validation whoever sends it
    ("POST", "/api/auth/login"): Case("/api/auth/login", None, 400, body={}, anonymous=400),
    ("POST", "/api/auth/logout"): Case("/api/auth/logout", Role.VIEWER, 200, by_api_key=400),
    # Each caller sees and revokes its own keys (an admin every key) and makes keys only from a session (ADR 0082)
    ("GET", "/api/keys"): Case("/api/keys", Role.VIEWER, 200),
    ("POST", "/api/keys"): Case("/api/keys", Role.VIEWER, 201, body={"label": "route table"}, by_api_key=403),
    ("DELETE", "/api/keys/<key_id>"): Case("/api/keys/none-such", Role.VIEWER, 404),
    # One's own sessions and password (ADR 0083): refresh is public and refuses an empty body; a key has no password
    ("POST", "/api/auth/refresh"): Case("/api/auth/refresh", None, 401, body={}, anonymous=401),
    ("POST", "/api/auth/logout-all"): Case("/api/auth/logout-all", Role.VIEWER, 200),
    ("POST", "/api/auth/password"): Case("/api/auth/password", Role.VIEWER, 400, body={}, by_api_key=400),
    # One's own second factor (ADR 0085): an empty body is refused by validation; a key has no session to confirm
    ("GET", "/api/auth/totp"): Case("/api/auth/totp", Role.VIEWER, 200),
    ("POST", "/api/auth/totp/enrol"): Case("/api/auth/totp/enrol", Role.VIEWER, 200, by_api_key=400),
    ("POST", "/api/auth/totp/confirm"): Case("/api/auth/totp/confirm", Role.VIEWER, 400, body={}),
    ("POST", "/api/auth/confirm"): Case("/api/auth/confirm", Role.VIEWER, 400, body={}),
    ("POST", "/api/auth/login/totp"): Case("/api/auth/login/totp", None, 400, body={}, anonymous=400),
    # The audit trail is for admins (ADR 0081)
    ("GET", "/api/audit"): Case("/api/audit", Role.ADMIN, 200),
    ("GET", "/audit"): Case("/audit", Role.ADMIN, 200),
}


def expected(case: Case, via: str, role: Role | None) -> int:
    if case.least is None:
        return case.anonymous if role is None else case.allowed
    if role is None:
        return case.anonymous
    if not role.allows(case.least):
        return 403
    return case.by_api_key if via == "api_key" and case.by_api_key is not None else case.allowed


@pytest.fixture
def panel(tmp_path: Path) -> Panel:
    return build_panel(tmp_path)


def app_routes(app: Quart) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in (rule.methods or set()) - IMPLICIT_METHODS
    }


def undeclared(app: Quart) -> list[str]:
    return sorted(rule.rule for rule in app.url_map.iter_rules() if not is_declared(app.view_functions[rule.endpoint]))


async def test_the_table_lists_every_route_of_the_app(panel: Panel) -> None:
    assert app_routes(panel.app) == set(ROUTES)


async def test_every_route_declares_who_may_reach_it(panel: Panel) -> None:
    assert undeclared(panel.app) == ["/static/<path:filename>"]


@pytest.mark.parametrize(
    ("via", "role"), CREDENTIALS, ids=[f"{via}-{role and role.value}" for via, role in CREDENTIALS]
)
async def test_every_route_answers_each_credential_exactly_as_the_table_says(
    panel: Panel, via: str, role: Role | None
) -> None:
    answers, wanted = {}, {}
    for (method, rule), case in sorted(ROUTES.items()):
        response = await panel.ask(method, case.path, case.body, via, role)
        answers[(method, rule)] = response.status_code
        wanted[(method, rule)] = expected(case, via, role)

    assert answers == wanted


@pytest.mark.parametrize("type_name", sorted(WEB_COMMAND_TYPES))
async def test_each_command_type_needs_its_role_whatever_the_credential(panel: Panel, type_name: str) -> None:
    body = {"type": type_name, "payload": COMMAND_PAYLOADS[type_name]}
    answers, wanted = {}, {}
    for via, role in CREDENTIALS:
        response = await panel.ask("POST", "/api/commands", body, via, role)
        answers[(via, role)] = response.status_code
        wanted[(via, role)] = 401 if role is None else 201 if role.allows(COMMAND_ROLES[type_name]) else 403

    assert answers == wanted


COMMAND_PAYLOADS: dict[str, dict[str, Any]] = {
    "PauseEngine": {"reason": "lunch"},
    "ResumeEngine": {},
    "CancelAll": {},
    "CancelOrder": {"client_order_id": "ae-1-main"},
    "ClosePosition": {},
    "SetLeverage": {"leverage": 125},
    "UpdateConfig": {"key": "risk.daily_loss_limit", "value": "0.04"},
    "Transfer": {"direction": "TO_FUTURES", "asset": "USDT", "amount": "25"},
}


def test_every_web_command_type_has_a_role_and_a_payload_here() -> None:
    assert set(COMMAND_ROLES) == set(WEB_COMMAND_TYPES) == set(COMMAND_PAYLOADS)


async def test_the_refusal_names_the_role_needed_and_the_callers_role(panel: Panel) -> None:
    route = await panel.ask("PUT", "/api/config/risk", {"value": {}}, "bearer", Role.TRADER)
    leverage = {"type": "SetLeverage", "payload": {"leverage": 125}}
    command = await panel.ask("POST", "/api/commands", leverage, "api_key", Role.TRADER)
    viewer = await panel.ask("POST", "/api/commands", COMMAND, "bearer", Role.VIEWER)

    assert await route.get_json() == {"error": "role admin or above needed; you are trader"}
    assert await command.get_json() == {
        "error": "type: role admin or above needed for SetLeverage; you are trader",
        "field": "type",
    }
    assert await viewer.get_json() == {"error": "role trader or above needed; you are viewer"}


@pytest.mark.parametrize(
    "body", [None, "not an object", {"type": "Unknown"}, {"type": 7}], ids=["null", "text", "unknown", "number"]
)
async def test_a_body_of_no_known_type_needs_the_routes_least_role_then_is_refused_by_validation(
    panel: Panel, body: Any
) -> None:
    viewer = await panel.ask("POST", "/api/commands", body, "bearer", Role.VIEWER)
    trader = await panel.ask("POST", "/api/commands", body, "bearer", Role.TRADER)

    assert (viewer.status_code, trader.status_code) == (403, 400)


async def test_a_route_without_a_declaration_is_refused_to_everyone_and_listed_as_undeclared(panel: Panel) -> None:
    blueprint = Blueprint("forgotten", __name__)

    @blueprint.get("/api/forgotten")
    async def forgotten() -> dict[str, str]:
        return {"secret": "yes"}

    panel.app.register_blueprint(blueprint)

    anonymous = await panel.ask("GET", "/api/forgotten", None, ANONYMOUS, None)
    admin = await panel.ask("GET", "/api/forgotten", None, "api_key", Role.ADMIN)

    assert (anonymous.status_code, admin.status_code) == (401, 403)
    assert "declares no role" in (await admin.get_json())["error"]
    assert "/api/forgotten" in undeclared(panel.app)


async def test_a_role_change_applies_to_the_next_request(panel: Panel) -> None:
    users = panel.app.extensions["security"].users
    before = await panel.ask(
        "PUT", "/api/config/risk", ROUTES[("PUT", "/api/config/<key>")].body, "api_key", Role.TRADER
    )
    users.set_role(NAMES[Role.TRADER], Role.ADMIN)
    after = await panel.ask(
        "PUT", "/api/config/risk", ROUTES[("PUT", "/api/config/<key>")].body, "api_key", Role.TRADER
    )

    assert (before.status_code, after.status_code) == (403, 200)


async def test_each_refusal_is_in_the_audit_trail_with_who_asked_what_from_where(panel: Panel) -> None:
    await panel.ask("GET", "/api/dashboard", None, ANONYMOUS, None)
    await panel.ask(
        "POST", "/api/commands", {"type": "SetLeverage", "payload": {"leverage": 5}}, "api_key", Role.TRADER
    )

    role, anonymous = [r.entry for r in panel.container.adapters.audit_log().page(AuditQuery())]
    assert (anonymous.status, anonymous.action, anonymous.client, anonymous.user) == (
        401,
        "GET /api/dashboard",
        REMOTE[0],
        "",
    )
    assert (role.status, role.user, role.role, role.client) == (403, "tom", "trader", REMOTE[0])
    assert role.credential.startswith("key:")
    assert role.outcome == "refused: type: role admin or above needed for SetLeverage; you are trader"


async def test_health_shows_its_details_to_any_role_and_only_up_and_ready_to_anybody(panel: Panel) -> None:
    anonymous = await (await panel.ask("GET", "/health", None, ANONYMOUS, None)).get_json()
    viewer = await (await panel.ask("GET", "/health", None, "api_key", Role.VIEWER)).get_json()

    assert set(anonymous) == set(PUBLIC_FIELDS)
    assert {"mode", "last_event_seq", "projection_checkpoint"} <= set(viewer)


def test_the_route_paths_in_the_table_are_concrete() -> None:
    assert all(not re.search(r"[<>]", case.path) for case in ROUTES.values())
