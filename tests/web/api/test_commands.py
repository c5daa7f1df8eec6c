"""POST/GET /api/commands: one schema per command type, idempotency keys, status filter, 404 for an unknown id."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from domain.commands import USER_PRIORITY, CommandStatus
from domain.times import format_utc
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio

VALID = [
    ("PauseEngine", {"reason": "news at 14:00"}, {"reason": "news at 14:00"}),
    ("PauseEngine", None, {"reason": ""}),
    ("ResumeEngine", None, {}),
    ("CancelAll", {}, {}),
    ("ClosePosition", None, {}),
    ("SetLeverage", {"leverage": 7}, {"leverage": 7}),
    ("CancelOrder", {"client_order_id": "ae-1-main"}, {"client_order_id": "ae-1-main", "conditional": False}),
    (
        "UpdateConfig",
        {"key": "risk.daily_loss_limit", "value": "0.04", "expected_version": 0},
        {"key": "risk.daily_loss_limit", "value_json": '"0.04"', "expected_version": 0},
    ),
    (
        "Transfer",
        {"direction": "TO_SPOT", "asset": "USDT", "amount": "250.50"},
        {"direction": "TO_SPOT", "asset": "USDT", "amount": "250.50"},
    ),
]


async def create(api: Api, type_name: str, payload: dict[str, Any] | None = None, **extra: Any) -> Any:
    body = {"type": type_name, **({} if payload is None else {"payload": payload}), **extra}
    return await api.post("/api/commands", json=body)


@pytest.mark.parametrize(("type_name", "payload", "stored"), VALID)
async def test_each_web_command_type_is_queued_as_new(
    api: Api,
    type_name: str,
    payload: dict[str, Any] | None,
    stored: dict[str, Any],
) -> None:
    response = await create(api, type_name, payload)

    body = await response.get_json()
    assert response.status_code == 201
    assert (body["type"], body["status"], body["payload"]) == (type_name, "NEW", stored)
    assert response.headers["Location"] == f"/api/commands/{body['command_id']}"
    record = api.container.adapters.command_store().get(body["command_id"])
    assert (record.command.type, record.status) == (type_name, CommandStatus.NEW)


async def test_a_command_carries_the_user_the_priority_and_the_configured_scope(api: Api) -> None:
    body = await (await create(api, "CancelAll")).get_json()

    assert body["actor"] == {"kind": "USER", "id": "web:alice"}
    assert body["priority"] == USER_PRIORITY
    assert body["scope"] == {
        "exchange": "BINANCE",
        "venue": "FUTURES",
        "account_id": "main",
        "symbol": "XRPUSDT",
        "mode": "sim",
    }
    assert body["idempotency_key"] == f"web:{body['command_id']}"
    assert body["correlation_id"] == body["command_id"]


async def test_a_command_expires_five_minutes_after_it_was_queued_unless_the_request_says_otherwise(
    api: Api,
) -> None:
    """Scenario 9b of issue 11: a command queued while the bot is down no longer waits for it forever."""
    default = await (await create(api, "ClosePosition")).get_json()
    asked = await (await create(api, "PauseEngine", expires_in_sec=30)).get_json()

    now = api.clock.now()
    assert default["expires_at"] == format_utc(now + timedelta(minutes=5))
    assert asked["expires_at"] == format_utc(now + timedelta(seconds=30))
    stored = api.container.adapters.command_store().get(default["command_id"])
    assert stored.command.expires_at == now + timedelta(minutes=5)


async def test_repeating_an_idempotency_key_returns_the_first_command_with_200(api: Api) -> None:
    first = await create(api, "SetLeverage", {"leverage": 5}, idempotency_key="click-1")
    api.clock.advance(timedelta(seconds=3))

    again = await create(api, "SetLeverage", {"leverage": 5}, idempotency_key="click-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert await again.get_json() == await first.get_json()
    assert len(api.container.adapters.command_store().list()) == 1


async def test_reusing_an_idempotency_key_for_another_command_is_a_409(api: Api) -> None:
    first = await (await create(api, "SetLeverage", {"leverage": 5}, idempotency_key="k")).get_json()

    response = await create(api, "SetLeverage", {"leverage": 6}, idempotency_key="k")

    body = await response.get_json()
    assert response.status_code == 409
    assert body["field"] == "idempotency_key"
    assert first["command_id"] in body["error"]


async def test_an_idempotency_key_of_the_strategys_decisions_is_refused(api: Api) -> None:
    """A web command holding a decision key would make the strategy's kline fail as a collision (ADR 0047)."""
    response = await create(api, "ClosePosition", idempotency_key="decision:sma_cross:XRPUSDT:5m:1700000000000:exit")

    body = await response.get_json()
    assert response.status_code == 400
    assert body["field"] == "idempotency_key"
    assert "decision:" in body["error"]
    assert api.container.adapters.command_store().list() == []


async def test_an_update_config_command_stores_its_value_as_canonical_json(api: Api) -> None:
    value = {"daily_loss_limit": "0.04", "max_risk_per_trade": "0.01"}

    body = await (await create(api, "UpdateConfig", {"key": "risk", "value": value})).get_json()

    assert json.loads(body["payload"]["value_json"]) == value
    assert body["payload"]["expected_version"] is None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "type", "must be one of PauseEngine, ResumeEngine"),
        ({"type": "PlaceOrder"}, "type", "must be one of"),
        ({"type": ["CancelAll"]}, "type", "must be one of"),
        ({"type": "SetLeverage"}, "payload", "missing data for required field"),
        ({"type": "SetLeverage", "payload": {"leverage": 0}}, "payload.leverage", "from 1 to 125"),
        ({"type": "SetLeverage", "payload": {"leverage": "10"}}, "payload.leverage", "not a valid integer"),
        ({"type": "SetLeverage", "payload": {"leverage": 10, "margin": 1}}, "payload.margin", "unknown field"),
        ({"type": "CancelOrder", "payload": {"client_order_id": "has space"}}, "payload.client_order_id", "1-36 of"),
        ({"type": "PauseEngine", "payload": {"reason": "x" * 201}}, "payload.reason", "at most 200"),
        ({"type": "CancelAll", "idempotency_key": ""}, "idempotency_key", "1-128 printable"),
        ({"type": "CancelAll", "priority": 1}, "priority", "unknown field"),
        ({"type": "ClosePosition", "expires_in_sec": 9}, "expires_in_sec", "from 10 to 3600"),
        ({"type": "ClosePosition", "expires_in_sec": 3601}, "expires_in_sec", "from 10 to 3600"),
        ({"type": "ClosePosition", "expires_in_sec": 60.5}, "expires_in_sec", "not a valid integer"),
        (
            {"type": "UpdateConfig", "payload": {"key": "risk.max_risk_per_trade", "value": "7"}},
            "payload.value",
            "must be greater than 0 and at most 1",
        ),
        (
            {"type": "UpdateConfig", "payload": {"key": "risk", "value": {"max_risk_per_trade": "0.5"}}},
            "payload.value.daily_loss_limit",
            "missing data for required field",
        ),
        ({"type": "UpdateConfig", "payload": {"key": "secrets", "value": 1}}, "payload.key", "settings section"),
        (
            {"type": "Transfer", "payload": {"direction": "SIDEWAYS", "asset": "USDT", "amount": "1"}},
            "payload.direction",
            "must be one of: TO_FUTURES, TO_SPOT",
        ),
        (
            {"type": "Transfer", "payload": {"direction": "TO_SPOT", "asset": "USDT", "amount": 1.5}},
            "payload.amount",
            "written as a string",
        ),
        (
            {"type": "Transfer", "payload": {"direction": "TO_SPOT", "asset": "USDT", "amount": "0"}},
            "payload.amount",
            "more than 0",
        ),
        (
            {"type": "Transfer", "payload": {"direction": "TO_SPOT", "asset": "usdt", "amount": "1"}},
            "payload.asset",
            "capital letters",
        ),
        (
            {"type": "Transfer", "payload": {"direction": "TO_SPOT", "asset": "USDT", "amount": "1.000000001"}},
            "payload.amount",
            "at most 8 decimals",
        ),
    ],
)
async def test_bad_input_is_a_400_naming_the_field(api: Api, body: dict[str, Any], field: str, message: str) -> None:
    response = await api.post("/api/commands", json=body)

    answer = await response.get_json()
    assert response.status_code == 400, answer
    assert answer["field"] == field
    assert message in answer["error"]
    assert api.container.adapters.command_store().list() == []


async def test_a_body_that_is_not_json_is_a_415(api: Api) -> None:
    response = await api.post("/api/commands", data="type=CancelAll", headers={"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert "application/json" in (await response.get_json())["error"]


HUGE_LEVERAGE = b'{"type": "SetLeverage", "payload": {"leverage": ' + b"9" * 5000 + b"}}"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{", "not valid JSON"),
        (b"[1]", "a JSON object"),
        (b'{"a": NaN}', "NaN"),
        (HUGE_LEVERAGE, "a whole number has more than 4300 digits"),
    ],
)
async def test_a_body_that_is_not_a_json_object_is_a_400(api: Api, raw: bytes, message: str) -> None:
    response = await api.post("/api/commands", data=raw, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert message in (await response.get_json())["error"]


async def test_commands_are_listed_newest_first_and_filtered_by_status(api: Api) -> None:
    ids = []
    for leverage in (1, 2, 3):
        ids.append((await (await create(api, "SetLeverage", {"leverage": leverage})).get_json())["command_id"])
        api.clock.advance(1)
    api.container.adapters.command_store().mark_failed(ids[0], "exchange said no", api.clock.now())

    everything = await (await api.get("/api/commands")).get_json()
    failed = await (await api.get("/api/commands?status=FAILED")).get_json()
    paged = await (await api.get("/api/commands?limit=1&offset=1")).get_json()

    assert [c["command_id"] for c in everything["commands"]] == ids[::-1]
    assert [(c["command_id"], c["error"]) for c in failed["commands"]] == [(ids[0], "exchange said no")]
    assert [c["command_id"] for c in paged["commands"]] == [ids[1]]


async def test_an_unknown_status_filter_is_a_400(api: Api) -> None:
    response = await api.get("/api/commands?status=DONE")

    assert (response.status_code, (await response.get_json())["field"]) == (400, "status")


async def test_one_command_is_read_by_its_id(api: Api) -> None:
    created = await (await create(api, "PauseEngine", {"reason": "lunch"})).get_json()

    response = await api.get(f"/api/commands/{created['command_id']}")

    assert (response.status_code, await response.get_json()) == (200, created)


async def test_an_unknown_command_id_is_a_404_in_json(api: Api) -> None:
    response = await api.get("/api/commands/nope")

    assert response.status_code == 404
    assert await response.get_json() == {"error": "no command with id 'nope'"}
