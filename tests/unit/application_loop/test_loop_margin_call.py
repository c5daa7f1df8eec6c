"""A margin call the exchange sends (the simulator's at an 80 % margin ratio, ADR 0037) is a stored fact (ADR 0054)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.events import MarginCalled
from domain.values import Side, Source
from tests.unit.application_loop.bench import SYMBOL, Bench, make_bench, market, rig

pytestmark = pytest.mark.anyio


async def long_marked_at(mark: str) -> Bench:
    """100 USDT holding 3000 XRP bought near 0.5000 (its margin ratio reaches 80 % at 0.4702), after one cycle."""
    bench = make_bench(usdt=Decimal("100"))
    bot = rig(bench)
    assert (await bot.boot_now()).ready
    await bench.gateway.place_order(market(Side.BUY, "3000"))
    bench.engine.on_price(SYMBOL, Decimal(mark))
    await bot.forward_stream()
    await bot.loop.run_once()
    return bench


async def test_the_simulators_margin_call_is_appended_from_the_stream_with_its_figures() -> None:
    bench = await long_marked_at("0.4702")

    [stored] = bench.stored(MarginCalled.TYPE)
    called = stored.payload
    assert isinstance(called, MarginCalled) and stored.source is Source.WS
    entry = bench.engine.position_risk(SYMBOL).entry_price
    assert (called.symbol, called.position_side, called.margin_type) == (SYMBOL, "BOTH", "CROSSED")
    assert (called.quantity, called.mark_price) == (Decimal("3000"), Decimal("0.4702"))
    assert called.unrealized_pnl == (Decimal("0.4702") - entry) * 3000
    assert called.maintenance_margin >= Decimal("0.8") * (called.cross_wallet_balance + called.unrealized_pnl)


async def test_a_mark_short_of_the_margin_call_zone_records_none() -> None:
    bench = await long_marked_at("0.4800")

    assert bench.stored(MarginCalled.TYPE) == []
