"""Factories of the bot's parts from secrets and runtime settings; the BotContainer calls them in dependency order."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.binance.rest.governor import Sleep
from adapters.binance.stream import (
    BinanceUserDataStream,
    HttpListenKeyApi,
    ListenKeyLifecycle,
    StreamEndpoints,
    StreamTiming,
)
from adapters.strategies.registry import build_strategy
from adapters.system.failpoints import KillAt
from adapters.system.sd_notify import service_manager_from_env
from application.boot import DEFAULT_LEASE_TTL, local_holder
from application.event_writer import EventWriter
from application.health_board import HealthBoard
from application.market_view import MARK_EVERY, MarketView
from application.orchestrator import MarketSource, Orchestrator, OrchestratorSettings
from application.projector import Projector
from application.reconciler import ReconcileSchedule
from config.constants import Defaults, Endpoints
from config.secrets import Secrets
from config.settings import Settings
from domain.events import RateLimitChanged, RateLimitState
from domain.risk import RiskLimits
from domain.strategy import Strategy
from domain.values import Mode, Scope, Source
from ports.clock import Clock, IdGenerator
from ports.command_store import CommandStore
from ports.failpoints import Failpoints, NoFailpoints
from ports.service_manager import ServiceManager

MAX_RECV_WINDOW = timedelta(seconds=60)
# Names a ports.failpoints failpoint at which the bot SIGKILLs itself (crash-recovery tests only)
ENV_KILL_AT = "ALPHAENGINE_KILL_AT"


@dataclass(frozen=True)
class TimeScale:
    """Simulated seconds per real second of the bot's clock: 1 for a wall clock, the demo's speed for its sim clock.

    Every limit the bot measures on its clock that stands for a real-time budget (lease ttl, stream silence,
    recvWindow) is stretched by it, so a fast simulation does not look like a stalled one.
    """

    factor: float = 1.0

    def __post_init__(self) -> None:
        if not self.factor >= 1:
            raise ValueError(f"the bot's time scale must be ≥ 1 (simulated seconds per real second), got {self.factor}")

    def stretch(self, duration: timedelta) -> timedelta:
        return duration * self.factor


def scope_for(secrets: Secrets, settings: Settings) -> Scope:
    trading = settings.trading
    return Scope(Defaults.EXCHANGE, Defaults.VENUE, trading.account_id, trading.symbol, Mode(secrets.mode))


def rest_options(scale: TimeScale) -> RestOptions:
    return RestOptions(recv_window=min(MAX_RECV_WINDOW, scale.stretch(RestOptions().recv_window)))


def stream_timing(scale: TimeScale) -> StreamTiming:
    base = StreamTiming()
    silence = base.reconnect_after_silence
    return StreamTiming(
        silence_after=scale.stretch(base.silence_after),
        reconnect_after_silence=None if silence is None else scale.stretch(silence),
        max_connection_age=scale.stretch(base.max_connection_age),
        stable_after=scale.stretch(base.stable_after),
    )


def stream_endpoints(endpoints: Endpoints) -> StreamEndpoints:
    """Production and the simulator split the WS host into paths; the demo host keeps the legacy /ws/<key> form."""
    if endpoints.ws_private_path:
        template = "{base}" + endpoints.ws_private_path + "/ws?listenKey={key}"
        return StreamEndpoints(base=endpoints.ws_url, user_template=template)
    return StreamEndpoints(base=endpoints.ws_url, user_template="{base}/ws/{key}", market_template="{base}/ws/{stream}")


class RateLimitRecorder:
    """The governor's listener: every state change becomes a RateLimitChanged event in the log, and each refusal
    (a 429 moves it to LIMITED, a 418 to BANNED, every time) a count on the health row (ADR 0077)."""

    def __init__(self, writer: EventWriter, board: HealthBoard) -> None:
        self._writer, self._board = writer, board

    def __call__(self, change: RateLimitChanged) -> None:
        refusal = _REFUSALS.get(change.state)
        if refusal is not None:
            self._board.count(**{refusal: 1})
        self._writer.append([change], Source.REST)


_REFUSALS = {RateLimitState.LIMITED: "http_429s", RateLimitState.BANNED: "http_418s"}


def gateway(
    secrets: Secrets,
    clock: Clock,
    recorder: RateLimitRecorder,
    options: RestOptions,
    transport: httpx.AsyncBaseTransport | None,
    sleep: Sleep,
) -> BinanceGateway:
    credentials = secrets.exchange_credentials()
    return BinanceGateway(
        base_url=secrets.endpoints.rest_url,
        api_key=credentials.api_key.reveal(),
        api_secret=credentials.api_secret.reveal(),
        clock=clock,
        options=options,
        transport=transport,
        on_rate_limit=recorder,
        sleep=sleep,
        # The spot host, where funds move between the wallets (the simulator's own URL in sim mode)
        wallet_url=secrets.endpoints.wallet_url,
    )


def listen_key_client(secrets: Secrets, transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=secrets.endpoints.rest_url, transport=transport, timeout=RestOptions().request_timeout
    )


def user_stream(
    secrets: Secrets, client: httpx.AsyncClient, clock: Clock, symbol: str, scale: TimeScale
) -> BinanceUserDataStream:
    api = HttpListenKeyApi(client, secrets.exchange_credentials().api_key.reveal(), clock)
    return BinanceUserDataStream(
        ListenKeyLifecycle(api, clock), symbol, clock, stream_endpoints(secrets.endpoints), stream_timing(scale)
    )


def risk_limits(settings: Settings) -> RiskLimits:
    return RiskLimits(
        max_risk_per_trade=settings.risk.max_risk_per_trade, daily_loss_limit=settings.risk.daily_loss_limit
    )


OrchestratorFactory = Callable[[Settings], Orchestrator]


StrategyBuilder = Callable[[str, Mapping[str, Any]], Strategy]


def orchestrator_factory(
    market: MarketSource,
    projector: Projector,
    commands: CommandStore,
    writer: EventWriter,
    ids: IdGenerator,
    scope: Scope,
    strategies: StrategyBuilder = build_strategy,
) -> OrchestratorFactory:
    """Build an orchestrator for given settings: the strategy by name (from the registry unless `strategies` says
    otherwise), with its params and limits."""

    def build(settings: Settings) -> Orchestrator:
        strategy = strategies(settings.strategy.name, settings.strategy.params)
        orchestrator_settings = OrchestratorSettings(scope, settings.strategy.timeframe, risk_limits(settings))
        return Orchestrator(strategy, market, projector, commands, writer, ids, orchestrator_settings)

    return build


def market_view(market: MarketSource, clock: Clock, scope: Scope, settings: Settings, scale: TimeScale) -> MarketView:
    # The strategy timeframe at start: the chart's candles are those the strategy reads. The mark interval is a
    # real-time weight budget, so a fast simulation stretches it like the other budgets
    return MarketView(market, clock, scope.symbol, settings.strategy.timeframe, mark_every=scale.stretch(MARK_EVERY))


def refusals_on(board: HealthBoard) -> Callable[[str | None], None]:
    """Where LiveConfig reports the stored settings it refuses (None: none): the health row the web reads."""

    def report(refused: str | None) -> None:
        board.update(settings_refused=refused)

    return report


def holder_for(ids: IdGenerator) -> str:
    return local_holder(ids.new_id())


def poll_schedule(settings: Settings) -> ReconcileSchedule:
    return ReconcileSchedule(timedelta(seconds=settings.engine.poll_interval_sec))


def lease_ttl(scale: TimeScale) -> timedelta:
    return scale.stretch(DEFAULT_LEASE_TTL)


def failpoints_from_env(environ: Mapping[str, str] | None = None) -> Failpoints:
    """KillAt(name) when ALPHAENGINE_KILL_AT names a failpoint (crash tests), else failpoints that stop nowhere."""
    name = (os.environ if environ is None else environ).get(ENV_KILL_AT, "")
    return KillAt(name) if name else NoFailpoints()


def service_manager(environ: Mapping[str, str] | None = None) -> ServiceManager:
    """systemd's notify socket when the bot runs under a Type=notify unit ($NOTIFY_SOCKET), else nobody (ADR 0074)."""
    return service_manager_from_env(os.environ if environ is None else environ)
