"""Shared builders for the engine tests: an engine priced and drained, event filters, a tight custom spec."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TypeVar

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.symbols import BTCUSDT, XRPUSDT, SymbolSpec

E = TypeVar("E")
D = Decimal


def make_engine(
    clock: ManualClock | None = None,
    *,
    seed: int | str = 7,
    balance: str = "10000",
    symbols: tuple[SymbolSpec, ...] = (XRPUSDT, BTCUSDT),
    xrp: str = "0.5000",
) -> MatchingEngine:
    engine = MatchingEngine(clock or ManualClock(), seed=seed, symbols=symbols, balances={"USDT": D(balance)})
    for spec in symbols:
        engine.on_price(spec.symbol, D(xrp) if spec is XRPUSDT else D("60000.00") if spec is BTCUSDT else D("10"))
    engine.drain_events()
    return engine


def of_type(events: list[object] | tuple[object, ...], kind: type[E]) -> list[E]:
    return [event for event in events if isinstance(event, kind)]


def names(events: list[object] | tuple[object, ...]) -> list[str]:
    return [type(event).__name__ for event in events]


# A symbol whose grids differ from its display precisions, so -4014/-4023/-4004 can be reached
ODD = replace(
    XRPUSDT,
    symbol="ODDUSDT",
    base_asset="ODD",
    price_precision=2,
    quantity_precision=1,
    tick_size=D("0.05"),
    min_price=D("1"),
    max_price=D("100"),
    step_size=D("0.5"),
    min_qty=D("2"),
    max_qty=D("1000"),
    market_min_qty=D("2"),
    market_max_qty=D("500"),
    max_open_orders=2,
    max_algo_orders=1,
)
