"""/metrics through the real web process (Hypercorn, ADR 0077): the TCP peer Hypercorn reports decides, so a local
Prometheus scrapes without credentials and the same request with a proxy's forwarding header is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.web.browser.web_server import WebServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[WebServer]:
    served = WebServer(tmp_path, tmp_path / "web.sqlite3")
    served.start()
    yield served
    served.stop()


def test_a_local_scrape_is_served_and_a_forwarded_one_is_refused(server: WebServer) -> None:
    local = httpx.get(server.url + "metrics", timeout=10)
    forwarded = httpx.get(server.url + "metrics", headers={"X-Forwarded-For": "203.0.113.7"}, timeout=10)

    assert local.status_code == 200
    names = {family.name for family in text_string_to_metric_families(local.text)}
    assert {"alphaengine_bot_up", "alphaengine_events", "alphaengine_risk_headroom"} <= names
    assert forwarded.status_code == 401
