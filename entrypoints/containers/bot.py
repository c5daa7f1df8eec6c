"""The bot process's container: secrets, an adapter set, runtime settings, and the bot built on them (ADR 0028)."""

from __future__ import annotations

import time
from datetime import timedelta
from functools import partial

import httpx
from dependency_injector import containers, providers

from adapters.strategies.registry import build_strategy
from adapters.system.process_probe import SystemProcessProbe
from application.activity_log import log_activity
from application.boot import Boot
from application.bot_core import BotCore, Storage
from application.commands.effects import Effects
from application.event_writer import EventWriter
from application.executor import Executor
from application.health_board import HealthBoard
from application.lease_takeover import DEFAULT_QUIET, Takeover
from application.loop import LoopTiming, MainLoop
from application.projector import Projector
from application.reconciler import Reconciler
from application.stream_inbox import StreamInbox
from application.unresolved import UnresolvedOrders
from config.secrets import Secrets
from config.settings import Settings, checked_update
from entrypoints.bot import wiring
from entrypoints.bot.live_config import LiveConfig, SwappableOrchestrator
from entrypoints.containers.adapters import port_dependencies
from entrypoints.containers.exchanges import EXCHANGE_PORTS, BinanceExchange
from entrypoints.settings_boot import BootSettings, boot_settings
from entrypoints.strategy_check import check_strategy


def _first_orchestrator(build: wiring.OrchestratorFactory, settings: Settings) -> SwappableOrchestrator:
    return SwappableOrchestrator(build(settings))


def _running(boot: BootSettings) -> Settings:
    return boot.settings


def _takeover(scale: wiring.TimeScale) -> Takeover:
    # The quiet period stands for real heartbeats, so a fast demo clock stretches it and the pause shrinks back
    def pause(duration: timedelta) -> None:
        time.sleep(duration.total_seconds() / scale.factor)

    return Takeover(SystemProcessProbe(), quiet=scale.stretch(DEFAULT_QUIET), pause=pause)


class BotContainer(containers.DeclarativeContainer):
    """Nothing is built before it is asked for: `settings()` reads the database, `loop()` builds the whole bot."""

    config = providers.Configuration(strict=True)
    secrets = providers.Dependency(instance_of=Secrets)
    adapters = port_dependencies()
    # None: real sockets; tests put an httpx.ASGITransport over the simulator's app here
    transport: providers.Object[httpx.AsyncBaseTransport | None] = providers.Object(None)

    failpoints = providers.Singleton(wiring.failpoints_from_env)
    # systemd's watchdog and status, read from the environment the unit gives the process (ADR 0074)
    service_manager = providers.Singleton(wiring.service_manager)

    strategies = providers.Object(check_strategy)
    settings_at_boot = providers.Singleton(
        boot_settings,
        adapters.config_store,
        adapters.event_store,
        adapters.clock,
        strategies,
    )
    settings = providers.Singleton(_running, settings_at_boot)
    projector = providers.Singleton(
        Projector,
        events=adapters.event_store,
        projections=adapters.projection_store,
        failpoints=failpoints,
        observer=providers.Object(log_activity),
    )
    scope = providers.Singleton(wiring.scope_for, secrets, settings)
    time_scale = providers.Singleton(wiring.TimeScale, config.time_scale)

    writer = providers.Singleton(EventWriter, adapters.event_store, adapters.ids, adapters.clock, scope)
    # An exchange set (entrypoints.containers.exchanges): build_bot_container plugs Binance unless given another
    exchange = port_dependencies(EXCHANGE_PORTS)
    gateway = exchange.gateway
    user_stream = exchange.user_stream

    storage = providers.Singleton(
        Storage,
        events=adapters.event_store,
        commands=adapters.command_store,
        config=adapters.config_store,
        leases=adapters.lease_store,
        health=adapters.health_store,
    )
    # The lease holder's name: this host, this pid and a fresh id
    holder = providers.Singleton(wiring.holder_for, adapters.ids)
    board = providers.Singleton(HealthBoard, adapters.health_store, adapters.clock, holder)
    rate_limit_recorder = providers.Singleton(wiring.RateLimitRecorder, writer, board)
    schedule = providers.Singleton(wiring.poll_schedule, settings)
    reconciler = providers.Singleton(
        Reconciler,
        gateway,
        adapters.event_store,
        projector,
        adapters.clock,
        adapters.ids,
        scope,
        intents=adapters.command_store,
    )
    core = providers.Singleton(
        BotCore,
        storage,
        projector,
        reconciler,
        schedule,
        providers.Singleton(StreamInbox, adapters.clock),
        board,
        adapters.clock,
    )

    effects = providers.Singleton(
        Effects,
        gateway,
        adapters.command_store,
        adapters.event_store,
        adapters.config_store,
        adapters.clock,
        adapters.ids,
        scope,
        providers.Callable(partial, checked_update, strategies=strategies),
        failpoints=failpoints,
    )
    executor = providers.Singleton(Executor, effects)
    unresolved = providers.Singleton(UnresolvedOrders, adapters.command_store, schedule, effects.provided.settle_after)
    market_view = providers.Singleton(wiring.market_view, gateway, adapters.clock, scope, settings, time_scale)
    # The installed strategies by name; a test puts its own strategy here
    strategy_builder = providers.Object(build_strategy)
    build_orchestrator = providers.Singleton(
        wiring.orchestrator_factory,
        market_view,
        projector,
        adapters.command_store,
        writer,
        adapters.ids,
        scope,
        strategy_builder,
    )
    orchestrator = providers.Singleton(_first_orchestrator, build_orchestrator, settings)
    live_config = providers.Singleton(
        LiveConfig,
        adapters.config_store,
        settings,
        schedule,
        orchestrator,
        build_orchestrator,
        strategies,
        on_refused=providers.Singleton(wiring.refusals_on, board),
    )

    # How a lease whose holder died on this host is taken over (asks this machine's process table)
    takeover = providers.Singleton(_takeover, time_scale)
    boot = providers.Singleton(
        Boot,
        core,
        executor,
        user_stream,
        lease_ttl=providers.Singleton(wiring.lease_ttl, time_scale),
        takeover=takeover,
    )
    # The loop's waits and intervals: the defaults in every process; a test shortens or stretches one
    timing = providers.Object(LoopTiming())
    loop = providers.Singleton(
        MainLoop,
        core,
        executor,
        orchestrator,
        ids=adapters.ids,
        scope=scope,
        timing=timing,
        on_config=live_config,
        rate_limits=exchange.rate_limits,
        failpoints=failpoints,
        market=market_view,
        maintenance=adapters.storage_maintenance,
        unresolved=unresolved,
        service=service_manager,
    )


def build_bot_container(
    secrets: Secrets,
    adapters: containers.DeclarativeContainer,
    *,
    exchange: containers.DeclarativeContainer | None = None,
    time_scale: float = 1.0,
) -> BotContainer:
    """Plug an adapter set (SqliteAdapters or InMemoryAdapters) and an exchange set (BinanceExchange, the default, or
    SimulatedExchange) into a BotContainer; fail now if anything is missing.

    `time_scale` is simulated seconds per real second of the adapters' clock (the demo's simulation speed).
    """
    container = BotContainer(adapters=adapters, secrets=providers.Object(secrets))
    container.config.from_dict({"mode": secrets.mode, "time_scale": time_scale})
    if exchange is None:
        exchange = BinanceExchange(
            secrets=container.secrets,
            on_rate_limit=container.rate_limit_recorder,
            time_scale=container.time_scale,
            transport=container.transport,
        )
    # Every set runs on the adapters' clock and trades the symbol of the running settings
    exchange.clock.override(container.adapters.clock)
    exchange.symbol.override(container.scope.provided.symbol)
    container.exchange.override(exchange)
    container.check_dependencies()
    return container
