"""In Chromium: an admin goes from the dashboard to the audit trail and sees their login and the pause they clicked."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.web.browser.web_server import USER

pytestmark = pytest.mark.anyio

SEEN_MS = 10_000


async def test_an_admin_sees_their_login_and_their_pause_in_the_audit_trail(page: Page) -> None:
    await page.click("#btn-pause")
    await expect(page.locator('#command-list tr[data-type="PauseEngine"]')).to_have_count(1, timeout=SEEN_MS)

    await page.click("#link-audit")

    rows = page.locator("#audit-list tbody tr")
    # The page may also have refreshed its access token (ADR 0083): that is a row of its own
    pause = rows.filter(has_text="POST /api/commands PauseEngine")
    login = rows.filter(has_text="login")
    await expect(pause).to_have_count(1, timeout=SEEN_MS)
    await expect(login).to_have_count(1, timeout=SEEN_MS)
    await expect(pause).to_contain_text("201 ok")
    for row in (pause, login):
        await expect(row).to_contain_text(USER)
        await expect(row).to_contain_text("127.0.0.1")
        await expect(row).to_contain_text("session:")
