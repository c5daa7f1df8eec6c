"""The bot's health as an operator reads it: Running, Paused, Degraded, Fail-closed, Starting, Not responding…"""

from __future__ import annotations

from typing import Any

import pytest

from entrypoints.web.views.health_states import operator_state

SUMMARY = "running since 2026-12-07T17:45:51.784649Z"


def ready(**overrides: Any) -> dict[str, Any]:
    bot = {
        "state": "ready",
        "summary": SUMMARY,
        "ws_state": "connected",
        "unresolved_total": 0,
        "last_reconcile_error": None,
        "rate_limit_state": "NORMAL",
        "rate_limit_weight": 40,
    }
    return {**bot, **overrides}


def test_a_ready_bot_with_a_running_engine_reads_running_since_it_started() -> None:
    state = operator_state(ready(), None)

    assert (state.state, state.label, state.reasons) == ("running", "Running", (SUMMARY,))


def test_a_paused_engine_reads_paused_whatever_else_is_wrong() -> None:
    state = operator_state(ready(ws_state="silent"), "PAUSED")

    assert (state.label, state.reasons) == ("Paused", ("the engine is paused: no new orders until someone resumes it",))


def test_every_problem_of_a_ready_bot_is_a_reason_it_reads_degraded() -> None:
    state = operator_state(
        ready(ws_state="key_expired", unresolved_total=2, last_reconcile_error="Timeout", rate_limit_state="SLOW"),
        "RUNNING",
    )

    assert state.label == "Degraded"
    assert state.reasons == (
        "the user-data stream is key expired: REST polling stands in",
        "2 order(s) with an unknown outcome",
        "the last reconcile failed: Timeout",
        "request weight 40: rate limit SLOW",
    )


@pytest.mark.parametrize(
    ("standing", "label"),
    [("fail_closed", "Fail-closed"), ("starting", "Starting"), ("stale", "Not responding"), ("stopped", "Stopped")],
)
def test_a_bot_not_ready_reads_its_standing_with_its_own_sentence(standing: str, label: str) -> None:
    state = operator_state(ready(state=standing, summary=f"{standing} because"), None)

    assert (state.state, state.label, state.reasons) == (standing, label, (f"{standing} because",))


def test_no_bot_ever_reads_stopped_and_says_so() -> None:
    state = operator_state(None, None)

    assert (state.label, state.reasons) == ("Stopped", ("no bot has run against this database yet",))
