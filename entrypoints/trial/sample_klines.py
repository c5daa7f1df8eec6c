"""How the shipped klines file was made: the simulator's seeded price path (seed 42, from 0.6000 USDT), written once
as Binance's kline CSV. No real market data is available offline; the file says so in its README (ADR 0093)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adapters.simulator.market.bars import SimKline
from adapters.simulator.market.market import Market
from adapters.simulator.simulation import SPECS, START_PRICES
from domain.reports import SymbolRules
from domain.times import epoch_ms

SAMPLE_SYMBOL = "XRPUSDT"
SAMPLE_INTERVAL = "5m"
SAMPLE_SEED = 42
SAMPLE_START = datetime(2026, 1, 1, tzinfo=UTC)
SAMPLE_DAYS = 3
# /fapi/v1/klines returns at most 1500 klines per request, as the simulator does
MAX_PER_READ = 1500


def write_sample(path: Path) -> int:
    """Write the sample klines to `path` (12 columns, no header, as Binance's data downloads); return how many."""
    spec = SPECS[SAMPLE_SYMBOL]
    rules = SymbolRules(spec.symbol, spec.tick_size, spec.step_size, spec.min_qty, spec.max_qty, spec.min_notional)
    end = SAMPLE_START + timedelta(days=SAMPLE_DAYS)
    market = Market.seeded(rules, SAMPLE_SEED, START_PRICES[SAMPLE_SYMBOL], end, history=end - SAMPLE_START)
    rows = []
    moment = SAMPLE_START
    while moment < end:
        klines = market.klines(SAMPLE_INTERVAL, start=moment, end=end - timedelta(milliseconds=1), limit=MAX_PER_READ)
        rows += [_row(kline) for kline in klines if kline.closed]
        moment = klines[-1].close_time + timedelta(milliseconds=1)
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    return len(rows)


def _row(kline: SimKline) -> list[object]:

    return [
        epoch_ms(kline.open_time),
        kline.open,
        kline.high,
        kline.low,
        kline.close,
        kline.volume,
        epoch_ms(kline.close_time),
        kline.quote_volume,
        kline.trades,
        kline.taker_buy_volume,
        kline.taker_buy_quote_volume,
        0,
    ]
