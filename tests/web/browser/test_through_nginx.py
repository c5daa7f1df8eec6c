"""The dashboard as an operator reaches it: through the shipped nginx site with TLS and HTTP/2 (ADR 0075).

The simulator and the bot run as `alphaengine demo` on the wall clock's pace (speed 1, so a web of its own shares
their time); `alphaengine web --trusted-proxy 127.0.0.1` serves the same database behind nginx, as in deploy/.
"""

from __future__ import annotations

import ssl
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx
import pytest
from playwright.async_api import Browser, expect
from prometheus_client.parser import text_string_to_metric_families

from entrypoints.web.security.headers import HSTS
from tests.deploy.nginx_site import NginxSite
from tests.web.browser.conftest import log_in
from tests.web.browser.demo_process import DemoProcess, child_env
from tests.web.browser.web_process import WebProcess

pytestmark = [pytest.mark.anyio, pytest.mark.linux]

SETTLE_MS = 20_000


@dataclass
class Deployment:
    demo: DemoProcess
    web: WebProcess
    nginx: NginxSite


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    demo = DemoProcess(tmp_path, speed=1)
    demo.start()
    web = WebProcess(tmp_path, demo.database, demo.secrets, "--trusted-proxy", "127.0.0.1")
    nginx = NginxSite(tmp_path / "nginx", web.port)
    try:
        web.start()
        nginx.start()
        yield Deployment(demo, web, nginx)
    finally:
        nginx.stop()
        web.stop()
        demo.stop()


async def test_log_in_watch_live_and_pause_through_nginx_with_secure_cookies_and_hsts(
    browser: Browser, deployment: Deployment
) -> None:
    demo, url = deployment.demo, deployment.nginx.https_url
    context = await browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 1800})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    first = await page.goto(url)
    assert first is not None
    await log_in(page, url, demo.user, demo.password)
    await expect(page.locator("#stream-state")).to_have_text("live")
    dashboard = await page.reload()
    assert dashboard is not None
    await expect(page.locator("#stream-state")).to_have_text("live")
    await page.evaluate("window.notReloaded = true")

    # A change made elsewhere arrives over the event stream, through nginx, without a reload: the log's entries
    # after the page loaded come from the stream alone
    changes = page.locator('#event-log li[data-type="config.changed.v1"]')
    before = await changes.count()
    await set_config(demo, "risk.daily_loss_limit", "0.04")
    await expect(changes).to_have_count(before + 1, timeout=SETTLE_MS)
    await expect(page.locator("#daily-loss")).to_contain_text("limit 0.04", timeout=SETTLE_MS)

    await page.click("#btn-pause")
    await expect(page.locator("#engine-state")).to_have_text("PAUSED", timeout=SETTLE_MS)

    protocol = await page.evaluate("performance.getEntriesByType('navigation')[0].nextHopProtocol")
    cookies = await context.cookies()
    assert protocol == "h2"
    assert (await first.header_value("strict-transport-security")) == HSTS
    assert (await dashboard.header_value("strict-transport-security")) == HSTS
    assert await page.evaluate("window.notReloaded") is True
    assert errors == []
    await context.close()

    # The web believed nginx that the browser came over HTTPS: its cookies are Secure and __Host- prefixed
    assert cookies, "the login set no cookie"
    assert all(cookie["name"].startswith("__Host-") and cookie["secure"] for cookie in cookies), cookies


async def test_metrics_through_nginx_need_a_login_from_this_machine_and_are_refused_from_elsewhere(
    browser: Browser, deployment: Deployment
) -> None:
    demo, url = deployment.demo, deployment.nginx.https_url
    trusted = ssl.create_default_context(cafile=str(deployment.nginx.certificate))
    local = httpx.AsyncHTTPTransport(verify=trusted, local_address="127.0.0.1")
    remote = httpx.AsyncHTTPTransport(verify=trusted, local_address="127.0.0.2")
    async with httpx.AsyncClient(transport=local) as here, httpx.AsyncClient(transport=remote) as elsewhere:
        anonymous = await here.get(url + "metrics")
        outside = await elsewhere.get(url + "metrics")
    context = await browser.new_context(ignore_https_errors=True)
    page = await context.new_page()
    await log_in(page, url, demo.user, demo.password)
    logged_in = await page.request.get(url + "metrics")
    text = await logged_in.text()
    await context.close()

    # nginx connects from loopback, yet the web does not take its requests for a local scrape (ADR 0077)
    assert anonymous.status_code == 401
    assert outside.status_code == 403
    assert logged_in.status == 200
    assert "alphaengine_bot_up" in {family.name for family in text_string_to_metric_families(text)}


async def set_config(demo: DemoProcess, key: str, value: str) -> None:
    command = [sys.executable, "-m", "entrypoints.cli", "config", "set", "--db", str(demo.database)]
    command += ["--secrets", str(demo.secrets), key, value]
    with anyio.fail_after(60):
        done = await anyio.run_process(command, cwd=demo.folder, env=child_env(), check=False)
    assert done.returncode == 0, done.stderr.decode()
