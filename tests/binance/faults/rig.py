"""The fault rig: the simulator's wire server on a real port, the Binance adapter and the real Executor against it.

Faults are armed and the oracle is read through the simulator's own /_sim/ API, as an operator would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import anyio
import httpx

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.binance.stream import (
    BinanceUserDataStream,
    HttpListenKeyApi,
    ListenKeyLifecycle,
    StreamEndpoints,
)
from adapters.memory.clock import ManualClock, SequentialIds
from adapters.memory.command_store import InMemoryCommandStore
from adapters.memory.config_store import InMemoryConfigStore
from adapters.memory.event_store import InMemoryEventStore
from application.commands.effects import Effects
from application.executor import Executor
from application.projector import Projector
from application.reconciler import Reconciler
from domain.commands import USER_PRIORITY, Command, CommandRecord, PlaceOrder
from domain.events import RateLimitChanged, TradeExecuted
from domain.values import OrderType, Side
from ports.exchange import UserDataMessage
from tests.binance.rest.support import Recording, Sleeps, form
from tests.binance.stream.sim_server import RunningSim, running_sim
from tests.binance.stream.support import fast_backoff, fast_timing, take
from tests.simulator.server.support import KEY, SECRET
from tests.unit.application.bench import SCOPE, USER, known_sections

BUY_20 = PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(20))
GUARD_SECONDS = 10


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
    sim: RunningSim
    gateway: BinanceGateway
    sent: Recording
    executor: Executor
    commands: InMemoryCommandStore
    changes: list[RateLimitChanged]
    events: InMemoryEventStore
    ids: SequentialIds = field(default_factory=lambda: SequentialIds("cmd-"))
    event_ids: SequentialIds = field(default_factory=lambda: SequentialIds("rec-"))

    def reconciler(self, projector: Projector) -> Reconciler:
        """A reconciler over the executor's stores that reads the intents, as the bot's (a new one = a restart)."""
        return Reconciler(self.gateway, self.events, projector, self.sim.simulation.clock, self.event_ids, SCOPE,
                          intents=self.commands)

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
        command = Command(command_id, f"user:{command_id}", USER_PRIORITY, USER, SCOPE, now, command_id, payload)
        self.commands.insert(command, now)
        claimed = self.commands.claim_next(now)
        assert claimed is not None and claimed.command.command_id == command_id
        return await self.executor.run(claimed)

    def posts(self) -> list[str]:
        """The client order id of every placement the gateway put on the wire, in order."""
        return [form(request)["newClientOrderId"] for request in self.sent.requests
                if request.method == "POST" and request.url.path == "/fapi/v1/order"]

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
        intents = {link.client_order_id for record in self.commands.list(limit=1000)
                   for link in self.commands.order_links(record.command.command_id)}
        placed = Counter(order["clientOrderId"] for order in oracle["orders"] if not order["byHand"])
        placed += Counter(algo["clientAlgoId"] for algo in oracle["algoOrders"] if not algo["byHand"])
        assert placed == Counter(intents), f"orders per client id {dict(placed)}, intents {sorted(intents)}"
        reported = await self.rest_trade_ids() | set(ws_trade_ids)
        missing = {int(trade["id"]) for trade in oracle["trades"]} - reported
        assert not missing, f"fills on the exchange never reported by the adapter: {sorted(missing)}"


@asynccontextmanager
async def fault_rig(options: RestOptions | None = None) -> AsyncIterator[Rig]:
    """The simulator served by Hypercorn on a free port; a gateway whose sleeps move the simulated clock."""
    async with running_sim() as sim:
        clock = sim.simulation.clock
        sent = Recording(httpx.AsyncHTTPTransport())
        changes: list[RateLimitChanged] = []
        async with BinanceGateway(base_url=str(sim.client.base_url), api_key=KEY, api_secret=SECRET, clock=clock,
                                  options=options, transport=sent, on_rate_limit=changes.append,
                                  sleep=Sleeps(clock)) as gateway:
            commands, events = InMemoryCommandStore(), InMemoryEventStore()
            effects = Effects(gateway, commands, events, InMemoryConfigStore(), clock, SequentialIds("id-"), SCOPE,
                              known_sections)
            yield Rig(sim, gateway, sent, Executor(effects), commands, changes, events)


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
    stream = BinanceUserDataStream(ListenKeyLifecycle(keys, clock), rig.symbol, clock,
                                   StreamEndpoints(rig.sim.ws_url), fast_timing(**timing), fast_backoff())
    async with aclosing(stream.messages()) as messages:
        reader = UserStream(messages, clock, keys)
        [connected] = await reader.next()
        assert getattr(connected, "state", None) == "connected"
        await rig.sim.sockets_become(1)
        yield reader
