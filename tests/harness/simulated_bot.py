"""The bot as its container builds it in sim mode, over a storage set and the simulator's engine in the process.

Test benches are views over this container (ADR 0058): a stand-in replaces one provider
(`bot.executor.override(providers.Object(...))`), so who gets which store, clock, scope and writer stays the
container's, never a copy of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx
from dependency_injector import containers, providers

from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.inprocess.gateway import KlineSource
from adapters.simulator.server.app import create_sim_app
from adapters.simulator.simulation import Simulation
from config.constants import SimCredentials
from config.secrets import load_secrets
from entrypoints.containers.adapters import InMemoryAdapters, in_memory_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from entrypoints.containers.exchanges import SimulatedExchange
from ports.clock import Clock, IdGenerator
from ports.exchange import ExchangeGateway

Wrapper = TypeVar("Wrapper", bound=ExchangeGateway)


def in_memory_on(clock: Clock, ids: IdGenerator, **stores: object) -> InMemoryAdapters:
    """The in-memory set on this clock and these ids; `stores` replaces stores by provider name (`event_store=...`)."""
    adapters = in_memory_adapters()
    adapters.clock.override(providers.Object(clock))
    adapters.ids.override(providers.Object(ids))
    for name, store in stores.items():
        getattr(adapters, name).override(providers.Object(store))
    return adapters


def simulated_bot(
    adapters: containers.DeclarativeContainer, engine: MatchingEngine, klines: KlineSource | None = None
) -> BotContainer:
    """The sim-mode bot over `adapters`, trading on `engine` in the process; `klines` is its market's candles."""
    exchange = SimulatedExchange(engine=providers.Object(engine), klines=providers.Object(klines))
    return build_bot_container(load_secrets(env={}, mode="sim"), adapters, exchange=exchange)


def wired_bot(adapters: containers.DeclarativeContainer, simulation: Simulation) -> BotContainer:
    """The sim-mode bot over `adapters`, talking Binance's REST API to `simulation`'s server app in the process."""
    bot = build_bot_container(load_secrets(env={}, mode="sim"), adapters)
    app = create_sim_app(simulation, {SimCredentials.API_KEY: SimCredentials.API_SECRET})
    bot.transport.override(providers.Object(httpx.ASGITransport(app=app)))
    return bot


def wrap_gateway(bot: BotContainer, wrapper: Callable[[ExchangeGateway], Wrapper]) -> Wrapper:
    """Put `wrapper` around the exchange set's own gateway, so every part of the bot talks through it."""
    wrapped = wrapper(bot.gateway())
    bot.gateway.override(providers.Object(wrapped))
    return wrapped
