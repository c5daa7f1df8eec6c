"""The second factor in headless Chromium (ADR 0085): a trader with TOTP logs in with the password then a code, and
closing the position asks for a fresh code before the command goes out."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.async_api import Browser, Dialog, Page, expect

from entrypoints.web.security.passwords import hash_password
from entrypoints.web.security.totp import SecretBox
from ports.second_factor_store import SecondFactor
from ports.user_store import Role, User
from tests.web.browser.conftest import Stack
from tests.web.browser.web_server import FAST, PASSWORD, SECRET

pytestmark = pytest.mark.anyio

LIVE_MS = 5000
TRADER = "tom"


@pytest.fixture
def totp(stack: Stack) -> pyotp.TOTP:
    """Trader `tom` with an active TOTP, enrolled as `alphaengine user totp` does it."""
    adapters = stack.web.container.adapters
    adapters.user_store().add_user(User(TRADER, hash_password(PASSWORD, FAST), datetime.now(UTC), Role.TRADER))
    secret = pyotp.random_base32()
    sealed = SecretBox(SECRET).seal(TRADER, secret)
    adapters.second_factor_store().enrol(SecondFactor(TRADER, sealed, frozenset(), datetime.now(UTC)))
    adapters.second_factor_store().enable(TRADER, 0)
    return pyotp.TOTP(secret)


@pytest.fixture
async def trader_page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1800})
    opened = await context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    await context.close()
    assert errors == [], f"JavaScript errors: {errors}"


async def test_a_trader_with_totp_logs_in_with_a_code_and_confirms_closing_the_position(
    trader_page: Page, stack: Stack, totp: pyotp.TOTP
) -> None:
    page = trader_page
    await page.goto(stack.url)
    await page.fill("#username", TRADER)
    await page.fill("#password", PASSWORD)
    await page.click("#btn-login")
    await expect(page.locator("#totp-form")).to_be_visible()
    await page.fill("#totp-code", totp.now())
    await page.click("#btn-totp")
    await expect(page.locator("#stream-state")).to_have_text("live", timeout=LIVE_MS)
    stack.bot.store(stack.bot.events.trade(1, qty="25", price="0.6"))
    await expect(page.locator("#position-side")).to_have_text("LONG", timeout=LIVE_MS)
    asked: list[str] = []

    async def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        # The login used this time-step's code; the next step's is fresh and within the allowed drift
        await dialog.accept(totp.at(time.time(), counter_offset=1))

    page.once("dialog", answer)
    await page.click("#btn-close")
    await page.click("#btn-close-confirm")

    await expect(page.locator("#position-side")).to_have_text("FLAT", timeout=LIVE_MS)
    await expect(page.locator('#command-list tr[data-type="ClosePosition"] .pill')).to_have_text("ACK")
    assert len(asked) == 1 and asked[0].startswith("step-up required: closing the position")
