"""TOTP codes on the injected clock, the sealed secret, recovery codes, and the table of dangerous requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest

from entrypoints.web import served_security
from entrypoints.web.security import SecuritySettings
from entrypoints.web.security.client import TrustedProxies
from entrypoints.web.security.dangerous import LEVERAGE_STEP_UP_ABOVE, dangerous, needs_step_up
from entrypoints.web.security.totp import (
    RECOVERY_CODES,
    STEP_S,
    SecretBox,
    is_totp_code,
    matching_step,
    new_enrolment,
    recovery_hash,
)

NOW = datetime(2026, 3, 1, 12, 0, 10, tzinfo=UTC)
SECRET = pyotp.random_base32()
WEB_SECRET = "unit-test-web-secret-0123456789abcdef0123456789"


@pytest.mark.parametrize("offset_steps", [-1, 0, 1])
def test_a_code_of_this_step_or_one_either_side_matches_its_step(offset_steps: int) -> None:
    totp = pyotp.TOTP(SECRET)
    code = totp.at(NOW, counter_offset=offset_steps)

    assert matching_step(SECRET, code, NOW) == totp.timecode(NOW) + offset_steps


@pytest.mark.parametrize("offset_steps", [-2, 2])
def test_a_code_two_steps_away_does_not_match(offset_steps: int) -> None:
    assert matching_step(SECRET, pyotp.TOTP(SECRET).at(NOW, counter_offset=offset_steps), NOW) is None


def test_a_code_typed_with_a_space_matches_and_garbage_does_not() -> None:
    code = pyotp.TOTP(SECRET).at(NOW)

    assert matching_step(SECRET, f"{code[:3]} {code[3:]}", NOW) is not None
    assert matching_step(SECRET, "12345", NOW) is None
    assert matching_step(SECRET, "ééé", NOW) is None
    assert is_totp_code("123 456") and not is_totp_code("ABCD-EFGH")


def test_a_sealed_secret_opens_only_for_its_user_and_under_the_same_web_secret() -> None:
    sealed = SecretBox(WEB_SECRET).seal("alice", SECRET)

    assert SECRET not in sealed
    assert SecretBox(WEB_SECRET).open("alice", sealed) == SECRET
    assert SecretBox(WEB_SECRET).open("bob", sealed) is None
    assert SecretBox(WEB_SECRET + "x").open("alice", sealed) is None
    assert SecretBox(WEB_SECRET).open("alice", sealed[:-4] + "AAAA") is None
    assert SecretBox(WEB_SECRET).open("alice", "v0:whatever") is None


def test_an_enrolment_has_a_uri_ten_distinct_codes_and_a_pending_factor_holding_their_hashes() -> None:
    enrolment = new_enrolment(SecretBox(WEB_SECRET), "alice", NOW)

    assert pyotp.parse_uri(enrolment.uri).secret == enrolment.secret
    assert pyotp.parse_uri(enrolment.uri).interval == STEP_S
    assert len(set(enrolment.recovery_codes)) == RECOVERY_CODES
    assert enrolment.factor.recovery_hashes == {recovery_hash(code) for code in enrolment.recovery_codes}
    assert not enrolment.factor.enabled and enrolment.factor.enrolled_at == NOW


def test_a_recovery_code_hashes_the_same_whatever_its_case_spaces_and_dashes() -> None:
    assert (
        recovery_hash("ABCD-EFGH-IJKL-MNOP")
        == recovery_hash("abcd efgh ijkl mnop")
        == recovery_hash("ABCDEFGHIJKLMNOP")
    )


def test_the_code_is_checked_on_the_clock_given() -> None:
    code = pyotp.TOTP(SECRET).at(NOW)

    assert matching_step(SECRET, code, NOW + timedelta(seconds=STEP_S * 3)) is None


COMMANDS = "commands_api.create_command"


@pytest.mark.parametrize(
    ("leverage", "is_dangerous"),
    [(LEVERAGE_STEP_UP_ABOVE, False), (LEVERAGE_STEP_UP_ABOVE + 1, True), (1, False), ("11", True), ("x", True)],
)
def test_leverage_needs_step_up_only_above_the_threshold(leverage: Any, is_dangerous: bool) -> None:
    body = {"type": "SetLeverage", "payload": {"leverage": leverage}}

    assert (dangerous(COMMANDS, None, body, {}) is not None) is is_dangerous


@pytest.mark.parametrize(
    ("endpoint", "body", "path", "is_dangerous"),
    [
        (COMMANDS, {"type": "ClosePosition"}, {}, True),
        (COMMANDS, {"type": "UpdateConfig", "payload": {"key": "risk", "value": {}}}, {}, True),
        (COMMANDS, {"type": "UpdateConfig", "payload": {"key": "strategy", "value": {}}}, {}, False),
        (COMMANDS, {"type": "PauseEngine"}, {}, False),
        (COMMANDS, {"type": "CancelAll"}, {}, False),
        (COMMANDS, {"type": "Transfer", "payload": {"direction": "TO_SPOT", "asset": "USDT", "amount": "1"}}, {}, True),
        (COMMANDS, {"type": "ClosePosition", "payload": "not a mapping"}, {}, True),
        (COMMANDS, {}, {}, False),
        ("config_api.put_config", {}, {"key": "risk"}, True),
        ("config_api.put_config", {}, {"key": "strategy"}, False),
        ("config_api.get_config", {}, {"key": "risk"}, False),
        (None, {}, {}, False),
    ],
)
def test_the_table_says_which_requests_are_dangerous(
    endpoint: str | None, body: dict[str, Any], path: dict[str, Any], is_dangerous: bool
) -> None:
    assert (dangerous(endpoint, None, body, path) is not None) is is_dangerous


def test_a_route_marked_needs_step_up_is_dangerous_whatever_it_carries() -> None:
    @needs_step_up
    async def remove_user() -> None:
        return None

    assert dangerous("users.remove", remove_user, {}, {}) == "managing users and keys"


@pytest.mark.parametrize(("mode", "required"), [("production", True), ("testnet", True), ("sim", False)])
def test_the_web_server_requires_the_second_factor_where_money_is_real(mode: str, required: bool) -> None:
    settings = served_security(mode, 30.0, TrustedProxies())

    assert settings.second_factor_required is required
    assert settings.step_up_window == SecuritySettings().step_up_window * 30
