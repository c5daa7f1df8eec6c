"""A dangerous action (ADR 0085) in the audit trail (ADR 0081): refused without a fresh second factor, then accepted
with it, each entry naming the trader's session and real address — "who closed the position, and from where"."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest

from config.secrets import Secret
from entrypoints.containers.web import WebContainer
from entrypoints.web.app import create_app
from entrypoints.web.security import SecuritySettings, install_security
from entrypoints.web.security.passwords import hash_password
from ports.audit_log import AuditQuery
from ports.user_store import Role, User
from tests.web.api.conftest import FAST, PASSWORD, SECRET

pytestmark = pytest.mark.anyio

TRADER_AT = ("203.0.113.7", 51000)
CLOSE = {"type": "ClosePosition"}


async def test_a_close_without_step_up_is_refused_and_with_it_accepted_both_audited_with_session_and_address(
    container: WebContainer,
) -> None:
    adapters = container.adapters
    users, clock, audit = adapters.user_store(), adapters.clock(), adapters.audit_log()
    users.add_user(User("tom", hash_password(PASSWORD, FAST), clock.now(), Role.TRADER))
    settings = SecuritySettings(password_params=FAST, second_factor_required=True)
    app = create_app(
        container,
        security=lambda app: install_security(
            app, users, Secret(SECRET), clock, settings, audit=audit, factors=adapters.second_factor_store()
        ),
    )
    client = app.test_client()

    async def post(path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return await client.post(path, json=body, headers=headers or {}, scope_base={"client": TRADER_AT})

    # Enrol, then log in with password and code: the session a trader works with
    first = await (await post("/api/auth/login", {"username": "tom", "password": PASSWORD})).get_json()
    enrolling = {"Authorization": f"Bearer {first['token']}"}
    totp = pyotp.TOTP((await (await post("/api/auth/totp/enrol", {}, enrolling)).get_json())["secret"])
    assert (await post("/api/auth/totp/confirm", {"code": totp.at(clock.now())}, enrolling)).status_code == 200
    clock.advance(30)
    challenge = (await (await post("/api/auth/login", {"username": "tom", "password": PASSWORD})).get_json())[
        "challenge"
    ]
    login = await post("/api/auth/login/totp", {"challenge": challenge, "code": totp.at(clock.now())})
    grant = await login.get_json()
    session = {"Authorization": f"Bearer {grant['token']}"}
    clock.advance(30)

    refused = await post("/api/commands", CLOSE, session)
    confirmed = await post("/api/auth/confirm", {"code": totp.at(clock.now())}, session)
    accepted = await post("/api/commands", CLOSE, session)

    assert (refused.status_code, confirmed.status_code, accepted.status_code) == (403, 200, 201)
    assert (await refused.get_json())["reason"] == "step_up_required"
    closes = [r.entry for r in audit.page(AuditQuery(user="tom")) if r.entry.action.endswith("ClosePosition")]
    done, denied = closes  # newest first
    command_id = (await accepted.get_json())["command_id"]
    assert (denied.status, done.status) == (403, 201)
    assert denied.outcome.startswith("refused: ") and done.outcome == "ok"
    assert done.detail.startswith(f"command {command_id} ClosePosition")
    for entry in (denied, done):
        assert (entry.user, entry.role, entry.client) == ("tom", "trader", TRADER_AT[0])
        assert entry.credential.startswith("session:") and entry.credential == denied.credential
