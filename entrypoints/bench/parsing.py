"""B1: one ORDER_TRADE_UPDATE frame → domain facts, with no I/O."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal

from adapters.binance.translate import translate_user_message
from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.exchange.events import OrderTradeUpdate
from adapters.simulator.wire.encoding import encode_json
from adapters.simulator.wire.user_data_json import user_data_json
from entrypoints.bench.report import Measurement, median, percentile


def fill_frame() -> str:
    """A real-shaped fill frame, made by the simulator exactly as its WebSocket sends it."""
    engine = MatchingEngine(ManualClock(datetime(2026, 1, 1, tzinfo=UTC)), seed=1)
    engine.on_price("XRPUSDT", Decimal("0.5000"))
    engine.place_order("XRPUSDT", "BUY", "MARKET", Decimal("20"))
    update = next(e for e in engine.drain_events() if isinstance(e, OrderTradeUpdate) and e.trade_id)
    return encode_json(user_data_json(update, engine.spec)).decode()


def parse_benchmark(quick: bool) -> list[Measurement]:
    frame, samples = fill_frame(), []
    for _ in range(1_000 if quick else 10_000):
        started = time.perf_counter()
        translate_user_message(frame, "XRPUSDT")
        samples.append((time.perf_counter() - started) * 1e6)
    return [
        Measurement("B1", "ORDER_TRADE_UPDATE → facts p50", median(samples), "µs", "≤ 20"),
        Measurement("B1", "ORDER_TRADE_UPDATE → facts p99", percentile(samples, 0.99), "µs", "≤ 100"),
    ]
