"""In Chromium: a viewer's dashboard has no controls and runs without a script error; a trader's has no admin control
(ADR 0080)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.async_api import Browser, expect

from entrypoints.web.security.passwords import hash_password
from ports.user_store import Role, User
from tests.web.browser.conftest import Stack, log_in
from tests.web.browser.web_server import FAST, PASSWORD

pytestmark = pytest.mark.anyio


def add_user(stack: Stack, name: str, role: Role) -> None:
    user = User(name, hash_password(PASSWORD, FAST), datetime.now(UTC), role)
    stack.web.container.adapters.user_store().add_user(user)


@pytest.mark.parametrize(
    ("role", "shown", "left_out"),
    [
        (Role.VIEWER, [], ["#controls", "#btn-pause", "#leverage-form", "#config-form"]),
        (Role.TRADER, ["#btn-pause", "#btn-close"], ["#leverage-form", "#config-form"]),
    ],
)
async def test_the_dashboard_leaves_out_what_the_role_may_not_do(
    browser: Browser, stack: Stack, role: Role, shown: list[str], left_out: list[str]
) -> None:
    add_user(stack, role.value, role)
    context = await browser.new_context()
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    await log_in(page, stack.url, user=role.value)
    await expect(page.locator("#stream-state")).to_have_text("live")

    for selector in shown:
        await expect(page.locator(selector)).to_be_visible()
    for selector in left_out:
        await expect(page.locator(selector)).to_have_count(0)
    await expect(page.locator("#mode-banner")).to_have_attribute("data-role", role.value)
    await context.close()
    assert errors == []
