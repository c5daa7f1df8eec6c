"""The exchange sets, with identical provider names: Binance over HTTP and WebSocket, and the simulator in-process.

`BinanceExchange` is the exchange of production, testnet and the demo (whose simulator serves the same wire);
`SimulatedExchange` is the in-memory one: the simulator's matching engine answering in the process (ADR 0058).
The bot container holds one set and reads only the names in EXCHANGE_PORTS from it; it gives every set the
adapters' `clock` and the traded `symbol`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
import httpx
from dependency_injector import containers, providers

from adapters.binance.rest import BinanceGateway
from adapters.binance.stream import BinanceUserDataStream
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.inprocess import SimulatedExchangeGateway, SimulatedUserDataStream
from adapters.simulator.inprocess.gateway import KlineSource, MarkPriceSource
from application.loop_ports import RateLimitReading
from config.secrets import Secrets
from domain.events import RateLimitState
from entrypoints.bot import wiring
from ports.clock import Clock
from ports.exchange import ExchangeGateway, UserDataStream

Close = Callable[[], Awaitable[None]]
# The clock port is abstract; a Dependency checks instances against it all the same
CLOCK: type = Clock

# Every exchange set provides these names: the REST gateway, the user-data stream, what the governor reads, and
# the closing of what the set opened (sockets, a listenKey); each is what its port or type says
EXCHANGE_PORTS: dict[str, type | None] = {
    "gateway": ExchangeGateway,
    "user_stream": UserDataStream,
    "rate_limits": None,
    "close": None,
}


def _binance_close(stream: UserDataStream, gateway: BinanceGateway, listen_keys: httpx.AsyncClient) -> Close:
    async def close() -> None:
        # A stand-in stream (a test's quiet one) opened no socket and holds no listenKey to delete
        if isinstance(stream, BinanceUserDataStream):
            await stream.close()
        await gateway.aclose()
        await listen_keys.aclose()

    return close


def _binance_rate_limits(gateway: BinanceGateway) -> RateLimitReading:
    governor = gateway.governor
    return lambda: (governor.used_weight, governor.state)


class BinanceExchange(containers.DeclarativeContainer):
    """The Binance adapter: a signed REST gateway (paced by its weight governor) and the listenKey user stream."""

    secrets = providers.Dependency(instance_of=Secrets)
    clock: providers.Dependency[Clock] = providers.Dependency(instance_of=CLOCK)
    symbol = providers.Dependency(instance_of=str)
    on_rate_limit: providers.Dependency[wiring.RateLimitRecorder] = providers.Dependency()
    time_scale = providers.Dependency(instance_of=wiring.TimeScale)
    # None: real sockets; tests put an httpx.ASGITransport over the simulator's app here
    transport: providers.Dependency[httpx.AsyncBaseTransport | None] = providers.Dependency()

    rest_options = providers.Singleton(wiring.rest_options, time_scale)
    # What the gateway waits with (Retry-After, a ban, lookups under lag); a test's sleep moves its manual clock
    sleep = providers.Object(anyio.sleep)

    gateway = providers.Singleton(wiring.gateway, secrets, clock, on_rate_limit, rest_options, transport, sleep)
    listen_key_client = providers.Singleton(wiring.listen_key_client, secrets, transport)
    user_stream = providers.Singleton(wiring.user_stream, secrets, listen_key_client, clock, symbol, time_scale)
    rate_limits = providers.Singleton(_binance_rate_limits, gateway)
    close = providers.Singleton(_binance_close, user_stream, gateway, listen_key_client)


def _no_rate_limits() -> RateLimitReading:
    # The in-process face sends nothing over a wire, so no weight is ever used
    return lambda: (None, RateLimitState.NORMAL)


def _simulated_close(stream: SimulatedUserDataStream) -> Close:
    async def close() -> None:
        stream.close()

    return close


class SimulatedExchange(containers.DeclarativeContainer):
    """The simulator's matching engine in the process, on the adapters' clock: Binance's semantics without a wire.

    `engine` defaults to a fresh engine on `clock`; a test passes its own to arrange exchange-side facts.
    `klines` and `mark_price` are the market reads the engine lacks (None: the gateway says so when asked).
    """

    clock: providers.Dependency[Clock] = providers.Dependency(instance_of=CLOCK)
    symbol = providers.Dependency(instance_of=str)
    engine = providers.Singleton(MatchingEngine, clock, seed=7)
    klines: providers.Object[KlineSource | None] = providers.Object(None)
    mark_price: providers.Object[MarkPriceSource | None] = providers.Object(None)

    gateway = providers.Singleton(SimulatedExchangeGateway, engine, clock, mark_price=mark_price, klines=klines)
    user_stream = providers.Singleton(SimulatedUserDataStream, engine, symbol)
    rate_limits = providers.Singleton(_no_rate_limits)
    close = providers.Singleton(_simulated_close, user_stream)
