"""The bot's health in one of a few states an operator reads at a glance, with the reasons behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.values import EngineState
from entrypoints.web.api.bot_state import FAIL_CLOSED, NO_BOT, READY, STALE, STARTING, STOPPED

RUNNING, PAUSED, DEGRADED = "running", "paused", "degraded"
# Bot standing → what the operator reads; READY splits into Running, Paused and Degraded
_LABELS = {
    RUNNING: "Running",
    PAUSED: "Paused",
    DEGRADED: "Degraded",
    FAIL_CLOSED: "Fail-closed",
    STARTING: "Starting",
    STALE: "Not responding",
    STOPPED: "Stopped",
    NO_BOT: "Stopped",
}


@dataclass(frozen=True)
class OperatorState:
    """state: a key of _LABELS (the CSS class), label: the word shown, reasons: one sentence each, worst first."""

    state: str
    label: str
    reasons: tuple[str, ...]


def operator_state(bot: dict[str, Any] | None, engine_state: str | None) -> OperatorState:
    """From the bot's health as /health dumps it (None: no bot ever ran) and the engine's state (None: never paused)."""
    if bot is None:
        return _state(NO_BOT, "no bot has run against this database yet")
    standing = bot["state"]
    if standing != READY:
        return _state(standing, bot["summary"])
    if engine_state == EngineState.PAUSED.value:
        return _state(PAUSED, "the engine is paused: no new orders until someone resumes it")
    problems = _problems(bot)
    return _state(DEGRADED, *problems) if problems else _state(RUNNING, bot["summary"])


def _problems(bot: dict[str, Any]) -> list[str]:
    found = []
    if bot["ws_state"] != "connected":
        found.append(f"the user-data stream is {bot['ws_state'].replace('_', ' ')}: REST polling stands in")
    if bot["unresolved_total"]:
        found.append(f"{bot['unresolved_total']} order(s) with an unknown outcome")
    if bot["last_reconcile_error"]:
        found.append(f"the last reconcile failed: {bot['last_reconcile_error']}")
    if bot["rate_limit_state"] != "NORMAL":
        found.append(f"request weight {bot['rate_limit_weight']}: rate limit {bot['rate_limit_state']}")
    return found


def _state(state: str, *reasons: str) -> OperatorState:
    return OperatorState(state, _LABELS[state], reasons)
