"""SetLeverage, PauseEngine, ResumeEngine and UpdateConfig: the operator's controls over how the bot trades.

Pause and resume move the PRD's engine state (RUNNING or PAUSED); leverage and settings change what it trades with.
"""

from __future__ import annotations

import json
from typing import Any

from application.commands.effects import CommandFailure, Effects
from domain.codec import Record
from domain.commands import ActorKind, Command, PauseEngine, ResumeEngine, SetLeverage, UpdateConfig
from domain.events import ConfigChanged, EngineStateChanged, LeverageChanged
from domain.values import EngineState, Source
from ports.config_store import ConfigEntry
from ports.errors import ConfigVersionConflict


async def set_leverage(fx: Effects, command: Command, payload: SetLeverage) -> Record:
    leverage = await fx.gateway.set_leverage(fx.symbol, payload.leverage)
    fx.emit(command, LeverageChanged(leverage, fx.now()), Source.REST)
    return {"leverage": leverage}


async def pause_engine(fx: Effects, command: Command, payload: PauseEngine) -> Record:
    reason = payload.reason or f"paused by {_who(command)}"
    fx.emit(command, EngineStateChanged(EngineState.PAUSED, reason, command.command_id), Source.BOT, "engine")
    return {"state": EngineState.PAUSED.value}


async def resume_engine(fx: Effects, command: Command, payload: ResumeEngine) -> Record:
    reason = f"resumed by {_who(command)}"
    fx.emit(command, EngineStateChanged(EngineState.RUNNING, reason, command.command_id), Source.BOT, "engine")
    return {"state": EngineState.RUNNING.value}


async def update_config(fx: Effects, command: Command, payload: UpdateConfig) -> Record:
    """Validate, write with the expected version, record ConfigChanged; writing the value it already has is a no-op.

    The key may be a section (risk) or a dotted key in one (risk.max_risk_per_trade): the whole section is written.
    """
    section, value = _validated(fx, payload)
    entry = fx.config.get(section)
    if entry is None or entry.value != value or not _version_matches(entry, payload.expected_version):
        try:
            entry = fx.config.put(
                section, value, expected_version=payload.expected_version, updated_by=_who(command), now=fx.now()
            )
        except ConfigVersionConflict as error:
            raise CommandFailure(str(error)) from error
    fx.emit(
        command,
        ConfigChanged(entry.key, entry.version, json.dumps(entry.value, sort_keys=True), entry.updated_by),
        Source.BOT,
    )
    return {"key": entry.key, "version": entry.version}


def _validated(fx: Effects, payload: UpdateConfig) -> tuple[str, Any]:
    try:
        value = json.loads(payload.value_json)
    except (json.JSONDecodeError, RecursionError) as error:
        raise CommandFailure(f"config {payload.key!r}: value is not valid JSON ({error})") from error
    try:
        return fx.validate_config({entry.key: entry.value for entry in fx.config.all()}, payload.key, value)
    except Exception as error:  # the validator is injected: any error it raises is a rejection of the value
        raise CommandFailure(f"config {payload.key!r} rejected: {error}") from error


def _version_matches(entry: ConfigEntry, expected: int | None) -> bool:
    # A re-run after the write finds the value at expected + 1: already applied, not a conflict
    return expected is None or entry.version in (expected, expected + 1)


def _who(command: Command) -> str:
    kind = "web" if command.actor.kind is ActorKind.USER else command.actor.kind.value.lower()
    # The web already names its actors web:<user>, as its own config writes record them
    who = command.actor.id
    return who if who == kind or who.startswith(f"{kind}:") else f"{kind}:{who}"
