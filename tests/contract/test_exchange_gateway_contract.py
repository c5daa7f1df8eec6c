"""One ExchangeGateway contract, run against the simulator's in-process face and BinanceGateway over its wire app.

Both faces share one Simulation type on a manual clock, so the same request must give the same domain answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal

import pytest

from adapters.binance.rest import BinanceGateway, RestOptions
from adapters.simulator.inprocess import SimulatedExchangeGateway
from adapters.simulator.inprocess.market_feed import market_klines, market_mark_price
from adapters.simulator.simulation import Simulation
from domain.events import OrderFacts
from domain.order_request import OrderRequest
from domain.values import OrderStatus, Side
from ports.errors import ExchangeRejected, NeverPlaced, OutcomeUnknown
from ports.exchange import ExchangeGateway
from tests.binance.rest.support import SYMBOL, limit, market, sim_bench, stop
from tests.simulator.server.support import manual_simulation

pytestmark = pytest.mark.anyio

FACES = ["inprocess", "binance-wire"]


@dataclass
class Venue:
    gateway: ExchangeGateway
    simulation: Simulation


class HiddenFromLookups(SimulatedExchangeGateway):
    """The in-process face while every lookup falls within visibility lag."""

    async def query_order(self, symbol: str, client_order_id: str, conditional: bool) -> OrderFacts | None:
        return None


async def open_venue(face: str, *, lookups_hidden: bool = False) -> Venue:
    simulation = manual_simulation()
    if face == "inprocess":
        kind = HiddenFromLookups if lookups_hidden else SimulatedExchangeGateway
        gateway: ExchangeGateway = kind(
            simulation.engine,
            simulation.clock,
            mark_price=market_mark_price(simulation.market),
            klines=market_klines(simulation.market),
        )
    else:
        options = RestOptions()
        # Every lookup the adapter's window asks answers "does not exist", as under visibility lag
        gateway = sim_bench(simulation, lag=options.lookup_attempts if lookups_hidden else 0, options=options).gateway
    return Venue(gateway, simulation)


@pytest.fixture(params=FACES)
async def venue(request: pytest.FixtureRequest) -> AsyncIterator[Venue]:
    opened = await open_venue(request.param)
    yield opened
    if hasattr(opened.gateway, "aclose"):
        await opened.gateway.aclose()


async def test_server_time_is_the_exchanges_clock(venue: Venue) -> None:
    assert await venue.gateway.server_time() == venue.simulation.clock.now()


async def test_symbol_rules_are_the_symbols_filters(venue: Venue) -> None:
    rules = await venue.gateway.symbol_rules(SYMBOL)
    spec = venue.simulation.spec
    assert (rules.symbol, rules.tick_size, rules.step_size, rules.min_qty, rules.max_qty, rules.min_notional) == (
        SYMBOL,
        spec.tick_size,
        spec.step_size,
        spec.min_qty,
        spec.max_qty,
        spec.min_notional,
    )


async def test_an_unknown_symbol_is_rejected_with_binances_code(venue: Venue) -> None:
    with pytest.raises(ExchangeRejected) as rejected:
        await venue.gateway.symbol_rules("DOGEUSDT")
    assert rejected.value.code == -1121


async def test_a_market_order_fills_at_once(venue: Venue) -> None:
    placed = await venue.gateway.place_order(market("20"))
    assert (placed.status, placed.filled_qty, placed.conditional, placed.client_order_id) == (
        OrderStatus.FILLED,
        Decimal(20),
        False,
        market("20").client_order_id,
    )
    assert placed.avg_price > 0


async def test_a_resting_limit_order_is_open_and_found_by_its_client_id(venue: Venue) -> None:
    placed = await venue.gateway.place_order(limit("20", "0.5000"))
    assert placed.status is OrderStatus.NEW
    assert await venue.gateway.open_orders(SYMBOL) == [placed]
    assert await venue.gateway.query_order(SYMBOL, placed.client_order_id, conditional=False) == placed


async def test_a_conditional_order_is_an_open_algo_order(venue: Venue) -> None:
    placed = await venue.gateway.place_order(stop("0.5000"))
    assert (placed.conditional, placed.status, placed.trigger_price, placed.close_position) == (
        True,
        OrderStatus.NEW,
        Decimal("0.5"),
        True,
    )
    assert await venue.gateway.open_orders(SYMBOL) == [placed]
    assert await venue.gateway.query_order(SYMBOL, placed.client_order_id, conditional=True) == placed


@pytest.mark.parametrize("order", [limit("20", "0.5000"), stop("0.5000")], ids=["regular", "algo"])
async def test_resending_an_open_orders_client_id_returns_that_order_and_places_nothing(venue: Venue, order) -> None:
    first = await venue.gateway.place_order(order)
    again = await venue.gateway.place_order(order)
    assert again.order_key == first.order_key
    assert len(venue.simulation.engine.oracle.orders) + len(venue.simulation.engine.oracle.algo_orders) == 1


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("order", [limit("20", "0.5000"), stop("0.5000")], ids=["regular", "algo"])
async def test_an_open_client_id_whose_order_cannot_then_be_found_is_an_unknown_outcome(
    face: str, order: OrderRequest
) -> None:
    venue = await open_venue(face, lookups_hidden=True)
    await venue.gateway.place_order(order)
    # The id proves an earlier send took effect: never a refusal the caller could take for "nothing was placed"
    with pytest.raises(OutcomeUnknown):
        await venue.gateway.place_order(order)
    assert len(venue.simulation.engine.oracle.orders) + len(venue.simulation.engine.oracle.algo_orders) == 1
    if isinstance(venue.gateway, BinanceGateway):
        await venue.gateway.aclose()


async def test_an_intent_proven_never_placed_is_refused_under_the_venues_no_such_order_code(venue: Venue) -> None:
    never = venue.gateway.never_placed("ae-never-sent", "its history shows no fill of it")
    assert isinstance(never, NeverPlaced) and isinstance(never, ExchangeRejected)
    assert (never.code, never.client_order_id) == (-2013, "ae-never-sent")
    assert never.message == "order ae-never-sent was never placed: its history shows no fill of it"


async def test_reusing_a_filled_orders_client_id_places_a_second_order(venue: Venue) -> None:
    first = await venue.gateway.place_order(market("20"))
    second = await venue.gateway.place_order(market("20"))
    assert (second.client_order_id, second.status) == (first.client_order_id, OrderStatus.FILLED)
    assert second.order_id != first.order_id


@pytest.mark.parametrize("conditional", [False, True])
async def test_an_order_never_sent_is_proven_absent(venue: Venue, conditional: bool) -> None:
    assert await venue.gateway.query_order(SYMBOL, "ae-never-sent", conditional) is None


async def test_cancelling_open_orders_returns_them_canceled(venue: Venue) -> None:
    resting = await venue.gateway.place_order(limit("20", "0.5000"))
    algo = await venue.gateway.place_order(stop("0.5000"))
    canceled = [await venue.gateway.cancel_order(SYMBOL, o.client_order_id, o.conditional) for o in (resting, algo)]
    assert [(c.order_key, c.status) for c in canceled if c is not None] == [
        (resting.order_key, OrderStatus.CANCELED),
        (algo.order_key, OrderStatus.CANCELED),
    ]


@pytest.mark.parametrize("conditional", [False, True])
async def test_cancelling_a_closed_or_unknown_order_is_none(venue: Venue, conditional: bool) -> None:
    filled = await venue.gateway.place_order(market("20"))
    client_id = "ae-never-sent" if conditional else filled.client_order_id
    assert await venue.gateway.cancel_order(SYMBOL, client_id, conditional) is None


async def test_cancel_all_closes_regular_and_algo_orders_and_is_idempotent(venue: Venue) -> None:
    await venue.gateway.place_order(limit("20", "0.5000"))
    await venue.gateway.place_order(stop("0.5000"))
    await venue.gateway.cancel_all(SYMBOL)
    await venue.gateway.cancel_all(SYMBOL)
    assert await venue.gateway.open_orders(SYMBOL) == []


async def test_user_trades_start_at_from_id_ascending(venue: Venue) -> None:
    await venue.gateway.place_order(market("20", "c1"))
    await venue.gateway.place_order(market("10", "c2", Side.SELL))
    trades = await venue.gateway.user_trades(SYMBOL, None)
    assert [t.side for t in trades] == [Side.BUY, Side.SELL]
    assert await venue.gateway.user_trades(SYMBOL, trades[1].trade_id) == trades[1:]


async def test_the_position_follows_fills(venue: Venue) -> None:
    assert (await venue.gateway.position(SYMBOL)).quantity == 0
    placed = await venue.gateway.place_order(market("20"))
    position = await venue.gateway.position(SYMBOL)
    assert (position.quantity, position.entry_price) == (Decimal(20), placed.avg_price)


async def test_balances_and_income_account_for_the_fee(venue: Venue) -> None:
    await venue.gateway.place_order(market("20"))
    [trade] = await venue.gateway.user_trades(SYMBOL, None)
    [usdt] = await venue.gateway.balances()
    income = await venue.gateway.income(SYMBOL, None)
    assert usdt.wallet_balance == Decimal(10000) - trade.commission
    assert [(row.income_type, row.amount, row.trade_id) for row in income] == [
        ("COMMISSION", -trade.commission, trade.trade_id)
    ]


async def test_set_leverage_returns_it_and_is_idempotent(venue: Venue) -> None:
    assert await venue.gateway.set_leverage(SYMBOL, 7) == 7
    assert await venue.gateway.set_leverage(SYMBOL, 7) == 7


async def test_the_position_reports_the_leverage_before_and_after_it_is_set(venue: Venue) -> None:
    assert (await venue.gateway.position(SYMBOL)).leverage == venue.simulation.spec.default_leverage
    await venue.gateway.set_leverage(SYMBOL, 7)
    assert (await venue.gateway.position(SYMBOL)).leverage == 7


async def test_the_position_mode_is_one_way_until_the_owner_switches_to_hedge_mode(venue: Venue) -> None:
    assert await venue.gateway.hedge_mode() is False
    venue.simulation.engine.set_position_mode(hedge=True)

    assert await venue.gateway.hedge_mode() is True
    with pytest.raises(ExchangeRejected) as rejected:
        await venue.gateway.place_order(market("20"))
    assert rejected.value.code == -4061


async def test_market_data_is_the_simulated_markets(venue: Venue) -> None:
    klines = await venue.gateway.klines(SYMBOL, "1m", 5)
    assert await venue.gateway.mark_price(SYMBOL) == venue.simulation.market.mark_price()
    assert [k.open_time for k in klines] == sorted(k.open_time for k in klines) and len(klines) == 5
    assert klines[-1].close == venue.simulation.market.klines("1m", limit=1)[-1].close


async def test_an_order_the_engine_refuses_is_rejected_with_the_same_code(venue: Venue) -> None:
    with pytest.raises(ExchangeRejected) as rejected:
        await venue.gateway.place_order(limit("1", "0.5000"))
    assert rejected.value.code == -4164


async def test_both_faces_answer_a_whole_session_identically() -> None:
    answers = []
    for face in FACES:
        venue = await open_venue(face)
        answers.append(await _session(venue.gateway))
    assert answers[0] == answers[1]


async def _session(gateway: ExchangeGateway) -> list[object]:
    placed = [await gateway.place_order(request) for request in (market("20"), limit("20", "0.5000"), stop("0.5"))]
    return [
        placed,
        await gateway.open_orders(SYMBOL),
        await gateway.user_trades(SYMBOL, None),
        await gateway.position(SYMBOL),
        await gateway.balances(),
        await gateway.income(SYMBOL, None),
        [await gateway.cancel_order(SYMBOL, o.client_order_id, o.conditional) for o in placed],
    ]
