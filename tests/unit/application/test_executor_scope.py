"""A command queued for another symbol or account than the bot trades fails instead of acting here (ADR 0044)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.commands import (
    USER_PRIORITY,
    ClosePosition,
    Command,
    CommandPayload,
    CommandRecord,
    CommandStatus,
    PauseEngine,
)
from domain.events import CommandFailed, EngineStateChanged
from tests.unit.application.bench import SCOPE, USER, Bench

pytestmark = pytest.mark.anyio


def queued_for(bench: Bench, payload: CommandPayload, **scope: str) -> CommandRecord:
    """A user command stamped with `scope` changes (what the bot traded when it was queued), claimed."""
    command = Command(
        "cmd-other",
        "user:cmd-other",
        USER_PRIORITY,
        USER,
        replace(SCOPE, **scope),
        bench.clock.now(),
        "cmd-other",
        payload,
    )
    bench.commands.insert(command, bench.clock.now())
    claimed = bench.commands.claim_next(bench.clock.now())
    assert claimed is not None
    return claimed


@pytest.mark.parametrize("scope", [{"symbol": "BTCUSDT"}, {"account_id": "other"}])
async def test_a_command_queued_before_a_symbol_or_account_change_fails_saying_so(scope: dict[str, str]) -> None:
    bench = Bench()

    record = await bench.executor().run(queued_for(bench, ClosePosition(), **scope))

    assert record.status is CommandStatus.FAILED
    assert record.error is not None and "but the bot now trades XRPUSDT on account main; queue it again" in record.error
    assert [p.command_id for p in bench.payloads(CommandFailed)] == ["cmd-other"]


async def test_a_command_for_what_the_bot_trades_runs() -> None:
    bench = Bench()

    record = await bench.executor().run(queued_for(bench, PauseEngine("maintenance")))

    assert record.status is CommandStatus.ACK
    assert len(bench.payloads(EngineStateChanged)) == 1
