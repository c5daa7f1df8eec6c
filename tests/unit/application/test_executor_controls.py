"""Executor: leverage, pause/resume and config updates — each one an event, each safe to run twice."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from adapters.memory.projection_store import InMemoryProjectionStore
from application.executor import HANDLERS
from application.projector import Projector
from domain.commands import (
    USER_PRIORITY,
    Actor,
    ActorKind,
    Command,
    CommandRecord,
    CommandStatus,
    PauseEngine,
    ResumeEngine,
    SetLeverage,
    UpdateConfig,
)
from domain.events import CommandFailed, ConfigChanged, EngineStateChanged, LeverageChanged
from domain.values import EngineState
from tests.unit.application.bench import SCOPE, SYMBOL, Bench

pytestmark = pytest.mark.anyio


class TestLeverage:
    async def test_set_leverage_changes_it_on_the_exchange_and_records_leverage_changed(self) -> None:
        bench = Bench()
        record = await bench.execute(SetLeverage(5))
        assert record.status is CommandStatus.ACK and record.result == {"leverage": 5}
        assert bench.engine.oracle.leverage(SYMBOL) == 5
        assert [event.leverage for event in bench.payloads(LeverageChanged)] == [5]

    async def test_a_leverage_the_exchange_refuses_fails_the_command_naming_the_code(self) -> None:
        bench = Bench()
        record = await bench.execute(SetLeverage(500))
        assert record.status is CommandStatus.FAILED
        assert record.error is not None and record.error.startswith("SetLeverage rejected by the exchange: -")
        assert [failed.command_type for failed in bench.payloads(CommandFailed)] == ["SetLeverage"]


class TestPauseAndResume:
    async def test_pause_records_the_paused_state_with_its_reason(self) -> None:
        bench = Bench()
        record = await bench.execute(PauseEngine("maintenance"))
        [changed] = bench.payloads(EngineStateChanged)
        assert record.status is CommandStatus.ACK
        assert (changed.state, changed.reason, changed.command_id) == (
            EngineState.PAUSED,
            "maintenance",
            record.command.command_id,
        )

    async def test_the_paused_state_survives_a_restart_because_it_is_folded_from_events(self) -> None:
        bench = Bench()
        await bench.execute(PauseEngine())
        rebuilt = Projector(bench.events, InMemoryProjectionStore())
        rebuilt.rebuild()
        engine = rebuilt.state.engine()
        assert engine is not None and engine.state is EngineState.PAUSED
        assert engine.reason == "paused by web:admin"

    async def test_resume_after_pause_leaves_the_engine_running(self) -> None:
        bench = Bench()
        await bench.execute(PauseEngine())
        await bench.execute(ResumeEngine())
        bench.projector.catch_up()
        engine = bench.projector.state.engine()
        assert engine is not None and engine.state is EngineState.RUNNING

    async def test_running_the_same_pause_twice_records_one_event(self) -> None:
        bench = Bench()
        claimed = bench.submit(PauseEngine())
        await bench.executor().run(claimed)
        # As if the ack were lost: the handler runs again on the same command
        await _run_handler_again(bench, claimed)
        assert len(bench.payloads(EngineStateChanged)) == 1


async def _run_handler_again(bench: Bench, claimed: CommandRecord) -> None:
    command = claimed.command
    await HANDLERS[type(command.payload)](bench.effects(), command, command.payload)


RISK = {"max_risk_per_trade": "0.01", "daily_loss_limit": "0.05"}
# The bot stored the default of every section (version 1) when it started
SEEDED = 1


class TestUpdateConfig:
    async def test_a_valid_value_is_written_and_recorded_as_config_changed(self) -> None:
        bench = Bench()
        record = await bench.execute(UpdateConfig("risk", json.dumps(RISK), expected_version=SEEDED))
        entry = bench.config.get("risk")
        [changed] = bench.payloads(ConfigChanged)
        assert record.status is CommandStatus.ACK and record.result == {"key": "risk", "version": 2}
        assert entry is not None and entry.value == RISK and entry.updated_by == "web:admin"
        assert (changed.key, changed.version, json.loads(changed.value_json)) == ("risk", 2, RISK)

    async def test_a_web_users_change_is_recorded_as_the_web_records_its_own_writes(self) -> None:
        bench = Bench()
        now = bench.clock.now()
        command = Command(
            "c-1",
            "user:c-1",
            USER_PRIORITY,
            Actor(ActorKind.USER, "web:alice"),
            SCOPE,
            now,
            "c-1",
            UpdateConfig("risk", json.dumps(RISK), expected_version=SEEDED),
        )
        bench.commands.insert(command, now)

        await bench.executor().run(bench.commands.claim_next(now))

        entry = bench.config.get("risk")
        assert entry is not None and entry.updated_by == "web:alice"

    async def test_a_value_the_validator_refuses_fails_naming_the_problem_and_writes_nothing(self) -> None:
        bench = Bench()
        record = await bench.execute(UpdateConfig("colour", json.dumps("blue")))
        assert record.status is CommandStatus.FAILED
        assert record.error == (
            "config 'colour' rejected: colour: unknown settings section (expected one of trading, strategy, risk, "
            "engine, logging)"
        )
        assert bench.config.get("colour") is None

    async def test_text_that_is_not_json_fails_the_command(self) -> None:
        bench = Bench()
        record = await bench.execute(UpdateConfig("risk", "{not json"))
        assert record.status is CommandStatus.FAILED
        assert record.error is not None and "is not valid JSON" in record.error

    async def test_a_stale_expected_version_fails_with_the_conflict(self) -> None:
        bench = Bench()
        bench.config.put("risk", RISK, expected_version=None, updated_by="web:other", now=datetime.now().astimezone())
        record = await bench.execute(
            UpdateConfig("risk", json.dumps({**RISK, "daily_loss_limit": "0.1"}), expected_version=SEEDED)
        )
        assert record.status is CommandStatus.FAILED
        assert record.error == "config 'risk' is at version 2, not the expected 1"

    async def test_running_the_same_update_again_writes_no_second_version(self) -> None:
        bench = Bench()
        claimed = bench.submit(UpdateConfig("risk", json.dumps(RISK), expected_version=SEEDED))
        await bench.executor().run(claimed)
        await _run_handler_again(bench, claimed)
        entry = bench.config.get("risk")
        assert entry is not None and entry.version == SEEDED + 1
        assert len(bench.payloads(ConfigChanged)) == 1
