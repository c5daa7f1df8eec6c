"""GET /metrics (ADR 0077): Prometheus's own parser reads it, its figures are the bot's health row and the dashboard's
own reads, and it is served without credentials only to a loopback peer that no proxy forwarded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.memory.clock import DEFAULT_START
from domain.events import RateLimitState
from entrypoints.web.api.bot_state import STATES
from entrypoints.web.security.api_keys import HEADER as API_KEY_HEADER
from entrypoints.web.security.api_keys import new_api_key
from ports.exchange import StreamState
from ports.health import BotHealth
from tests.harness.builders import EventFactory
from tests.web.api.conftest import USER, Api

pytestmark = pytest.mark.anyio

LOCAL = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 50000)
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Samples:
    """Every sample of the exposition by (name, labels), as Prometheus's own parser reads it."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(api: Api, client: tuple[str, int] = LOCAL, **headers: str) -> Any:
    """A GET of /metrics from `client` as the TCP peer, with only `headers` (no session unless given)."""
    return await api.client.get("/metrics", headers=headers, scope_base={"client": client})


async def figures(api: Api) -> Samples:
    response = await scrape(api)
    assert response.status_code == 200, await response.get_data(as_text=True)
    assert response.content_type.startswith("text/plain; version=0.0.4")
    return samples(await response.get_data(as_text=True))


def one(found: Samples, name: str, **labels: str) -> float:
    return found[(f"alphaengine_{name}", tuple(sorted(labels.items())))]


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
async def test_a_direct_loopback_peer_scrapes_without_credentials(api: Api, address: str) -> None:
    response = await scrape(api, (address, 50000))

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("client", "headers"),
    [
        (LOCAL, {"X-Forwarded-For": "203.0.113.7"}),
        (LOCAL, {"X-Forwarded-For": "127.0.0.1"}),
        (LOCAL, {"Forwarded": "for=203.0.113.7"}),
        (LOCAL, {"X-Real-IP": "203.0.113.7"}),
        (REMOTE, {}),
        (("::ffff:203.0.113.7", 50000), {}),
        (("not-an-address", 0), {}),
    ],
    ids=["through-a-proxy", "proxy-claims-loopback", "forwarded", "x-real-ip", "remote", "mapped-remote", "unknown"],
)
async def test_a_forwarded_or_remote_scrape_needs_credentials(
    api: Api,
    client: tuple[str, int],
    headers: dict[str, str],
) -> None:
    refused = await scrape(api, client, **headers)
    with_session = await scrape(api, client, **headers, **api.headers)

    assert refused.status_code == 401
    assert "authentication required" in (await refused.get_json())["error"]
    assert with_session.status_code == 200


async def test_a_peer_without_an_address_needs_credentials(api: Api) -> None:
    # A Unix socket (or a server that names no peer) is not provably this machine
    refused = await api.client.get("/metrics")

    assert refused.status_code == 401
    assert (await api.get("/metrics")).status_code == 200


async def test_an_api_key_opens_it_from_anywhere(api: Api) -> None:
    text, record = new_api_key(USER, "prometheus", api.clock.now())
    api.container.adapters.user_store().add_api_key(record)

    response = await scrape(api, REMOTE, **{"X-Forwarded-For": "203.0.113.7", API_KEY_HEADER: text})

    assert response.status_code == 200


async def test_without_a_bot_the_exposition_says_no_bot_and_leaves_its_figures_out(api: Api) -> None:
    found = await figures(api)

    assert one(found, "bot_state", state="no_bot") == 1
    assert sum(one(found, "bot_state", state=state) for state in STATES) == 1
    assert (one(found, "bot_up"), one(found, "bot_ready"), one(found, "events_total")) == (0, 0, 0)
    assert not [name for name, _ in found if name.startswith(("alphaengine_loop_lag", "alphaengine_wal"))]


async def test_the_bots_health_row_gives_lag_stream_reconcile_rate_limit_and_wal_figures(api: Api) -> None:
    now = api.clock.now()
    api.container.adapters.health_store().write(
        BotHealth(
            "host:42",
            now - timedelta(minutes=5),
            now - timedelta(seconds=1),
            "ready",
            True,
            last_loop_at=now - timedelta(seconds=2),
            ws_state=StreamState.CONNECTED,
            last_reconcile_at=now - timedelta(seconds=30),
            rate_limit_weight=120,
            rate_limit_state=RateLimitState.WARN,
            wal_bytes=4096,
            stream_reconnects=2,
            http_429s=3,
            http_418s=1,
            drifts_detected=4,
        )
    )

    found = await figures(api)

    assert (one(found, "bot_up"), one(found, "bot_ready"), one(found, "bot_failed_closed")) == (1, 1, 0)
    assert (one(found, "loop_lag_seconds"), one(found, "heartbeat_age_seconds")) == (2, 1)
    assert one(found, "last_reconcile_age_seconds") == 30
    assert one(found, "stream_state", state="connected") == 1 and one(found, "stream_reconnects_total") == 2
    assert one(found, "rate_limit_used_weight") == 120 and one(found, "rate_limit_state", state="WARN") == 1
    assert (
        one(found, "exchange_refusals_total", status="429"),
        one(found, "exchange_refusals_total", status="418"),
    ) == (
        3,
        1,
    )
    assert (one(found, "drifts_detected_total"), one(found, "wal_bytes")) == (4, 4096)


async def test_a_failed_closed_bot_is_up_but_not_ready(api: Api) -> None:
    now = api.clock.now()
    health = BotHealth("host:42", now, now, "failed closed", False, fail_closed_reason="reconcile: unreachable")
    api.container.adapters.health_store().write(health)

    found = await figures(api)

    assert (one(found, "bot_up"), one(found, "bot_ready"), one(found, "bot_failed_closed")) == (1, 0, 1)


async def test_position_pnl_and_risk_headroom_are_the_dashboards_figures(api: Api) -> None:
    # As the dashboard's own test: realized -10 net, long 100 from 0.5 marked at 0.1 (-40), limit 5 % of 1000 = 50
    events = EventFactory(start=DEFAULT_START)
    api.store(
        events.balance(wallet="990"),
        events.trade(1, qty="100", price="0.5", realized_pnl="-9.5"),
        events.fee(1, amount="0.5"),
    )
    now = api.clock.now()
    api.container.adapters.health_store().write(
        BotHealth("host:42", now, now, "ready", True, mark_price=Decimal("0.1"))
    )
    dashboard = await (await api.get("/api/dashboard")).get_json()

    found = await figures(api)

    symbol, asset = {"symbol": "XRPUSDT"}, {"asset": "USDT"}
    assert one(found, "position_quantity", **symbol) == float(dashboard["position"]["quantity"]) == 100
    assert one(found, "unrealized_pnl", **symbol) == float(dashboard["daily_loss"]["unrealized_pnl"]) == -40
    assert one(found, "daily_pnl", **symbol) == float(dashboard["pnl"]["today"]["net"]) == -10
    assert one(found, "daily_loss", **asset) == float(dashboard["daily_loss"]["used"]) == 50
    assert one(found, "daily_loss_limit", **asset) == float(dashboard["daily_loss"]["limit"]) == 50
    assert one(found, "risk_headroom", **asset) == 0
    assert one(found, "events_total") == dashboard["last_event_seq"] == 3
    assert one(found, "projection_lag_events") == 0


async def test_command_latency_is_taken_from_creation_to_the_bots_answer(api: Api) -> None:
    commands = api.container.adapters.command_store()
    for seconds in (1, 2, 3, 10):
        created = await api.post("/api/commands", json={"type": "PauseEngine", "payload": {"reason": "metrics"}})
        assert created.status_code == 201
        claimed = commands.claim_next(api.clock.now())
        assert claimed is not None
        api.clock.advance(seconds)
        commands.mark_acked(claimed.command.command_id, {}, api.clock.now())
    # Still waiting for the bot: no answer, no latency
    assert (await api.post("/api/commands", json={"type": "PauseEngine", "payload": {}})).status_code == 201

    found = await figures(api)

    assert one(found, "command_latency_commands") == 4
    assert [one(found, "command_latency_seconds", quantile=q) for q in ("0.5", "0.9", "1")] == [2, 10, 10]


async def test_the_openapi_document_lists_metrics_as_text(api: Api) -> None:
    document = await (await api.get("/api/openapi.json")).get_json()

    reply = document["paths"]["/metrics"]["get"]["responses"]["200"]
    assert list(reply["content"]) == ["text/plain"]
