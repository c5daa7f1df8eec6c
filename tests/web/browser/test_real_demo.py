"""The dashboard against the real stack: `alphaengine demo` (simulator, bot, web) in a child process.

One journey, since the demo takes up to a real minute to make its first trade: log in, see the strategy's
position and fill arrive live with the mark and the candles the bot read, read its times and figures formatted,
pause, close the position and see the equity chart follow, and edit the config through the settings form (a field
error first). The page is photographed into docs/dashboard.png on the way, so the README's picture stays current.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from tests.web.browser.conftest import log_in
from tests.web.browser.demo_process import DemoProcess
from tests.web.browser.screenshot import photograph

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
    await expect(page.locator("#bot-state")).to_have_text("Running", timeout=SETTLE_MS)
    # The bot publishes the mark and the strategy's candles; the chart draws the candles with the fills on them
    await expect(page.locator("#position-mark-label")).to_have_text("Mark", timeout=SETTLE_MS)
    await expect(page.locator("#position-mark-age")).to_have_text(re.compile(r"^\d+\.\d s ago$"))
    await expect(page.locator("#chart")).to_have_attribute("data-candles", re.compile(r"^[1-9]\d*$"), timeout=SETTLE_MS)
    await expect(page.locator("#chart")).to_have_attribute("data-fills", re.compile(r"^[1-9]\d*$"))
    # Times in the viewer's zone, relative to the bot's clock; prices at the symbol's tick (0.0001 for XRPUSDT, once
    # the bot read the rules for its first order), money at cents or the tick's places, in the quote asset
    await expect(page.locator("#trades time.when").first).to_have_text(
        re.compile(r"^\d\d:\d\d:\d\d · \d+ (s|min) ago$")
    )
    await expect(page.locator("#position-entry")).to_have_text(re.compile(r"^\d+\.\d{4}$"), timeout=SETTLE_MS)
    await expect(page.locator("#daily-loss")).to_contain_text(re.compile(r"of [\d,]+\.\d{4} USDT"))
    chart = page.locator("#equity-chart")
    await expect(chart).to_have_attribute("data-last-equity", re.compile(r"^\d+(\.\d+)?$"), timeout=SETTLE_MS)
    equity = await chart.get_attribute("data-last-equity")
    await expect(page.locator("#history-table tbody tr[data-trade-id]").first).to_be_visible()
    await photograph(page)

    await page.click("#btn-pause")
    await expect(page.locator("#engine-state")).to_have_text("PAUSED", timeout=PAUSE_DEADLINE_MS)

    await page.click("#btn-close")
    await page.click("#btn-close-confirm")
    await expect(page.locator("#position-side")).to_have_text("FLAT", timeout=SETTLE_MS)
    closing = page.locator('#command-list tr[data-type="ClosePosition"] .pill')
    await expect(closing).to_have_text("ACK", timeout=SETTLE_MS)
    # The closing fill moves the wallet (its fee, its PnL): the equity chart follows without a reload
    await expect(chart).not_to_have_attribute("data-last-equity", equity or "", timeout=SETTLE_MS)

    await page.select_option("#config-key", "risk")
    await expect(page.locator("#settings-status")).to_contain_text("Loaded risk")
    await page.fill("#setting-daily_loss_limit", "1.5")
    await page.click("#btn-settings-save")
    refusal = page.locator('[data-field="value.daily_loss_limit"] .field-error')
    await expect(refusal).to_contain_text("value.daily_loss_limit: must be greater than 0 and at most 1")
    await page.fill("#setting-daily_loss_limit", "0.04")
    await page.click("#btn-settings-save")
    await expect(refusal).to_be_empty()
    await expect(page.locator("#daily-loss")).to_contain_text("limit 0.04", timeout=SETTLE_MS)

    assert await page.evaluate("window.notReloaded") is True
    assert errors == []
    await page.close()
