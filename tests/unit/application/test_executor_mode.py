"""Executor: a command stamped with another mode than the bot's is FAILED and never executed (ADR 0046)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from domain.commands import (
    USER_PRIORITY,
    Command,
    CommandPayload,
    CommandRecord,
    CommandStatus,
    PauseEngine,
    PlaceOrder,
)
from domain.events import CommandFailed, EngineStateChanged
from domain.values import Mode, OrderType, Side
from tests.unit.application.bench import SCOPE, USER, Bench

pytestmark = pytest.mark.anyio


def claimed_for(bench: Bench, payload: CommandPayload, mode: Mode) -> CommandRecord:
    """Queue a user command stamped with `mode` (the bot's is sim) and claim it, as the loop does."""
    command_id = bench.ids.new_id()
    scope = dataclasses.replace(SCOPE, mode=mode)
    command = Command(
        command_id, f"web:{command_id}", USER_PRIORITY, USER, scope, bench.clock.now(), command_id, payload
    )
    bench.commands.insert(command, bench.clock.now())
    claimed = bench.commands.claim_next(bench.clock.now())
    assert claimed is not None and claimed.command.command_id == command_id
    return claimed


@pytest.mark.parametrize("mode", [Mode.TESTNET, Mode.PRODUCTION])
async def test_an_order_for_another_mode_fails_naming_both_modes_and_reaches_no_exchange(mode: Mode) -> None:
    bench = Bench()

    record = await bench.executor().run(claimed_for(bench, PlaceOrder(Side.BUY, OrderType.MARKET, Decimal(100)), mode))

    assert record.status is CommandStatus.FAILED
    assert record.error == (
        f"scope.mode: the command is for {mode.value} but this bot runs in sim; it was not executed"
    )
    assert bench.exchange_orders() == []
    assert [failed.error for failed in bench.payloads(CommandFailed)] == [record.error]


async def test_a_pause_forged_for_another_mode_leaves_the_engine_running() -> None:
    bench = Bench()

    record = await bench.executor().run(claimed_for(bench, PauseEngine("forged"), Mode.TESTNET))

    assert record.status is CommandStatus.FAILED
    assert bench.payloads(EngineStateChanged) == []


async def test_a_command_of_the_bots_own_mode_still_runs() -> None:
    bench = Bench()

    record = await bench.executor().run(claimed_for(bench, PauseEngine("ours"), Mode.SIM))

    assert record.status is CommandStatus.ACK
