"""Exchange sets are interchangeable (ADR 0058): the same provider names, each resolving to its port in the bot."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from dependency_injector import containers, providers

from adapters.binance.rest import BinanceGateway
from adapters.simulator.engine.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedExchangeGateway
from config.secrets import Secrets, load_secrets
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.bot import build_bot_container
from entrypoints.containers.exchanges import EXCHANGE_PORTS, BinanceExchange, SimulatedExchange
from ports.exchange import ExchangeGateway, UserDataStream


@pytest.fixture
def secrets(tmp_path: Path) -> Secrets:
    path = tmp_path / "secrets.yaml"
    path.write_text("mode: sim\n", encoding="utf-8")
    return load_secrets(path, env={})


@pytest.mark.parametrize("exchange_set", [BinanceExchange, SimulatedExchange])
def test_every_exchange_set_provides_the_exchange_names(exchange_set: type[containers.DeclarativeContainer]) -> None:
    assert set(EXCHANGE_PORTS) <= set(exchange_set.providers)


def test_the_bot_talks_to_binance_unless_given_another_exchange(secrets: Secrets) -> None:
    bot = build_bot_container(secrets, in_memory_adapters())

    assert isinstance(bot.gateway(), BinanceGateway)
    assert isinstance(bot.user_stream(), UserDataStream)


@pytest.mark.anyio
async def test_an_in_process_exchange_serves_the_same_names_on_the_adapters_clock(secrets: Secrets) -> None:
    adapters = in_memory_adapters()
    engine = MatchingEngine(adapters.clock(), seed=7)
    bot = build_bot_container(secrets, adapters, exchange=SimulatedExchange(engine=providers.Object(engine)))
    engine.on_price(bot.settings().trading.symbol, Decimal("0.5"))

    gateway = bot.gateway()
    assert isinstance(gateway, SimulatedExchangeGateway) and isinstance(gateway, ExchangeGateway)
    assert await gateway.server_time() == adapters.clock().now()
    assert isinstance(bot.user_stream(), UserDataStream)
    assert bot.exchange.rate_limits()()[0] is None
    await bot.exchange.close()()
