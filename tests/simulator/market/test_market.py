"""The market facade: one advance() gives price updates, klines, marks and funding in time order, deterministically."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.simulator.market.clock import SimulatedClock
from adapters.simulator.market.events import KlineUpdate, MarketEvent, PremiumIndex, PriceUpdate
from adapters.simulator.market.funding import FundingSchedule, FundingSettlement
from adapters.simulator.market.market import Market, MarketOptions
from adapters.simulator.market.price_path import SeededPricePath
from tests.harness.binance_fixtures import load_fixture as fixture
from tests.simulator.market.builders import BTC, MINUTE, T0, XRP, sma_crosses

START = T0 + timedelta(hours=7, minutes=58)


def market(seed: int = 42, **options: object) -> Market:
    chosen = MarketOptions(**options)  # type: ignore[arg-type]
    return Market.seeded(XRP, seed, Decimal("0.5000"), START, history=timedelta(hours=1), options=chosen)


def times(events: list[MarketEvent]) -> list[object]:
    return [event.time for event in events]


def of(kind: type, events: list[MarketEvent]) -> list:  # type: ignore[type-arg]
    return [event for event in events if isinstance(event, kind)]


class TestAdvance:
    def test_events_come_in_time_order(self) -> None:
        events = market().advance(START + 3 * MINUTE)

        assert times(events) == sorted(times(events))

    def test_one_price_update_per_250_ms_step_and_one_mark_per_second(self) -> None:
        events = market().advance(START + MINUTE)

        assert len(of(PriceUpdate, events)) == 240 and len(of(PremiumIndex, events)) == 60

    def test_each_minute_closes_one_kline_once_before_the_next_minutes_trade(self) -> None:
        events = market().advance(START + 3 * MINUTE)
        closed = [(i, e) for i, e in enumerate(events) if isinstance(e, KlineUpdate) and e.kline.closed]

        assert [e.kline.open_time for _, e in closed] == [START, START + MINUTE, START + 2 * MINUTE]
        for index, event in closed:
            assert isinstance(events[index + 1], PriceUpdate) and events[index + 1].time == event.time

    def test_funding_settles_at_08_00_with_the_mark_of_that_instant(self) -> None:
        subject = market()
        events = subject.advance(START + 3 * MINUTE)
        eight = T0 + timedelta(hours=8)

        [settlement] = of(FundingSettlement, events)

        assert settlement.time == eight and settlement.mark_price == subject.mark_price(eight)
        assert events[-1] is not settlement and times(events).index(eight) < events.index(settlement)

    def test_accelerated_funding_settles_every_interval(self) -> None:
        schedule = FundingSchedule.accelerated(42, every=timedelta(seconds=30), start=START)

        events = market(funding=schedule).advance(START + 2 * MINUTE)

        assert [s.time for s in of(FundingSettlement, events)] == [
            START + timedelta(seconds=30 * n) for n in range(1, 5)
        ]

    def test_advancing_in_small_pieces_gives_the_same_events_as_one_jump(self) -> None:
        pieces, jump = market(), market()
        gathered: list[MarketEvent] = []
        for millis in (1, 249, 250, 999, 60_000, 61_000, 125_000, 180_000):
            gathered += pieces.advance(START + timedelta(milliseconds=millis))

        assert gathered == jump.advance(START + 3 * MINUTE)

    def test_the_same_seed_gives_the_same_events_and_another_seed_does_not(self) -> None:
        first = market(seed=1).advance(START + MINUTE)

        assert first == market(seed=1).advance(START + MINUTE)
        assert first != market(seed=2).advance(START + MINUTE)

    def test_advancing_to_the_past_or_the_present_gives_nothing(self) -> None:
        subject = market()
        subject.advance(START + MINUTE)

        assert subject.advance(START + MINUTE) == [] and subject.advance(START) == []
        assert subject.now == START + MINUTE

    def test_with_a_clock_advance_goes_to_the_clocks_now(self) -> None:
        clock = SimulatedClock.manual(START)
        subject = market(clock=clock)
        clock.advance(10)

        events = subject.advance()

        assert subject.now == START + timedelta(seconds=10) and len(of(PriceUpdate, events)) == 40

    def test_without_a_clock_advance_needs_a_time(self) -> None:
        with pytest.raises(ValueError, match="needs a time"):
            market().advance()

    def test_more_intervals_can_be_streamed(self) -> None:
        events = market(intervals=("1m", "5m")).advance(START + 2 * MINUTE)
        five = [e for e in of(KlineUpdate, events) if e.kline.interval == "5m"]

        [closed] = [e for e in five if e.kline.closed]

        assert closed.kline.open_time == T0 + timedelta(hours=7, minutes=55) and closed.time == T0 + timedelta(hours=8)
        assert len(five) == 480 + 1


class TestQueries:
    def test_history_is_ready_at_the_start_so_moving_averages_have_data(self) -> None:
        klines = market().klines("1m", limit=30)

        assert len(klines) == 30 and klines[-1].open_time == START and not klines[-1].closed

    def test_an_sma_cross_is_tradeable_within_the_first_minutes_of_a_demo(self) -> None:
        subject = Market.seeded(XRP, 42, Decimal("0.5000"), START, history=timedelta(minutes=30))
        subject.advance(START + 30 * MINUTE)

        closes = [k.close for k in subject.klines("1m", limit=60) if k.closed]

        assert any(index >= 30 for index in sma_crosses(closes))

    def test_the_last_price_and_price_update_agree(self) -> None:
        subject = market()
        subject.advance(START + MINUTE)

        update = subject.price_update()

        assert update.price == subject.last_price() and update.time == START + MINUTE
        assert update.bid_price < update.ask_price and update.ask_price - update.bid_price == XRP.tick_size
        assert update.price in (update.bid_price, update.ask_price)

    def test_the_premium_index_points_at_the_next_funding(self) -> None:
        subject = market()

        premium = subject.premium_index()

        assert premium.next_funding_time == T0 + timedelta(hours=8) and premium.time == START
        assert premium.interest_rate == Decimal("0.0001") and abs(premium.last_funding_rate) <= Decimal("0.0001")
        assert abs(premium.mark_price - subject.last_price()) <= 3 * XRP.tick_size

    def test_moving_the_price_changes_it_from_the_next_step_only(self) -> None:
        subject = market()
        subject.advance(START + MINUTE)
        before = subject.klines("1m", limit=3)
        was = subject.last_price()

        subject.move_price(Decimal("0.4000"))
        events = subject.advance(START + MINUTE + timedelta(milliseconds=250))

        assert subject.last_price(START + MINUTE) == was
        assert of(PriceUpdate, events)[0].price == Decimal("0.4000")
        assert subject.klines("1m", limit=3, at=START + MINUTE) == before

    def test_a_moved_price_shows_in_the_forming_kline(self) -> None:
        subject = market()
        subject.advance(START + timedelta(seconds=30))
        subject.move_price(Decimal("0.9000"))
        subject.advance(START + timedelta(seconds=31))

        # The path keeps moving from the new level, a few ticks at most in a second
        assert abs(subject.klines("1m", limit=1)[0].high - Decimal("0.9000")) <= 10 * XRP.tick_size

    def test_a_price_off_the_tick_grid_cannot_be_set(self) -> None:
        with pytest.raises(ValueError, match="multiple of the tick size"):
            market().move_price(Decimal("0.40005"))

    def test_a_source_with_another_tick_is_refused(self) -> None:
        source = SeededPricePath(1, Decimal("70000.0"), BTC.tick_size, T0)

        with pytest.raises(ValueError, match="differs from XRPUSDT tick"):
            Market(XRP, source, START, 1)

    def test_a_start_before_the_origin_is_refused(self) -> None:
        source = SeededPricePath(1, Decimal("0.5"), XRP.tick_size, START)

        with pytest.raises(ValueError, match="before the price source's origin"):
            Market(XRP, source, START - MINUTE, seed=1)


def test_a_replayed_market_serves_the_csv_klines(tmp_path: Path) -> None:
    rows = fixture("rest_klines_btcusdt_1m_2024.json")
    csv = tmp_path / "btc.csv"
    csv.write_text("\n".join(",".join(map(str, row)) for row in rows), encoding="utf-8")
    subject = Market.replay(BTC, 3, csv, T0 + 3 * MINUTE, history=3 * MINUTE)

    klines = subject.klines("1m", end=T0 + 2 * MINUTE)

    assert [(str(k.open), str(k.high), str(k.low), str(k.close)) for k in klines] == [tuple(r[1:5]) for r in rows]
    assert subject.advance(T0 + 4 * MINUTE) and subject.last_price() == Decimal("70459.40")
