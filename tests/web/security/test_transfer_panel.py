"""The transfer panel (ADR 0090) is a trader's: a viewer's page has neither the form nor its script; a trader's shows
the futures wallet beside the form, and the form's command asks for a fresh second factor like closing does."""

from __future__ import annotations

from pathlib import Path

import pytest

from application.projector import Projector
from entrypoints.web.security.dangerous import dangerous
from ports.user_store import Role
from tests.harness.builders import EventFactory
from tests.web.security.panel import Panel, build_panel

pytestmark = pytest.mark.anyio

TRANSFER_PARTS = ('id="transfer-form"', 'id="transfer-confirm"', "js/transfer.js")


@pytest.fixture
def panel(tmp_path: Path) -> Panel:
    return build_panel(tmp_path)


async def page(panel: Panel, role: Role) -> str:
    response = await panel.ask("GET", "/", None, "bearer", role)
    assert response.status_code == 200
    text: str = await response.get_data(as_text=True)
    return text


async def test_a_viewer_sees_no_transfer_form(panel: Panel) -> None:
    shown = await page(panel, Role.VIEWER)

    assert [part for part in TRANSFER_PARTS if part in shown] == []


async def test_a_trader_sees_the_form_with_the_futures_wallet(panel: Panel) -> None:
    adapters = panel.container.adapters
    adapters.event_store().append([EventFactory().balance(wallet="1234.5")])
    Projector(adapters.event_store(), adapters.projection_store()).catch_up()

    shown = await page(panel, Role.TRADER)

    assert all(part in shown for part in TRANSFER_PARTS)
    assert "<td>Futures</td><td>1234.5 USDT</td>" in shown


def test_the_transfer_command_asks_for_a_fresh_second_factor() -> None:
    body = {"type": "Transfer", "payload": {"direction": "TO_FUTURES", "asset": "USDT", "amount": "5"}}

    assert dangerous("commands_api.create_command", None, body, {}) == "moving funds between spot and futures"
