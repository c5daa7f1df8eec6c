"""Every error is JSON naming the problem: 404, 405 with Allow, 503 for storage, 500 without a traceback."""

from __future__ import annotations

import logging

import pytest
from dependency_injector import providers

from adapters.memory.command_store import InMemoryCommandStore
from domain.commands import CommandRecord
from ports.errors import StorageBusy, StorageError
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio


class ExplodingCommands(InMemoryCommandStore):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get(self, command_id: str) -> CommandRecord | None:
        raise self.error


async def test_an_unknown_path_is_a_json_404(api: Api) -> None:
    response = await api.get("/api/nothing-here")

    assert response.status_code == 404
    assert await response.get_json() == {"error": "no such resource: /api/nothing-here"}


async def test_a_wrong_method_is_a_json_405_that_lists_the_allowed_ones(api: Api) -> None:
    response = await api.delete("/api/config/risk")

    assert response.status_code == 405
    assert await response.get_json() == {"error": "method DELETE is not allowed on /api/config/risk"}
    assert {"GET", "PUT"} <= set(response.headers["Allow"].replace(" ", "").split(","))


async def test_a_body_over_the_size_limit_is_refused_with_json(api: Api) -> None:
    huge = b"{" + b" " * 70_000 + b"}"

    response = await api.post("/api/commands", data=huge, headers={"Content-Type": "application/json"})

    assert response.status_code == 413
    assert await response.get_json() == {
        "error": "body: larger than the 65536 bytes a request may carry; send less",
        "field": "body",
    }


async def test_an_unexpected_error_is_a_500_that_leaks_nothing(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    store = ExplodingCommands(RuntimeError("connection string postgres://admin:hunter2@db"))

    with caplog.at_level(logging.ERROR), api.container.adapters.command_store.override(providers.Object(store)):
        response = await api.get("/api/commands/c-1")

    text = await response.get_data(as_text=True)
    assert response.status_code == 500
    assert await response.get_json() == {"error": "internal error; the server log has the details"}
    assert "hunter2" not in text and "Traceback" not in text
    assert "hunter2" in caplog.text  # the operator still gets the details


async def test_a_busy_database_is_a_503_asking_to_retry(api: Api) -> None:
    with api.container.adapters.command_store.override(providers.Object(ExplodingCommands(StorageBusy("locked")))):
        response = await api.get("/api/commands/c-1")

    assert (response.status_code, response.headers["Retry-After"]) == (503, "1")
    assert "busy" in (await response.get_json())["error"]


async def test_a_failing_store_is_a_503_naming_it(api: Api) -> None:
    with api.container.adapters.command_store.override(providers.Object(ExplodingCommands(StorageError("disk full")))):
        response = await api.get("/api/commands/c-1")

    assert response.status_code == 503
    assert await response.get_json() == {"error": "storage unavailable: disk full"}
