"""Every read endpoint against the simulator returns the engine's truth in domain types."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from adapters.binance.rest import RestOptions
from domain.times import epoch_ms, from_epoch_ms
from domain.values import Side
from ports.errors import ExchangeRejected
from tests.binance.rest.support import SYMBOL, form, market, scripted_gateway, sim_bench

pytestmark = pytest.mark.anyio


async def test_symbol_rules_are_the_exchange_info_filters_of_the_symbol() -> None:
    bench = sim_bench()
    rules = await bench.gateway.symbol_rules(SYMBOL)
    spec = bench.simulation.spec
    assert (rules.tick_size, rules.step_size, rules.min_qty, rules.min_notional) == (
        spec.tick_size,
        spec.step_size,
        spec.min_qty,
        spec.min_notional,
    )


async def test_an_unlisted_symbol_is_rejected_as_binance_rejects_a_bad_symbol() -> None:
    bench = sim_bench()
    with pytest.raises(ExchangeRejected) as rejected:
        await bench.gateway.symbol_rules("DOGEUSDT")
    assert rejected.value.code == -1121


async def test_the_mark_price_is_the_premium_index_mark() -> None:
    bench = sim_bench()
    assert await bench.gateway.mark_price(SYMBOL) == bench.simulation.market.premium_index().mark_price


async def test_klines_are_the_latest_oldest_first_with_the_last_one_open() -> None:
    bench = sim_bench()
    klines = await bench.gateway.klines(SYMBOL, "1m", 5)
    expected = bench.simulation.market.klines("1m", limit=5)
    assert [k.open_time for k in klines] == [k.open_time for k in expected]
    assert [k.close for k in klines] == [k.close for k in expected]
    assert [k.closed for k in klines] == [True, True, True, True, False]


async def test_the_position_after_a_fill_is_the_engines() -> None:
    bench = sim_bench()
    await bench.gateway.place_order(market("20"))
    position = await bench.gateway.position(SYMBOL)
    risk = bench.simulation.engine.position_risk(SYMBOL)
    assert (position.quantity, position.entry_price, position.mark_price) == (
        risk.position_amount,
        risk.entry_price,
        risk.mark_price,
    )


async def test_a_flat_symbol_reports_a_zero_position() -> None:
    bench = sim_bench()
    position = await bench.gateway.position(SYMBOL)
    assert (position.quantity, position.updated_at) == (0, bench.simulation.clock.now())


async def test_balances_are_the_wallet_net_of_fees() -> None:
    bench = sim_bench()
    await bench.gateway.place_order(market("20"))
    [usdt] = await bench.gateway.balances()
    [trade] = bench.simulation.engine.user_trades(SYMBOL)
    assert (usdt.asset, usdt.wallet_balance) == ("USDT", Decimal(10000) - trade.commission)


async def test_user_trades_start_at_the_given_trade_id_in_ascending_order() -> None:
    bench = sim_bench()
    await bench.gateway.place_order(market("20", "c1"))
    await bench.gateway.place_order(market("10", "c2", Side.SELL))
    everything = await bench.gateway.user_trades(SYMBOL, None)
    assert [t.trade_id for t in everything] == sorted(t.trade_id for t in everything) and len(everything) == 2
    assert await bench.gateway.user_trades(SYMBOL, everything[1].trade_id) == everything[1:]
    assert everything[1].side is Side.SELL and everything[1].client_order_id is None


async def test_income_holds_the_commission_of_each_fill_since_the_given_time() -> None:
    bench = sim_bench()
    await bench.gateway.place_order(market("20", "c1"))
    bench.simulation.clock.advance(60)
    await bench.gateway.place_order(market("10", "c2", Side.SELL))
    trades = await bench.gateway.user_trades(SYMBOL, None)
    recent = await bench.gateway.income(SYMBOL, trades[1].executed_at)
    assert {(row.income_type, row.trade_id) for row in recent} == {
        ("COMMISSION", trades[1].trade_id),
        ("REALIZED_PNL", trades[1].trade_id),
    }


def _income_row(tran_id: int, at_ms: int) -> dict[str, object]:
    return {
        "symbol": SYMBOL,
        "incomeType": "FUNDING_FEE",
        "income": "-0.01",
        "asset": "USDT",
        "info": "",
        "time": at_ms,
        "tranId": tran_id,
        "tradeId": "",
    }


async def test_income_pages_on_from_the_last_time_of_a_full_page_without_duplicates() -> None:
    start = 1767225600000
    pages = [
        [_income_row(1, start), _income_row(2, start + 1)],
        [_income_row(2, start + 1), _income_row(3, start + 2)],
        [_income_row(4, start + 3)],
    ]
    gateway, script, _, _ = scripted_gateway(
        *[httpx.Response(200, json=page) for page in pages], options=RestOptions(page_size=2)
    )
    rows = await gateway.income(SYMBOL, from_epoch_ms(start))
    assert [row.tran_id for row in rows] == [1, 2, 3, 4]
    assert [form(r)["startTime"] for r in script.requests] == [str(start), str(start + 1), str(start + 2)]


async def test_setting_leverage_returns_the_exchanges_value() -> None:
    bench = sim_bench()
    assert await bench.gateway.set_leverage(SYMBOL, 7) == 7
    assert bench.simulation.engine.position_risk(SYMBOL).leverage == 7


async def test_a_non_integer_leverage_is_refused_before_sending() -> None:
    bench = sim_bench()
    with pytest.raises(ValueError, match="leverage must be an integer"):
        await bench.gateway.set_leverage(SYMBOL, 7.5)  # type: ignore[arg-type]
    assert bench.transport.requests == []


async def test_times_come_back_as_aware_utc() -> None:
    bench = sim_bench()
    bench.simulation.clock.advance(timedelta(seconds=1.5))
    placed = await bench.gateway.place_order(market("20"))
    assert placed.updated_at.utcoffset() == timedelta(0)
    assert epoch_ms(placed.updated_at) == epoch_ms(bench.simulation.clock.now())
