"""Real processes: `alphaengine bot` SIGKILLed at each failpoint (ALPHAENGINE_KILL_AT) and restarted on its file.

After the restart: one exchange order per intent, every simulator trade stored once with its fee, projections equal
to the simulator's oracle, READY again (the dead bot's lease taken over, ADR 0035, as a supervisor's restart sees it).
A bot killed inside the kline its strategy acted on does not act on that kline again (ADR 0047).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.connection import open_database
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from domain.client_order_ids import client_order_id_for
from domain.commands import (
    USER_PRIORITY,
    Actor,
    ActorKind,
    ClosePosition,
    Command,
    CommandPayload,
    CommandStatus,
    PlaceOrder,
)
from domain.events import ExchangeErrorRecorded, FeeCharged, TradeExecuted
from domain.values import Mode, OrderType, Scope, Side
from ports.failpoints import AFTER_INTENT_COMMIT, AFTER_SEND_BEFORE_ACK, MID_FILL_PROCESSING, MID_PROJECTION_UPDATE
from tests.harness.processes import Background
from tests.harness.strategy_plugin import install_strategy_plugin

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 60.0
KILL_WAIT_S = 15.0  # a failpoint is reached within a second or two of its cause
READY = "READY after"
SCOPE = Scope("BINANCE", "FUTURES", "main", "XRPUSDT", Mode.SIM)
OPEN = ("NEW", "PARTIALLY_FILLED")
COMMAND_ID = "kill-test-entry"
INTENTS = (client_order_id_for(COMMAND_ID, "main"), client_order_id_for(COMMAND_ID, "stop"))
# How a killed bot's exit shows: -SIGKILL on POSIX; KillAt's os._exit(137) where there is no SIGKILL
KILLED = (-getattr(signal, "SIGKILL", 9), 137)


@dataclass
class World:
    """A simulator process and the bot's environment and database; every process started is stopped at the end."""

    url: str
    env: dict[str, str]
    database: Path
    started: list[Background] = field(default_factory=list)

    def start(self, *args: str, env: dict[str, str] | None = None) -> Background:
        process = subprocess.Popen(
            [sys.executable, "-m", "entrypoints.cli", *args],
            cwd=REPO,
            env={**self.env, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.started.append(Background(process))
        return self.started[-1]

    def bot(self, kill_at: str | None = None) -> Background:
        return self.start("--db", str(self.database), "bot", env={"ALPHAENGINE_KILL_AT": kill_at} if kill_at else {})

    def restart_until_ready(self) -> tuple[Background, float]:
        """Restart as a supervisor would (again while the dead bot's lease holds); seconds until READY."""
        started, deadline = time.monotonic(), time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            bot = self.bot()
            if bot.next_match(READY):
                return bot, time.monotonic() - started
            # Refused while the dead bot's lease holds: the process ends saying so
            assert bot.wait_exit() != 0 and any("lease" in line for line in bot.seen), "\n".join(bot.seen[-40:])
            time.sleep(0.5)
        raise AssertionError(f"the bot was not READY within {WAIT_S} s of restarting")

    def oracle(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.url}/_sim/state", timeout=10).json())

    def submit_entry(self) -> None:
        """What the web does: a user PlaceOrder (market buy with a protective stop 10 % below) into the database."""
        price = Decimal(self.oracle()["lastPrice"])
        stop = (price * Decimal("0.9")).quantize(Decimal("0.0001"))
        self.submit(COMMAND_ID, PlaceOrder(Side.BUY, OrderType.MARKET, Decimal("20"), stop_price=stop))

    def submit(self, command_id: str, payload: CommandPayload) -> None:
        """Queue a user command into the database, as the web does."""
        now = datetime.now(UTC)
        command = Command(
            command_id,
            f"web:{command_id}",
            USER_PRIORITY,
            Actor(ActorKind.USER, "admin"),
            SCOPE,
            now,
            command_id,
            payload,
        )
        with stored(self.database) as connection:
            SqliteCommandStore(connection).insert(command, now)

    def position(self) -> Decimal:
        [position] = [p for p in self.oracle()["positions"] if p["symbol"] == SCOPE.symbol]
        return Decimal(position["positionAmt"])

    def wait_for_position(self, amount: str) -> None:
        deadline = time.monotonic() + WAIT_S
        while self.position() != Decimal(amount):
            assert time.monotonic() < deadline, f"the position stayed {self.position()}, not {amount}"
            time.sleep(0.2)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    port = free_port()
    secrets = tmp_path / "secrets.yaml"
    secrets.write_text("mode: sim\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("ALPHAENGINE_")}
    env.update(
        ALPHAENGINE_SECRETS=str(secrets),
        ALPHAENGINE_REST_URL=f"http://127.0.0.1:{port}",
        ALPHAENGINE_WS_URL=f"ws://127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    world = World(f"http://127.0.0.1:{port}", env, tmp_path / "data" / "bot.sqlite3")
    try:
        sim = world.start("sim", "--port", str(port), "--speed", "1")
        assert sim.wait_for("Running on"), "\n".join(sim.seen)
        yield world
    finally:
        for process in reversed(world.started):
            process.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class stored:
    """A short-lived connection of the test's own to the bot's database (WAL: the running bot is not disturbed)."""

    def __init__(self, database: Path) -> None:
        self._connection = open_database(database)

    def __enter__(self) -> Any:
        return self._connection

    def __exit__(self, *exc: object) -> None:
        self._connection.close()


def by_hand_fill(world: World) -> None:
    response = httpx.post(f"{world.url}/_sim/orders", json={"side": "BUY", "type": "MARKET", "quantity": "30"})
    assert response.status_code == 200, response.text


ARRANGE: dict[str, Callable[[World], None]] = {
    # The intent and fill points are reached while running the web's command; the projection point is reached
    # by the first batch folded, at boot, when the reconcile brings in a fill made by hand while no bot ran
    AFTER_INTENT_COMMIT: World.submit_entry,
    AFTER_SEND_BEFORE_ACK: World.submit_entry,
    MID_FILL_PROCESSING: World.submit_entry,
    MID_PROJECTION_UPDATE: by_hand_fill,
}


@pytest.mark.parametrize("point", [point for point in ARRANGE if point != AFTER_INTENT_COMMIT])
def test_a_bot_killed_at_a_failpoint_recovers_on_restart_without_duplicates_or_lost_fills(
    world: World,
    point: str,
) -> None:
    if point == MID_PROJECTION_UPDATE:
        ARRANGE[point](world)
    doomed = world.bot(kill_at=point)
    if point != MID_PROJECTION_UPDATE:
        assert doomed.next_match(READY), "\n".join(doomed.seen[-40:])
        ARRANGE[point](world)

    assert doomed.next_match(f"failpoint {point} reached", KILL_WAIT_S), "\n".join(doomed.seen[-40:])
    assert doomed.wait_exit() in KILLED
    bot, seconds = world.restart_until_ready()
    print(f"\n{point}: READY {seconds:.1f} s after the kill was seen")
    if point == MID_PROJECTION_UPDATE:
        world.submit_entry()

    converged(world)
    bot.stop()


def test_a_bot_killed_after_committing_an_intent_never_sends_it_after_restart(world: World) -> None:
    """The intent may or may not have reached the exchange: it stays unknown (ADR 0048), never sent a second time."""
    doomed = world.bot(kill_at=AFTER_INTENT_COMMIT)
    assert doomed.next_match(READY), "\n".join(doomed.seen[-40:])
    world.submit_entry()
    assert doomed.next_match(f"failpoint {AFTER_INTENT_COMMIT} reached", KILL_WAIT_S), "\n".join(doomed.seen[-40:])
    assert doomed.wait_exit() in KILLED
    bot, _ = world.restart_until_ready()

    # READY comes after the boot's resolution of in-flight commands: it has looked the intent up and kept it unknown
    with stored(world.database) as connection:
        command = SqliteCommandStore(connection).get(COMMAND_ID)
        events = [item.event.payload for item in SqliteEventStore(connection).read_after(0, 1_000_000)]
    assert command is not None and command.status is CommandStatus.SENT
    assert any(isinstance(p, ExchangeErrorRecorded) and "stays unknown" in p.message for p in events)
    assert not {o["clientOrderId"] for o in world.oracle()["orders"]} & set(INTENTS)
    bot.stop()


def converged(world: World) -> None:
    """Wait until the bot has settled, then check it against the oracle (the last check's failure is raised)."""
    deadline = time.monotonic() + WAIT_S
    while True:
        try:
            assert_recovered(world)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def assert_recovered(world: World) -> None:
    oracle = world.oracle()
    with stored(world.database) as connection:
        command = SqliteCommandStore(connection).get(COMMAND_ID)
        events = [item.event.payload for item in SqliteEventStore(connection).read_after(0, 1_000_000)]
        state, _ = SqliteProjectionStore(connection).load()
    assert command is not None and command.status is CommandStatus.ACK, command
    placed = Counter([o["clientOrderId"] for o in oracle["orders"]] + [a["clientAlgoId"] for a in oracle["algoOrders"]])
    assert all(count == 1 for count in placed.values()), placed
    assert all(placed[intent] == 1 for intent in INTENTS), placed
    trades = {t["id"] for t in oracle["trades"]}
    assert trades and Counter(p.trade_id for p in events if isinstance(p, TradeExecuted)) == dict.fromkeys(trades, 1)
    assert Counter(p.trade_id for p in events if isinstance(p, FeeCharged)) == dict.fromkeys(trades, 1)
    [position] = [p for p in oracle["positions"] if p["symbol"] == SCOPE.symbol]
    held = state.position(SCOPE.symbol)
    assert (held.quantity, held.entry_price) == (Decimal(position["positionAmt"]), Decimal(position["entryPrice"]))
    balances = {b.asset: b.wallet_balance for b in state.balances()}
    assert balances == {asset: Decimal(amount) for asset, amount in oracle["balances"].items()}
    open_orders = {o["clientOrderId"] for o in oracle["orders"] if o["status"] in OPEN}
    open_orders |= {a["clientAlgoId"] for a in oracle["algoOrders"] if a["algoStatus"] == "NEW"}
    assert {o.client_order_id for o in state.open_orders()} == open_orders
    assert {t.trade_id for t in state.trades()} == trades


PLUGIN = "ae_long_plugin"
PLUGIN_SOURCE = '''
"""Long whenever not long: a short is reversed (Exit, then Enter), as sma_cross answers a golden cross."""

from decimal import Decimal
from types import MappingProxyType

from domain.decisions import Enter, Exit
from domain.strategy import Strategy
from domain.values import Side


class LongUnlessLong(Strategy):
    NAME = "long_unless_long"
    PARAMS = MappingProxyType({"quantity": "20"})

    def validate(self, params):
        return {"quantity": Decimal(params["quantity"])}

    def klines_needed(self):
        return 3

    def decide(self, ctx):
        if ctx.position.quantity > 0:
            return []
        stop = (ctx.mark_price * Decimal("0.9")).quantize(Decimal("0.0001"))
        reverse = [Exit(reason="reverse")] if ctx.position.quantity < 0 else []
        return reverse + [Enter(Side.BUY, self.params["quantity"], stop, reason="long unless long")]
'''
# Long enough that the kline the strategy acts on is still the last closed one after the restart
TIMEFRAME = timedelta(hours=12)
MARGIN = timedelta(minutes=3)


def test_a_bot_killed_inside_the_kline_it_acted_on_places_no_second_entry_after_restart(
    world: World,
    tmp_path: Path,
) -> None:
    """Issue 11 scenario 5: entry on K, user ClosePosition, a small hand order the other way, SIGKILL, restart in K."""
    folder = tmp_path / "plugin"
    folder.mkdir()
    install_strategy_plugin(folder, PLUGIN, PLUGIN_SOURCE, {"long_unless_long": f"{PLUGIN}:LongUnlessLong"})
    world.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), world.env.get("PYTHONPATH")]))
    strategy = '{"name": "long_unless_long", "timeframe": "12h", "params": {"quantity": "60"}}'
    setting = world.start("--db", str(world.database), "config", "set", "strategy", strategy)
    assert setting.wait_exit() == 0, "\n".join(setting.seen)
    wait_clear_of_a_kline_boundary()

    doomed = world.bot()
    assert doomed.next_match(READY), "\n".join(doomed.seen[-40:])
    world.wait_for_position("60")
    world.submit("user-close", ClosePosition())
    world.wait_for_position("0")
    response = httpx.post(f"{world.url}/_sim/orders", json={"side": "SELL", "type": "MARKET", "quantity": "20"})
    assert response.status_code == 200, response.text
    world.wait_for_position("-20")
    doomed.kill()

    bot, _ = world.restart_until_ready()
    # The restarted strategy's first look at K: it reads that K was decided and leaves it
    looked = bot.next_match("strategy long_unless_long on XRPUSDT 12h decided up to the kline of", KILL_WAIT_S)
    entries = [o for o in world.oracle()["orders"] if o["side"] == "BUY" and not o["byHand"] and not o["reduceOnly"]]
    assert len(entries) == 1, entries
    assert world.position() == Decimal(-20)
    assert looked and not any("main loop step strategy failed" in line for line in bot.seen), "\n".join(bot.seen)
    bot.stop()


def wait_clear_of_a_kline_boundary() -> None:
    """Start the scenario at least MARGIN before the open kline closes, so K+1 cannot close during it."""
    now = datetime.now(UTC)
    since = (now - datetime(1970, 1, 1, tzinfo=UTC)) % TIMEFRAME
    if TIMEFRAME - since < MARGIN:
        time.sleep((TIMEFRAME - since).total_seconds() + 1)
