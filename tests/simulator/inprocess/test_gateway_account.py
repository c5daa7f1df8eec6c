"""The in-process gateway's account and market reads: time, rules, trades, position, balances, income, prices."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from adapters.memory.clock import ManualClock
from adapters.simulator.exchange.engine import MatchingEngine
from adapters.simulator.inprocess import NoMarketData, SimulatedExchangeGateway
from domain.reports import Kline
from domain.values import Side
from ports.errors import ExchangeRejected
from tests.simulator.inprocess.conftest import SYMBOL, market

pytestmark = pytest.mark.anyio


async def test_server_time_is_the_engine_clock(gateway: SimulatedExchangeGateway, clock: ManualClock) -> None:
    clock.advance(5)
    assert await gateway.server_time() == clock.now()


async def test_symbol_rules_come_from_the_engine_spec(gateway: SimulatedExchangeGateway) -> None:
    rules = await gateway.symbol_rules(SYMBOL)
    assert (rules.tick_size, rules.step_size, rules.min_qty, rules.min_notional) == (
        Decimal("0.0001"),
        Decimal("0.1"),
        Decimal("0.1"),
        Decimal("5"),
    )


async def test_user_trades_list_every_fill_ascending_without_client_ids(gateway: SimulatedExchangeGateway) -> None:
    await gateway.place_order(market(Side.BUY, "1000"))
    trades = await gateway.user_trades(SYMBOL, None)
    assert len(trades) > 1 and sum(t.quantity for t in trades) == Decimal(1000)
    assert [t.trade_id for t in trades] == sorted(t.trade_id for t in trades)
    assert all(t.client_order_id is None and t.commission > 0 and not t.maker for t in trades)


async def test_user_trades_from_an_id_start_at_that_trade(gateway: SimulatedExchangeGateway) -> None:
    await gateway.place_order(market(Side.BUY, "1000"))
    trades = await gateway.user_trades(SYMBOL, None)
    assert await gateway.user_trades(SYMBOL, trades[1].trade_id) == trades[1:]


async def test_the_position_follows_the_fills(gateway: SimulatedExchangeGateway) -> None:
    assert (await gateway.position(SYMBOL)).quantity == 0
    await gateway.place_order(market(Side.BUY, "30"))
    await gateway.place_order(market(Side.SELL, "10", command="c2"))
    position = await gateway.position(SYMBOL)
    assert (position.quantity, position.leverage, position.mark_price) == (Decimal(20), 20, Decimal("0.5"))
    assert position.entry_price > 0


async def test_balances_show_the_wallet_minus_fees(gateway: SimulatedExchangeGateway) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    fee = sum(t.commission for t in await gateway.user_trades(SYMBOL, None))
    [usdt] = await gateway.balances()
    assert (usdt.asset, usdt.wallet_balance, usdt.cross_wallet_balance) == ("USDT", 10000 - fee, 10000 - fee)
    assert 0 < usdt.available_balance < usdt.wallet_balance


async def test_income_since_a_time_lists_commissions_per_trade(
    gateway: SimulatedExchangeGateway, clock: ManualClock
) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    clock.advance(60)
    since = clock.now()
    await gateway.place_order(market(Side.SELL, "20", command="c2"))
    rows = await gateway.income(SYMBOL, since)
    trades = await gateway.user_trades(SYMBOL, None)
    assert {r.income_type for r in rows} <= {"COMMISSION", "REALIZED_PNL"}
    commissions = [r for r in rows if r.income_type == "COMMISSION"]
    assert [(r.trade_id, r.amount) for r in commissions] == [(trades[-1].trade_id, -trades[-1].commission)]
    assert all(r.time >= since for r in rows)


async def test_funding_shows_in_income(
    gateway: SimulatedExchangeGateway, engine: MatchingEngine, clock: ManualClock
) -> None:
    await gateway.place_order(market(Side.BUY, "20"))
    engine.apply_funding(SYMBOL, Decimal("0.0001"), Decimal("0.5"), clock.now())
    [funding] = [r for r in await gateway.income(SYMBOL, None) if r.income_type == "FUNDING_FEE"]
    assert funding.amount == Decimal("-0.001") and funding.time == clock.now()


async def test_set_leverage_returns_and_applies_the_leverage(gateway: SimulatedExchangeGateway) -> None:
    assert await gateway.set_leverage(SYMBOL, 10) == 10
    assert await gateway.set_leverage(SYMBOL, 10) == 10
    assert (await gateway.position(SYMBOL)).leverage == 10


async def test_an_invalid_leverage_is_rejected(gateway: SimulatedExchangeGateway) -> None:
    with pytest.raises(ExchangeRejected) as rejected:
        await gateway.set_leverage(SYMBOL, 0)
    assert rejected.value.code == -4028


async def test_klines_without_a_market_source_name_the_problem(gateway: SimulatedExchangeGateway) -> None:
    with pytest.raises(NoMarketData, match="klines="):
        await gateway.klines(SYMBOL, "1m", 10)


async def test_klines_come_from_the_given_source(engine: MatchingEngine, clock: ManualClock) -> None:
    now = clock.now()
    bar = Kline(now, now + timedelta(minutes=1), Decimal(1), Decimal(2), Decimal(1), Decimal(2), Decimal(5), False)
    asked: list[tuple[str, str, int]] = []

    def source(symbol: str, interval: str, limit: int) -> list[Kline]:
        asked.append((symbol, interval, limit))
        return [bar]

    gateway = SimulatedExchangeGateway(engine, clock, klines=source)
    assert await gateway.klines(SYMBOL, "1m", 3) == [bar]
    assert asked == [(SYMBOL, "1m", 3)]


async def test_the_mark_price_defaults_to_the_engine_mark(
    gateway: SimulatedExchangeGateway, engine: MatchingEngine
) -> None:
    engine.on_price(SYMBOL, Decimal("0.5100"), mark=Decimal("0.5090"))
    assert await gateway.mark_price(SYMBOL) == Decimal("0.5090")


async def test_the_mark_price_comes_from_the_given_source(engine: MatchingEngine, clock: ManualClock) -> None:
    gateway = SimulatedExchangeGateway(engine, clock, mark_price=lambda symbol: Decimal("0.4321"))
    assert await gateway.mark_price(SYMBOL) == Decimal("0.4321")


async def test_a_mark_price_before_any_price_names_the_problem(clock: ManualClock) -> None:
    gateway = SimulatedExchangeGateway(MatchingEngine(clock), clock)
    with pytest.raises(NoMarketData, match="no mark price"):
        await gateway.mark_price(SYMBOL)
