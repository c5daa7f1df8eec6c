"""The second factor through the real app (ADR 0085): enrolment, the two-step login, replay and recovery codes,
traders and admins held to enrolment, and step-up for dangerous actions only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from quart import Quart, g

from adapters.memory.clock import ManualClock
from config.secrets import Secret
from entrypoints.containers.web import WebContainer
from entrypoints.web.app import create_app
from entrypoints.web.security import Principal, SecuritySettings, current_principal, install_security
from entrypoints.web.security.api_keys import new_api_key
from entrypoints.web.security.passwords import hash_password
from entrypoints.web.security.totp import RECOVERY_CODES
from ports.user_store import Role, User
from tests.web.api.conftest import FAST, PASSWORD, SECRET

pytestmark = pytest.mark.anyio

RISK = {"max_risk_per_trade": "0.01", "daily_loss_limit": "0.03"}


@dataclass
class Panel:
    app: Quart
    container: WebContainer
    # The principal of each request as the view saw it
    seen: list[Principal] = field(default_factory=list)

    @property
    def clock(self) -> ManualClock:
        return self.container.adapters.clock()

    async def login(self, name: str, password: str = PASSWORD) -> Any:
        return await self.app.test_client().post("/api/auth/login", json={"username": name, "password": password})

    async def session(self, name: str) -> dict[str, str]:
        response = await self.login(name)
        assert response.status_code == 200, await response.get_data(as_text=True)
        return {"Authorization": f"Bearer {(await response.get_json())['token']}"}

    async def post(self, path: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Any:
        return await self.app.test_client().post(path, headers=headers, json=body)

    async def enrolled(self, name: str) -> tuple[dict[str, str], pyotp.TOTP, list[str]]:
        """Enrol and activate TOTP for `name`, then a fresh (unconfirmed) session of the two-step login; the TOTP
        and recovery codes. The clock moves a time-step on after each code used, so the next one is fresh."""
        enrolling = await self.session(name)
        enrolment = await (await self.post("/api/auth/totp/enrol", enrolling)).get_json()
        totp = pyotp.TOTP(enrolment["secret"])
        confirmed = await self.post("/api/auth/totp/confirm", enrolling, {"code": totp.at(self.clock.now())})
        assert confirmed.status_code == 200, await confirmed.get_data(as_text=True)
        self.clock.advance(30)
        challenge = (await (await self.login(name)).get_json())["challenge"]
        logged_in = await self.post(
            "/api/auth/login/totp", {}, {"challenge": challenge, "code": totp.at(self.clock.now())}
        )
        assert logged_in.status_code == 200, await logged_in.get_data(as_text=True)
        self.clock.advance(30)
        return {"Authorization": f"Bearer {(await logged_in.get_json())['token']}"}, totp, enrolment["recovery_codes"]


def panel(container: WebContainer, required: bool = True) -> Panel:
    adapters = container.adapters
    users, clock = adapters.user_store(), adapters.clock()
    for name, role in (("alice", Role.ADMIN), ("tom", Role.TRADER), ("vic", Role.VIEWER)):
        users.add_user(User(name, hash_password(PASSWORD, FAST), clock.now(), role))
    settings = SecuritySettings(password_params=FAST, second_factor_required=required)
    app = create_app(
        container,
        security=lambda app: install_security(
            app, users, Secret(SECRET), clock, settings, factors=adapters.second_factor_store()
        ),
    )
    found = Panel(app, container)

    @app.after_request
    async def record(response: Any) -> Any:
        principal = current_principal()
        if principal is not None and g.get("principal") is not None:
            found.seen.append(principal)
        return response

    return found


@pytest.fixture
def site(container: WebContainer) -> Panel:
    return panel(container)


def command(type_name: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": type_name, **({} if payload is None else {"payload": payload})}


async def test_enrolment_shows_the_uri_and_ten_recovery_codes_and_a_first_code_activates_it(site: Panel) -> None:
    headers = await site.session("tom")

    enrolment = await (await site.post("/api/auth/totp/enrol", headers)).get_json()
    before = await (await site.app.test_client().get("/api/auth/totp", headers=headers)).get_json()
    code = pyotp.TOTP(enrolment["secret"]).at(site.clock.now())
    activated = await site.post("/api/auth/totp/confirm", headers, {"code": code})
    after = await (await site.app.test_client().get("/api/auth/totp", headers=headers)).get_json()

    assert enrolment["uri"].startswith("otpauth://totp/AlphaEngine:tom?secret=")
    assert len(enrolment["recovery_codes"]) == RECOVERY_CODES == len(set(enrolment["recovery_codes"]))
    assert before == {"enabled": False, "pending": True, "required": True, "recovery_codes_left": RECOVERY_CODES}
    assert activated.status_code == 200
    assert after == {"enabled": True, "pending": False, "required": True, "recovery_codes_left": RECOVERY_CODES}
    stored = site.container.adapters.second_factor_store().factor("tom")
    assert stored is not None and enrolment["secret"] not in stored.sealed_secret


async def test_a_wrong_first_code_does_not_activate(site: Panel) -> None:
    headers = await site.session("tom")
    secret = (await (await site.post("/api/auth/totp/enrol", headers)).get_json())["secret"]
    wrong = pyotp.TOTP(secret).at(site.clock.now() + timedelta(minutes=5))

    refused = await site.post("/api/auth/totp/confirm", headers, {"code": wrong})

    assert (refused.status_code, (await refused.get_json())["field"]) == (400, "code")
    assert not site.container.adapters.second_factor_store().factor("tom").enabled  # type: ignore[union-attr]


async def test_an_active_factor_is_not_replaced_from_the_web(site: Panel) -> None:
    headers, _, _ = await site.enrolled("tom")

    again = await site.post("/api/auth/totp/enrol", headers)

    assert again.status_code == 409 and "alphaengine user totp tom" in (await again.get_json())["error"]


@pytest.mark.parametrize("name", ["tom", "alice"])
async def test_a_trader_or_admin_without_a_second_factor_may_only_enrol(site: Panel, name: str) -> None:
    headers = await site.session(name)
    client = site.app.test_client()

    reads = await client.get("/api/commands", headers=headers)
    acts = await site.post("/api/commands", headers, command("PauseEngine"))
    status = await client.get("/api/auth/totp", headers=headers)

    for refused in (reads, acts):
        body = await refused.get_json()
        assert (refused.status_code, body["reason"]) == (403, "enrol_second_factor")
        assert body["error"].startswith("enrol a second factor first")
    assert status.status_code == 200


async def test_a_viewer_is_not_held_to_enrolment(site: Panel) -> None:
    headers = await site.session("vic")

    assert (await site.app.test_client().get("/api/commands", headers=headers)).status_code == 200


async def test_an_enrolled_user_logs_in_with_the_password_then_a_code(site: Panel) -> None:
    _, totp, _ = await site.enrolled("tom")

    first = await site.login("tom")
    body = await first.get_json()
    second = await site.post(
        "/api/auth/login/totp", {}, {"challenge": body["challenge"], "code": totp.at(site.clock.now())}
    )

    assert (first.status_code, body["reason"]) == (401, "totp_required") and "token" not in body
    assert second.status_code == 200
    token = (await second.get_json())["token"]
    listed = await site.app.test_client().get("/api/commands", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200


async def test_the_same_code_is_refused_a_second_time(site: Panel) -> None:
    _, totp, _ = await site.enrolled("tom")
    code = totp.at(site.clock.now())
    challenge = (await (await site.login("tom")).get_json())["challenge"]

    first = await site.post("/api/auth/login/totp", {}, {"challenge": challenge, "code": code})
    replay = await site.post("/api/auth/login/totp", {}, {"challenge": challenge, "code": code})

    assert first.status_code == 200
    assert (replay.status_code, (await replay.get_json())["field"]) == (401, "code")


async def test_a_recovery_code_logs_in_once(site: Panel) -> None:
    _, _, codes = await site.enrolled("tom")
    challenge = (await (await site.login("tom")).get_json())["challenge"]

    first = await site.post("/api/auth/login/totp", {}, {"challenge": challenge, "code": codes[0].lower()})
    again = await site.post("/api/auth/login/totp", {}, {"challenge": challenge, "code": codes[0]})
    # Past the per-client window: every attempt counts there, as at the password step
    site.clock.advance(SecuritySettings().login_window)
    other = await site.post("/api/auth/login/totp", {}, {"challenge": challenge, "code": codes[1]})

    assert (first.status_code, again.status_code, other.status_code) == (200, 401, 200)
    assert len(site.container.adapters.second_factor_store().factor("tom").recovery_hashes) == 8  # type: ignore[union-attr]


async def test_an_expired_or_forged_challenge_is_refused(site: Panel) -> None:
    _, totp, _ = await site.enrolled("tom")
    challenge = (await (await site.login("tom")).get_json())["challenge"]
    session_token = (await site.session("vic"))["Authorization"].removeprefix("Bearer ")

    forged = await site.post("/api/auth/login/totp", {}, {"challenge": session_token, "code": "123456"})
    site.clock.advance(SecuritySettings().challenge_ttl)
    late = await site.post("/api/auth/login/totp", {}, {"challenge": challenge, "code": totp.at(site.clock.now())})

    assert (forged.status_code, (await forged.get_json())["field"]) == (400, "challenge")
    assert late.status_code == 400 and "expired" in (await late.get_json())["error"]


async def test_close_position_is_refused_without_step_up_and_accepted_with_it(site: Panel) -> None:
    headers, totp, _ = await site.enrolled("tom")

    refused = await site.post("/api/commands", headers, command("ClosePosition"))
    confirmed = await site.post("/api/auth/confirm", headers, {"code": totp.at(site.clock.now())})
    accepted = await site.post("/api/commands", headers, command("ClosePosition"))

    body = await refused.get_json()
    assert (refused.status_code, body["reason"]) == (403, "step_up_required")
    assert "closing the position" in body["error"] and "/api/auth/confirm" in body["error"]
    assert (await confirmed.get_json())["confirmed_by"] == "totp"
    assert accepted.status_code == 201
    # The accepted request's principal names the session and what confirmed it
    principal = site.seen[-1]
    assert (principal.name, principal.confirmed_by) == ("tom", "totp")
    assert principal.session is not None and principal.session.jti


async def test_a_confirmation_lasts_the_step_up_window_only(site: Panel) -> None:
    headers, totp, _ = await site.enrolled("tom")
    await site.post("/api/auth/confirm", headers, {"code": totp.at(site.clock.now())})

    site.clock.advance(SecuritySettings().step_up_window - timedelta(seconds=1))
    inside = await site.post("/api/commands", headers, command("ClosePosition"))
    site.clock.advance(timedelta(seconds=1))
    after = await site.post("/api/commands", headers, command("ClosePosition"))

    assert (inside.status_code, after.status_code) == (201, 403)


async def test_an_undangerous_command_needs_no_step_up(site: Panel) -> None:
    headers, _, _ = await site.enrolled("tom")

    paused = await site.post("/api/commands", headers, command("PauseEngine", {"reason": "lunch"}))

    assert paused.status_code == 201
    assert site.seen[-1].confirmed_by is None


@pytest.mark.parametrize(("leverage", "status"), [(10, 201), (11, 403), (125, 403)])
async def test_leverage_above_ten_needs_step_up(site: Panel, leverage: int, status: int) -> None:
    headers, _, _ = await site.enrolled("alice")

    response = await site.post("/api/commands", headers, command("SetLeverage", {"leverage": leverage}))

    assert response.status_code == status


async def test_risk_changes_need_step_up_and_other_settings_do_not(site: Panel) -> None:
    headers, totp, _ = await site.enrolled("alice")
    client = site.app.test_client()

    put_risk = await client.put("/api/config/risk", headers=headers, json={"value": RISK})
    as_command = await site.post("/api/commands", headers, command("UpdateConfig", {"key": "risk", "value": RISK}))
    reads = await client.get("/api/config/risk", headers=headers)
    await site.post("/api/auth/confirm", headers, {"code": totp.at(site.clock.now())})
    confirmed = await client.put("/api/config/risk", headers=headers, json={"value": RISK})

    assert (put_risk.status_code, as_command.status_code, reads.status_code) == (403, 403, 200)
    assert (await put_risk.get_json())["reason"] == "step_up_required"
    assert confirmed.status_code == 200


async def test_an_api_key_cannot_step_up(site: Panel) -> None:
    await site.enrolled("alice")
    text, record = new_api_key("alice", "ci", site.clock.now())
    site.container.adapters.user_store().add_api_key(record)
    key = {"X-API-Key": text}

    closing = await site.post("/api/commands", key, command("ClosePosition"))
    confirm = await site.post("/api/auth/confirm", key, {"code": "123456"})
    pausing = await site.post("/api/commands", key, command("PauseEngine"))

    body = await closing.get_json()
    assert (closing.status_code, body["reason"]) == (403, "step_up_required") and "API key" in body["error"]
    assert confirm.status_code == 400
    assert pausing.status_code == 201


async def test_a_wrong_step_up_code_is_refused_and_counted(site: Panel) -> None:
    headers, totp, _ = await site.enrolled("tom")
    wrong = totp.at(site.clock.now() + timedelta(minutes=10))

    refused = await site.post("/api/auth/confirm", headers, {"code": wrong})
    password = await site.post("/api/auth/confirm", headers, {"password": PASSWORD})

    assert refused.status_code == 401
    # A user with TOTP confirms with it: the password (which the session already proved) is not a second factor
    assert (password.status_code, (await password.get_json())["field"]) == (400, "code")


async def test_without_totp_the_password_confirms_where_step_up_is_required(site: Panel) -> None:
    headers = await site.session("vic")

    # A viewer needs no second factor, but making an API key is key management: dangerous at any role
    refused = await site.post("/api/keys", headers, {"label": "grafana"})
    wrong = await site.post("/api/auth/confirm", headers, {"password": "not the password at all"})
    confirmed = await site.post("/api/auth/confirm", headers, {"password": PASSWORD})
    accepted = await site.post("/api/keys", headers, {"label": "grafana"})

    assert (refused.status_code, wrong.status_code, accepted.status_code) == (403, 401, 201)
    assert (await refused.get_json())["reason"] == "step_up_required"
    assert (await confirmed.get_json())["confirmed_by"] == "password"
    assert site.seen[-1].confirmed_by == "password"


async def test_off_only_users_who_enrolled_step_up(container: WebContainer) -> None:
    site = panel(container, required=False)
    plain = await site.session("alice")
    enrolled, _, _ = await site.enrolled("tom")

    assert (await site.post("/api/commands", plain, command("ClosePosition"))).status_code == 201
    assert (await site.post("/api/commands", enrolled, command("ClosePosition"))).status_code == 403
