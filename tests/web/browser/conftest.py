"""The browser tests' one data source (`stack`) and a logged-in Chromium page (Debian's, driven by Playwright).

`stack` is the web process on a fresh SQLite file plus StandInBot, which ACKs commands as the bot would.
The async Playwright API runs under anyio, so no event loop is left behind for the async tests that follow.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.web.browser.stand_in_bot import StandInBot
from tests.web.browser.web_server import PASSWORD, USER, WebServer

# Debian's chromium (make test installs it); on a developer's Windows machine, Chrome or Edge named by the variable
CHROMIUM = Path(os.environ.get("ALPHAENGINE_CHROMIUM", "/usr/bin/chromium"))
# --headless is added by Playwright itself; the rest keep Chromium quiet and offline
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@dataclass
class Stack:
    web: WebServer
    bot: StandInBot

    @property
    def url(self) -> str:
        return self.web.url


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    database = tmp_path / "alphaengine.sqlite3"
    web = WebServer(tmp_path, database)
    web.start()
    bot = StandInBot(database)
    bot.start()
    try:
        yield Stack(web, bot)
    finally:
        bot.stop()
        web.stop()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium package, or set"
            " ALPHAENGINE_CHROMIUM to a Chromium, Chrome or Edge executable"
        )
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser, stack: Stack) -> AsyncIterator[Page]:
    async with dashboard_page(browser, stack.url) as opened:
        yield opened


@asynccontextmanager
async def dashboard_page(browser: Browser, url: str, **options: Any) -> AsyncIterator[Page]:
    """A logged-in dashboard with its stream live, in a new context (`options`: Playwright's, e.g. timezone_id);
    a JavaScript error on the page fails the test as it closes."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1800}, **options)
    opened = await context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(opened, url)
    await expect(opened.locator("#stream-state")).to_have_text("live")
    yield opened
    await context.close()
    assert errors == [], f"JavaScript errors on the dashboard: {errors}"


async def log_in(page: Page, url: str, user: str = USER, password: str = PASSWORD) -> None:
    await page.goto(url)
    await page.fill("#username", user)
    await page.fill("#password", password)
    await page.click("#btn-login")
    await page.wait_for_selector("#mode-banner")
