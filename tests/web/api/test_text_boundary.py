"""Issue 11 scenario 1: text no store can hold (a lone surrogate, a control character) is a 400 naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.memory.clock import ManualClock
from adapters.sqlite.connection import open_database
from adapters.sqlite.user_store import SqliteUserStore
from domain.text import NOT_CLEAN
from entrypoints.web.security import SecuritySettings
from entrypoints.web.security.passwords import hash_password
from ports.user_store import User
from tests.web.api.conftest import Api
from tests.web.security.conftest import FAST, PASSWORD, build_app

pytestmark = pytest.mark.anyio


async def test_a_lone_surrogate_in_a_pause_reason_is_a_400_naming_payload_reason_and_nothing_is_queued(
    api: Api,
) -> None:
    response = await api.post("/api/commands", json={"type": "PauseEngine", "payload": {"reason": "\ud800"}})

    body = await response.get_json()
    assert response.status_code == 400
    assert body == {"error": f"payload.reason: {NOT_CLEAN}", "field": "payload.reason"}
    assert api.container.adapters.command_store().list(None, limit=10, offset=0) == []


@pytest.mark.parametrize("reason", ["line one\nforged line", "tab\there", "nul\x00", "del\x7f", "c1\x85", "\u2028"])
async def test_a_control_character_in_a_command_field_is_a_400_naming_it(api: Api, reason: str) -> None:
    response = await api.post("/api/commands", json={"type": "PauseEngine", "payload": {"reason": reason}})

    assert response.status_code == 400
    assert (await response.get_json())["field"] == "payload.reason"


async def test_unicode_that_stores_is_accepted(api: Api) -> None:
    response = await api.post("/api/commands", json={"type": "PauseEngine", "payload": {"reason": "뉴스 😀 ünï"}})

    assert response.status_code == 201
    assert (await response.get_json())["payload"] == {"reason": "뉴스 😀 ünï"}


async def test_a_bad_key_or_nested_value_in_a_config_body_is_named(api: Api) -> None:
    response = await api.put("/api/config/risk", json={"value": {"bad\x1bkey": 1}})

    body = await response.get_json()
    assert response.status_code == 400
    assert body["field"] == "value"
    assert "keys must not contain control characters" in body["error"]


async def test_a_control_character_in_a_query_string_is_a_400_naming_the_parameter(api: Api) -> None:
    response = await api.get("/api/commands?status=NEW%00")

    body = await response.get_json()
    assert response.status_code == 400
    assert body == {"error": f"status: {NOT_CLEAN}", "field": "status"}


async def test_an_oversized_string_is_a_400_naming_the_field(api: Api) -> None:
    response = await api.post("/api/commands", json={"type": "PauseEngine", "correlation_id": "x" * 5000})

    body = await response.get_json()
    assert response.status_code == 400
    assert body == {"error": "correlation_id: must be at most 4096 characters", "field": "correlation_id"}


async def test_a_lone_surrogate_as_a_login_name_is_a_400_not_a_500(tmp_path: Path) -> None:
    # The SQLite user store, as in production: it cannot even encode the name to look it up
    static = tmp_path / "static"
    static.mkdir()
    connection = open_database(tmp_path / "users.sqlite3")
    users, clock = SqliteUserStore(connection), ManualClock()
    users.add_user(User("alice", hash_password(PASSWORD, FAST), clock.now()))
    client = build_app(users, clock, SecuritySettings(password_params=FAST), static).test_client()

    response = await client.post("/api/auth/login", json={"username": "\ud800", "password": PASSWORD})

    assert response.status_code == 400
    assert await response.get_json() == {"error": f"username: {NOT_CLEAN}", "field": "username"}
    connection.close()
