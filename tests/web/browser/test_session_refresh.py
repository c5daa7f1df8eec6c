"""The dashboard renews its 15-minute access token with the refresh cookie (ADR 0083): a user at work is not sent to
the login page when the token runs out, and a reopened tab whose login session lives goes straight back in."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.web.browser.conftest import Stack, log_in

pytestmark = pytest.mark.anyio

ACCESS_COOKIE = "alphaengine_session"


async def expire_access_token(context: BrowserContext) -> None:
    """What the browser does when the access cookie's Max-Age runs out: it stops sending it; the others stay."""
    kept = [cookie for cookie in await context.cookies() if cookie["name"] != ACCESS_COOKIE]
    await context.clear_cookies()
    await context.add_cookies(kept)  # type: ignore[arg-type]


async def test_an_expired_access_token_is_renewed_and_the_click_goes_through(page: Page) -> None:
    await page.evaluate("window.notReloaded = true")
    await expire_access_token(page.context)

    await page.click("#btn-pause")

    await expect(page.locator("#engine-state")).to_have_text("PAUSED", timeout=5000)
    assert await page.evaluate("window.notReloaded") is True
    assert ACCESS_COOKIE in {cookie["name"] for cookie in await page.context.cookies()}


async def test_a_reopened_tab_with_a_live_session_goes_back_in_without_a_password(
    browser: Browser, stack: Stack
) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    await log_in(page, stack.url)
    await expire_access_token(context)
    # The tab is closed and a new one opened: the old page's own scripts, which also notice the expired token, could
    # otherwise navigate at the same moment and abort the test's navigation
    await page.close()
    page = await context.new_page()

    await page.goto(stack.url)

    await expect(page.locator("#mode-banner")).to_contain_text("SIM")
    await context.close()
