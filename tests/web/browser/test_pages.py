"""The dashboard's pages through Quart's test client: fragments, the login redirect, no inline script, the mark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.memory.clock import DEFAULT_START
from config.secrets import load_secrets
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.web import build_web_container
from tests.harness.builders import EventFactory
from tests.web.api.conftest import SECRET, Api, logged_in, secured_app, web_container
from tests.web.api.test_dashboard_market import publish

pytestmark = pytest.mark.anyio

STATIC = Path(__file__).resolve().parents[3] / "entrypoints" / "web" / "static"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


@pytest.fixture
async def api(tmp_path: Path) -> Api:
    container = web_container(tmp_path)
    return await logged_in(secured_app(container), container)


async def html(api: Api, path: str) -> str:
    response = await api.get(path)
    assert response.status_code == 200, await response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    return await response.get_data(as_text=True)


async def test_the_page_shows_the_mode_banner_and_every_panel(api: Api) -> None:
    page = await html(api, "/")

    assert 'id="mode-banner" class="banner banner-sim"' in page
    for panel in ("live", "commands", "health"):
        assert f'hx-get="/?panel={panel}"' in page


async def test_production_gets_a_red_banner_that_says_so(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.yaml"
    secrets.write_text(
        f"mode: production\nproduction:\n  api_key: k\n  api_secret: s\nweb:\n  secret_key: {SECRET}\n",
        encoding="utf-8",
    )
    container = build_web_container(load_secrets(secrets, env={}), in_memory_adapters())
    api = await logged_in(secured_app(container), container)

    page = await html(api, "/")

    banner = r'<header id="mode-banner" class="banner banner-production"[^>]*>\s*PRODUCTION — REAL MONEY'
    assert re.search(banner, page)
    css = (STATIC / "css" / "dashboard.css").read_text(encoding="utf-8")
    assert re.search(r"\.banner \{[^}]*position: sticky", css)
    assert re.search(r"\.banner-production \{[^}]*background: #b91c1c", css)


async def test_the_live_fragment_shows_the_position_and_before_any_mark_the_last_fill_labelled_so(
    api: Api,
) -> None:
    events = EventFactory(start=DEFAULT_START)
    api.store(events.trade(1, qty="10", price="0.5"), events.trade(2, qty="2", price="0.56"))

    fragment = await html(api, "/?panel=live")

    assert '<span id="position-side" class="pill side-long">LONG</span>' in fragment
    assert '<dd id="position-qty">12</dd>' in fragment
    assert '<dt id="position-mark-label">Last fill (no mark yet)</dt>' in fragment
    assert '<span id="position-mark">0.56</span>' in fragment
    # Money at the quote asset's places (cents, or the price step's when finer), in that asset
    assert '<dd id="position-upnl" class="">0.60 USDT</dd>' in fragment
    assert "<html" not in fragment


async def test_the_live_fragment_shows_the_published_mark_its_age_the_pnl_and_the_leverage(api: Api) -> None:
    events = EventFactory(start=DEFAULT_START)
    api.store(events.leverage(7), events.trade(1, qty="10", price="0.5"))
    publish(api, "0.48", seconds_ago=3)

    fragment = await html(api, "/?panel=live")

    assert '<dt id="position-mark-label">Mark</dt>' in fragment
    assert '<span id="position-mark">0.48</span>' in fragment
    assert '<span id="position-mark-age" class="muted">3.0 s ago</span>' in fragment
    assert '<dd id="position-upnl" class="neg">-0.20 USDT</dd>' in fragment
    assert '<dd id="position-leverage">7×</dd>' in fragment


async def test_an_unknown_panel_is_refused_naming_the_parameter(api: Api) -> None:
    response = await api.get("/?panel=secrets")

    assert response.status_code == 400
    assert (await response.get_json())["field"] == "panel"


async def test_a_browser_without_a_session_is_sent_to_the_login_page(api: Api) -> None:
    response = await api.client.get("/", headers={"Accept": "text/html,application/xhtml+xml"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/static/login.html"
    assert "Content-Security-Policy" in response.headers


async def test_an_api_client_without_credentials_still_gets_a_json_401(api: Api) -> None:
    response = await api.client.get("/?panel=live", headers={"Accept": "text/html"})

    assert response.status_code == 401
    assert "error" in await response.get_json()


async def test_the_pages_load_scripts_only_from_files_as_the_csp_demands(api: Api) -> None:
    pages = [await html(api, "/"), (STATIC / "login.html").read_text(encoding="utf-8")]

    scripts = [match for page in pages for match in SCRIPT_TAG.findall(page)]
    assert scripts and all('src="' in attributes and body.strip() == "" for attributes, body in scripts)
    assert not any(re.search(r"\son[a-z]+=", page) for page in pages)


async def test_the_commands_fragment_shows_when_a_waiting_command_expires_and_an_expired_one_as_such(
    api: Api,
) -> None:
    queued = await (await api.post("/api/commands", json={"type": "ClosePosition", "expires_in_sec": 60})).get_json()
    paused = await (await api.post("/api/commands", json={"type": "PauseEngine"})).get_json()
    store = api.container.adapters.command_store()
    store.mark_expired(paused["command_id"], "expired at …, claimed 7200 s later: not executed", api.clock.now())

    fragment = await html(api, "/?panel=commands")

    expires = f'data-expires-at="{queued["expires_at"]}">expires {queued["expires_at"]}</span>'
    assert re.search(r'data-type="ClosePosition">.*?' + re.escape(expires), fragment, re.S)
    assert (
        '<span class="pill status-expired" title="expired at …, claimed 7200 s later: not executed">EXPIRED' in fragment
    )
    assert fragment.count("data-expires-at") == 1
