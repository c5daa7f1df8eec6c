"""The dashboard against the real stack: `alphaengine demo` (simulator, bot, web) in a child process.

One journey, since the demo takes up to a real minute to make its first trade: log in, see the strategy's
position and fill arrive live with the mark and the candles the bot read, pause, close the position, and edit
the config.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from tests.web.browser.conftest import log_in
from tests.web.browser.demo_process import DemoProcess

pytestmark = pytest.mark.anyio

# The demo's settings trade within its first real minute (tests/e2e/test_demo_first_trade.py); margin for a busy CI
FIRST_TRADE_MS = 120_000
PAUSE_DEADLINE_MS = 2000
SETTLE_MS = 20_000


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[DemoProcess]:
    process = DemoProcess(tmp_path)
    process.start()
    try:
        yield process
    finally:
        process.stop()


async def test_the_real_demo_trades_pauses_closes_and_takes_a_config_change_live(
    browser: Browser,
    demo: DemoProcess,
) -> None:
    page = await browser.new_page(viewport={"width": 1400, "height": 1800})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await log_in(page, demo.url, demo.user, demo.password)
    await page.evaluate("window.notReloaded = true")

    await expect(page.locator("#trades tr[data-trade-id]").first).to_be_visible(timeout=FIRST_TRADE_MS)
    await expect(page.locator("#position-side")).to_have_text(re.compile("LONG|SHORT"))
    await expect(page.locator("#bot-state")).to_have_text("READY", timeout=SETTLE_MS)
    # The bot publishes the mark and the strategy's candles; the chart draws the candles with the fills on them
    await expect(page.locator("#position-mark-label")).to_have_text("Mark", timeout=SETTLE_MS)
    await expect(page.locator("#position-mark-age")).to_have_text(re.compile(r"^\d+\.\d s ago$"))
    await expect(page.locator("#chart")).to_have_attribute("data-candles", re.compile(r"^[1-9]\d*$"), timeout=SETTLE_MS)
    await expect(page.locator("#chart")).to_have_attribute("data-fills", re.compile(r"^[1-9]\d*$"))

    await page.click("#btn-pause")
    await expect(page.locator("#engine-state")).to_have_text("PAUSED", timeout=PAUSE_DEADLINE_MS)

    await page.click("#btn-close")
    await page.click("#btn-close-confirm")
    await expect(page.locator("#position-side")).to_have_text("FLAT", timeout=SETTLE_MS)
    closing = page.locator('#command-list tr[data-type="ClosePosition"] .pill')
    await expect(closing).to_have_text("ACK", timeout=SETTLE_MS)

    await page.select_option("#config-key", "risk")
    await expect(page.locator("#config-status")).to_contain_text("Loaded risk")
    risk = json.loads(await page.locator("#config-value").input_value())
    await page.fill("#config-value", json.dumps({**risk, "daily_loss_limit": "0.04"}))
    await page.click("#btn-config-save")
    await expect(page.locator("#daily-loss")).to_contain_text("limit 0.04", timeout=SETTLE_MS)

    assert await page.evaluate("window.notReloaded") is True
    assert errors == []
    await page.close()
