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
    await expect(rows).to_have_count(2, timeout=SEEN_MS)
    pause, login = rows.nth(0), rows.nth(1)
    await expect(pause).to_contain_text("POST /api/commands PauseEngine")
    await expect(pause).to_contain_text("201 ok")
    await expect(login).to_contain_text("login")
    for row in (pause, login):
        await expect(row).to_contain_text(USER)
        await expect(row).to_contain_text("127.0.0.1")
        await expect(row).to_contain_text("session:")
