"""The settings the bot boots on (issue 11, scenario 3): a stored section it refuses runs on its last valid version."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.config_store import InMemoryConfigStore
from adapters.memory.event_store import InMemoryEventStore
from config.errors import SettingsError
from config.settings import default_sections, default_settings
from domain.events import ConfigChanged, new_event
from domain.values import Mode, Scope, Source
from entrypoints.settings_boot import boot_settings
from entrypoints.strategy_check import check_strategy

T0 = datetime(2026, 2, 1, tzinfo=UTC)
SCOPE = Scope("BINANCE", "FUTURES", "main", "XRPUSDT", Mode.SIM)
FAST_SLOW = {"name": "sma_cross", "timeframe": "5m", "params": {"fast": 3, "slow": 8}}


class Stores:
    def __init__(self) -> None:
        self.config, self.events, self.clock = InMemoryConfigStore(), InMemoryEventStore(), ManualClock(T0)

    def put(self, key: str, value: Any, *, seen_by_the_bot: bool) -> None:
        """Store a version; a version the running bot saw is in the log as ConfigChanged (its ConfigWatch)."""
        entry = self.config.put(key, value, expected_version=None, updated_by="test", now=T0)
        if seen_by_the_bot:
            change = ConfigChanged(key, entry.version, json.dumps(value), "test")
            event = new_event(change, event_id=f"ev-{key}-{entry.version}", ts=T0, scope=SCOPE, source=Source.BOT)
            self.events.append([event])

    def boot(self) -> Any:
        return boot_settings(self.config, self.events, self.clock, check_strategy)


@pytest.fixture
def stores() -> Stores:
    return Stores()


def test_an_empty_store_boots_on_the_defaults_with_nothing_refused(stores: Stores) -> None:
    booted = stores.boot()

    assert (booted.settings, booted.refused) == (default_settings(), None)


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ({**FAST_SLOW, "name": "nope"}, "strategy.name: 'nope' is not an installed strategy"),
        ({**FAST_SLOW, "params": {"fast": 8, "slow": 3}}, "strategy.params.fast: must be smaller than slow (3), got 8"),
    ],
)
def test_a_refused_section_boots_on_its_last_valid_version_and_says_why(
    stores: Stores,
    bad: dict[str, Any],
    problem: str,
) -> None:
    stores.put("strategy", FAST_SLOW, seen_by_the_bot=True)
    stores.put("strategy", bad, seen_by_the_bot=False)  # stored around the validation while the bot was down

    booted = stores.boot()

    assert booted.settings.strategy.params == {"fast": 3, "slow": 8}
    assert booted.refused is not None and "\n" not in booted.refused
    assert booted.refused.startswith(f"strategy version 2 refused ({problem}")
    assert booted.refused.endswith("); running version 1")


def test_the_newest_valid_version_wins_over_older_ones(stores: Stores) -> None:
    stores.put("engine", {"poll_interval_sec": 10}, seen_by_the_bot=True)
    stores.put("engine", {"poll_interval_sec": 20}, seen_by_the_bot=True)
    stores.put("engine", {"poll_interval_sec": 10**400}, seen_by_the_bot=True)

    booted = stores.boot()

    assert booted.settings.engine.poll_interval_sec == 20
    assert booted.refused is not None and booted.refused.endswith("; running version 2")


def test_the_other_sections_run_as_stored(stores: Stores) -> None:
    stores.put("engine", {"poll_interval_sec": 10}, seen_by_the_bot=True)
    stores.put("engine", {"poll_interval_sec": 0}, seen_by_the_bot=False)
    stores.put("logging", {"level": "DEBUG"}, seen_by_the_bot=False)

    booted = stores.boot()

    assert (booted.settings.engine.poll_interval_sec, booted.settings.logging.level) == (10, "DEBUG")
    assert booted.settings.trading == default_settings().trading


def test_with_no_valid_version_to_run_on_the_error_is_one_line_naming_the_key(stores: Stores) -> None:
    stores.put("risk", {**default_sections()["risk"], "max_risk_per_trade": "1e-999999999"}, seen_by_the_bot=True)

    with pytest.raises(SettingsError) as error:
        stores.boot()

    assert str(error.value) == (
        "risk.max_risk_per_trade: must have at most 8 decimal places, got '1e-999999999'"
        " (stored version 1; no earlier valid version to run on)"
    )
