"""B5: command latency, command row committed (by a second connection, as the web's) → executor sends the order →
simulator receives it; at 1 command/s and in a burst of 20 commands/s, timed in one process with perf_counter_ns."""

from __future__ import annotations

import tempfile
import time
from decimal import Decimal
from functools import partial
from pathlib import Path

import anyio

from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.connection import open_database
from domain.client_order_ids import client_order_id_for
from domain.commands import PlaceOrder
from domain.values import OrderType, Side, TimeInForce
from entrypoints.bench.live_rig import DATABASE, BotOptions, LiveBot, build_bot, queue, reconciled, running, until
from entrypoints.bench.live_sim import LiveSim, live_sim
from entrypoints.bench.pacing import Legs, Pace
from entrypoints.bench.report import Measurement
from entrypoints.bench.wire_stamps import ReceiveStamps, SendStamps

ORDER_QTY = Decimal("20")
TICK = Decimal("0.0001")
# Resting far from the market, so the orders neither fill nor move the position
AWAY = {Side.BUY: Decimal("0.8"), Side.SELL: Decimal("1.2")}
DRAIN_S = 10.0


def resting_orders(sim: LiveSim, count: int) -> list[PlaceOrder]:
    """Limit orders far from the last price, buys and sells in turn (priced ahead, off the timed path)."""
    last = sim.call(sim.simulation.market.last_price)
    sides = [Side.BUY if index % 2 == 0 else Side.SELL for index in range(count)]
    return [
        PlaceOrder(
            side, OrderType.LIMIT, ORDER_QTY, price=(last * AWAY[side]).quantize(TICK), time_in_force=TimeInForce.GTC
        )
        for side in sides
    ]


async def send_commands(sim: LiveSim, bot: LiveBot, web: SqliteCommandStore, pace: Pace) -> dict[str, int]:
    """Queue the commands; client order id → when its command row was committed."""
    committed: dict[str, int] = {}
    orders = resting_orders(sim, pace.count)

    def send(index: int) -> None:
        command_id = queue(web, bot.adapters, bot.container, orders[index])
        committed[client_order_id_for(command_id)] = time.perf_counter_ns()

    await pace.run(send)
    return committed


def latencies(committed: dict[str, int], sent: dict[str, int], received: dict[str, int]) -> Legs:
    """Committed → sent by the executor → received by the simulator, per command."""
    found = Legs()
    for client_id, at in committed.items():
        found.add(at, sent[client_id], received[client_id])
    return found


async def measure(folder: Path, paces: list[Pace]) -> list[Legs]:
    receipts: list[ReceiveStamps] = []
    sends, results = SendStamps(), []
    async with live_sim(lambda sim: receipts.append(ReceiveStamps(sim.app))) as sim:
        [received] = receipts
        bot = build_bot(folder, sim, BotOptions(transport=sends))
        connection = open_database(folder / DATABASE)
        try:
            async with running(bot):
                await reconciled(bot)
                for pace in paces:
                    committed = await send_commands(sim, bot, SqliteCommandStore(connection), pace)
                    # The receipts dict fills in place: its keys cover this pace's commands once all arrived
                    drained = partial(set(committed).issubset, received.received)
                    await until(drained, "done sending the commands", timeout_s=DRAIN_S)
                    results.append(latencies(committed, sends.sent, received.received))
        finally:
            connection.close()
    return results


def figures(pace: Pace, found: Legs) -> list[Measurement]:
    legs = ("committed → executor sends", "sent → sim receives")
    return found.figures("B5", f"command → order at the sim, {pace.label('cmd')}", legs, ("≤ 5", "≤ 25", ""))


def command_benchmarks(quick: bool) -> list[Measurement]:
    steady, burst = (Pace(3, 0.2), Pace(5, 0.05)) if quick else (Pace(20, 1.0), Pace(20, 0.05))
    with tempfile.TemporaryDirectory(prefix="alphaengine-bench-") as scratch:
        steady_found, burst_found = anyio.run(measure, Path(scratch), [steady, burst])
    return [*figures(steady, steady_found), *figures(burst, burst_found)]
