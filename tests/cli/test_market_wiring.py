"""The bot's market view as composed: the strategy reads through it, the loop publishes it, a demo stretches it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.memory.clock import ManualClock
from application.market_view import MARK_EVERY, MarketView
from config.secrets import Secrets, load_secrets
from config.settings import default_settings
from entrypoints.bot.wiring import TimeScale, market_view
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from tests.unit.application.market_fakes import FakeMarket

pytestmark = pytest.mark.anyio


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[BotContainer]:
    path = tmp_path / "secrets.yaml"
    path.write_text("mode: sim\n", encoding="utf-8")
    secrets: Secrets = load_secrets(path, env={})
    adapters = in_memory_adapters()
    yield build_bot_container(secrets, adapters)
    adapters.shutdown_resources()


def test_the_strategy_reads_the_market_through_the_view_the_loop_publishes(bot: BotContainer) -> None:
    view = bot.market_view()

    assert isinstance(view, MarketView)
    assert bot.orchestrator().current._market is view  # what the orchestrator reads is what is shown
    assert bot.loop()._market is view
    assert view.health_fields()["candle_interval"] == default_settings().strategy.timeframe


async def test_a_demo_at_thirty_times_reads_the_mark_every_five_real_seconds_not_simulated_ones(
    bot: BotContainer,
) -> None:
    clock = ManualClock()
    market = FakeMarket(clock)
    view = market_view(market, clock, bot.scope(), default_settings(), TimeScale(30))
    await view.refresh(clock.now())
    market.reads.clear()

    clock.advance(MARK_EVERY * 29)
    await view.refresh(clock.now())
    assert ("mark", bot.scope().symbol) not in market.reads

    clock.advance(MARK_EVERY)
    await view.refresh(clock.now())
    assert ("mark", bot.scope().symbol) in market.reads
