"""The dashboard in headless Chromium: live updates over SSE, the controls' commands, and the JSON view of settings."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from decimal import Decimal

import anyio
import pytest
from playwright.async_api import Browser, Page, expect

from domain.values import Side
from entrypoints.web.security.api_keys import new_api_key
from ports.health import UnresolvedOrder
from ports.user_store import Role
from tests.web.browser.conftest import Stack, log_in
from tests.web.browser.web_server import USER

pytestmark = pytest.mark.anyio

PAUSE_DEADLINE_MS = 2000
LIVE_MS = 5000
# The health panel is polled every 5 s
HEALTH_POLL_MS = 12000


async def test_a_browser_that_is_not_logged_in_is_sent_to_the_login_page_and_back(
    browser: Browser,
    stack: Stack,
) -> None:
    page = await browser.new_page()
    await page.goto(stack.url)
    await expect(page.locator("#login-form")).to_be_visible()

    await log_in(page, stack.url)

    await expect(page.locator("#mode-banner")).to_contain_text("SIM")
    await page.close()


async def test_a_position_and_a_trade_appear_live_without_a_reload(page: Page, stack: Stack) -> None:
    await expect(page.locator("#position-side")).to_have_text("FLAT")
    await expect(page.locator("#stream-state")).to_have_text("live")
    await page.evaluate("window.notReloaded = true")

    events = stack.bot.events
    stack.bot.store(events.balance(wallet="1000"), events.trade(7, qty="10", price="0.5"), events.fee(7, amount="0.01"))

    await expect(page.locator("#position-side")).to_have_text("LONG", timeout=LIVE_MS)
    await expect(page.locator("#position-qty")).to_have_text("10")
    await expect(page.locator('#trades tr[data-trade-id="7"]')).to_be_visible()
    await expect(page.locator("#event-log li", has_text="trade.executed.v1")).to_have_count(1)
    assert await page.evaluate("window.notReloaded") is True


async def test_clicking_pause_shows_paused_within_two_seconds(page: Page) -> None:
    await page.click("#btn-pause")

    await expect(page.locator("#engine-state")).to_have_text("PAUSED", timeout=PAUSE_DEADLINE_MS)
    await expect(page.locator('#command-list tr[data-type="PauseEngine"] .pill')).to_have_text("ACK", timeout=LIVE_MS)


async def test_closing_the_position_asks_first_then_leaves_it_flat(page: Page, stack: Stack) -> None:
    stack.bot.store(stack.bot.events.trade(1, qty="25", price="0.6"))
    await expect(page.locator("#position-side")).to_have_text("LONG", timeout=LIVE_MS)

    await page.click("#btn-close")
    await expect(page.locator("#close-confirm")).to_be_visible()
    await page.click("#btn-close-confirm")

    await expect(page.locator("#position-side")).to_have_text("FLAT", timeout=LIVE_MS)
    await expect(page.locator("#position-qty")).to_have_text("0")
    await expect(page.locator('#command-list tr[data-type="ClosePosition"] .pill')).to_have_text("ACK")


async def test_setting_the_leverage_shows_the_new_leverage(page: Page) -> None:
    await page.fill("#leverage-input", "7")
    await page.click("#btn-leverage")

    await expect(page.locator("#position-leverage")).to_have_text("7×", timeout=LIVE_MS)


async def test_an_order_with_an_unknown_outcome_is_shown_and_its_cancel_settles_it(page: Page, stack: Stack) -> None:
    cid = "ae-m0123456789abcdef0123456789abcd"
    since = datetime.now(UTC)
    stack.bot.unresolved = (
        UnresolvedOrder(
            "cmd-1", "PlaceOrder", cid, "main", False, Side.BUY, Decimal(100), since, since, "looking it up every 3 s"
        ),
    )
    panel = page.locator("#unresolved-orders")
    # No event comes with it: the polled health panel's count brings the live panel up to date
    await expect(panel).to_contain_text(cid, timeout=HEALTH_POLL_MS)
    await expect(panel).to_contain_text("looking it up every 3 s")

    page.once("dialog", lambda dialog: dialog.accept())
    await panel.get_by_role("button", name=f"Cancel order {cid}").click()

    await expect(page.locator('#command-list tr[data-type="CancelOrder"] .pill')).to_have_text("ACK", timeout=LIVE_MS)
    await expect(panel).to_have_count(0, timeout=HEALTH_POLL_MS)


async def test_a_command_the_bot_refuses_shows_failed_with_its_reason(page: Page) -> None:
    await page.fill("#leverage-input", "100")
    await page.click("#btn-leverage")

    row = page.locator('#command-list tr[data-type="SetLeverage"]')
    await expect(row.locator(".pill")).to_have_text("FAILED", timeout=LIVE_MS)
    await expect(row).to_contain_text("above the bracket's maximum of 50")


async def test_a_wrong_password_shows_why_the_login_failed(browser: Browser, stack: Stack) -> None:
    page = await browser.new_page()
    await page.goto(stack.url)
    await page.fill("#username", "demo")
    await page.fill("#password", "not the password")
    await page.click("#btn-login")

    await expect(page.locator("#login-status")).to_have_text("Login failed: invalid username or password")
    await page.close()


async def test_an_edited_config_section_is_saved_as_the_next_version(page: Page) -> None:
    await page.click("#config-json summary")
    await page.select_option("#config-key", "risk")
    await expect(page.locator("#config-status")).to_contain_text("Loaded risk")
    version = int(await page.locator("#config-version").inner_text())
    risk = json.loads(await page.locator("#config-value").input_value())

    await page.fill("#config-value", json.dumps({**risk, "daily_loss_limit": "0.07"}))
    await page.click("#btn-config-save")

    await expect(page.locator("#config-status")).to_have_text(f"Saved risk as version {version + 1}")
    await expect(page.locator("#daily-loss")).to_contain_text("limit 0.07", timeout=LIVE_MS)


async def test_saving_over_someone_elses_change_shows_the_version_conflict(page: Page, stack: Stack) -> None:
    await page.click("#config-json summary")
    await page.select_option("#config-key", "risk")
    await expect(page.locator("#config-status")).to_contain_text("Loaded risk")
    risk = json.loads(await page.locator("#config-value").input_value())
    version = int(await page.locator("#config-version").inner_text())
    stack.web.container.adapters.config_store().put(
        "risk",
        {**risk, "daily_loss_limit": "0.03"},
        expected_version=version,
        updated_by="someone-else",
        now=stack.bot.events.now,
    )

    await page.fill("#config-value", json.dumps({**risk, "daily_loss_limit": "0.04"}))
    await page.click("#btn-config-save")

    await expect(page.locator("#config-status")).to_contain_text("Version conflict")


async def test_invalid_json_is_refused_before_anything_is_sent(page: Page) -> None:
    await page.click("#config-json summary")
    await page.fill("#config-value", "{not json")
    await page.click("#btn-config-save")

    await expect(page.locator("#config-status")).to_contain_text("Not valid JSON")


async def test_an_admin_revokes_a_key_from_the_panel_and_the_key_stops_at_once(page: Page, stack: Stack) -> None:
    label = '<img src=x onerror="window.pwned=1">'
    text, record = new_api_key(USER, label, datetime.now(UTC), Role.VIEWER)
    stack.web.container.adapters.user_store().add_api_key(record)
    assert await status_with_key(stack.url, text) == 200

    await page.click("#btn-keys-reload")
    row = page.locator(f'#key-table tr[data-key-id="{record.key_id}"]')
    await expect(row).to_contain_text(label)
    button = row.locator("button")
    await button.click()
    await expect(button).to_have_text(f"Really revoke {record.key_id}?")
    await button.click()

    await expect(row).to_contain_text("revoked")
    await expect(page.locator("#key-status")).to_contain_text(f"Revoked {record.key_id}")
    assert await status_with_key(stack.url, text) == 401
    assert await page.evaluate("window.pwned === undefined")

    # The audit trail shows the revocation, by whom and from where, and the revoked key refused (ADR 0081)
    await page.click("#link-audit")
    rows = page.locator("#audit-list tbody tr")
    revoked = rows.filter(has_text=f"DELETE /api/keys/{record.key_id}")
    await expect(revoked).to_have_count(1)
    await expect(revoked).to_contain_text("200 ok")
    await expect(revoked).to_contain_text(USER)
    await expect(revoked).to_contain_text("session:")
    refused = rows.filter(has_text="GET /api/dashboard").filter(has_text="401 refused")
    await expect(refused).to_have_count(1)
    await expect(refused).to_contain_text("revoked")
    assert await page.evaluate("window.pwned === undefined")


async def status_with_key(url: str, key: str) -> int:
    def get() -> int:
        request = urllib.request.Request(f"{url}/api/dashboard", headers={"X-API-Key": key})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as refused:
            return refused.code

    return await anyio.to_thread.run_sync(get)
