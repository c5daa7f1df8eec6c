"""The bot's composition: endpoints per mode, time scaling, settings followed at runtime, the demo's user and seed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.memory.clock import ManualClock
from adapters.memory.config_store import InMemoryConfigStore
from adapters.memory.user_store import InMemoryUserStore
from adapters.system.failpoints import KillAt
from application.reconciler import ReconcileSchedule
from config.constants import BinanceEndpoints
from config.secrets import Secrets, load_secrets
from config.settings import default_sections, default_settings, settings_from_sections
from entrypoints.bot.live_config import LiveConfig, SwappableOrchestrator
from entrypoints.bot.wiring import (
    ENV_KILL_AT,
    TimeScale,
    failpoints_from_env,
    rest_options,
    stream_endpoints,
    stream_timing,
)
from entrypoints.containers.adapters import in_memory_adapters
from entrypoints.containers.bot import BotContainer, build_bot_container
from entrypoints.demo import DEMO_USER, DemoOptions, demo_login, demo_secrets, seed_demo_settings
from entrypoints.runtime import seed_settings, update_setting
from entrypoints.strategy_check import check_strategy
from entrypoints.web.security.passwords import verify_password
from ports.failpoints import NoFailpoints


@pytest.fixture
def secrets(tmp_path: Path) -> Secrets:
    path = tmp_path / "secrets.yaml"
    path.write_text("mode: sim\n", encoding="utf-8")
    return load_secrets(path, env={})


@pytest.fixture
def bot(secrets: Secrets) -> Iterator[BotContainer]:
    adapters = in_memory_adapters()
    yield build_bot_container(secrets, adapters)
    adapters.shutdown_resources()


class Built:
    """Records which settings each orchestrator was built from (a stand-in for the real factory)."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on, self.calls = fail_on, []
        self.refusals: list[str | None] = []

    def __call__(self, settings: Any) -> Any:
        if settings.strategy.name == self.fail_on:
            raise LookupError(f"no strategy named {self.fail_on!r}")
        self.calls.append(settings)
        return ("orchestrator for", settings.strategy.params)


def live(
    store: InMemoryConfigStore, clock: ManualClock, build: Built
) -> tuple[LiveConfig, ReconcileSchedule, SwappableOrchestrator]:
    seed_settings(store, clock)
    schedule = ReconcileSchedule(timedelta(seconds=30))
    orchestrator = SwappableOrchestrator(None)  # type: ignore[arg-type]  # the follower swaps one in
    settings = settings_from_sections({e.key: e.value for e in store.all()}, check_strategy)
    follower = LiveConfig(
        store,
        settings,
        schedule,
        orchestrator,
        build,
        check_strategy,
        on_level=lambda _: None,
        on_refused=build.refusals.append,
    )
    return follower, schedule, orchestrator


def test_the_production_user_stream_uses_the_private_path_and_the_demo_host_its_legacy_form() -> None:
    production = stream_endpoints(BinanceEndpoints.PRODUCTION).user_data("KEY")
    testnet = stream_endpoints(BinanceEndpoints.TESTNET).user_data("KEY")

    assert production == "wss://fstream.binance.com/private/ws?listenKey=KEY"
    assert testnet == "wss://demo-fstream.binance.com/ws/KEY"


def test_a_faster_clock_stretches_the_real_time_budgets_and_caps_recv_window_at_sixty_seconds() -> None:
    scale = TimeScale(30)

    assert stream_timing(scale).silence_after == timedelta(minutes=30)
    assert rest_options(scale).recv_window == timedelta(seconds=60)
    assert rest_options(TimeScale()).recv_window == timedelta(seconds=5)


def test_a_time_scale_below_one_is_refused_naming_the_value() -> None:
    with pytest.raises(ValueError, match="must be ≥ 1.*0.5"):
        TimeScale(0.5)


def test_the_container_builds_the_whole_bot_for_the_stored_settings(bot: BotContainer) -> None:
    loop = bot.loop()

    assert bot.scope().symbol == default_settings().trading.symbol and bot.scope().mode.value == "sim"
    assert bot.orchestrator().current.strategy.name == "sma_cross"
    assert bot.gateway() is bot.reconciler()._gateway  # one gateway, one rate-limit governor
    assert loop.ready is False


def test_a_changed_poll_interval_and_strategy_apply_without_a_restart() -> None:
    store, clock, build = InMemoryConfigStore(), ManualClock(), Built()
    follower, schedule, orchestrator = live(store, clock, build)

    update_setting(store, clock, "engine.poll_interval_sec", 5, updated_by="web")
    update_setting(store, clock, "strategy.params", {"fast": 2, "slow": 3}, updated_by="web")
    follower(store.all())

    assert schedule.interval == timedelta(seconds=5)
    assert orchestrator.current == ("orchestrator for", {"fast": 2, "slow": 3})
    assert follower.settings.strategy.params == {"fast": 2, "slow": 3}


def test_an_unchanged_strategy_keeps_its_orchestrator() -> None:
    store, clock, build = InMemoryConfigStore(), ManualClock(), Built()
    follower, _, _ = live(store, clock, build)

    update_setting(store, clock, "logging.level", "DEBUG", updated_by="web")
    follower(store.all())

    assert build.calls == []


def test_a_strategy_that_cannot_be_built_leaves_the_running_one_in_place() -> None:
    store, clock, build = InMemoryConfigStore(), ManualClock(), Built(fail_on="nope")
    follower, _, orchestrator = live(store, clock, build)
    # Written around the validation (by hand, or by an older version): the bot must still refuse it
    strategy = {**default_sections()["strategy"], "name": "nope"}
    store.put("strategy", strategy, expected_version=None, updated_by="sql", now=clock.now())

    follower(store.all())

    assert orchestrator.current is None
    assert follower.settings.strategy.name == "sma_cross"
    assert build.refusals[-1] is not None and build.refusals[-1].startswith(
        "strategy version 2 refused (strategy.name: 'nope' is not an installed strategy"
    )


def test_a_stored_symbol_change_is_pending_while_the_bot_runs_on_the_old_one() -> None:
    store, clock, build = InMemoryConfigStore(), ManualClock(), Built()
    follower, _, _ = live(store, clock, build)

    update_setting(store, clock, "trading.symbol", "BTCUSDT", updated_by="web")
    follower(store.all())

    assert follower.settings.trading.symbol == "XRPUSDT"
    assert build.refusals[-1] is None


def test_the_demo_runs_in_sim_mode_against_its_own_simulator_whatever_the_file_says(secrets: Secrets) -> None:
    demo = demo_secrets(secrets, DemoOptions(sim_port=18600))

    assert demo.mode == "sim"
    assert (demo.endpoints.rest_url, demo.endpoints.ws_url) == ("http://127.0.0.1:18600", "ws://127.0.0.1:18600")


def test_the_demo_seeds_its_strategy_once_and_leaves_a_users_choice_alone() -> None:
    store, clock = InMemoryConfigStore(), ManualClock()

    first = seed_demo_settings(store, clock)
    update_setting(store, clock, "strategy.params.fast", 4, updated_by="web")
    again = seed_demo_settings(store, clock)

    assert first == ["strategy"] and again == []
    assert store.get("strategy").value["params"]["fast"] == 4  # type: ignore[union-attr]


def test_each_demo_start_gives_the_demo_user_a_new_password() -> None:
    users, clock = InMemoryUserStore(), ManualClock()

    first = demo_login(users, clock)
    second = demo_login(users, clock)
    stored = users.get_user(DEMO_USER)

    assert first != second and stored is not None
    assert verify_password(second, stored.password_hash) and not verify_password(first, stored.password_hash)


def test_failpoints_stop_nowhere_unless_alphaengine_kill_at_names_one() -> None:
    assert isinstance(failpoints_from_env({}), NoFailpoints)
    kill_at = failpoints_from_env({ENV_KILL_AT: "mid_fill_processing"})
    assert isinstance(kill_at, KillAt) and kill_at.name == "mid_fill_processing"
    with pytest.raises(ValueError, match="unknown failpoint 'typo'"):
        failpoints_from_env({ENV_KILL_AT: "typo"})
