"""GET /api/openapi.json: a valid OpenAPI 3.0 document listing every route with its inputs, replies and security."""

from __future__ import annotations

import re
from typing import Any

import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_30_VALIDATOR

from entrypoints.web.openapi.document import IMPLICIT_METHODS, UNDOCUMENTED_ENDPOINTS, openapi_path
from entrypoints.web.schemas.commands import WEB_COMMAND_TYPES
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio


@pytest.fixture
async def document(api: Api) -> dict[str, Any]:
    response = await api.get("/api/openapi.json")
    assert response.status_code == 200
    return await response.get_json()


def routes(api: Api) -> list[tuple[str, str]]:
    """(path, method) of every route the app serves, in OpenAPI spelling."""
    return sorted(
        (openapi_path(rule), method.lower())
        for rule in api.app.url_map.iter_rules()
        if rule.endpoint not in UNDOCUMENTED_ENDPOINTS
        for method in (rule.methods or set()) - IMPLICIT_METHODS
    )


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, item) for path, methods in document["paths"].items() for method, item in methods.items()]


async def test_the_document_is_valid_openapi_3_0(document: dict[str, Any]) -> None:
    errors = [str(error) for error in OPENAPI_30_VALIDATOR.iter_errors(document)]

    assert errors == []


async def test_every_route_of_the_app_is_documented_and_nothing_else(api: Api, document: dict[str, Any]) -> None:
    documented = sorted((path, method) for path, method, _ in operations(document))

    assert documented == routes(api)
    assert ("/api/auth/login", "post") in documented


async def test_every_operation_is_declared_rather_than_guessed(document: dict[str, Any]) -> None:
    guessed = [(path, method) for path, method, item in operations(document) if item["tags"] == ["other"]]

    assert guessed == []


async def test_only_login_refresh_and_health_are_open_to_anonymous_clients(document: dict[str, Any]) -> None:
    public = sorted((path, method) for path, method, item in operations(document) if item.get("security") == [])

    assert public == [
        ("/api/auth/login", "post"),
        ("/api/auth/login/totp", "post"),
        ("/api/auth/refresh", "post"),
        ("/health", "get"),
    ]
    assert document["security"] == [{"cookieAuth": []}, {"bearerAuth": []}, {"apiKeyAuth": []}]


async def test_the_three_ways_to_authenticate_are_described(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]

    cookie = schemes["cookieAuth"]
    assert (cookie["type"], cookie["in"], cookie["name"]) == ("apiKey", "cookie", "alphaengine_session")
    assert (schemes["bearerAuth"]["scheme"], schemes["bearerAuth"]["bearerFormat"]) == ("bearer", "JWT")
    assert (schemes["apiKeyAuth"]["in"], schemes["apiKeyAuth"]["name"]) == ("header", "X-API-Key")


async def test_every_reference_points_at_a_component(document: dict[str, Any]) -> None:
    text = str(document)
    names = set(re.findall(r"#/components/schemas/([A-Za-z0-9_]+)", text))

    assert names and names <= set(document["components"]["schemas"])


async def test_the_command_body_is_one_schema_per_command_type_told_apart_by_type(document: dict[str, Any]) -> None:
    body = document["paths"]["/api/commands"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    leverage = document["components"]["schemas"]["SetLeveragePayload"]

    assert set(body["discriminator"]["mapping"]) == set(WEB_COMMAND_TYPES)
    assert len(body["oneOf"]) == len(WEB_COMMAND_TYPES)
    assert leverage["properties"]["leverage"] == {"type": "integer", "minimum": 1, "maximum": 125}
    assert leverage["additionalProperties"] is False


async def test_query_parameters_carry_their_bounds_and_choices(document: dict[str, Any]) -> None:
    parameters = {p["name"]: p for p in document["paths"]["/api/events"]["get"]["parameters"]}

    assert parameters["limit"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 1000,
        "default": 100,
        "description": "How many items to return at most",
    }
    assert "reconciled.v1" in parameters["type"]["schema"]["items"]["enum"]
    assert (parameters["type"]["style"], parameters["type"]["explode"]) == ("form", True)
    assert parameters["from"]["schema"]["format"] == "date-time"
    # The TRD's names are documented beside the short ones, with the epoch-milliseconds form
    assert {"event_type", "from_ts", "to_ts"} <= set(parameters)
    assert parameters["from_ts"]["schema"]["format"] == "date-time"
    assert "epoch milliseconds" in parameters["from"]["description"]
    # Keyset paging: exclusive seq bounds within an int64, and the page's cursor for the next one
    for name in ("before_seq", "after_seq"):
        assert (parameters[name]["schema"]["minimum"], parameters[name]["schema"]["maximum"]) == (0, 2**63 - 1)
    assert "before_seq" in parameters["offset"]["description"]
    page = document["components"]["schemas"]["EventPage"]["properties"]["next_before_seq"]
    assert (page["type"], page["nullable"]) == ("integer", True)


async def test_every_operation_documents_its_errors(document: dict[str, Any]) -> None:
    missing = [(path, method) for path, method, item in operations(document) if "default" not in item["responses"]]
    config_put = document["paths"]["/api/config/{key}"]["put"]

    assert missing == []
    assert {"200", "400", "404", "409", "415"} <= set(config_put["responses"])
    assert config_put["parameters"][0]["schema"]["enum"] == ["trading", "strategy", "risk", "engine", "logging"]


async def test_the_stream_is_documented_as_an_event_stream_with_its_resume_header(document: dict[str, Any]) -> None:
    stream = document["paths"]["/api/stream"]["get"]

    assert "text/event-stream" in stream["responses"]["200"]["content"]
    assert {p["name"]: p["in"] for p in stream["parameters"]} == {"after": "query", "Last-Event-ID": "header"}


async def test_every_operation_names_the_role_it_needs_and_documents_the_403(document: dict[str, Any]) -> None:
    roles = {
        (path, method): item.get("x-required-role")
        for path, method, item in operations(document)
        if "security" not in item
    }
    refused = [(path, method) for path, method, item in operations(document) if "x-required-role" in item]

    assert set(roles.values()) == {"viewer", "trader", "admin"}
    assert (roles[("/api/config/{key}", "put")], roles[("/api/commands", "post")]) == ("admin", "trader")
    assert all("403" in item["responses"] for path, method, item in operations(document) if (path, method) in refused)


async def test_the_commands_operation_names_the_role_of_each_command_type(document: dict[str, Any]) -> None:
    by_type = document["paths"]["/api/commands"]["post"]["x-required-role-by-type"]

    assert set(by_type) == set(WEB_COMMAND_TYPES)
    assert (by_type["PauseEngine"], by_type["SetLeverage"], by_type["UpdateConfig"]) == ("trader", "admin", "admin")


async def test_health_is_open_and_says_which_role_sees_its_details(document: dict[str, Any]) -> None:
    health = document["paths"]["/health"]["get"]

    assert (health["security"], health["x-details-role"]) == ([], "viewer")
