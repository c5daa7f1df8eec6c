"""The transfer panel in headless Chromium (ADR 0090): the form asks first, queues one Transfer, and shows the spot
wallet the settled transfer read."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.anyio

LIVE_MS = 5000


async def test_a_transfer_asks_first_then_is_acked_and_shows_the_spot_wallet(page: Page) -> None:
    await page.fill("#transfer-amount", "250.5")
    await page.select_option("#transfer-direction", "TO_FUTURES")
    await page.click("#btn-transfer")

    await expect(page.locator("#transfer-question")).to_have_text("Move 250.5 USDT from spot to futures?")
    await page.click("#btn-transfer-confirm")

    await expect(page.locator('#command-list tr[data-type="Transfer"] .pill')).to_have_text("ACK", timeout=LIVE_MS)
    await expect(page.locator("#transfer-spot")).to_have_text("749.5 USDT (read just now)", timeout=LIVE_MS)


async def test_a_bad_amount_is_refused_before_anything_is_sent(page: Page) -> None:
    await page.fill("#transfer-amount", "0")
    await page.click("#btn-transfer")

    await expect(page.locator("#transfer-status")).to_have_text("amount: must be more than 0 with at most 8 decimals")
    await expect(page.locator("#transfer-confirm")).to_be_hidden()
    await expect(page.locator('#command-list tr[data-type="Transfer"]')).to_have_count(0)
