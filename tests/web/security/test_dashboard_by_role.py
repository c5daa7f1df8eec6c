"""The dashboard leaves out what a role may not do (ADR 0080): a viewer sees no command button and no config editor,
a trader no leverage or config editor; the API's 403 stays the authority (test_route_table.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from domain.values import Side
from ports.health import BotHealth, UnresolvedOrder
from ports.user_store import Role
from tests.web.security.panel import Panel, build_panel

pytestmark = pytest.mark.anyio

COMMAND_BUTTONS = ('data-command="PauseEngine"', 'data-command="CancelAll"', 'data-command="ClosePosition"')
ADMIN_CONTROLS = ('id="leverage-form"', 'id="config-form"', "js/config_editor.js")
CID = "ae-m0123456789abcdef0123456789abcd"


@pytest.fixture
def panel(tmp_path: Path) -> Panel:
    return build_panel(tmp_path)


async def page(panel: Panel, role: Role, path: str = "/") -> str:
    response = await panel.ask("GET", path, None, "bearer", role)
    assert response.status_code == 200
    text: str = await response.get_data(as_text=True)
    return text


def with_an_unresolved_order(panel: Panel) -> None:
    now: datetime = panel.container.adapters.clock().now()
    order = UnresolvedOrder("cmd-1", "PlaceOrder", CID, "main", False, Side.BUY, Decimal(100), now, now, "looking")
    health = BotHealth("host:1", now, now, "READY", True, unresolved_orders=(order,), unresolved_total=1)
    panel.container.adapters.health_store().write(health)


async def test_a_viewer_sees_no_command_button_no_config_editor_and_no_cancel(panel: Panel) -> None:
    with_an_unresolved_order(panel)

    shown = await page(panel, Role.VIEWER)

    assert 'data-role="viewer"' in shown and CID in shown
    assert [
        part for part in (*COMMAND_BUTTONS, *ADMIN_CONTROLS, "js/controls.js", "data-cancel-client-id") if part in shown
    ] == []


async def test_a_trader_sees_the_command_buttons_and_the_cancel_but_no_admin_control(panel: Panel) -> None:
    with_an_unresolved_order(panel)

    shown = await page(panel, Role.TRADER)

    assert all(part in shown for part in (*COMMAND_BUTTONS, "js/controls.js", f'data-cancel-client-id="{CID}"'))
    assert [part for part in ADMIN_CONTROLS if part in shown] == []


async def test_an_admin_sees_every_control(panel: Panel) -> None:
    shown = await page(panel, Role.ADMIN)

    assert all(part in shown for part in (*COMMAND_BUTTONS, *ADMIN_CONTROLS, "js/controls.js"))


async def test_the_live_fragment_htmx_swaps_in_keeps_the_cancel_from_a_viewer(panel: Panel) -> None:
    with_an_unresolved_order(panel)

    viewer, trader = await page(panel, Role.VIEWER, "/?panel=live"), await page(panel, Role.TRADER, "/?panel=live")

    assert CID in viewer and "data-cancel-client-id" not in viewer
    assert f'data-cancel-client-id="{CID}"' in trader
