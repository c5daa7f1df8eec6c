"""GET /health: public, reads the store through the container's ports, and shows the bot's health once wired."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dependency_injector import providers

from adapters.memory.event_store import InMemoryEventStore
from ports.errors import StorageError
from ports.exchange import StreamState
from ports.health import BotHealth
from tests.web.api.conftest import Api

pytestmark = pytest.mark.anyio


def bot_health(api: Api, **overrides: object) -> BotHealth:
    now = api.clock.now()
    fields = {"holder": "host:42", "started_at": now, "updated_at": now, "boot_phase": "READY", "ready": True}
    return BotHealth(**{**fields, **overrides})  # type: ignore[arg-type]


async def test_health_answers_without_logging_in_with_only_the_status_and_the_bots_state(api: Api) -> None:
    api.container.adapters.health_store().write(bot_health(api, holder="web-1.internal:4242"))

    response = await api.client.get("/health")

    assert response.status_code == 200
    assert await response.get_json() == {"status": "ok", "bot_state": "ready"}


async def test_health_says_stale_to_anybody_once_the_heartbeat_is_old(api: Api) -> None:
    api.container.adapters.health_store().write(bot_health(api))
    api.clock.advance(11)

    assert await (await api.client.get("/health")).get_json() == {"status": "ok", "bot_state": "stale"}


async def test_a_viewer_credential_gets_the_whole_document_with_no_bot_section_before_a_bot_wrote_one(
    api: Api,
) -> None:
    response = await api.get("/health")

    assert response.status_code == 200
    assert await response.get_json() == {
        "status": "ok",
        "bot_state": "no_bot",
        "mode": "sim",
        "last_event_seq": 0,
        "projection_checkpoint": 0,
    }


@pytest.mark.parametrize("credentials", [{"Authorization": "Bearer forged.token.value"}, {"X-API-Key": "nope"}])
async def test_a_bad_credential_gets_what_anybody_gets_rather_than_a_refusal(
    api: Api, credentials: dict[str, str]
) -> None:
    response = await api.client.get("/health", headers=credentials)

    assert (response.status_code, await response.get_json()) == (200, {"status": "ok", "bot_state": "no_bot"})


async def test_a_storage_failure_makes_health_answer_503_with_the_reason(api: Api) -> None:
    class BrokenEvents(InMemoryEventStore):
        def last_seq(self) -> int:
            raise StorageError("disk I/O error")

    with api.container.adapters.event_store.override(providers.Object(BrokenEvents())):
        response = await api.get("/health")
        anonymous = await api.client.get("/health")

    assert response.status_code == 503
    assert await response.get_json() == {"status": "unavailable", "mode": "sim", "error": "disk I/O error"}
    # The raw error text is for viewers: anybody learns only that it is down
    assert (anonymous.status_code, await anonymous.get_json()) == (503, {"status": "unavailable"})


async def test_health_shows_the_bots_heartbeat_age_ws_state_reconcile_weight_and_log_size(api: Api) -> None:
    written = bot_health(
        api,
        ws_state=StreamState.CONNECTED,
        last_reconcile_at=api.clock.now(),
        rate_limit_weight=37,
        wal_bytes=4096,
    )
    api.container.adapters.health_store().write(written)
    api.clock.advance(timedelta(milliseconds=1500))

    bot = (await (await api.get("/health")).get_json())["bot"]

    assert (bot["state"], bot["heartbeat_age_ms"]) == ("ready", 1500)
    assert (bot["ws_state"], bot["rate_limit_weight"], bot["wal_bytes"]) == ("connected", 37, 4096)
    assert bot["last_reconcile_at"] == "2026-01-01T00:00:00.000000Z"


async def test_a_bot_silent_for_longer_than_ten_seconds_is_reported_stale(api: Api) -> None:
    api.container.adapters.health_store().write(bot_health(api))
    api.clock.advance(11)

    bot = (await (await api.get("/health")).get_json())["bot"]

    assert (bot["state"], bot["heartbeat_age_ms"], bot["stale_after_ms"]) == ("stale", 11000, 10000)


async def test_on_a_clock_thirty_times_faster_the_staleness_limit_is_thirty_times_longer(api: Api) -> None:
    api.container.config.time_scale.from_value(30.0)
    api.container.adapters.health_store().write(bot_health(api))
    api.clock.advance(11)

    bot = (await (await api.get("/health")).get_json())["bot"]

    assert (bot["state"], bot["stale_after_ms"]) == ("ready", 300_000)


async def test_a_bot_that_failed_closed_says_so_and_why(api: Api) -> None:
    api.container.adapters.health_store().write(bot_health(api, ready=False, fail_closed_reason="reconcile failed"))

    bot = (await (await api.get("/health")).get_json())["bot"]

    assert (bot["state"], bot["fail_closed_reason"]) == ("fail_closed", "reconcile failed")
