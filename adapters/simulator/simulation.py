"""The simulator's runtime for one symbol: a simulated clock, a seeded market and the matching engine kept in step."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.ledger import IncomeRow
from adapters.simulator.exchange.symbols import BTCUSDT, XRPUSDT, SymbolSpec
from adapters.simulator.market.clock import SimulatedClock
from adapters.simulator.market.events import MarketEvent, PremiumIndex, PriceUpdate
from adapters.simulator.market.funding import FundingSchedule, FundingSettlement
from adapters.simulator.market.mark import MarkShape
from adapters.simulator.market.market import Market, MarketOptions
from adapters.simulator.market.replay import ReplaySource
from domain.reports import SymbolRules

SPECS: dict[str, SymbolSpec] = {spec.symbol: spec for spec in (XRPUSDT, BTCUSDT)}
# Start prices near the real ones of late 2026 (any tick multiple works)
START_PRICES: dict[str, Decimal] = {"XRPUSDT": Decimal("0.6000"), "BTCUSDT": Decimal("67000.00")}
DEFAULT_START = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SimulationOptions:
    """`factor` is simulated seconds per real second; `real` None makes the clock manual (tests);
    `funding_every` None keeps Binance's 8-hour funding marks, else funding is settled every that much simulated time;
    `klines` a klines CSV replayed on its own timeline instead of the seeded path (`start` must lie within it).
    """

    seed: int = 42
    symbol: str = "XRPUSDT"
    balance: Decimal = Decimal("10000")
    # USDT in the spot wallet, the source of MAIN_UMFUTURE transfers
    spot_balance: Decimal = Decimal("0")
    factor: float = 1.0
    start: datetime = DEFAULT_START
    real: Callable[[], float] | None = field(default=time.monotonic)
    funding_every: timedelta | None = None
    klines: Path | None = None


class Simulation:
    """Clock + Market + MatchingEngine; advance() replays the market up to the clock's now into the engine."""

    def __init__(self, options: SimulationOptions = SimulationOptions()) -> None:
        if options.symbol not in SPECS:
            raise ValueError(f"unknown symbol {options.symbol!r}; the simulator knows {sorted(SPECS)}")
        self.options = options
        self.spec = SPECS[options.symbol]
        self.clock = SimulatedClock(options.start, options.factor, options.real)
        rules = SymbolRules(
            self.spec.symbol,
            self.spec.tick_size,
            self.spec.step_size,
            self.spec.min_qty,
            self.spec.max_qty,
            self.spec.min_notional,
        )
        self.market = _market(options, rules, MarketOptions(funding=_funding(options), clock=self.clock))
        self.engine = MatchingEngine(
            self.clock,
            options.seed,
            (self.spec,),
            {"USDT": options.balance},
            spot_balances={"USDT": options.spot_balance},
        )
        self.engine.on_price(self.symbol, self.market.last_price(), self.market.mark_price())

    @property
    def symbol(self) -> str:
        return self.spec.symbol

    def advance(self) -> list[MarketEvent]:
        """Move the market to the clock's now and feed prices and funding to the engine in time order."""
        events = self.market.advance(self.clock.now())
        for event in events:
            self._feed(event)
        return events

    def move_price(self, price: Decimal) -> datetime:
        """Move the market's last price to `price` from its next step on (returned); the engine sees it on advance()."""
        self.advance()
        return self.market.move_price(price)

    def settle_funding_now(self) -> IncomeRow | None:
        """One funding round at the clock's now, at the upcoming rate and the current mark; None when flat."""
        self.advance()
        premium = self.market.premium_index()
        return self.engine.apply_funding(self.symbol, premium.last_funding_rate, premium.mark_price, self.clock.now())

    def restarted(self) -> Simulation:
        """A fresh simulation with the same options, starting at this one's now (so time never runs backwards)."""
        return Simulation(replace(self.options, start=self.clock.now()))

    def _feed(self, event: MarketEvent) -> None:
        if isinstance(event, PriceUpdate):
            self.engine.on_price(self.symbol, event.price, self.market.mark_price(event.time))
        elif isinstance(event, PremiumIndex):
            self.engine.on_price(self.symbol, self.market.last_price(event.time), event.mark_price)
        elif isinstance(event, FundingSettlement):
            self.engine.apply_funding(self.symbol, event.rate, event.mark_price, event.time)


def _market(options: SimulationOptions, rules: SymbolRules, market: MarketOptions) -> Market:
    if options.klines is None:
        return Market.seeded(rules, options.seed, START_PRICES[options.symbol], options.start, options=market)
    # A coarse grid and a mark per step: the four points of a replayed kline need no finer one (ADR 0093)
    source = ReplaySource.from_csv(options.klines, rules.tick_size, step_ms=None)
    shape = MarkShape(period_ms=source.step_ms)
    return Market(rules, source, options.start, options.seed, replace(market, mark_shape=shape))


def _funding(options: SimulationOptions) -> FundingSchedule | None:
    if options.funding_every is None:
        return None
    return FundingSchedule.accelerated(options.seed, options.funding_every, options.start)
