"""Klines from the tape: Binance's times, REST history semantics, aggregation, and the stream's updates."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest

from adapters.simulator.market.bars import SimKline
from adapters.simulator.market.intervals import Interval
from adapters.simulator.market.klines import KlineBook, KlineQuery
from domain.reports import Kline
from domain.times import epoch_ms, from_epoch_ms
from tests.simulator.market.builders import MINUTE, T0, XRP, tape

NOW = epoch_ms(T0 + timedelta(hours=9, seconds=10, milliseconds=300))
ONE_MINUTE = Interval("1m")


@pytest.fixture(scope="module")
def book() -> KlineBook:
    return KlineBook(tape(seed=21))


def history(book: KlineBook, interval: str = "1m", now: int = NOW, **query: int) -> list[SimKline]:
    return book.history(KlineQuery(Interval(interval), **query), now)  # type: ignore[arg-type]


def ms(kline: SimKline) -> tuple[int, int]:
    return epoch_ms(kline.open_time), epoch_ms(kline.close_time)


class TestHistory:
    def test_by_default_the_500_latest_klines_come_oldest_first(self, book: KlineBook) -> None:
        klines = history(book)

        assert len(klines) == 500
        assert ms(klines[-1])[0] == epoch_ms(T0 + timedelta(hours=9))
        assert [ms(k)[0] for k in klines] == sorted(ms(k)[0] for k in klines)

    def test_close_time_is_open_time_plus_the_interval_minus_one_ms(self, book: KlineBook) -> None:
        assert all(close == opened + 59_999 for opened, close in map(ms, history(book, limit=50)))

    def test_only_the_last_kline_is_still_open(self, book: KlineBook) -> None:
        klines = history(book, limit=20)

        assert [k.closed for k in klines] == [True] * 19 + [False]

    def test_a_kline_whose_close_time_is_now_is_still_open(self, book: KlineBook) -> None:
        close = epoch_ms(T0 + 10 * MINUTE) - 1

        assert not history(book, now=close, limit=1)[0].closed
        assert history(book, now=close + 1, limit=2)[0].closed

    def test_the_limit_goes_up_to_1500(self, book: KlineBook) -> None:
        assert len(history(book, limit=1500)) == 9 * 60 + 1  # everything since the origin

    @pytest.mark.parametrize("limit", [0, 1501])
    def test_a_limit_outside_1_to_1500_is_refused(self, limit: int) -> None:
        with pytest.raises(ValueError, match="limit must be between 1 and 1500"):
            KlineQuery(ONE_MINUTE, limit=limit)

    def test_start_time_keeps_klines_opening_at_or_after_it(self, book: KlineBook) -> None:
        start = epoch_ms(T0 + 30 * MINUTE)

        on_boundary = history(book, start_ms=start, limit=3)
        mid_minute = history(book, start_ms=start + 1, limit=3)

        assert [ms(k)[0] for k in on_boundary] == [start, start + 60_000, start + 120_000]
        assert ms(mid_minute[0])[0] == start + 60_000

    def test_end_time_keeps_klines_opening_at_or_before_it_the_latest_first_to_go(self, book: KlineBook) -> None:
        end = epoch_ms(T0 + 30 * MINUTE) + 5

        klines = history(book, end_ms=end, limit=3)

        assert [ms(k)[0] for k in klines] == [end - 5 - 120_000, end - 5 - 60_000, end - 5]

    def test_with_start_and_end_the_limit_counts_from_the_start(self, book: KlineBook) -> None:
        start, end = epoch_ms(T0 + 30 * MINUTE), epoch_ms(T0 + 90 * MINUTE)

        klines = history(book, start_ms=start, end_ms=end, limit=5)

        assert [ms(k)[0] for k in klines] == [start + i * 60_000 for i in range(5)]
        assert len(history(book, start_ms=start, end_ms=end)) == 61

    def test_start_after_end_is_refused(self) -> None:
        with pytest.raises(ValueError, match="startTime 2 is after endTime 1"):
            KlineQuery(ONE_MINUTE, start_ms=2, end_ms=1)

    def test_there_are_no_klines_before_the_origin(self, book: KlineBook) -> None:
        before = epoch_ms(T0) - 1

        assert history(book, end_ms=before) == []
        assert ms(history(book, start_ms=before - 3_600_000, limit=1)[0])[0] == epoch_ms(T0)

    def test_klines_never_reach_past_now(self, book: KlineBook) -> None:
        assert ms(history(book, end_ms=NOW + 3_600_000)[-1])[0] == epoch_ms(T0 + timedelta(hours=9))

    def test_a_first_minute_that_starts_mid_minute_holds_only_the_steps_from_the_origin(self) -> None:
        late = tape(origin=T0 + timedelta(seconds=45))
        steps = list(late.steps(0, 60))  # 45 s to 60 s

        [first] = KlineBook(late).history(KlineQuery(ONE_MINUTE, limit=1), epoch_ms(T0 + MINUTE) - 1)

        assert first.open_time == T0 and first.open == Decimal("0.5000")
        assert first.trades == sum(step.trades for step in steps)


class TestAggregation:
    @pytest.mark.parametrize(("name", "minutes"), [("5m", 5), ("15m", 15), ("1h", 60), ("4h", 240)])
    def test_a_longer_kline_is_the_fold_of_its_minutes(self, book: KlineBook, name: str, minutes: int) -> None:
        [longer] = history(book, name, end_ms=epoch_ms(T0 + timedelta(hours=4)) - 1, limit=1)
        parts = history(book, start_ms=epoch_ms(longer.open_time), limit=minutes)

        assert (longer.open, longer.close) == (parts[0].open, parts[-1].close)
        assert longer.high == max(k.high for k in parts) and longer.low == min(k.low for k in parts)
        assert longer.volume == sum(k.volume for k in parts) and longer.trades == sum(k.trades for k in parts)
        assert longer.quote_volume == sum(k.quote_volume for k in parts)
        assert (longer.first_trade_id, longer.last_trade_id) == (parts[0].first_trade_id, parts[-1].last_trade_id)

    def test_a_daily_kline_still_forming_holds_everything_since_midnight(self, book: KlineBook) -> None:
        [day] = history(book, "1d")

        assert day.open_time == T0 and not day.closed
        assert day.trades == sum(k.trades for k in history(book, limit=1500))

    def test_trade_ids_run_on_without_gaps_across_klines(self, book: KlineBook) -> None:
        klines = history(book, limit=100)

        assert all(k.last_trade_id - k.first_trade_id + 1 == k.trades for k in klines)
        assert all(later.first_trade_id == k.last_trade_id + 1 for k, later in itertools.pairwise(klines))

    def test_volumes_keep_the_symbols_decimals(self, book: KlineBook) -> None:
        kline = history(book, limit=1)[0]

        assert kline.open.as_tuple().exponent == -4 and kline.volume.as_tuple().exponent == -1
        assert kline.quote_volume.as_tuple().exponent == -5
        assert Decimal(0) < kline.taker_buy_volume <= kline.volume

    def test_klines_do_not_depend_on_the_order_they_are_asked_for(self) -> None:
        forward, backward = KlineBook(tape(seed=4)), KlineBook(tape(seed=4))
        now = epoch_ms(T0 + timedelta(hours=2))

        hourly_first = [
            backward.history(KlineQuery(Interval("1h")), now),
            backward.history(KlineQuery(ONE_MINUTE), now),
        ]
        minutes_first = [forward.history(KlineQuery(ONE_MINUTE), now), forward.history(KlineQuery(Interval("1h")), now)]

        assert hourly_first == minutes_first[::-1]

    def test_a_kline_converts_to_the_domain_kline(self, book: KlineBook) -> None:
        kline = history(book, limit=1)[0]

        assert kline.to_kline() == Kline(
            kline.open_time,
            kline.close_time,
            kline.open,
            kline.high,
            kline.low,
            kline.close,
            kline.volume,
            False,
        )


class TestStreamUpdates:
    START = epoch_ms(T0 + timedelta(hours=1))

    def updates(self, book: KlineBook, after: int, until: int, name: str = "1m") -> list[tuple[SimKline, int]]:
        return list(book.updates(Interval(name), after, until))

    def test_each_step_updates_the_forming_kline(self, book: KlineBook) -> None:
        events = self.updates(book, self.START, self.START + 10_000)

        assert len(events) == 40 and not any(kline.closed for kline, _ in events)
        assert [time for _, time in events] == [self.START + 250 * i for i in range(1, 41)]

    def test_a_closed_kline_is_sent_once_and_equals_the_rest_kline(self, book: KlineBook) -> None:
        events = self.updates(book, self.START, self.START + 3 * 60_000 - 250)
        closed = [(kline, time) for kline, time in events if kline.closed]
        rest = history(book, start_ms=self.START, limit=3)

        assert [kline for kline, _ in closed] == rest[:2]
        assert [time for _, time in closed] == [self.START + 60_000, self.START + 120_000]

    def test_the_final_kline_comes_before_the_first_update_of_the_next(self, book: KlineBook) -> None:
        events = self.updates(book, self.START + 59_750, self.START + 60_000)

        assert [(kline.closed, epoch_ms(kline.open_time)) for kline, _ in events] == [
            (True, self.START),
            (False, self.START + 60_000),
        ]

    def test_updates_in_pieces_equal_updates_in_one_go(self, book: KlineBook) -> None:
        whole = self.updates(book, self.START, self.START + 150_000, "1m")
        cuts = [self.START, self.START + 333, self.START + 59_750, self.START + 60_000, self.START + 150_000]
        pieces = [event for a, b in itertools.pairwise(cuts) for event in self.updates(book, a, b, "1m")]

        assert pieces == whole

    def test_an_hourly_stream_carries_the_hour_so_far(self, book: KlineBook) -> None:
        [(kline, time)] = self.updates(book, self.START + 1_800_000, self.START + 1_800_250, "1h")

        assert kline.open_time == from_epoch_ms(self.START)
        assert kline == book.kline(Interval("1h"), self.START, time)

    def test_the_step_of_the_open_time_is_the_klines_open_price(self, book: KlineBook) -> None:
        [(previous, _), (kline, _)] = self.updates(book, self.START - 1, self.START)

        assert previous.closed and not kline.closed
        assert kline.open == kline.close == kline.high == kline.low
        assert kline.open % XRP.tick_size == 0
