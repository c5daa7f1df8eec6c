"""GET|PUT /api/config/{key}: sections with versions, validated by the settings schema, 409 on a version conflict."""

from __future__ import annotations

from typing import Any

import pytest

from config.settings import SECTIONS, default_sections
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio

RISK = {"max_risk_per_trade": "0.01", "daily_loss_limit": "0.03"}


async def put(api: Api, key: str, value: Any, **extra: Any) -> Any:
    return await api.put(f"/api/config/{key}", json={"value": value, **extra})


async def test_a_section_never_written_reads_as_its_default_at_version_0(api: Api) -> None:
    response = await api.get("/api/config/risk")

    assert response.status_code == 200
    assert await response.get_json() == {
        "key": "risk",
        "value": default_sections()["risk"],
        "version": 0,
        "updated_at": None,
        "updated_by": None,
    }


async def test_all_sections_are_listed_in_order(api: Api) -> None:
    body = await (await api.get("/api/config")).get_json()

    assert [entry["key"] for entry in body["entries"]] == list(SECTIONS)


async def test_a_valid_section_is_stored_as_the_next_version_by_the_user(api: Api) -> None:
    response = await put(api, "risk", RISK, expected_version=0)

    body = await response.get_json()
    assert response.status_code == 200
    assert (body["value"], body["version"], body["updated_by"]) == (RISK, 1, "web:alice")
    assert api.container.adapters.config_store().get("risk").value == RISK


async def test_values_are_stored_normalised(api: Api) -> None:
    body = await (await put(api, "engine", {"poll_interval_sec": 5})).get_json()
    risk = await (await put(api, "risk", {"max_risk_per_trade": 0.5, "daily_loss_limit": "0.050"})).get_json()

    assert body["value"] == {"poll_interval_sec": 5}
    assert risk["value"] == {"max_risk_per_trade": "0.5", "daily_loss_limit": "0.050"}


async def test_a_stale_expected_version_is_a_409_with_both_versions(api: Api) -> None:
    await put(api, "risk", RISK, expected_version=0)

    response = await put(api, "risk", {**RISK, "daily_loss_limit": "0.02"}, expected_version=0)

    body = await response.get_json()
    assert response.status_code == 409
    assert (body["field"], body["expected_version"], body["current_version"]) == ("expected_version", 0, 1)
    assert api.container.adapters.config_store().get("risk").value == RISK


async def test_without_expected_version_the_write_goes_on_top_of_whatever_is_stored(api: Api) -> None:
    await put(api, "risk", RISK)

    body = await (await put(api, "risk", {**RISK, "daily_loss_limit": "0.02"})).get_json()

    assert (body["version"], body["value"]["daily_loss_limit"]) == (2, "0.02")


@pytest.mark.parametrize(
    ("key", "body", "field", "message"),
    [
        ("risk", {"value": {**RISK, "max_risk_per_trade": "2"}}, "value.max_risk_per_trade", "at most 1"),
        ("risk", {"value": {"max_risk_per_trade": "0.01"}}, "value.daily_loss_limit", "missing data"),
        ("risk", {"value": {**RISK, "leverage": 5}}, "value.leverage", "unknown field"),
        ("engine", {"value": {"poll_interval_sec": "5"}}, "value.poll_interval_sec", "not a valid integer"),
        ("trading", {"value": {"symbol": "xrp", "account_id": "main"}}, "value.symbol", "uppercase"),
        ("risk", {"value": "0.01"}, "value", "not a valid mapping"),
        ("risk", {"value": RISK, "expected_version": -1}, "expected_version", "version number >= 0"),
        ("risk", {"value": RISK, "expected_version": "1"}, "expected_version", "not a valid integer"),
        ("risk", {}, "value", "missing data for required field"),
    ],
)
async def test_an_invalid_update_is_a_400_naming_the_field(
    api: Api,
    key: str,
    body: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = await api.put(f"/api/config/{key}", json=body)

    answer = await response.get_json()
    assert response.status_code == 400, answer
    assert answer["field"] == field
    assert message in answer["error"]
    assert api.container.adapters.config_store().all() == []


@pytest.mark.parametrize("method", ["get", "put"])
async def test_an_unknown_section_is_a_404(api: Api, method: str) -> None:
    response = await getattr(api, method)("/api/config/secrets", json={"value": {}})

    assert response.status_code == 404
    assert "expected one of trading, strategy, risk, engine, logging" in (await response.get_json())["error"]
