"""The Prometheus families of one scrape (ADR 0077): a Collector over a Scrape, in a registry made for it alone."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from domain.events import RateLimitState
from entrypoints.web.api.bot_state import FAIL_CLOSED, READY, STATES
from entrypoints.web.metrics.scrape import COMMAND_WINDOW, Scrape
from ports.exchange import StreamState
from ports.health import BotHealth

PREFIX = "alphaengine"
# What the latency gauge reports over the window: the median, the 90th percentile and the slowest
QUANTILES = (Decimal("0.5"), Decimal("0.9"), Decimal(1))


class ScrapeCollector:
    """Yields every family from one Scrape; built per request, so no figure outlives its read."""

    def __init__(self, scrape: Scrape) -> None:
        self._scrape = scrape

    def collect(self) -> Iterator[Metric]:
        yield from self._bot()
        yield from self._exchange()
        yield from self._store()
        yield from self._account()

    def _bot(self) -> Iterator[Metric]:
        scrape, health = self._scrape, self._scrape.health
        state = scrape.standing.state
        info = _gauge("info", "What this web serves (value 1)", ["mode", "symbol"])
        info.add_metric([scrape.mode, scrape.symbol], 1)
        yield info
        yield _flag("bot_up", "1 while a bot process heartbeats on this database", scrape.standing.running)
        yield _flag("bot_ready", "1 while the bot is ready and allowed to send orders", state == READY)
        yield _flag("bot_failed_closed", "1 while the bot runs but sends no new orders", state == FAIL_CLOSED)
        yield _one_hot(
            "bot_state", "Where the bot stands (ready, starting, fail_closed, stale, stopped, no_bot)", STATES, state
        )
        yield _age(
            "heartbeat_age_seconds", "Since the bot last wrote its health row", scrape.now, _of(health, "updated_at")
        )
        yield _age(
            "loop_lag_seconds",
            "Since the bot's main loop last completed a cycle",
            scrape.now,
            _of(health, "last_loop_at"),
        )
        yield _age(
            "last_reconcile_age_seconds",
            "Since the bot's last successful reconciliation with the exchange",
            scrape.now,
            _of(health, "last_reconcile_at"),
        )
        yield _counter(
            "drifts_detected", "Drifts the reconciler found since the bot started", _of(health, "drifts_detected")
        )

    def _exchange(self) -> Iterator[Metric]:
        health = self._scrape.health
        stream = None if health is None else health.ws_state.value
        yield _one_hot(
            "stream_state",
            "The user-data stream's state as the bot last saw it",
            [s.value for s in StreamState],
            stream,
        )
        yield _counter(
            "stream_reconnects",
            "User-data stream reconnects since the bot started",
            _of(health, "stream_reconnects"),
        )
        weight = _gauge("rate_limit_used_weight", "REST request weight used this minute, as Binance last reported")
        if health is not None and health.rate_limit_weight is not None:
            weight.add_metric([], health.rate_limit_weight)
        yield weight
        limit = None if health is None else health.rate_limit_state.value
        yield _one_hot("rate_limit_state", "The REST governor's state", [s.value for s in RateLimitState], limit)
        refusals = CounterMetricFamily(
            f"{PREFIX}_exchange_refusals",
            "Binance HTTP 429 (rate limited) and 418 (banned) answers since the bot started",
            labels=["status"],
        )
        if health is not None:
            refusals.add_metric(["429"], health.http_429s)
            refusals.add_metric(["418"], health.http_418s)
        yield refusals

    def _store(self) -> Iterator[Metric]:
        scrape = self._scrape
        yield _counter("events", "Events in the event log (its last seq)", scrape.last_seq)
        lag = _gauge("projection_lag_events", "Events in the log not yet folded into the projections")
        lag.add_metric([], max(scrape.last_seq - scrape.reads.checkpoint, 0))
        yield lag
        wal = _gauge("wal_bytes", "Size of the database's write-ahead log after the bot's last checkpoint")
        if scrape.health is not None and scrape.health.wal_bytes is not None:
            wal.add_metric([], scrape.health.wal_bytes)
        yield wal
        latency = _gauge(
            "command_latency_seconds",
            f"From a command's creation to the bot's answer, over the settled ones of the newest {COMMAND_WINDOW}",
            ["quantile"],
        )
        for quantile, value in _quantiles(scrape.command_latencies):
            latency.add_metric([str(quantile)], value.total_seconds())
        yield latency
        counted = _gauge("command_latency_commands", "How many settled commands the latency quantiles are taken over")
        counted.add_metric([], len(scrape.command_latencies))
        yield counted

    def _account(self) -> Iterator[Metric]:
        scrape, reads = self._scrape, self._scrape.reads
        symbol, loss = [scrape.symbol], reads.daily_loss
        position = _gauge("position_quantity", "The open position, signed (long > 0, short < 0)", ["symbol"])
        position.add_metric(symbol, float(reads.position.quantity))
        yield position
        unrealized = _gauge(
            "unrealized_pnl", "The open position's PnL at the bot's last mark (else the last fill)", ["symbol"]
        )
        if scrape.unrealized_pnl is not None:
            unrealized.add_metric(symbol, float(scrape.unrealized_pnl))
        yield unrealized
        daily = _gauge("daily_pnl", "Today's (UTC) realized PnL net of fees and funding", ["symbol"])
        daily.add_metric(symbol, float(reads.pnl_today.net))
        yield daily
        figures = loss.figures
        for name, help_text, value in (
            (
                "daily_loss",
                "Today's loss as the risk guard counts it (realized net + unrealized; negative: a gain)",
                None if figures is None else figures.loss,
            ),
            (
                "daily_loss_limit",
                "The daily loss the risk guard allows (fraction of the day-start equity)",
                None if figures is None else figures.allowed,
            ),
            (
                "risk_headroom",
                "Loss left before the risk guard refuses new exposure (limit − loss; ≤ 0: refusing)",
                None if figures is None else figures.allowed - figures.loss,
            ),
        ):
            family = _gauge(name, help_text, ["asset"])
            if value is not None:
                family.add_metric([loss.asset or ""], float(value))
            yield family


def exposition(scrape: Scrape) -> bytes:
    """The Prometheus text format of `scrape`, through a registry made for it alone (never the global one)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ScrapeCollector(scrape))
    return generate_latest(registry)


def _gauge(name: str, help_text: str, labels: Sequence[str] | None = None) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"{PREFIX}_{name}", help_text, labels=labels)


def _flag(name: str, help_text: str, on: bool) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"{PREFIX}_{name}", help_text, value=int(on))


def _one_hot(name: str, help_text: str, states: Sequence[str], current: str | None) -> GaugeMetricFamily:
    # One series per state, 1 on the current one: an alert rule names the state it fears
    family = _gauge(name, help_text, ["state"])
    for state in states:
        family.add_metric([state], int(state == current))
    return family


def _age(name: str, help_text: str, now: datetime, since: datetime | None) -> GaugeMetricFamily:
    family = _gauge(name, help_text)
    if since is not None:
        family.add_metric([], max(now - since, timedelta(0)).total_seconds())
    return family


def _counter(name: str, help_text: str, value: int | None) -> CounterMetricFamily:
    family = CounterMetricFamily(f"{PREFIX}_{name}", help_text)
    if value is not None:
        family.add_metric([], value)
    return family


def _of(health: BotHealth | None, name: str) -> Any:
    # A figure of the bot's health row; absent (no sample) while no bot ever wrote one
    return None if health is None else getattr(health, name)


def _quantiles(ordered: Sequence[timedelta]) -> Iterator[tuple[Decimal, timedelta]]:
    """Nearest-rank quantiles of an ascending sequence; nothing when it is empty."""
    if not ordered:
        return
    for quantile in QUANTILES:
        rank = max(int((quantile * len(ordered)).to_integral_value(rounding="ROUND_CEILING")), 1)
        yield quantile, ordered[rank - 1]
