"""Exchange sets are interchangeable (ADR 0058): the same provider names, each resolving to its port in the bot."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from dependency_injector import containers, providers

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.binance.rest.governor import GovernorLimits
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedExchangeGateway
from config.secrets import Secrets, load_secrets
from domain.times import epoch_ms
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.bot import build_bot_container
from entrypoints.containers.exchanges import EXCHANGE_PORTS, BinanceExchange, SimulatedExchange
from ports.exchange import ExchangeGateway, UserDataStream
from tests.harness.containers import plugged_exchange


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


@pytest.mark.anyio
async def test_the_binance_sets_gateway_waits_with_its_sleep_and_signs_with_its_options(secrets: Secrets) -> None:
    adapters = in_memory_adapters()
    bot = build_bot_container(secrets, adapters)
    sent: list[httpx.Request] = []
    waits: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        # Every answer reports a used weight past the slow threshold below, so the next poll must pause first
        sent.append(request)
        weight = {"X-MBX-USED-WEIGHT-1M": "100"}
        if request.url.path == "/fapi/v1/time":
            return httpx.Response(200, json={"serverTime": epoch_ms(adapters.clock().now())}, headers=weight)
        return httpx.Response(200, json=[], headers=weight)

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    bot.transport.override(providers.Object(httpx.MockTransport(answer)))
    binance = plugged_exchange(bot)
    binance.sleep.override(providers.Object(sleep))
    limits = GovernorLimits(warn_at=50, slow_at=50, slow_pause=timedelta(seconds=3))
    binance.rest_options.override(providers.Object(RestOptions(recv_window=timedelta(seconds=7), limits=limits)))

    await bot.gateway().open_orders(bot.settings().trading.symbol)
    await bot.exchange.close()()

    assert waits and set(waits) == {3.0}
    signed = [request for request in sent if request.url.path != "/fapi/v1/time"]
    assert signed and {request.url.params["recvWindow"] for request in signed} == {"7000"}
