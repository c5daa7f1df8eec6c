"""The fault rig: the simulator's wire server on a real port, and the bot built by its container against it.

The bot is `build_bot_container` with the default Binance exchange set: its secrets point at the server, its transport
records every request, and the gateway's sleeps move the simulated clock. Faults are armed and the oracle is read
through the simulator's own /_sim/ API, as an operator would.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import httpx
from dependency_injector import providers

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.binance.stream import (
    BinanceUserDataStream,
    HttpListenKeyApi,
    ListenKeyLifecycle,
    StreamEndpoints,
)
from adapters.memory.clock import ManualClock, SequentialIds
from application.executor import Executor
from config.secrets import Credentials, Secret, Secrets, load_secrets
from domain.commands import USER_PRIORITY, Actor, ActorKind, Command, CommandRecord, PlaceOrder
from domain.events import RateLimitChanged, TradeExecuted
from domain.values import OrderType, Scope, Side
from entrypoints.containers.adapters import InMemoryAdapters, in_memory_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from ports.command_store import CommandStore
from ports.event_store import EventStore
from ports.exchange import UserDataMessage
from tests.binance.rest.support import Recording, Sleeps, form
from tests.binance.stream.sim_server import RunningSim, running_sim
from tests.binance.stream.support import fast_backoff, fast_timing, take
from tests.harness.containers import plugged_exchange
from tests.simulator.server.support import KEY, SECRET

BUY_20 = PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(20))
USER = Actor(ActorKind.USER, "admin")
GUARD_SECONDS = 10


def secrets_for(sim: RunningSim) -> Secrets:
    """Sim mode against the rig's server, read from a secrets file, with the key pair the server was started with."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "secrets.yaml"
        path.write_text(
            f"mode: sim\nsim:\n  rest_url: {sim.client.base_url}\n  ws_url: {sim.ws_url}\n", encoding="utf-8"
        )
        loaded = load_secrets(path, env={})
    return dataclasses.replace(loaded, credentials=Credentials(Secret(KEY), Secret(SECRET)))


class KeptKeys(HttpListenKeyApi):
    """The real listenKey API, remembering every key the simulator issued."""

    def __init__(self, client: httpx.AsyncClient, api_key: str, clock: ManualClock) -> None:
        super().__init__(client, api_key, clock)
        self.issued: list[str] = []

    async def create(self) -> str:
        key = await super().create()
        if key not in self.issued:
            self.issued.append(key)
        return key


@dataclass
class Rig:
    """The running simulator and the bot's container against it, with the parts of the bot the tests drive."""

    sim: RunningSim
    sent: Recording
    options: RestOptions | None
    bot: BotContainer
    ids: SequentialIds = field(default_factory=lambda: SequentialIds("cmd-"))

    def __post_init__(self) -> None:
        self.gateway: BinanceGateway = self.bot.gateway()
        self.executor: Executor = self.bot.executor()
        self.commands: CommandStore = self.bot.adapters.command_store()
        self.events: EventStore = self.bot.adapters.event_store()
        self.scope: Scope = self.bot.scope()

    @property
    def changes(self) -> list[RateLimitChanged]:
        """Every change of the gateway's rate-limit state, as the bot recorded it in its event log."""
        stored = self.events.read_after(0, 100_000)
        return [s.event.payload for s in stored if isinstance(s.event.payload, RateLimitChanged)]

    @asynccontextmanager
    async def restarted(self) -> AsyncIterator[BotContainer]:
        """A second bot over this one's event log and commands, its projections rebuilt from the log (a restart)."""
        adapters = in_memory_adapters()
        adapters.event_store.override(providers.Object(self.events))
        adapters.command_store.override(providers.Object(self.commands))
        async with bot_on(self.sim, self.sent, self.options, adapters, SequentialIds("restart-")) as bot:
            yield bot

    async def arm(self, fault: str, **setting: Any) -> None:
        """Arm `fault` through PUT /_sim/faults/{fault} with `setting` (count, duration, seconds, placed)."""
        answer = await self.sim.client.put(f"/_sim/faults/{fault}", json=setting)
        assert answer.status_code == 200, answer.text

    async def clear(self, fault: str) -> None:
        answer = await self.sim.client.delete(f"/_sim/faults/{fault}")
        assert answer.status_code == 200, answer.text

    async def fault_log(self, fault: str) -> list[str]:
        """The details of every firing of `fault` so far, oldest first."""
        answer = await self.sim.client.get("/_sim/faults/log")
        return [row["detail"] for row in answer.json() if row["fault"] == fault]

    async def oracle(self) -> dict[str, Any]:
        answer = await self.sim.client.get("/_sim/state")
        return dict(answer.json())

    async def place(self, payload: PlaceOrder = BUY_20) -> CommandRecord:
        """Insert a user command, claim it and run it through the real Executor, as the bot's loop does."""
        command_id = self.ids.new_id()
        now = self.sim.simulation.clock.now()
        command = Command(command_id, f"user:{command_id}", USER_PRIORITY, USER, self.scope, now, command_id, payload)
        self.commands.insert(command, now)
        claimed = self.commands.claim_next(now)
        assert claimed is not None and claimed.command.command_id == command_id
        return await self.executor.run(claimed)

    def posts(self) -> list[str]:
        """The client order id of every placement the gateway put on the wire, in order."""
        return [
            form(request)["newClientOrderId"]
            for request in self.sent.requests
            if request.method == "POST" and request.url.path == "/fapi/v1/order"
        ]

    async def rest_trade_ids(self) -> set[int]:
        return {trade.trade_id for trade in await self.gateway.user_trades(self.symbol, None)}

    @property
    def symbol(self) -> str:
        return self.sim.simulation.options.symbol

    def advance(self, seconds: float) -> None:
        self.sim.simulation.clock.advance(seconds)

    async def assert_one_order_per_intent_and_every_fill_reported(self, ws_trade_ids: Iterable[int] = ()) -> None:
        """The oracle holds one order (regular or algo) per intent's client id; the adapter reported every trade."""
        oracle = await self.oracle()
        intents = {
            link.client_order_id
            for record in self.commands.list(limit=1000)
            for link in self.commands.order_links(record.command.command_id)
        }
        placed = Counter(order["clientOrderId"] for order in oracle["orders"] if not order["byHand"])
        placed += Counter(algo["clientAlgoId"] for algo in oracle["algoOrders"] if not algo["byHand"])
        assert placed == Counter(intents), f"orders per client id {dict(placed)}, intents {sorted(intents)}"
        reported = await self.rest_trade_ids() | set(ws_trade_ids)
        missing = {int(trade["id"]) for trade in oracle["trades"]} - reported
        assert not missing, f"fills on the exchange never reported by the adapter: {sorted(missing)}"


@asynccontextmanager
async def bot_on(
    sim: RunningSim, sent: Recording, options: RestOptions | None, adapters: InMemoryAdapters, ids: SequentialIds
) -> AsyncIterator[BotContainer]:
    """The bot's container on the simulation's clock, its gateway recording into `sent` and sleeping on that clock."""
    clock = sim.simulation.clock
    adapters.clock.override(providers.Object(clock))
    adapters.ids.override(providers.Object(ids))
    bot = build_bot_container(secrets_for(sim), adapters)
    bot.transport.override(providers.Object(sent))
    binance = plugged_exchange(bot)
    binance.sleep.override(providers.Object(Sleeps(clock)))
    if options is not None:
        binance.rest_options.override(providers.Object(options))
    try:
        yield bot
    finally:
        await bot.exchange.close()()


@asynccontextmanager
async def fault_rig(options: RestOptions | None = None) -> AsyncIterator[Rig]:
    """The simulator served by Hypercorn on a free port; the bot's gateway sleeps move the simulated clock."""
    async with running_sim() as sim:
        sent = Recording(httpx.AsyncHTTPTransport())
        async with bot_on(sim, sent, options, in_memory_adapters(), SequentialIds("id-")) as bot:
            yield Rig(sim, sent, options, bot)


@dataclass
class UserStream:
    """The adapter's user-data stream on the rig's server, read by the test as the bot's consumer would."""

    messages: AsyncIterator[UserDataMessage]
    clock: ManualClock
    keys: KeptKeys
    trade_ids: set[int] = field(default_factory=set)

    async def next(self, count: int = 1) -> list[UserDataMessage]:
        taken = await take(self.messages, count)
        self.trade_ids |= {m.trade_id for m in taken if isinstance(m, TradeExecuted)}
        return taken

    async def until_state(self, state: str) -> list[UserDataMessage]:
        """Every message up to and including the first StreamStatus of `state`."""
        received: list[UserDataMessage] = []
        while not received or getattr(received[-1], "state", None) != state:
            received += await self.next()
        return received

    async def until_trade(self, trade_id: int) -> list[UserDataMessage]:
        """Every message up to and including the TradeExecuted of `trade_id`."""
        received: list[UserDataMessage] = []
        with anyio.fail_after(GUARD_SECONDS):
            while trade_id not in self.trade_ids:
                received += await self.next()
        return received


@asynccontextmanager
async def user_stream(rig: Rig, **timing: Any) -> AsyncIterator[UserStream]:
    """A connected BinanceUserDataStream on its own manual clock (silence and keepalive move only when told)."""
    clock = ManualClock()
    keys = KeptKeys(rig.sim.client, KEY, clock)
    stream = BinanceUserDataStream(
        ListenKeyLifecycle(keys, clock),
        rig.symbol,
        clock,
        StreamEndpoints(rig.sim.ws_url),
        fast_timing(**timing),
        fast_backoff(),
    )
    async with aclosing(stream.messages()) as messages:
        reader = UserStream(messages, clock, keys)
        [connected] = await reader.next()
        assert getattr(connected, "state", None) == "connected"
        await rig.sim.sockets_become(1)
        yield reader
