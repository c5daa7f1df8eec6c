"""Killed at each named failpoint and restarted on the same file: one order per intent, every fill once, state exact."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.memory.failpoints import CrashAt, SimulatedCrash
from adapters.sqlite.command_store import SqliteCommandStore
from adapters.sqlite.event_store import SqliteEventStore
from adapters.sqlite.projection_store import SqliteProjectionStore
from domain.client_order_ids import client_order_id_for
from domain.commands import CommandStatus, PlaceOrder
from domain.events import FeeCharged, TradeExecuted
from domain.projections.state import ProjectionState
from domain.values import OrderType, Side
from ports.failpoints import AFTER_INTENT_COMMIT, AFTER_SEND_BEFORE_ACK, MID_FILL_PROCESSING, MID_PROJECTION_UPDATE
from tests.unit.application_crash.oracle_checks import assert_recovered, exchange_client_ids, snapshot
from tests.unit.application_crash.rig import SYMBOL, Bot, Exchange, restart_after_crash, stored_connection

pytestmark = pytest.mark.anyio

ENTRY = PlaceOrder(Side.BUY, OrderType.MARKET, Decimal("20"), stop_price=Decimal("0.4500"))
INTENTS = [client_order_id_for("entry-1", "main"), client_order_id_for("entry-1", "stop")]
LEGS = {1: "main", 2: "stop"}


@pytest.fixture
def exchange() -> Exchange:
    return Exchange()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite"


async def booted(exchange: Exchange, database: Path, incarnation: int = 1) -> Bot:
    if incarnation == 1:
        bot = Bot(exchange, database, incarnation)
    else:
        bot = restart_after_crash(exchange, database, incarnation)
    assert (await bot.start()).ready
    await bot.run_until_idle()
    return bot


async def recover(exchange: Exchange, database: Path) -> Bot:
    """Start a fresh bot on the file, run it until idle, and check it is READY with the entry acknowledged."""
    bot = await booted(exchange, database, incarnation=2)
    assert bot.health.read().ready
    assert bot.commands.get("entry-1").status is CommandStatus.ACK
    return bot


async def crash_while_placing(exchange: Exchange, database: Path, crash: CrashAt) -> None:
    """Boot, arm `crash`, and let the loop run the web's entry command until the bot 'dies'."""
    bot = await booted(exchange, database)
    bot.failpoints.target = crash
    bot.submit("entry-1", ENTRY)
    with pytest.raises(SimulatedCrash):
        await bot.cycle()
    bot.die()


def stored_payloads(database: Path) -> list[object]:
    connection = stored_connection(database)
    try:
        return [stored.event.payload for stored in SqliteEventStore(connection).read_after(0, 100_000)]
    finally:
        connection.close()


async def test_a_crash_after_the_entry_intent_commit_never_sends_it_and_fails_it_once_proven_absent(
    exchange: Exchange,
    database: Path,
) -> None:
    await crash_after_the_intent_and_settle(exchange, database, nth=1)

    assert exchange_client_ids(exchange.engine.oracle) == {} and not exchange.engine.oracle.trades


async def test_a_crash_after_the_stop_intent_commit_never_sends_it_and_flattens_the_entry_once_proven_absent(
    exchange: Exchange,
    database: Path,
) -> None:
    await crash_after_the_intent_and_settle(exchange, database, nth=2)

    placed = exchange_client_ids(exchange.engine.oracle)
    assert placed[client_order_id_for("entry-1", "stop")] == 0
    assert_recovered(exchange.engine.oracle, database, [INTENTS[0], client_order_id_for("entry-1", "flatten")])
    assert exchange.engine.oracle.position(SYMBOL).amount == 0


async def crash_after_the_intent_and_settle(exchange: Exchange, database: Path, nth: int) -> None:
    """Crash right after the nth intent's commit; after the restart the entry stays unknown (SENT) until, five
    minutes on (ADR 0048), the exchange's history proves that leg never placed and the entry fails."""
    await crash_while_placing(exchange, database, CrashAt(AFTER_INTENT_COMMIT, nth))
    bot = await booted(exchange, database, incarnation=2)
    assert bot.commands.get("entry-1").status is CommandStatus.SENT
    for _ in range(6):
        bot.clock.advance(timedelta(minutes=1))
        await bot.run_until_idle()
    assert bot.commands.get("entry-1").status is CommandStatus.FAILED


@pytest.mark.parametrize("nth", [1, 2], ids=["entry", "protective stop"])
async def test_a_crash_after_the_send_before_the_ack_adopts_the_order_instead_of_sending_it_again(
    exchange: Exchange,
    database: Path,
    nth: int,
) -> None:
    await crash_while_placing(exchange, database, CrashAt(AFTER_SEND_BEFORE_ACK, nth))

    crashed_leg = client_order_id_for("entry-1", LEGS[nth])
    assert exchange_client_ids(exchange.engine.oracle)[crashed_leg] == 1
    assert bot_link_order_id(database, crashed_leg) is None
    await recover(exchange, database)
    assert_recovered(exchange.engine.oracle, database, INTENTS)


async def test_fills_of_an_order_whose_ack_died_with_the_bot_are_recorded_as_its_own_after_restart(
    exchange: Exchange,
    database: Path,
) -> None:
    """Issue 11 scenario 7: the REST trade list has no client id; the saved intent names the order at boot."""
    await crash_while_placing(exchange, database, CrashAt(AFTER_SEND_BEFORE_ACK, 1))
    bot = await recover(exchange, database)
    main = client_order_id_for("entry-1", "main")
    fills = [p for p in stored_payloads(database) if isinstance(p, TradeExecuted)]
    rows = bot.projector.state.trades()

    assert fills and {(p.client_order_id, p.external) for p in fills} == {(main, False)}
    assert rows and {(row.client_order_id, row.external) for row in rows} == {(main, False)}


async def test_a_crash_between_a_fills_trade_and_its_fee_loses_neither_after_restart(
    exchange: Exchange,
    database: Path,
) -> None:
    bot = await booted(exchange, database)
    bot.submit("entry-1", ENTRY)
    await bot.loop.run_once()
    first_trade = next(i for i, message in enumerate(bot.tap.pending) if isinstance(message, TradeExecuted))
    bot.failpoints.target = CrashAt(MID_FILL_PROCESSING)

    bot.hear(first_trade + 1)
    with pytest.raises(SimulatedCrash):
        await bot.loop.run_once()
    bot.die()

    stored = stored_payloads(database)
    trade_id = next(p.trade_id for p in stored if isinstance(p, TradeExecuted))
    assert not any(isinstance(p, FeeCharged) and p.trade_id == trade_id for p in stored)
    await recover(exchange, database)
    assert_recovered(exchange.engine.oracle, database, INTENTS)


async def test_a_crash_before_the_projection_commit_leaves_the_stored_rows_whole_and_restart_catches_up(
    exchange: Exchange,
    database: Path,
) -> None:
    await crash_while_placing(exchange, database, CrashAt(MID_PROJECTION_UPDATE))

    stored_state, checkpoint, last_seq = stored_projections(database)
    assert checkpoint < last_seq
    assert snapshot(stored_state) == snapshot(folded_up_to(database, checkpoint))
    await recover(exchange, database)
    assert_recovered(exchange.engine.oracle, database, INTENTS)


def bot_link_order_id(database: Path, client_order_id: str) -> int | None:
    connection = stored_connection(database)
    try:
        link = SqliteCommandStore(connection).order_link(client_order_id)
    finally:
        connection.close()
    assert link is not None, f"no intent was committed for {client_order_id}"
    return link.exchange_order_id


def stored_projections(database: Path) -> tuple[ProjectionState, int, int]:
    connection = stored_connection(database)
    try:
        state, checkpoint = SqliteProjectionStore(connection).load()
        return state, checkpoint, SqliteEventStore(connection).last_seq()
    finally:
        connection.close()


def folded_up_to(database: Path, checkpoint: int) -> ProjectionState:
    state = ProjectionState()
    connection = stored_connection(database)
    try:
        for stored in SqliteEventStore(connection).read_after(0, checkpoint):
            state.apply(stored.event)
    finally:
        connection.close()
    return state
