"""A liquidation on the exchange (guide R20): the bot records the autoclose fill as external, ends flat like the
exchange, and its PnL ledger agrees with the income history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.simulator.exchange.ledger import IncomeType
from domain.events import EventPayload, TradeExecuted, new_event
from domain.projections.ledger import total
from domain.values import Side, Source
from tests.unit.application_loop.bench import SCOPE, SYMBOL, Bench, market

pytestmark = pytest.mark.anyio

TICK = Decimal("0.0001")
START_WALLET = Decimal("10000")


async def liquidated(bench: Bench) -> None:
    """The bot buys 60 000 XRP at 20x (its fill recorded from the placement's answer); the mark then falls a tick
    below the liquidation price positionRisk shows."""
    placed = await bench.gateway.place_order(market(Side.BUY, "60000"))
    append(bench, [placed], Source.REST)
    price = bench.engine.position_risk(SYMBOL).liquidation_price
    bench.clock.advance(1)
    bench.engine.on_price(SYMBOL, price.quantize(TICK) - TICK)


async def streamed(bench: Bench) -> None:
    """Append what the user-data stream has buffered, as the loop would (source WS)."""
    bench.stream.close()
    append(bench, [m async for m in bench.stream.messages() if isinstance(m, EventPayload)], Source.WS)


def append(bench: Bench, payloads: list[EventPayload], source: Source) -> None:
    now = bench.clock.now()
    bench.events.append(
        [new_event(p, event_id=bench.ids.new_id(), ts=now, scope=SCOPE, source=source) for p in payloads]
    )


def autoclose_trades(bench: Bench) -> list[TradeExecuted]:
    liquidation = [o.order_id for o in bench.engine.oracle.orders if o.client_order_id.startswith("autoclose-")]
    return [e.payload for e in bench.stored(TradeExecuted.TYPE) if e.payload.order_id in liquidation]


def income(bench: Bench, kind: IncomeType) -> Decimal:
    return sum((row.income for row in bench.engine.oracle.income if row.income_type is kind), Decimal(0))


async def test_the_liquidation_seen_on_the_stream_is_an_external_fill_and_leaves_the_bot_flat(bench: Bench) -> None:
    await liquidated(bench)

    await streamed(bench)

    [fill] = autoclose_trades(bench)
    assert fill.external is True and fill.client_order_id.startswith("autoclose-")
    assert bench.projector.state.position(SYMBOL).quantity == 0
    assert bench.engine.oracle.position(SYMBOL).amount == 0
    assert (await bench.reconciler().reconcile()).drifts == 0


async def test_a_liquidation_the_stream_missed_is_found_over_rest_as_an_external_fill(bench: Bench) -> None:
    await liquidated(bench)

    outcome = await bench.reconciler().reconcile()

    [fill] = autoclose_trades(bench)
    [trade] = [t for t in bench.engine.oracle.trades if t.client_order_id.startswith("autoclose-")]
    assert fill.external is True and (fill.trade_id, fill.price, fill.quantity) == (
        trade.trade_id,
        trade.price,
        trade.qty,
    )
    assert bench.projector.state.position(SYMBOL).quantity == bench.engine.oracle.position(SYMBOL).amount == 0
    assert outcome.stored > 0


async def test_after_a_liquidation_the_bot_s_pnl_equals_the_income_history(bench: Bench) -> None:
    await liquidated(bench)
    await streamed(bench)

    await bench.reconciler().reconcile()

    ledger = total(bench.projector.state.pnl_days())
    assert ledger.realized_pnl == income(bench, IncomeType.REALIZED_PNL) < 0
    # The clearance fee (income INSURANCE_CLEAR) counts with the commissions
    clearance = -income(bench, IncomeType.INSURANCE_CLEAR)
    assert clearance > 0
    assert ledger.fees == -income(bench, IncomeType.COMMISSION) + clearance
    [wallet] = [b for b in bench.projector.state.balances() if b.asset == "USDT"]
    assert wallet.wallet_balance == bench.engine.oracle.balances["USDT"] == 0
    assert START_WALLET + ledger.net == 0
