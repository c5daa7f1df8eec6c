"""A trial's figures are folded from the event log: equity marked at each price, drawdown, exposure, positions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from domain.events import Event, ExchangeErrorRecorded, RiskGuardRejected, StoredEvent
from domain.performance import Performance, PricePoint, performance
from tests.harness.builders import T0, EventFactory

MINUTE = timedelta(minutes=1)
START_BALANCE = Decimal("1000")


def stored(events: list[Event]) -> list[StoredEvent]:
    return [StoredEvent(seq, event) for seq, event in enumerate(events, start=1)]


def prices(*points: tuple[timedelta, str]) -> list[PricePoint]:
    return [PricePoint(T0 + offset, Decimal(price)) for offset, price in points]


def figured(events: list[Event], points: list[PricePoint], minutes: int = 6) -> Performance:
    return performance(stored(events), points, "XRPUSDT", START_BALANCE, (T0, T0 + minutes * MINUTE))


def one_long() -> list[Event]:
    """Buy 100 at 0.5 (minute 1), pay funding (minute 3), sell 100 at 0.45 (minute 4): realized -5."""
    make = EventFactory(step=MINUTE)
    return [
        make.trade(1, side="BUY", qty="100", price="0.5"),
        make.fee(1, amount="0.02"),
        make.funding(amount="-0.01"),
        make.trade(2, order_id=2, side="SELL", qty="100", price="0.45", realized_pnl="-5"),
        make.fee(2, amount="0.018"),
    ]


def test_the_equity_is_the_ledger_plus_the_open_position_marked_at_each_price() -> None:
    points = prices((0 * MINUTE, "0.5"), (2 * MINUTE, "0.6"), (3.5 * MINUTE, "0.4"), (6 * MINUTE, "0.55"))

    figures = figured(one_long(), points)

    assert [p.equity for p in figures.curve] == [
        Decimal("1000"),
        Decimal("1009.98"),  # -0.02 fee, +10 open at 0.6
        Decimal("989.97"),  # -0.01 funding, -10 open at 0.4
        Decimal("994.952"),  # -5 realized, fees 0.038, funding 0.01
    ]
    assert [p.position for p in figures.curve] == [0, 100, 100, 0]


def test_the_totals_are_the_ledgers_and_the_end_equity_adds_them_to_the_start() -> None:
    figures = figured(one_long(), prices((6 * MINUTE, "0.55")))

    assert (figures.realized_pnl, figures.fees, figures.funding) == (Decimal(-5), Decimal("0.038"), Decimal("-0.01"))
    assert figures.net_pnl == Decimal("-5.048")
    assert figures.end_equity == Decimal("994.952")
    assert (figures.fills, figures.orders, figures.bought, figures.sold) == (2, 2, 100, 100)
    assert figures.traded_notional == Decimal("95")


def test_the_max_drawdown_is_the_deepest_fall_from_the_highest_equity_before_it() -> None:
    points = prices((0 * MINUTE, "0.5"), (2 * MINUTE, "0.6"), (3.5 * MINUTE, "0.4"), (6 * MINUTE, "0.55"))

    figures = figured(one_long(), points)

    assert [p.drawdown for p in figures.curve] == [0, 0, Decimal("-20.01"), Decimal("-15.028")]
    assert figures.max_drawdown == Decimal("-20.01")
    assert figures.max_drawdown_at == T0 + 3.5 * MINUTE
    assert figures.max_drawdown_fraction == Decimal("-20.01") / Decimal("1009.98")


def test_the_exposure_is_the_time_a_position_was_held_and_its_notional_at_entry() -> None:
    figures = figured(one_long(), prices((6 * MINUTE, "0.55")))

    assert figures.time_in_market == 3 * MINUTE
    assert figures.time_in_market_fraction == Decimal("0.5")
    assert (figures.average_notional, figures.max_notional) == (Decimal("50"), Decimal("50"))


def test_a_position_still_held_at_the_end_counts_until_the_end_and_is_marked_there() -> None:
    make = EventFactory(step=MINUTE)
    figures = figured([make.trade(1, side="SELL", qty="10", price="0.5")], prices((6 * MINUTE, "0.4")))

    assert figures.time_in_market == 5 * MINUTE
    assert figures.unrealized_pnl == Decimal("1")
    assert figures.round_trips[0].side == "SHORT"
    assert figures.round_trips[0].closed_at is None


def test_a_round_trip_collects_its_fills_realized_pnl_and_fees() -> None:
    (trip,) = figured(one_long(), prices((6 * MINUTE, "0.55"))).round_trips

    assert (trip.side, trip.opened_at, trip.closed_at) == ("LONG", T0 + MINUTE, T0 + 4 * MINUTE)
    assert (trip.largest, trip.fills, trip.realized_pnl, trip.fees) == (100, 2, -5, Decimal("0.038"))


def test_a_reversing_fill_closes_one_position_and_opens_the_other_with_the_remainder() -> None:
    make = EventFactory(step=MINUTE)
    events = [
        make.trade(1, side="BUY", qty="100", price="0.5"),
        make.trade(2, order_id=2, side="SELL", qty="150", price="0.6", realized_pnl="10"),
    ]

    long, short = figured(events, prices((6 * MINUTE, "0.6"))).round_trips

    assert (long.side, long.closed_at, long.realized_pnl) == ("LONG", T0 + 2 * MINUTE, 10)
    assert (short.side, short.opened_at, short.closed_at, short.largest) == ("SHORT", T0 + 2 * MINUTE, None, 50)


def test_positions_are_cut_by_the_fills_even_when_the_exchanges_snapshot_comes_first() -> None:
    make = EventFactory(step=MINUTE)
    events = [
        make.trade(1, side="BUY", qty="100", price="0.5"),
        # Binance sends ACCOUNT_UPDATE before ORDER_TRADE_UPDATE: the position is flat before the closing fill arrives
        make.position(qty="0", entry_price="0"),
        make.trade(2, order_id=2, side="SELL", qty="100", price="0.5", executed_at=T0 + 2 * MINUTE),
    ]

    figures = figured(events, prices((6 * MINUTE, "0.5")))

    assert [(t.side, t.fills, t.closed_at) for t in figures.round_trips] == [("LONG", 2, T0 + 2 * MINUTE)]
    assert figures.final_position.quantity == 0


def test_no_trade_leaves_the_start_balance_with_no_drawdown() -> None:
    figures = figured([], prices((0 * MINUTE, "0.5"), (6 * MINUTE, "0.4")))

    assert figures.end_equity == START_BALANCE
    assert (figures.max_drawdown, figures.max_drawdown_at, figures.time_in_market_fraction) == (0, None, 0)
    assert figures.round_trips == ()


def test_only_prices_inside_the_period_are_marked() -> None:
    figures = figured(one_long(), prices((-MINUTE, "0.5"), (2 * MINUTE, "0.6"), (7 * MINUTE, "0.5")))

    assert [p.at for p in figures.curve] == [T0 + 2 * MINUTE]


def test_refusals_and_failures_are_counted_by_kind() -> None:
    make = EventFactory(step=MINUTE)
    refused = RiskGuardRejected("daily_loss_limit", "today's loss", Decimal(60), Decimal(50), Decimal(990), "c1")
    events = [
        make.event(refused),
        make.event(refused),
        make.event(ExchangeErrorRecorded("loop.strategy", None, "ZeroDivisionError: division by zero", "")),
    ]

    figures = figured(events, prices((6 * MINUTE, "0.5")))

    assert figures.incidents == (("error: loop.strategy", 1), ("risk guard: daily_loss_limit", 2))


def test_time_in_market_runs_on_the_exchanges_times_not_on_when_the_bot_recorded_them() -> None:
    make = EventFactory(step=MINUTE)
    # Recorded at minutes 1 and 2; the entry filled half a minute before the bot recorded it
    events = [
        make.trade(1, side="BUY", qty="100", price="0.5", executed_at=T0 + 0.5 * MINUTE),
        make.trade(2, order_id=2, side="SELL", qty="100", price="0.5", executed_at=T0 + 2 * MINUTE),
    ]

    figures = figured(events, prices((6 * MINUTE, "0.5")))

    assert figures.time_in_market == 1.5 * MINUTE
