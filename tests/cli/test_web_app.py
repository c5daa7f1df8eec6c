"""create_app(container) in-process on the in-memory adapter set: the app only talks to ports."""

from __future__ import annotations

from pathlib import Path

import pytest
from dependency_injector import providers

from adapters.memory.event_store import InMemoryEventStore
from config.secrets import load_secrets
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.web import build_web_container
from entrypoints.web.app import create_app
from entrypoints.containers.web import WebContainer
from ports.errors import StorageError

pytestmark = pytest.mark.anyio


@pytest.fixture
def container(tmp_path: Path) -> WebContainer:
    secrets_file = tmp_path / "secrets.yaml"
    secrets_file.write_text("mode: sim\n", encoding="utf-8")
    return build_web_container(load_secrets(secrets_file, env={}), in_memory_adapters())


async def test_health_answers_from_the_adapters_it_was_given(container: WebContainer) -> None:
    client = create_app(container).test_client()

    response = await client.get("/health")

    assert response.status_code == 200
    assert await response.get_json() == {"status": "ok", "mode": "sim", "last_event_seq": 0, "projection_checkpoint": 0}


async def test_the_root_points_at_health_until_the_dashboard_exists(container: WebContainer) -> None:
    response = await create_app(container).test_client().get("/")

    assert (response.status_code, response.headers["Location"]) == (302, "/health")


async def test_a_storage_failure_makes_health_answer_503(container: WebContainer) -> None:
    class BrokenEvents(InMemoryEventStore):
        def last_seq(self) -> int:
            raise StorageError("disk I/O error")

    with container.adapters.event_store.override(providers.Object(BrokenEvents())):
        response = await create_app(container).test_client().get("/health")

    assert response.status_code == 503
    assert (await response.get_json())["status"] == "unavailable"
