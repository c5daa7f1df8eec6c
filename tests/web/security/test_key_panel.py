"""The dashboard's API key panel: on an admin's page only, filled by a script that escapes every value."""

from __future__ import annotations

from pathlib import Path

import pytest

from ports.user_store import Role
from tests.web.api.conftest import USER, Api, logged_in, secured_app, web_container

pytestmark = pytest.mark.anyio

SCRIPT = Path(__file__).resolve().parents[3] / "entrypoints" / "web" / "static" / "js" / "api_keys.js"


async def page_for(api: Api) -> str:
    response = await api.get("/")
    assert response.status_code == 200
    return await response.get_data(as_text=True)


async def test_an_admin_sees_the_key_panel(tmp_path: Path) -> None:
    container = web_container(tmp_path)
    api = await logged_in(secured_app(container), container)

    assert 'id="api-keys"' in await page_for(api)


@pytest.mark.parametrize("role", [Role.TRADER, Role.VIEWER])
async def test_a_trader_or_viewer_does_not(tmp_path: Path, role: Role) -> None:
    container = web_container(tmp_path)
    app = secured_app(container)
    container.adapters.user_store().set_role(USER, role)

    page = await page_for(await logged_in(app, container))

    assert 'id="mode-banner"' in page and 'id="api-keys"' not in page


def test_the_panel_script_writes_values_as_text_never_as_html() -> None:
    script = SCRIPT.read_text(encoding="utf-8")

    assert "textContent" in script
    assert not any(sink in script for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"))
