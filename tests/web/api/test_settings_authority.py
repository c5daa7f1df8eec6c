"""Issue 11, scenarios 2 and 3 through the web: one validation for PUT /api/config and UpdateConfig, the bot executes
what the web accepts (dotted keys too), and the web follows the symbol the bot trades (ADR 0044)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from application.config_watch import ConfigWatch
from application.event_writer import EventWriter
from config.secrets import load_secrets
from domain.commands import CommandStatus
from entrypoints.bot.process import boot_bot
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from entrypoints.containers.web import build_web_container
from tests.web.api.conftest import Api, logged_in, secured_app

pytestmark = pytest.mark.anyio

# (section, value, the field the 400 names, what it says)
REFUSED = [
    (
        "risk",
        {"max_risk_per_trade": "1e-999999999", "daily_loss_limit": "0.05"},
        "value.max_risk_per_trade",
        "must have at most 8 decimal places",
    ),
    (
        "risk",
        {"max_risk_per_trade": "Infinity", "daily_loss_limit": "0.05"},
        "value.max_risk_per_trade",
        "must be a finite number",
    ),
    (
        "risk",
        {"max_risk_per_trade": "NaN", "daily_loss_limit": "0.05"},
        "value.max_risk_per_trade",
        "must be a finite number",
    ),
    (
        "engine",
        {"poll_interval_sec": 10**400},
        "value.poll_interval_sec",
        "must be a whole number of seconds from 1 to 86400",
    ),
    (
        "strategy",
        {"name": "nope", "timeframe": "5m", "params": {}},
        "value.name",
        "'nope' is not an installed strategy",
    ),
    (
        "strategy",
        {"name": "sma_cross", "timeframe": "5m", "params": {"fast": 8, "slow": 3}},
        "value.params.fast",
        "must be smaller than slow (3), got 8",
    ),
    ("strategy", {"name": "sma_cross", "timeframe": "5m", "params": {"fats": 8}}, "value.params.fats", "is unknown"),
    (
        "strategy",
        {"name": "sma_cross", "timeframe": "5m", "params": {"slow": 10**6}},
        "value.params.slow",
        "must be a whole number from 2 to 1000",
    ),
]


@dataclass
class Stack:
    """A web app and a bot container on one in-memory adapter set, as `alphaengine demo` runs them."""

    api: Api
    bot: BotContainer

    @property
    def config(self) -> Any:
        return self.api.container.adapters.config_store()


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    secrets_file = tmp_path / "secrets.yaml"
    secrets_file.write_text("mode: sim\n", encoding="utf-8")
    secrets = load_secrets(secrets_file, env={})
    adapters = in_memory_adapters()
    web = build_web_container(secrets, adapters)
    bot = build_bot_container(secrets, adapters)
    yield Stack(await logged_in(secured_app(web), web), bot)
    adapters.shutdown_resources()


def boot(bot: BotContainer) -> None:
    """Load the settings and publish the health row, as the bot's first boot phase does."""
    boot_bot(bot, "memory")
    bot.board().publish()


async def put(api: Api, key: str, value: Any) -> Any:
    return await api.put(f"/api/config/{key}", json={"value": value})


async def update_config(api: Api, key: str, value: Any) -> Any:
    return await api.post("/api/commands", json={"type": "UpdateConfig", "payload": {"key": key, "value": value}})


@pytest.mark.parametrize("writer", ["PUT /api/config", "UpdateConfig"])
@pytest.mark.parametrize(("section", "value", "field", "problem"), REFUSED)
async def test_a_value_the_bot_would_refuse_is_a_400_naming_the_field_and_nothing_is_stored(
    stack: Stack,
    writer: str,
    section: str,
    value: Any,
    field: str,
    problem: str,
) -> None:
    if writer == "UpdateConfig":
        response, field = await update_config(stack.api, section, value), "payload." + field
    else:
        response = await put(stack.api, section, value)

    body = await response.get_json()
    assert response.status_code == 400
    assert body["field"] == field and problem in body["error"], body
    assert stack.config.get(section) is None
    assert stack.api.container.adapters.command_store().list() == []


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("risk.max_risk_per_trade", "1e-999999999", "must have at most 8 decimal places"),
        ("engine.poll_interval_sec", 10**400, "must be a whole number of seconds from 1 to 86400"),
        ("strategy.params.fast", 30, "must be smaller than slow (20), got 30"),
    ],
)
async def test_a_dotted_update_config_the_bot_would_refuse_is_a_400_naming_the_value(
    stack: Stack,
    key: str,
    value: Any,
    problem: str,
) -> None:
    response = await update_config(stack.api, key, value)

    body = await response.get_json()
    assert response.status_code == 400
    assert body["field"] == "payload.value" and body["error"].startswith(f"payload.value: {problem}"), body


async def test_a_dotted_update_config_accepted_by_the_web_executes_in_the_bot(stack: Stack) -> None:
    boot(stack.bot)
    response = await update_config(stack.api, "engine.poll_interval_sec", 5)
    assert response.status_code == 201, await response.get_json()
    commands = stack.bot.adapters.command_store()

    record = await stack.bot.executor().run(commands.claim_next(stack.api.clock.now()))

    assert record.status is CommandStatus.ACK, record.error
    assert record.result == {"key": "engine", "version": 2}
    assert stack.config.get("engine").value == {"poll_interval_sec": 5}


async def test_a_dotted_update_config_into_strategy_params_keeps_the_other_params(stack: Stack) -> None:
    boot(stack.bot)
    assert (await update_config(stack.api, "strategy.params.fast", 12)).status_code == 201
    commands = stack.bot.adapters.command_store()

    record = await stack.bot.executor().run(commands.claim_next(stack.api.clock.now()))

    assert record.status is CommandStatus.ACK, record.error
    assert stack.config.get("strategy").value["params"] == {"fast": 12, "slow": 20}


async def test_a_stored_symbol_change_is_pending_and_web_commands_follow_the_traded_symbol(stack: Stack) -> None:
    boot(stack.bot)
    changed = await put(stack.api, "trading", {"symbol": "BTCUSDT", "account_id": "main"})
    assert changed.status_code == 200
    stack.bot.live_config()(stack.config.all())

    dashboard = await (await stack.api.get("/api/dashboard")).get_json()
    config = await (await stack.api.get("/api/config")).get_json()
    command = await (await stack.api.post("/api/commands", json={"type": "PauseEngine"})).get_json()

    assert stack.bot.live_config().settings.trading.symbol == "XRPUSDT"
    assert dashboard["symbol"] == "XRPUSDT"
    assert (
        dashboard["pending_restart"]
        == config["pending_restart"]
        == ["trading.symbol = BTCUSDT (the bot trades XRPUSDT)"]
    )
    assert (command["scope"]["symbol"], command["scope"]["account_id"]) == ("XRPUSDT", "main")


async def test_before_any_bot_ran_the_web_follows_the_stored_symbol_it_will_start_on(stack: Stack) -> None:
    await put(stack.api, "trading", {"symbol": "BTCUSDT", "account_id": "main"})

    dashboard = await (await stack.api.get("/api/dashboard")).get_json()

    assert (dashboard["symbol"], dashboard["pending_restart"]) == ("BTCUSDT", [])


async def test_a_stored_value_the_bot_refused_is_shown_on_the_dashboard(stack: Stack) -> None:
    boot(stack.bot)
    bad = {"name": "gone", "timeframe": "5m", "params": {}}
    stack.config.put("strategy", bad, expected_version=None, updated_by="sql", now=stack.api.clock.now())
    stack.bot.live_config()(stack.config.all())
    stack.bot.board().publish()

    dashboard = await (await stack.api.get("/api/dashboard")).get_json()
    page = await (await stack.api.get("/?panel=live")).get_data(as_text=True)

    assert dashboard["settings_refused"].startswith(
        "strategy version 2 refused (strategy.name: 'gone' is not an installed strategy"
    )
    assert "Settings refused: strategy version 2 refused" in page


async def test_the_dashboard_counts_a_refused_risk_section_at_the_last_valid_version_the_bot_runs(stack: Stack) -> None:
    boot(stack.bot)
    assert (await put(stack.api, "risk", {"max_risk_per_trade": "0.01", "daily_loss_limit": "0.03"})).status_code == 200
    adapters = stack.bot.adapters
    writer = EventWriter(adapters.event_store(), adapters.ids(), adapters.clock(), stack.bot.scope())
    ConfigWatch(stack.config, writer, stack.bot.live_config()).detect()  # the bot's loop records each version it saw
    bad = {"max_risk_per_trade": "0.01", "daily_loss_limit": "7"}
    stack.config.put("risk", bad, expected_version=None, updated_by="sql", now=stack.api.clock.now())

    dashboard = await (await stack.api.get("/api/dashboard")).get_json()

    assert dashboard["daily_loss"]["limit_fraction"] == "0.03"
