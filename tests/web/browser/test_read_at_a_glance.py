"""The dashboard read at a glance, in headless Chromium against the stand-in bot: times in the viewer's zone and
relative, figures at their places, health as a state with its details one click away, the settings form with the
server's refusal next to its field, the equity chart and the trade history's pages and filters."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from playwright.async_api import Browser, Page, expect

from tests.web.browser.conftest import Stack, dashboard_page

pytestmark = pytest.mark.anyio

LIVE_MS = 5000
SEOUL = timedelta(hours=9)


@pytest.fixture
async def seoul(browser: Browser, stack: Stack) -> AsyncIterator[Page]:
    """A logged-in page whose viewer is in Seoul (UTC+9, no daylight saving)."""
    async with dashboard_page(browser, stack.url, timezone_id="Asia/Seoul") as opened:
        yield opened


async def test_times_read_in_the_viewers_zone_and_relative_and_figures_without_ten_decimals(
    seoul: Page, stack: Stack
) -> None:
    events = stack.bot.events
    stack.bot.store(events.balance(wallet="9.5414083012"), events.trade(7, qty="10", price="0.5"))

    stamp = seoul.locator('#trades tr[data-trade-id="7"] time.when')
    await expect(stamp).to_have_text(re.compile(r"^\d\d:\d\d:\d\d · \d+ min ago$"), timeout=LIVE_MS)
    executed = datetime.fromisoformat((await stamp.get_attribute("datetime") or "").replace("Z", "+00:00"))
    assert (await stamp.inner_text()).startswith((executed + SEOUL).strftime("%H:%M:%S"))
    await expect(seoul.locator("#balances tbody td").nth(1)).to_have_text("9.54")
    await expect(seoul.locator("#balances tbody td").nth(1)).to_have_attribute("title", "9.5414083012")
    await expect(seoul.locator("#event-log li").first).to_have_text(re.compile(r"^#\d+ \d\d:\d\d:\d\d "))


async def test_health_reads_running_with_the_details_one_click_away(seoul: Page) -> None:
    await expect(seoul.locator("#bot-state")).to_have_text("Running", timeout=LIVE_MS)
    await expect(seoul.locator("#bot-details dl")).to_be_hidden()

    await seoul.click("#bot-details summary")

    await expect(seoul.locator("#bot-details dl")).to_contain_text("User-data stream")
    await expect(seoul.locator("#bot-details dl")).not_to_contain_text("None")


async def test_the_settings_form_shows_the_servers_refusal_next_to_the_field_then_saves(seoul: Page) -> None:
    await seoul.select_option("#config-key", "risk")
    await expect(seoul.locator("#settings-status")).to_contain_text("Loaded risk")
    field = seoul.locator('#settings-fields [data-field="value.daily_loss_limit"]')

    await seoul.fill("#setting-daily_loss_limit", "2")
    await seoul.click("#btn-settings-save")

    await expect(field.locator(".field-error")).to_have_text(
        "value.daily_loss_limit: must be greater than 0 and at most 1, got '2'"
    )
    await expect(seoul.locator('#settings-fields [data-field="value.max_risk_per_trade"] .field-error')).to_be_empty()

    await seoul.fill("#setting-daily_loss_limit", "0.06")
    await seoul.click("#btn-settings-save")

    await expect(seoul.locator("#settings-status")).to_contain_text("Saved risk as version")
    await expect(field.locator(".field-error")).to_be_empty()
    await expect(seoul.locator("#daily-loss")).to_contain_text("limit 0.06", timeout=LIVE_MS)
    # The JSON view stays one click away and knows the new version
    await seoul.click("#config-json summary")
    await expect(seoul.locator("#config-value")).to_have_value(re.compile(r'"daily_loss_limit": "0.06"'))


async def test_the_equity_chart_draws_the_wallet_and_follows_it_as_trades_arrive(seoul: Page, stack: Stack) -> None:
    events = stack.bot.events
    chart = seoul.locator("#equity-chart")
    stack.bot.store(events.balance(wallet="1000"), events.trade(7, qty="10", price="0.5", realized_pnl="0"))
    await expect(chart).to_have_attribute("data-last-equity", "1000", timeout=LIVE_MS)
    await expect(chart).to_have_attribute("data-days", "30")
    await expect(chart.locator("polyline")).to_have_count(1)

    stack.bot.store(
        events.trade(8, side="SELL", qty="10", price="0.6", realized_pnl="1"), events.balance(wallet="1001")
    )

    await expect(chart).to_have_attribute("data-last-equity", "1001", timeout=LIVE_MS)
    await expect(chart.locator("rect.bar-up")).to_have_count(1)
    await seoul.select_option("#equity-days", "7")
    await expect(chart).to_have_attribute("data-days", "7")


async def test_trade_history_pages_back_by_cursor_and_filters_by_side(seoul: Page, stack: Stack) -> None:
    events = stack.bot.events
    stack.bot.store(*(events.trade(n, side="BUY" if n % 2 else "SELL", qty="1", price="0.5") for n in range(1, 31)))
    rows = seoul.locator("#history-table tbody tr[data-trade-id]")
    await seoul.click("#btn-history-filter")
    await expect(rows).to_have_count(25, timeout=LIVE_MS)
    await expect(rows.first).to_have_attribute("data-trade-id", "30")

    await seoul.click("#btn-history-older")

    await expect(rows).to_have_count(5)
    await expect(rows.first).to_have_attribute("data-trade-id", "5")
    await expect(seoul.locator("#history-status")).to_have_text("Page 2 (the oldest)")

    await seoul.select_option("#history-side", "SELL")
    await seoul.click("#btn-history-filter")

    await expect(rows).to_have_count(15)
    assert set(await seoul.locator("#history-table tbody tr td:nth-child(3)").all_inner_texts()) == {"SELL"}
