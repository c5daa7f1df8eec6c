"""B1: one ORDER_TRADE_UPDATE frame → domain facts, with no I/O."""

from __future__ import annotations

import json
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


def distinct_fill_frames(count: int) -> list[str]:
    """`count` fills of the same shape, each with its own amounts, times and ids: no reader meets a value twice across
    frames, so the readers' caches help only with what one frame repeats (q, l and z; ap and L; E and T)."""
    frame = json.loads(fill_frame())
    frames = []
    for k in range(count):
        quantity, price, at = str(20 + k), f"0.{5001 + k}", frame["T"] + k
        order = {**frame["o"], "q": quantity, "l": quantity, "z": quantity, "ap": price, "L": price, "T": at}
        order.update(n=f"0.00{500100 + k}", t=frame["o"]["t"] + k, i=frame["o"]["i"] - k)
        frames.append(json.dumps({**frame, "E": at, "T": at, "o": order}, separators=(",", ":")))
    return frames


def parse_benchmark(quick: bool) -> list[Measurement]:
    count = 1_000 if quick else 10_000
    frame, samples = fill_frame(), []
    for _ in range(count):
        started = time.perf_counter()
        translate_user_message(frame, "XRPUSDT")
        samples.append((time.perf_counter() - started) * 1e6)
    distinct = []
    for each in distinct_fill_frames(count):
        started = time.perf_counter()
        translate_user_message(each, "XRPUSDT")
        distinct.append((time.perf_counter() - started) * 1e6)
    return [
        Measurement("B1", "ORDER_TRADE_UPDATE → facts p50", median(samples), "µs", "≤ 10"),
        Measurement("B1", "ORDER_TRADE_UPDATE → facts p99", percentile(samples, 0.99), "µs", "≤ 100"),
        Measurement("B1", "distinct ORDER_TRADE_UPDATE frames → facts p50", median(distinct), "µs"),
    ]
